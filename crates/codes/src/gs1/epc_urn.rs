//! EPC pure-identity and class URNs (GS1 EPC Tag Data Standard) of the schemes EPCIS events
//! name objects, locations and parties with — `sgtin`, `sscc`, `sgln`, `pgln` and the class
//! `lgtin` — and their translation into GS1 element strings, from which a Digital Link
//! follows. A URN states where its GS1 Company Prefix ends, so the translation into an
//! element string needs nothing else; the way back (`to_urn`) has to be told the prefix's
//! length.

use crate::CodeError;
use crate::gs1::{ElementString, check_digit};

const WHAT: &str = "EPC URN";

/// The schemes translated, with the URN prefix of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpcScheme {
    Sgtin,
    Sscc,
    Sgln,
    Pgln,
    Lgtin,
}

impl EpcScheme {
    const ALL: [Self; 5] = [Self::Sgtin, Self::Sscc, Self::Sgln, Self::Pgln, Self::Lgtin];

    fn prefix(self) -> &'static str {
        match self {
            Self::Sgtin => "urn:epc:id:sgtin:",
            Self::Sscc => "urn:epc:id:sscc:",
            Self::Sgln => "urn:epc:id:sgln:",
            Self::Pgln => "urn:epc:id:pgln:",
            Self::Lgtin => "urn:epc:class:lgtin:",
        }
    }

    /// How many digits the company prefix and the reference after it make together (the
    /// key without its check digit, and for SGTIN the indicator counted with the reference).
    fn key_digits(self) -> usize {
        match self {
            Self::Sgtin | Self::Lgtin => 13,
            Self::Sscc => 17,
            Self::Sgln | Self::Pgln => 12,
        }
    }

    /// The dot-separated parts after the prefix: company prefix, reference, and a serial,
    /// lot or extension where the scheme has one.
    fn parts(self) -> usize {
        match self {
            Self::Sgtin | Self::Sgln | Self::Lgtin => 3,
            Self::Sscc | Self::Pgln => 2,
        }
    }
}

/// Reads an EPC URN of a translated scheme as the element string it stands for:
/// `urn:epc:id:sgtin:0614141.112345.400` is `(01)10614141123459(21)400`.
pub fn parse_epc_urn(urn: &str) -> Result<(EpcScheme, ElementString), CodeError> {
    let rule = |position: Option<usize>, rule: String| CodeError::Rule {
        what: WHAT,
        position,
        rule,
    };
    let (scheme, body) = EpcScheme::ALL
        .into_iter()
        .find_map(|s| urn.strip_prefix(s.prefix()).map(|body| (s, body)))
        .ok_or_else(|| {
            rule(
                None,
                "not one of urn:epc:id:sgtin:, urn:epc:id:sscc:, urn:epc:id:sgln:, \
                 urn:epc:id:pgln: or urn:epc:class:lgtin:"
                    .to_owned(),
            )
        })?;
    let offset = scheme.prefix().len();
    let parts: Vec<&str> = body.splitn(scheme.parts(), '.').collect();
    if parts.len() != scheme.parts() {
        return Err(rule(
            None,
            format!("{} parts separated by '.' are needed", scheme.parts()),
        ));
    }
    let (company, reference) = (parts[0], parts[1]);
    for (i, part) in [company, reference].into_iter().enumerate() {
        let start = offset + if i == 0 { 0 } else { company.len() + 1 };
        if let Some((at, found)) = part.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: start + at + 1,
                found,
                rule: "the company prefix and reference are digits",
            });
        }
    }
    if !(6..=12).contains(&company.len()) {
        return Err(rule(
            Some(offset + 1),
            format!(
                "a GS1 Company Prefix has 6 to 12 digits, not {}",
                company.len()
            ),
        ));
    }
    if company.len() + reference.len() != scheme.key_digits() {
        return Err(rule(
            Some(offset + company.len() + 2),
            format!(
                "the company prefix and reference make {} digits here, not {}",
                scheme.key_digits(),
                company.len() + reference.len()
            ),
        ));
    }
    let with_check = |body: String| -> Result<String, CodeError> {
        let check = check_digit(&body)?;
        Ok(format!("{body}{check}"))
    };
    let tail = parts.get(2).map(|t| unescape(t)).transpose()?;
    let pairs: Vec<(&str, String)> = match scheme {
        EpcScheme::Sgtin | EpcScheme::Lgtin => {
            let (indicator, item) = reference.split_at(1);
            let gtin = with_check(format!("{indicator}{company}{item}"))?;
            let ai = if scheme == EpcScheme::Sgtin {
                "21"
            } else {
                "10"
            };
            vec![("01", gtin), (ai, tail.unwrap_or_default())]
        }
        EpcScheme::Sscc => {
            let (extension, serial) = reference.split_at(1);
            vec![("00", with_check(format!("{extension}{company}{serial}"))?)]
        }
        EpcScheme::Sgln => {
            let gln = with_check(format!("{company}{reference}"))?;
            match tail.as_deref() {
                Some("0") | None => vec![("414", gln)],
                Some(extension) => vec![("414", gln), ("254", extension.to_owned())],
            }
        }
        EpcScheme::Pgln => vec![("417", with_check(format!("{company}{reference}"))?)],
    };
    Ok((scheme, ElementString::from_pairs(pairs)?))
}

