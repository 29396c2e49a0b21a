//! The identifiers EPCIS events name objects, classes, places and parties with, brought to one
//! form so that the same thing matches however a submitter wrote it.
//!
//! EPCIS 2.0 admits GS1 keys as EPC URNs (`urn:epc:id:sgtin:0614141.107346.2017`) or as GS1
//! Digital Link URIs on any domain (`https://example.com/01/00614141073467/21/2017`), and
//! anything else as an absolute URI of its owner's choosing. A GS1 key, in either form, is
//! keyed by its canonical Digital Link on `https://id.gs1.org` without data attributes; an EPC
//! URN of a scheme not translated here (`grai`, `giai` …) and every other URI is its own key.
//! A URI that claims to be GS1 — an EPC URN of a translated scheme, or a path that carries a
//! Digital Link primary key — must be a valid one: a wrong check digit is refused, never kept
//! as an opaque URI.

use super::ai::lookup_ai;
use super::digital_link::{CANONICAL_HOST, DigitalLink};
use super::epc_urn::{EpcScheme, parse_epc_urn, to_urn};
use crate::CodeError;

const WHAT: &str = "EPCIS identifier";

/// How an identifier was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpcisIdForm {
    /// An EPC URN of a translated scheme.
    Urn(EpcScheme),
    /// A GS1 Digital Link URI.
    DigitalLink,
    /// Any other absolute URI, kept as it is.
    Other,
}

/// An identifier with the key it matches by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpcisId {
    /// The canonical Digital Link key URI for a GS1 key, the URI itself otherwise.
    pub key: String,
    pub form: EpcisIdForm,
}

/// Reads an identifier of an EPCIS event: an EPC URN, a GS1 Digital Link URI or another
/// absolute URI.
pub fn normalise_epcis_id(uri: &str) -> Result<EpcisId, CodeError> {
    if let Some(id) = serialised_gtin_fast(uri) {
        return Ok(id);
    }
    if let Some(scheme) = translated_urn_scheme(uri) {
        let (_, elements) = parse_epc_urn(uri)?;
        let link = DigitalLink::from_element_string(elements)?;
        return Ok(EpcisId {
            key: link.key_uri(),
            form: EpcisIdForm::Urn(scheme),
        });
    }
    if is_web_uri(uri) && carries_primary_key(uri) {
        let link = DigitalLink::parse(uri)?;
        return Ok(EpcisId {
            key: link.key_uri(),
            form: EpcisIdForm::DigitalLink,
        });
    }
    if is_absolute_uri(uri) {
        return Ok(EpcisId {
            key: uri.to_owned(),
            form: EpcisIdForm::Other,
        });
    }
    Err(CodeError::Rule {
        what: WHAT,
        position: Some(1),
        rule: "must be an absolute URI: an EPC URN (urn:epc:id:…), a GS1 Digital Link \
               (https://id.gs1.org/01/…) or another scheme:… URI"
            .to_owned(),
    })
}

/// The key of a serialised trade item — by far the most common identifier in events — read
/// without assembling an element string: an SGTIN URN, or a Digital Link on `id.gs1.org`
/// already in canonical form. `None` sends the identifier down the general path, which also
/// gives every error; the result is the general path's (a property test holds them equal).
pub fn serialised_gtin_key(uri: &str) -> Option<String> {
    serialised_gtin_fast(uri).map(|id| id.key)
}

fn serialised_gtin_fast(uri: &str) -> Option<EpcisId> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // A serial of AI (21)'s length whose characters need no escape in either form: all of
    // them are in AI (21)'s character set (GS1 set 82), so no further check is needed.
    let plain_serial = |serial: &str| {
        (1..=20).contains(&serial.len())
            && serial
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    };
    if let Some(rest) = uri.strip_prefix("urn:epc:id:sgtin:") {
        let (company, rest) = rest.split_once('.')?;
        let (reference, serial) = rest.split_once('.')?;
        if !digits(company)
            || !digits(reference)
            || !(6..=12).contains(&company.len())
            || company.len() + reference.len() != 13
            || !plain_serial(serial)
        {
            return None;
        }
        let (indicator, item) = reference.split_at(1);
        let mut key = String::with_capacity(CANONICAL_HOST.len() + 26 + serial.len());
        key.push_str(CANONICAL_HOST);
        key.push_str("/01/");
        key.push_str(indicator);
        key.push_str(company);
        key.push_str(item);
        let check = mod10(&key.as_bytes()[key.len() - 13..]);
        key.push(check);
        key.push_str("/21/");
        key.push_str(serial);
        return Some(EpcisId {
            key,
            form: EpcisIdForm::Urn(EpcScheme::Sgtin),
        });
    }
    let rest = uri.strip_prefix(CANONICAL_HOST)?.strip_prefix("/01/")?;
    let (gtin, serial) = rest.split_once("/21/")?;
    if gtin.len() != 14 || !digits(gtin) || !plain_serial(serial) {
        return None;
    }
    let (body, check) = gtin.as_bytes().split_at(13);
    if check.first().map(|&c| char::from(c)) != Some(mod10(body)) {
        return None;
    }
    Some(EpcisId {
        key: uri.to_owned(),
        form: EpcisIdForm::DigitalLink,
    })
}

