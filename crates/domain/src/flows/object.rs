//! How the goods of a flow are named in its event, whatever form they were scanned or typed in.
//!
//! - A GS1 unit (a GTIN with a serial or third-party serial) is its canonical Digital Link,
//!   `https://id.gs1.org/01/{GTIN-14}/21/{serial}`: the key EPCIS identifiers are matched by,
//!   so the unit is the same object whether other events name it by EPC URN or Digital Link.
//! - A case or pallet (an SSCC) is `https://id.gs1.org/00/{SSCC}`. Scanning a case stands for
//!   the units packed in it: the case is an object like any other, and a trace follows the
//!   packing events from the case to its units.
//! - A code of another scheme — a platform code (数字身份码), an Ecode, another system's
//!   identifier — is its key, `{scheme}:{value}` (`yima:YM…`, `ecode:…`, `miit:88.…`): the
//!   identity the registry, the resolver and a trace's start already give every form of that
//!   code, and an absolute URI as EPCIS requires.
//! - Other EPC URNs (`urn:epc:id:giai:…`, `urn:epc:id:grai:…`) are kept as they are.
//! - A batch is a class: `https://id.gs1.org/01/{GTIN-14}/10/{lot}` for a product with a GTIN;
//!   `urn:yima:batch:{batch id}` for one without, whose batch only the registry names.

use uuid::Uuid;
use yima_codes::gs1::epcis_id::is_absolute_uri;
use yima_codes::gs1::{DigitalLink, ElementString, EpcScheme, EpcisIdForm, Gtin};
use yima_codes::gs1::{normalise_epcis_id, verify_check_digit};
use yima_codes::{CodeLevel, CodeRules, TraceCode};

/// What every batch URI of a product without a GTIN starts with.
pub const BATCH_URN_PREFIX: &str = "urn:yima:batch:";

/// A unit or case as a flow names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// The identifier events name it by.
    pub epc: String,
    /// The GTIN of a GS1 unit.
    pub gtin: Option<Gtin>,
    /// The lot a GS1 unit's code carried, if it did.
    pub lot: Option<String>,
}

/// The identifier a unit or case is named by in events, from a code as scanned or typed.
pub fn epc_of_code(input: &str, rules: &CodeRules) -> Result<String, String> {
    scan_goods(input, rules).map(|s| s.epc)
}

/// Reads a unit or case as scanned or typed: its identifier, and for a GS1 unit its GTIN and
/// the lot its code carried.
pub fn scan_goods(input: &str, rules: &CodeRules) -> Result<Scanned, String> {
    let code = input.trim();
    if code.is_empty() {
        return Err("must not be empty".to_owned());
    }
    let plain = |epc: String| Scanned {
        gtin: gtin_of(&epc),
        epc,
        lot: None,
    };
    if starts_with_ignore_case(code, "urn:epc:") {
        return epc_of_urn(code).map(plain);
    }
    match rules.parse(code) {
        Ok(scan) => {
            let epc = epc_of_trace_code(&scan.code)?;
            Ok(match scan.code {
                TraceCode::Gs1(gs1) => Scanned {
                    epc,
                    gtin: Some(gs1.gtin),
                    lot: gs1.lot,
                },
                _ => plain(epc),
            })
        }
        // Not a trace code: perhaps a case's SSCC, which no trace code is.
        Err(e) => sscc_uri(code).map(plain).map_err(|_| e.to_string()),
    }
}

/// The GTIN of a unit's canonical Digital Link.
fn gtin_of(epc: &str) -> Option<Gtin> {
    let link = DigitalLink::parse(epc).ok()?;
    Gtin::parse(link.elements.get("01")?).ok()
}

fn epc_of_urn(urn: &str) -> Result<String, String> {
    if !starts_with_ignore_case(urn, "urn:epc:id:") {
        return Err(format!(
            "'{urn}' names a class of goods, not one unit or case: give the batch (gtin and lot) \
             with a quantity instead"
        ));
    }
    let id = normalise_epcis_id(urn).map_err(|e| e.to_string())?;
    match id.form {
        EpcisIdForm::Urn(EpcScheme::Sgln | EpcScheme::Pgln) => {
            Err(format!("'{urn}' names a location or a party, not goods"))
        }
        _ => Ok(id.key),
    }
}

