//! What a trace starts from, given a code as someone scanned or typed it: a unit's Digital
//! Link, EPC URN or element string, an SSCC of a case or pallet (`(00)…`,
//! `urn:epc:id:sscc:…`), a lot (`…/01/{gtin}/10/{lot}`, `urn:epc:class:lgtin:…`,
//! `(01)…(10)…`), or another scheme's code (its key, as events name it). Each becomes the keys
//! events are indexed by.

use yima_codes::gs1::epcis_id::is_absolute_uri;
use yima_codes::gs1::{DigitalLink, ElementString, Gtin, normalise_epcis_id};
use yima_codes::{CodeError, CodeRules, TraceCode};

use super::event::ObjectKey;
use crate::flows::object::{batch_class_uri, lot_class_uri};
use crate::{Batch, UnitCode};

/// The objects a code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// One key, or two when a unit's Digital Link also carries its lot (events may name it
    /// with the lot or, as an EPC URN does, without).
    pub keys: Vec<ObjectKey>,
    /// For a lot: its GTIN and lot number, by which the registry finds the batch and its units.
    pub lot: Option<(Gtin, String)>,
}

/// Reads `code` into the objects a trace starts from.
pub fn start_of_code(code: &str, rules: &CodeRules) -> Result<Start, CodeError> {
    let code = code.trim();
    let uri = code.starts_with("urn:")
        || code.starts_with("https://")
        || code.starts_with("http://")
        || code.starts_with("HTTPS://")
        || code.starts_with("HTTP://");
    if uri && is_absolute_uri(code) {
        let id = normalise_epcis_id(code)?;
        let mut start = classify(&id.key);
        // A Digital Link of a serialised unit that also carries the lot: an EPC URN of the
        // same unit is keyed without it.
        if let Ok(scan) = rules.parse(code)
            && let Some(canonical) = scan.code.canonical_uri()
        {
            let also = classify(&canonical);
            for key in also.keys {
                if !start.keys.contains(&key) {
                    start.keys.push(key);
                }
            }
        }
        return Ok(start);
    }
    match rules.parse(code) {
        Ok(scan) => Ok(match &scan.code {
            TraceCode::Gs1(_) => match scan.code.canonical_uri() {
                Some(uri) => classify(&uri),
                None => epc(scan.code.key()),
            },
            other => epc(other.key()),
        }),
        // Not a trace code: perhaps an element string of another GS1 key (an SSCC).
        Err(e) => {
            let elements = if code.starts_with('(') {
                ElementString::parse_bracketed(code)
            } else {
                ElementString::parse_unbracketed(code)
            };
            elements
                .and_then(DigitalLink::from_element_string)
                .map(|link| classify(&link.key_uri()))
                .map_err(|_| e)
        }
    }
}

/// What a registered batch stands for in events: its lot as a class (by the lot's Digital
/// Link, or for a product without a GTIN by the batch's URN, as `flows` writes them), and
/// each of its registered units (GS1 units by their Digital Link, other schemes by their key).
pub fn batch_start(batch: &Batch, gtin: Option<&Gtin>, units: &[UnitCode]) -> Vec<ObjectKey> {
    let class = match gtin {
        Some(g) => lot_class_uri(g, &batch.lot).ok(),
        None => Some(batch_class_uri(batch.id)),
    };
    let mut keys: Vec<ObjectKey> = class.map(ObjectKey::Class).into_iter().collect();
    keys.extend(units.iter().map(|u| {
        let link = match (&u.gtin, &u.serial) {
            (Some(g), Some(serial)) => gs1_key(&[("01", g.as_str()), ("21", serial)]),
            _ => None,
        };
        ObjectKey::Epc(link.unwrap_or_else(|| u.key.clone()))
    }));
    keys
}

/// The canonical Digital Link of a GS1 key and its qualifiers.
fn gs1_key(pairs: &[(&str, &str)]) -> Option<String> {
    let elements = ElementString::from_pairs(pairs.iter().copied()).ok()?;
    DigitalLink::from_element_string(elements)
        .ok()
        .map(|link| link.key_uri())
}

fn epc(key: String) -> Start {
    Start {
        keys: vec![ObjectKey::Epc(key)],
        lot: None,
    }
}

/// A lot or a bare GTIN is a class; anything else an object.
fn classify(key: &str) -> Start {
    if let Ok(link) = DigitalLink::parse(key) {
        let e = &link.elements;
        if let Some(gtin) = e.get("01")
            && e.get("21").is_none()
            && e.get("235").is_none()
        {
            let lot = e
                .get("10")
                .and_then(|lot| Gtin::parse(gtin).ok().map(|gtin| (gtin, lot.to_owned())));
            return Start {
                keys: vec![ObjectKey::Class(key.to_owned())],
                lot,
            };
        }
    }
    epc(key.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn keys(code: &str) -> Vec<ObjectKey> {
        start_of_code(code, &CodeRules::default()).unwrap().keys
    }

    const UNIT: &str = "https://id.gs1.org/01/10614141073464/21/2017";

    #[test]
    fn every_form_of_a_unit_gives_its_key() {
        for code in [
            UNIT,
            "urn:epc:id:sgtin:0614141.107346.2017",
            "https://example.com/01/10614141073464/21/2017",
            "(01)10614141073464(21)2017",
            "]d20110614141073464212017",
        ] {
            let k = keys(code);
            assert!(k.contains(&ObjectKey::Epc(UNIT.into())), "{code}: {k:?}");
        }
    }

    #[test]
    fn a_unit_with_its_lot_is_also_keyed_without() {
        let k = keys("https://id.gs1.org/01/10614141073464/10/L1/21/2017");
        assert!(k.contains(&ObjectKey::Epc(UNIT.into())), "{k:?}");
    }

    #[test]
    fn cases_lots_and_other_schemes() {
        let sscc = ObjectKey::Epc("https://id.gs1.org/00/106141412345678908".into());
        assert_eq!(
            keys("urn:epc:id:sscc:0614141.1234567890"),
            std::slice::from_ref(&sscc)
        );
        assert_eq!(keys("(00)106141412345678908"), [sscc]);
        let lot = start_of_code("(01)04012345123456(10)998877", &CodeRules::default()).unwrap();
        assert_eq!(
            lot.keys,
            [ObjectKey::Class(
                "https://id.gs1.org/01/04012345123456/10/998877".into()
            )]
        );
        assert_eq!(lot.lot.unwrap().1, "998877");
        assert_eq!(keys("urn:epc:class:lgtin:4012345.012345.998877"), lot.keys);
        assert_eq!(
            keys("urn:yima:YM-4002-0000-00G0-000V-AXM1-3Q56"),
            [ObjectKey::Epc(
                "urn:yima:YM-4002-0000-00G0-000V-AXM1-3Q56".into()
            )]
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "(01)10614141073465(21)2017",
            "urn:epc:id:sgtin:0614141.107346",
            "hello",
        ] {
            assert!(start_of_code(bad, &CodeRules::default()).is_err(), "{bad}");
        }
    }
}
