//! The identifiers and patterns a query names objects, classes, places and parties with.
//!
//! EPCIS 2.0 lets an identifier be written as an EPC URN or as a GS1 Digital Link URI (on any
//! domain), and an event and a query need not agree on the form. So a GS1 identifier is read
//! into one value, the Digital Link of its key and key qualifiers (data attributes dropped:
//! they describe, they do not identify), through the codes crate's parsers:
//! `urn:epc:id:sgtin:0614141.107346.2017` and `https://example.com/01/10614141073464/21/2017`
//! are the same [`Identifier`]. EPC URNs of schemes the codes crate does not translate (GRAI,
//! GIAI, GDTI, …) and every other URI are kept as written and compared exactly.
//!
//! A `MATCH_` parameter may also give a Tag Data Standard pattern,
//! `urn:epc:idpat:sgtin:0614141.107346.*`, kept as an [`EpcPattern`].

use std::fmt;

use yima_codes::gs1::{DigitalLink, parse_epc_urn};

use super::values;

/// The EPC URN schemes the codes crate translates into GS1 element strings.
const TRANSLATED: [&str; 5] = [
    "urn:epc:id:sgtin:",
    "urn:epc:id:sscc:",
    "urn:epc:id:sgln:",
    "urn:epc:id:pgln:",
    "urn:epc:class:lgtin:",
];

/// The canonical host: a URI on it that fails as a Digital Link is a mistake, not a URI of
/// one's own.
const GS1_RESOLVER: [&str; 2] = ["https://id.gs1.org/", "http://id.gs1.org/"];

/// An object, class, place, party or document, as a query names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// A GS1 identifier, held as the Digital Link of its key and key qualifiers.
    Gs1(DigitalLink),
    /// Any other absolute URI, compared as written.
    Uri(String),
}

impl Identifier {
    /// Reads an EPC URN, a Digital Link URI or another absolute URI; the error is the rule
    /// broken.
    pub fn parse(value: &str) -> Result<Self, String> {
        if TRANSLATED.iter().any(|p| value.starts_with(p)) {
            let (_, elements) = parse_epc_urn(value).map_err(|e| format!("is refused: {e}"))?;
            let link = DigitalLink::from_element_string(elements)
                .map_err(|e| format!("is refused: {e}"))?;
            return Self::key_of(&link);
        }
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            match DigitalLink::parse(value) {
                Ok(link) => return Self::key_of(&link),
                Err(e) if GS1_RESOLVER.iter().any(|host| lower.starts_with(host)) => {
                    return Err(format!("is refused: {e}"));
                }
                Err(_) => {}
            }
        }
        values::uri(value).map(Self::Uri)
    }

    /// The Digital Link of what `link` identifies, without its data attributes.
    fn key_of(link: &DigitalLink) -> Result<Self, String> {
        DigitalLink::parse(&link.key_uri())
            .map(Self::Gs1)
            .map_err(|e| format!("is refused: {e}"))
    }

    /// As a query writes it back: a GS1 identifier as its canonical Digital Link URI.
    pub fn as_uri(&self) -> String {
        match self {
            Self::Gs1(link) => link.key_uri(),
            Self::Uri(uri) => uri.clone(),
        }
    }

    /// Whether this names a class of trade items (a GTIN, perhaps with a lot) rather than
    /// one object: a GTIN without a serial.
    pub fn is_class(&self) -> bool {
        match self {
            Self::Gs1(link) => {
                let e = &link.elements;
                e.get("01").is_some() && e.get("21").is_none() && e.get("235").is_none()
            }
            Self::Uri(uri) => uri.starts_with("urn:epc:class:"),
        }
    }

    /// Whether this names one serialised trade item (a GTIN with a serial).
    pub fn is_serialised_item(&self) -> bool {
        match self {
            Self::Gs1(link) => {
                let e = &link.elements;
                e.get("01").is_some() && (e.get("21").is_some() || e.get("235").is_some())
            }
            Self::Uri(uri) => uri.starts_with("urn:epc:id:sgtin:"),
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_uri())
    }
}

/// The pattern URI prefix of the Tag Data Standard.
const PATTERN_PREFIX: &str = "urn:epc:idpat:";