fn epc_of_trace_code(code: &TraceCode) -> Result<String, String> {
    match (code, code.level()) {
        (TraceCode::Gs1(_), CodeLevel::Unit) => code
            .canonical_uri()
            .ok_or_else(|| "a GS1 code without a Digital Link".to_owned()),
        (TraceCode::Gs1(_), CodeLevel::Batch) => Err(format!(
            "{} names a batch, not one unit: give gtin, lot and quantity instead",
            code.key()
        )),
        (TraceCode::Gs1(_), CodeLevel::Class) => Err(format!(
            "{} names a product, not one unit: give gtin, lot and quantity instead",
            code.key()
        )),
        _ => {
            let key = code.key();
            if is_absolute_uri(&key) {
                Ok(key)
            } else {
                Err(format!(
                    "the key {key:?} of this {} code is not a URI (its scheme must start with a \
                     letter), so no EPCIS event can name it",
                    code.scheme()
                ))
            }
        }
    }
}

/// The identifier of a case or pallet, from its SSCC in any form: an element string with AI
/// (00) (bracketed, or as a GS1 symbol delivers it after `]C1`, `]d2`, `]Q3`), a Digital Link,
/// an EPC URN, or the 18 digits alone.
pub fn sscc_uri(input: &str) -> Result<String, String> {
    let code = input.trim();
    let refuse = |why: String| {
        format!(
            "{why}; a case or pallet is named by its SSCC: (00) and 18 digits, \
             https://id.gs1.org/00/…, urn:epc:id:sscc:… or the 18 digits alone"
        )
    };
    let link = if starts_with_ignore_case(code, "urn:epc:") {
        let key = normalise_epcis_id(code)
            .map_err(|e| refuse(e.to_string()))?
            .key;
        DigitalLink::parse(&key).map_err(|e| refuse(e.to_string()))?
    } else if starts_with_ignore_case(code, "http://") || starts_with_ignore_case(code, "https://")
    {
        DigitalLink::parse(code).map_err(|e| refuse(e.to_string()))?
    } else {
        let body = ["]C1", "]d2", "]Q3", "]e0", "]J1"]
            .iter()
            .find_map(|id| code.strip_prefix(id))
            .map_or(code, |rest| rest.trim_start_matches('\u{1d}'));
        let elements = if body.starts_with('(') {
            ElementString::parse_bracketed(body)
        } else if body.len() == 18 && body.bytes().all(|b| b.is_ascii_digit()) {
            verify_check_digit("SSCC", body).map_err(|e| refuse(e.to_string()))?;
            ElementString::from_pairs([("00", body)])
        } else {
            ElementString::parse_unbracketed(body)
        }
        .map_err(|e| refuse(e.to_string()))?;
        DigitalLink::from_element_string(elements).map_err(|e| refuse(e.to_string()))?
    };
    match link.primary_key() {
        Some(("00", _)) => Ok(link.key_uri()),
        Some((ai, _)) => Err(refuse(format!(
            "'{code}' is keyed by AI ({ai}), not an SSCC"
        ))),
        None => Err(refuse(format!("'{code}' carries no SSCC"))),
    }
}

/// The class of a batch of a product with a GTIN: its lot's canonical Digital Link.
pub fn lot_class_uri(gtin: &Gtin, lot: &str) -> Result<String, String> {
    ElementString::from_pairs([("01", gtin.as_str()), ("10", lot)])
        .and_then(DigitalLink::from_element_string)
        .map(|link| link.key_uri())
        .map_err(|e| e.to_string())
}