/// The GS1 mod-10 check digit of ASCII digits (weights 3 and 1 from the right).
fn mod10(body: &[u8]) -> char {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn translated_urn_scheme(uri: &str) -> Option<EpcScheme> {
    let lower = uri.get(..uri.len().min(24))?.to_ascii_lowercase();
    [
        ("urn:epc:id:sgtin:", EpcScheme::Sgtin),
        ("urn:epc:id:sscc:", EpcScheme::Sscc),
        ("urn:epc:id:sgln:", EpcScheme::Sgln),
        ("urn:epc:id:pgln:", EpcScheme::Pgln),
        ("urn:epc:class:lgtin:", EpcScheme::Lgtin),
    ]
    .into_iter()
    .find(|(prefix, _)| lower.starts_with(prefix))
    .map(|(_, scheme)| scheme)
}

fn is_web_uri(uri: &str) -> bool {
    ["https://", "http://"].iter().any(|s| {
        uri.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })
}

/// Whether the path holds `/{primary key AI}/{value}`, as every Digital Link does.
fn carries_primary_key(uri: &str) -> bool {
    let after_scheme = uri.split_once("//").map_or("", |(_, rest)| rest);
    let path = after_scheme
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .split_once('/')
        .map_or("", |(_, path)| path);
    let segments: Vec<&str> = path.split('/').collect();
    segments.windows(2).any(|pair| {
        let ai = pair[0];
        ai.len() <= 4
            && ai.bytes().all(|b| b.is_ascii_digit())
            && !pair[1].is_empty()
            && lookup_ai(ai).is_some_and(|spec| spec.is_dl_primary_key())
    })
}

/// `scheme:rest` with a scheme of RFC 3986 (a letter, then letters, digits, `+`, `-`, `.`),
/// a non-empty rest, and no white space.
pub fn is_absolute_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !value.chars().any(char::is_whitespace)
}

/// The form to write GS1 keys in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpcisIdTarget {
    DigitalLink,
    Urn,
}

/// `uri` in the form `target`, or as it is when it is not a GS1 key of a translated scheme,
/// or (for a URN) when `company_prefix_length` does not know where the key's company prefix
/// ends: a Digital Link does not say, and a guess would name another company.
pub fn translate_epcis_id(
    uri: &str,
    target: EpcisIdTarget,
    company_prefix_length: impl Fn(&str) -> Option<usize>,
) -> String {
    let Ok(id) = normalise_epcis_id(uri) else {
        return uri.to_owned();
    };
    match (target, id.form) {
        (EpcisIdTarget::DigitalLink, EpcisIdForm::Urn(_)) => id.key,
        (EpcisIdTarget::Urn, EpcisIdForm::DigitalLink) => {
            to_urn_if_known(&id.key, company_prefix_length).unwrap_or_else(|| uri.to_owned())
        }
        _ => uri.to_owned(),
    }
}

fn to_urn_if_known(
    key: &str,
    company_prefix_length: impl Fn(&str) -> Option<usize>,
) -> Option<String> {
    let elements = DigitalLink::parse(key).ok()?.elements;
    let (scheme, digits) = if let Some(gtin) = elements.get("01") {
        let scheme = if elements.get("21").is_some() {
            EpcScheme::Sgtin
        } else if elements.get("10").is_some() {
            EpcScheme::Lgtin
        } else {
            return None;
        };
        (scheme, gtin.get(1..)?)
    } else if let Some(sscc) = elements.get("00") {
        (EpcScheme::Sscc, sscc.get(1..)?)
    } else if let Some(gln) = elements.get("414") {
        (EpcScheme::Sgln, gln)
    } else if let Some(gln) = elements.get("417") {
        (EpcScheme::Pgln, gln)
    } else {
        return None;
    };
    let length = company_prefix_length(digits)?;
    to_urn(scheme, &elements, length).ok()
}

/// Company prefixes whose length is known without configuration: those of GS1's own examples
/// (the EPCIS and Tag Data standards write them), for the corpus and demonstrations. Others
/// come from the operator's table.
pub const EXAMPLE_COMPANY_PREFIXES: &[&str] = &["0614141", "4012345", "0012345", "4000001"];