/// The schemes with pattern URIs and how many `.`-separated parts each has (TDS 2.x).
const PATTERN_SCHEMES: [(&str, usize); 18] = [
    ("sgtin", 3),
    ("sscc", 2),
    ("sgln", 3),
    ("grai", 3),
    ("giai", 2),
    ("gsrn", 2),
    ("gsrnp", 2),
    ("gdti", 3),
    ("cpi", 3),
    ("sgcn", 3),
    ("ginc", 2),
    ("gsin", 2),
    ("itip", 5),
    ("upui", 3),
    ("pgln", 2),
    ("gid", 3),
    ("usdod", 2),
    ("adi", 3),
];

/// A Tag Data Standard pattern, `urn:epc:idpat:sgtin:0614141.107346.*`: the scheme and its
/// parts, `None` standing for `*` (any value). Once a part is `*`, every later one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpcPattern {
    scheme: &'static str,
    parts: Vec<Option<String>>,
}

impl EpcPattern {
    /// Reads a pattern URI; the error is the rule broken.
    pub fn parse(value: &str) -> Result<Self, String> {
        let body = value
            .strip_prefix(PATTERN_PREFIX)
            .ok_or_else(|| format!("is not a pattern URI ({PATTERN_PREFIX}…)"))?;
        let (scheme, rest) = body
            .split_once(':')
            .ok_or_else(|| "names no scheme (urn:epc:idpat:sgtin:…)".to_owned())?;
        let known = || {
            PATTERN_SCHEMES
                .iter()
                .map(|(s, _)| *s)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (scheme, count) = PATTERN_SCHEMES
            .iter()
            .copied()
            .find(|(s, _)| *s == scheme)
            .ok_or_else(|| {
                format!(
                    "is not a pattern of a Tag Data Standard scheme: one of {}",
                    known()
                )
            })?;
        let raw: Vec<&str> = rest.splitn(count, '.').collect();
        if raw.len() != count {
            return Err(format!(
                "has {} parts, and a {scheme} pattern has {count} separated by '.'",
                raw.len()
            ));
        }
        let mut parts = Vec::with_capacity(count);
        for part in raw {
            let any = part == "*";
            if part.is_empty() || (!any && part.contains('*')) {
                return Err(
                    "has a part that is empty or mixes '*' with a value: '*' stands \
                            alone for a whole part"
                        .to_owned(),
                );
            }
            if !any && parts.last().is_some_and(Option::is_none) {
                return Err(
                    "has a value after a '*': only the last parts of a pattern may be '*'"
                        .to_owned(),
                );
            }
            if part.chars().any(char::is_whitespace) {
                return Err("contains white space".to_owned());
            }
            parts.push((!any).then(|| part.to_owned()));
        }
        let pattern = Self { scheme, parts };
        pattern.check_gs1_parts()?;
        Ok(pattern)
    }

    /// For the schemes the codes crate translates, the parts given must make a valid
    /// company prefix and reference: they are checked by reading an EPC with any `*` serial
    /// or extension replaced by `0`.
    fn check_gs1_parts(&self) -> Result<(), String> {
        if !["sgtin", "sscc", "sgln", "pgln"].contains(&self.scheme) {
            return Ok(());
        }
        match self.parts.as_slice() {
            [Some(company), Some(reference), rest @ ..] => {
                let mut urn = format!("urn:epc:id:{}:{company}.{reference}", self.scheme);
                if let Some(tail) = rest.first() {
                    urn.push('.');
                    urn.push_str(tail.as_deref().unwrap_or("0"));
                }
                parse_epc_urn(&urn)
                    .map(|_| ())
                    .map_err(|e| format!("is refused: {e}"))
            }
            [Some(company), ..] => {
                if (6..=12).contains(&company.len()) && company.bytes().all(|b| b.is_ascii_digit())
                {
                    Ok(())
                } else {
                    Err("has a GS1 Company Prefix that is not 6 to 12 digits".to_owned())
                }
            }
            _ => Ok(()),
        }
    }

    /// The scheme: `sgtin`, `sscc`, …
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The parts, `None` for `*`.
    pub fn parts(&self) -> &[Option<String>] {
        &self.parts
    }
}

impl fmt::Display for EpcPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> = self
            .parts
            .iter()
            .map(|p| p.as_deref().unwrap_or("*"))
            .collect();
        write!(f, "{PATTERN_PREFIX}{}:{}", self.scheme, parts.join("."))
    }
}