/// Writes the element string's key as an EPC URN of `scheme`, the company prefix being the
/// first `prefix_digits` digits of the key (after an SGTIN's indicator or an SSCC's extension
/// digit).
pub fn to_urn(
    scheme: EpcScheme,
    elements: &ElementString,
    prefix_digits: usize,
) -> Result<String, CodeError> {
    let missing = |ai: &str| CodeError::Rule {
        what: WHAT,
        position: None,
        rule: format!("({ai}) is needed for {}", scheme.prefix()),
    };
    if !(6..=12).contains(&prefix_digits) {
        return Err(CodeError::Rule {
            what: WHAT,
            position: None,
            rule: format!("a GS1 Company Prefix has 6 to 12 digits, not {prefix_digits}"),
        });
    }
    let key_ai = match scheme {
        EpcScheme::Sgtin | EpcScheme::Lgtin => "01",
        EpcScheme::Sscc => "00",
        EpcScheme::Sgln => "414",
        EpcScheme::Pgln => "417",
    };
    let key = elements.get(key_ai).ok_or_else(|| missing(key_ai))?;
    // The key without its check digit, and the digit before the company prefix if any.
    let body = &key[..key.len().saturating_sub(1)];
    let (lead, rest) = match scheme {
        EpcScheme::Sgtin | EpcScheme::Lgtin | EpcScheme::Sscc => body.split_at(1.min(body.len())),
        EpcScheme::Sgln | EpcScheme::Pgln => ("", body),
    };
    // A 12-digit prefix may leave the reference empty (an SGTIN's is then the indicator).
    if prefix_digits > rest.len() {
        return Err(CodeError::Rule {
            what: WHAT,
            position: None,
            rule: format!("a company prefix of {prefix_digits} digits is longer than the key"),
        });
    }
    let (company, reference) = rest.split_at(prefix_digits);
    let prefix = scheme.prefix();
    Ok(match scheme {
        EpcScheme::Sgtin => {
            let serial = elements.get("21").ok_or_else(|| missing("21"))?;
            format!("{prefix}{company}.{lead}{reference}.{}", escape(serial))
        }
        EpcScheme::Lgtin => {
            let lot = elements.get("10").ok_or_else(|| missing("10"))?;
            format!("{prefix}{company}.{lead}{reference}.{}", escape(lot))
        }
        EpcScheme::Sscc => format!("{prefix}{company}.{lead}{reference}"),
        EpcScheme::Sgln => {
            let extension = elements.get("254").unwrap_or("0");
            format!("{prefix}{company}.{reference}.{}", escape(extension))
        }
        EpcScheme::Pgln => format!("{prefix}{company}.{reference}"),
    })
}

/// The characters of GS1's set that a URN escapes (TDS: `"`, `%`, `&`, `/`, `<`, `>`, `?`).
const ESCAPED: [(char, &str); 7] = [
    ('%', "%25"),
    ('"', "%22"),
    ('&', "%26"),
    ('/', "%2F"),
    ('<', "%3C"),
    ('>', "%3E"),
    ('?', "%3F"),
];

fn escape(value: &str) -> String {
    value
        .chars()
        .map(|c| match ESCAPED.iter().find(|(e, _)| *e == c) {
            Some((_, escaped)) => (*escaped).to_owned(),
            None => c.to_string(),
        })
        .collect()
}