/// The class of a batch of a product without a GTIN: the batch's registry id.
pub fn batch_class_uri(batch: Uuid) -> String {
    format!("{BATCH_URN_PREFIX}{batch}")
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn epc(code: &str) -> Result<String, String> {
        epc_of_code(code, &CodeRules::default())
    }

    const UNIT: &str = "https://id.gs1.org/01/09520123456788/21/12345";
    const CASE: &str = "https://id.gs1.org/00/106141412345678908";

    #[test]
    fn every_form_of_a_unit_is_its_canonical_digital_link() {
        for form in [
            "(01)09520123456788(10)ABC1(21)12345",
            "]d2010952012345678810ABC1\u{1d}2112345",
            "https://shop.example.cn/p/01/9520123456788/21/12345",
            UNIT,
        ] {
            assert_eq!(epc(form).unwrap(), UNIT, "{form}");
        }
        assert_eq!(
            epc("urn:epc:id:sgtin:0614141.107346.2017").unwrap(),
            "https://id.gs1.org/01/10614141073464/21/2017"
        );
        let rules = CodeRules::default();
        let scanned = scan_goods("(01)09520123456788(10)ABC1(21)12345", &rules).unwrap();
        assert_eq!(scanned.gtin.unwrap().as_str(), "09520123456788");
        assert_eq!(scanned.lot.as_deref(), Some("ABC1"));
        let scanned = scan_goods("urn:epc:id:sgtin:0614141.107346.2017", &rules).unwrap();
        assert_eq!(scanned.gtin.unwrap().as_str(), "10614141073464");
        assert_eq!(scanned.lot, None);
    }

    #[test]
    fn every_form_of_a_case_is_its_sscc_link() {
        for form in [
            "(00)106141412345678908",
            "]C100106141412345678908",
            "00106141412345678908",
            "urn:epc:id:sscc:0614141.1234567890",
            "https://example.com/00/106141412345678908",
        ] {
            assert_eq!(epc(form).unwrap(), CASE, "{form}");
            assert_eq!(sscc_uri(form).unwrap(), CASE, "{form}");
        }
        // Eighteen digits alone are an SSCC where only a case can be (a parent); among the
        // goods they are read as a scan reads them, an Ecode.
        assert_eq!(sscc_uri("106141412345678908").unwrap(), CASE);
        assert!(epc("106141412345678908").unwrap().starts_with("ecode:"));
        assert!(sscc_uri("106141412345678909").is_err());
        assert!(sscc_uri(UNIT).unwrap_err().contains("AI (01)"));
    }

    #[test]
    fn other_schemes_are_named_by_their_key() {
        assert_eq!(
            epc("88.123.456/ABC-1").unwrap(),
            "miit:88.123.456/ABC-1",
            "an industrial-internet identifier"
        );
        assert_eq!(
            epc("urn:epc:id:giai:4000001.12345").unwrap(),
            "urn:epc:id:giai:4000001.12345"
        );
        let ecode = epc("10064000000000012345").unwrap();
        assert!(ecode.starts_with("ecode:"), "{ecode}");
    }

    #[test]
    fn batches_products_places_and_nonsense_are_not_units() {
        assert!(
            epc("(01)09520123456788(10)ABC1")
                .unwrap_err()
                .contains("names a batch")
        );
        assert!(
            epc("09520123456788")
                .unwrap_err()
                .contains("names a product")
        );
        assert!(epc("urn:epc:class:lgtin:4012345.012345.998877").is_err());
        assert!(
            epc("urn:epc:id:sgln:0614141.00777.0")
                .unwrap_err()
                .contains("location")
        );
        assert!(epc("(01)09520123456789(21)1").is_err());
        assert!(epc("").is_err());
        assert!(epc("hello world").is_err());
    }

    #[test]
    fn batch_classes() {
        let gtin = Gtin::parse("06901234500011").unwrap();
        assert_eq!(
            lot_class_uri(&gtin, "L/1").unwrap(),
            "https://id.gs1.org/01/06901234500011/10/L%2F1"
        );
        assert!(lot_class_uri(&gtin, &"X".repeat(21)).is_err());
        let id = Uuid::nil();
        assert_eq!(
            batch_class_uri(id),
            "urn:yima:batch:00000000-0000-0000-0000-000000000000"
        );
    }
}