/// What a `MATCH_` parameter gives: an identifier, or a pattern of identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdPattern {
    Id(Identifier),
    Pattern(EpcPattern),
}

impl IdPattern {
    pub fn parse(value: &str) -> Result<Self, String> {
        if value.starts_with(PATTERN_PREFIX) {
            EpcPattern::parse(value).map(Self::Pattern)
        } else {
            Identifier::parse(value).map(Self::Id)
        }
    }
}

impl fmt::Display for IdPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => id.fmt(f),
            Self::Pattern(p) => p.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_form_of_a_gs1_identifier_is_one_value() {
        let urn = Identifier::parse("urn:epc:id:sgtin:0614141.107346.2017").unwrap();
        for other in [
            "https://id.gs1.org/01/10614141073464/21/2017",
            "https://brand.example.com/products/01/10614141073464/21/2017",
            "https://id.gs1.org/01/10614141073464/21/2017?17=271231",
        ] {
            assert_eq!(Identifier::parse(other).unwrap(), urn, "{other}");
        }
        assert_eq!(urn.as_uri(), "https://id.gs1.org/01/10614141073464/21/2017");
        assert!(urn.is_serialised_item() && !urn.is_class());
        let sgln = Identifier::parse("urn:epc:id:sgln:0614141.00777.0").unwrap();
        assert_eq!(
            sgln,
            Identifier::parse("https://id.gs1.org/414/0614141007776").unwrap()
        );
        let lot = Identifier::parse("urn:epc:class:lgtin:4012345.012345.998877").unwrap();
        assert_eq!(
            lot,
            Identifier::parse("https://id.gs1.org/01/04012345123456/10/998877").unwrap()
        );
        assert!(lot.is_class());
        assert!(
            Identifier::parse("https://id.gs1.org/01/04012345123456")
                .unwrap()
                .is_class()
        );
    }

    #[test]
    fn other_uris_are_kept_as_written() {
        for uri in [
            "urn:epc:id:grai:0614141.12345.400",
            "https://yima.example/shops/hangzhou-17",
            "urn:uuid:6d3b2b4e-0000-4000-8000-000000000001",
        ] {
            assert_eq!(
                Identifier::parse(uri).unwrap(),
                Identifier::Uri(uri.to_owned())
            );
        }
        assert!(
            Identifier::parse("shop 17")
                .unwrap_err()
                .contains("absolute URI")
        );
    }

    #[test]
    fn malformed_gs1_identifiers_are_refused_with_the_codes_rule() {
        let err = Identifier::parse("urn:epc:id:sgtin:0614141.10734.2017").unwrap_err();
        assert!(err.contains("13 digits"), "{err}");
        let err = Identifier::parse("https://id.gs1.org/01/10614141073465/21/2017").unwrap_err();
        assert!(err.contains("check"), "{err}");
    }

    #[test]
    fn patterns_follow_the_tag_data_standard() {
        for ok in [
            "urn:epc:idpat:sgtin:0614141.107346.*",
            "urn:epc:idpat:sgtin:0614141.*.*",
            "urn:epc:idpat:sgtin:*.*.*",
            "urn:epc:idpat:sscc:0614141.*",
            "urn:epc:idpat:grai:0614141.12345.*",
            "urn:epc:idpat:sgtin:0614141.107346.2017",
        ] {
            let p = EpcPattern::parse(ok).unwrap();
            assert_eq!(p.to_string(), ok);
        }
        let p = EpcPattern::parse("urn:epc:idpat:sgtin:0614141.107346.*").unwrap();
        assert_eq!(p.scheme(), "sgtin");
        assert_eq!(
            p.parts(),
            [Some("0614141".to_owned()), Some("107346".to_owned()), None]
        );
        for (bad, rule) in [
            ("urn:epc:idpat:sgtin:0614141.*.2017", "after a '*'"),
            ("urn:epc:idpat:sgtin:0614141.107346", "3 separated"),
            ("urn:epc:idpat:sgtin:0614141.10734.*", "13 digits"),
            ("urn:epc:idpat:sgtin:06141.*.*", "6 to 12"),
            ("urn:epc:idpat:sgtin:0614141.1073*.*", "stands alone"),
            ("urn:epc:idpat:xyz:1.2", "one of sgtin"),
        ] {
            let err = EpcPattern::parse(bad).unwrap_err();
            assert!(err.contains(rule), "{bad}: {err}");
        }
    }
}