fn unescape(value: &str) -> Result<String, CodeError> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or(&rest[at..]);
        let Some((c, _)) = ESCAPED.iter().find(|(_, e)| e.eq_ignore_ascii_case(escape)) else {
            return Err(CodeError::Rule {
                what: WHAT,
                position: None,
                rule: format!(
                    "'{escape}' is not one of the escapes a URN uses (%22 %25 %26 %2F %3C %3E %3F)"
                ),
            });
        };
        out.push(*c);
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The Tag Data Standard's own examples.
    #[test]
    fn the_standards_examples() {
        for (urn, bracketed, prefix) in [
            (
                "urn:epc:id:sgtin:0614141.112345.400",
                "(01)10614141123459(21)400",
                7,
            ),
            (
                "urn:epc:id:sscc:0614141.1234567890",
                "(00)106141412345678908",
                7,
            ),
            (
                "urn:epc:id:sgln:0614141.12345.400",
                "(414)0614141123452(254)400",
                7,
            ),
            ("urn:epc:id:sgln:0614141.12345.0", "(414)0614141123452", 7),
            ("urn:epc:id:pgln:0614141.12345", "(417)0614141123452", 7),
            ("urn:epc:id:sgln:061414112345..0", "(414)0614141123452", 12),
            (
                "urn:epc:class:lgtin:4012345.012345.998877",
                "(01)04012345123456(10)998877",
                7,
            ),
        ] {
            let (scheme, elements) = parse_epc_urn(urn).unwrap();
            assert_eq!(elements.to_bracketed(), bracketed, "{urn}");
            assert_eq!(to_urn(scheme, &elements, prefix).unwrap(), urn);
        }
    }

    #[test]
    fn serials_are_escaped_as_urns_escape_them() {
        let (scheme, elements) =
            parse_epc_urn("urn:epc:id:sgtin:0614141.112345.A%2FB%25C").unwrap();
        assert_eq!(elements.get("21"), Some("A/B%C"));
        assert_eq!(
            to_urn(scheme, &elements, 7).unwrap(),
            "urn:epc:id:sgtin:0614141.112345.A%2FB%25C"
        );
        let err = parse_epc_urn("urn:epc:id:sgtin:0614141.112345.A%41").unwrap_err();
        assert!(err.to_string().contains("'%41' is not one of the escapes"));
    }

    #[test]
    fn bad_urns_name_the_rule() {
        let err = parse_epc_urn("urn:epc:id:sgtin:0614141.11234.400").unwrap_err();
        assert!(err.to_string().contains("make 13 digits"), "{err}");
        let err = parse_epc_urn("urn:epc:id:sgtin:06141X1.112345.400").unwrap_err();
        assert!(matches!(
            err,
            CodeError::InvalidCharacter {
                position: 23,
                found: 'X',
                ..
            }
        ));
        assert!(parse_epc_urn("urn:epc:id:grai:0614141.12345.400").is_err());
        assert!(parse_epc_urn("urn:epc:id:sscc:0614141").is_err());
        let (scheme, elements) = parse_epc_urn("urn:epc:id:sscc:0614141.1234567890").unwrap();
        assert!(to_urn(scheme, &elements, 17).is_err());
        assert!(to_urn(EpcScheme::Sgtin, &elements, 7).is_err());
    }

    proptest::proptest! {
        /// Whatever the prefix length, an SGTIN's URN and its element string translate into
        /// each other.
        #[test]
        fn sgtins_round_trip(prefix in 6usize..=12, digits in "[0-9]{13}", serial in "[!-~]{1,20}") {
            let serial: String = serial.chars().filter(|c| !matches!(c, '#' | '\'' | '\\' | '`' | '^' | '|' | '~' | '[' | ']' | '{' | '}' | '@' | '$')).collect();
            proptest::prop_assume!(!serial.is_empty());
            let urn = format!("urn:epc:id:sgtin:{}.{}.{}", &digits[..prefix], &digits[prefix..], escape(&serial));
            if let Ok((scheme, elements)) = parse_epc_urn(&urn) {
                proptest::prop_assert_eq!(to_urn(scheme, &elements, prefix).unwrap(), urn);
            }
        }

        #[test]
        fn parsing_never_panics(text in "urn:epc:(id|class):[a-z]{4,5}:\\PC{0,40}") {
            let _ = parse_epc_urn(&text);
        }
    }
}