/// The length of the company prefix `digits` start with, from `prefixes` (known prefixes of
/// any length; the longest that matches wins).
pub fn company_prefix_length(prefixes: &[&str], digits: &str) -> Option<usize> {
    prefixes
        .iter()
        .filter(|p| digits.starts_with(**p))
        .map(|p| p.len())
        .max()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_urn_and_a_digital_link_of_one_unit_share_a_key() {
        let urn = normalise_epcis_id("urn:epc:id:sgtin:0614141.107346.2017").unwrap();
        let link =
            normalise_epcis_id("https://example.com/products/01/10614141073464/21/2017").unwrap();
        assert_eq!(urn.key, "https://id.gs1.org/01/10614141073464/21/2017");
        assert_eq!(urn.key, link.key);
        assert_eq!(urn.form, EpcisIdForm::Urn(EpcScheme::Sgtin));
        assert_eq!(link.form, EpcisIdForm::DigitalLink);
    }

    #[test]
    fn classes_places_and_cases_are_keyed_too() {
        for (given, key) in [
            (
                "urn:epc:class:lgtin:4012345.012345.998877",
                "https://id.gs1.org/01/04012345123456/10/998877",
            ),
            (
                "urn:epc:id:sscc:0614141.1234567890",
                "https://id.gs1.org/00/106141412345678908",
            ),
            (
                "urn:epc:id:sgln:0614141.00777.0",
                "https://id.gs1.org/414/0614141007776",
            ),
        ] {
            assert_eq!(normalise_epcis_id(given).unwrap().key, key, "{given}");
        }
    }

    #[test]
    fn other_uris_are_their_own_key() {
        for uri in [
            "urn:epc:id:giai:4000001.12345",
            "urn:epc:idpat:sgtin:0614141.107346.*",
            "https://example.com/things/42",
            "urn:uuid:9f3a2a3e-0000-4000-8000-000000000000",
            "urn:yima:YM-4002-0000-00G0-000V-AXM1-3Q56",
        ] {
            let id = normalise_epcis_id(uri).unwrap();
            assert_eq!((id.key.as_str(), id.form), (uri, EpcisIdForm::Other));
        }
    }

    #[test]
    fn keys_translate_both_ways_where_the_prefix_is_known() {
        let known = |d: &str| company_prefix_length(EXAMPLE_COMPANY_PREFIXES, d);
        for urn in [
            "urn:epc:id:sgtin:0614141.107346.2017",
            "urn:epc:id:sscc:0614141.1234567890",
            "urn:epc:id:sgln:0614141.00777.0",
            "urn:epc:id:pgln:0614141.00777",
            "urn:epc:class:lgtin:4012345.012345.998877",
        ] {
            let link = translate_epcis_id(urn, EpcisIdTarget::DigitalLink, known);
            assert!(link.starts_with("https://id.gs1.org/"), "{link}");
            assert_eq!(translate_epcis_id(&link, EpcisIdTarget::Urn, known), urn);
        }
        let unknown = "https://id.gs1.org/01/06901234567892/21/1";
        assert_eq!(
            translate_epcis_id(unknown, EpcisIdTarget::Urn, known),
            unknown
        );
        assert_eq!(
            translate_epcis_id(
                "urn:epc:id:giai:4000001.1",
                EpcisIdTarget::DigitalLink,
                known
            ),
            "urn:epc:id:giai:4000001.1"
        );
    }

    proptest::proptest! {
        /// The fast path gives what the general one gives, or stands aside.
        #[test]
        fn the_fast_path_agrees_with_the_general_one(
            company_len in 6usize..=12,
            digits in "[0-9]{13}",
            serial in "[A-Za-z0-9._-]{0,22}|[!-~]{0,22}",
            check in 0u8..10,
            as_urn: bool,
        ) {
            let uri = if as_urn {
                let (company, reference) = digits.split_at(company_len);
                format!("urn:epc:id:sgtin:{company}.{reference}.{serial}")
            } else {
                format!("https://id.gs1.org/01/{digits}{check}/21/{serial}")
            };
            if let Some(fast) = serialised_gtin_fast(&uri) {
                let general = general_path(&uri);
                proptest::prop_assert_eq!(Some(fast), general.ok(), "{}", uri);
            }
        }
    }

    #[test]
    fn the_fast_path_takes_the_usual_forms() {
        for uri in [
            "urn:epc:id:sgtin:0614141.107346.2017",
            "https://id.gs1.org/01/10614141073464/21/2017",
        ] {
            assert_eq!(serialised_gtin_fast(uri), general_path(uri).ok(), "{uri}");
        }
    }

    /// `normalise_epcis_id` without its fast path.
    fn general_path(uri: &str) -> Result<EpcisId, CodeError> {
        if let Some(scheme) = translated_urn_scheme(uri) {
            let (_, elements) = parse_epc_urn(uri)?;
            let link = DigitalLink::from_element_string(elements)?;
            return Ok(EpcisId {
                key: link.key_uri(),
                form: EpcisIdForm::Urn(scheme),
            });
        }
        let link = DigitalLink::parse(uri)?;
        Ok(EpcisId {
            key: link.key_uri(),
            form: EpcisIdForm::DigitalLink,
        })
    }

    #[test]
    fn a_gs1_identifier_must_be_a_valid_one() {
        for bad in [
            "urn:epc:id:sgtin:0614141.107346",
            "https://id.gs1.org/01/10614141073465/21/2017",
            "not a uri",
            "",
            "plain",
        ] {
            assert!(normalise_epcis_id(bad).is_err(), "{bad}");
        }
    }
}
