//! Class-level goods in an event: a quantity of a class (a GTIN and lot, a GTIN pattern) in a
//! unit of measure — a reel of cable in metres, steel bars in tonnes, 500 regulators of a batch.

use serde::{Deserialize, Serialize};

use super::cbv::is_absolute_uri;

/// Why a quantity element was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuantityError {
    #[error("epcClass: '{0}' is not an absolute URI (scheme:…)")]
    Class(String),
    #[error("quantity: {0} is not a finite number of zero or more")]
    Quantity(f64),
    #[error(
        "uom: '{0}' is not a UN/CEFACT Recommendation 20 code (2 or 3 upper-case letters or \
         digits, such as KGM, MTR, H87)"
    )]
    Unit(String),
    #[error("uom: '{0}' is given without a quantity")]
    UnitWithoutQuantity(String),
}

/// One entry of a quantity list, as EPCIS 2.0 JSON writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "QuantityJson", into = "QuantityJson")]
pub struct QuantityElement {
    /// The class: `urn:epc:class:lgtin:…`, `urn:epc:idpat:sgtin:…`, or a Digital Link URI.
    pub epc_class: String,
    /// How much; absent when the event does not say.
    pub quantity: Option<f64>,
    /// The unit of `quantity` (UN/CEFACT Rec 20); absent for a count of items.
    pub uom: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct QuantityJson {
    epc_class: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quantity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    uom: Option<String>,
}

impl QuantityElement {
    pub fn new(
        epc_class: String,
        quantity: Option<f64>,
        uom: Option<String>,
    ) -> Result<Self, QuantityError> {
        if !is_absolute_uri(&epc_class) {
            return Err(QuantityError::Class(epc_class));
        }
        if let Some(q) = quantity.filter(|q| !q.is_finite() || *q < 0.0) {
            return Err(QuantityError::Quantity(q));
        }
        if let Some(unit) = &uom {
            let code = (2..=3).contains(&unit.len())
                && unit
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !code {
                return Err(QuantityError::Unit(unit.clone()));
            }
            if quantity.is_none() {
                return Err(QuantityError::UnitWithoutQuantity(unit.clone()));
            }
        }
        Ok(Self {
            epc_class,
            quantity,
            uom,
        })
    }
}

impl TryFrom<QuantityJson> for QuantityElement {
    type Error = QuantityError;

    fn try_from(json: QuantityJson) -> Result<Self, QuantityError> {
        Self::new(json.epc_class, json.quantity, json.uom)
    }
}

impl From<QuantityElement> for QuantityJson {
    fn from(q: QuantityElement) -> Self {
        Self {
            epc_class: q.epc_class,
            quantity: q.quantity,
            uom: q.uom,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn class_level_goods_read_and_write_back() {
        let list: Vec<QuantityElement> = serde_json::from_str(
            r#"[
                {"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200, "uom": "KGM"},
                {"epcClass": "https://id.gs1.org/01/06901234567892/10/L2025A", "quantity": 500},
                {"epcClass": "urn:epc:idpat:sgtin:4012345.098765.*"}
            ]"#,
        )
        .unwrap();
        assert_eq!(list[0].quantity, Some(200.0));
        assert_eq!(list[0].uom.as_deref(), Some("KGM"));
        assert_eq!(list[2].quantity, None);
        let written = serde_json::to_value(&list).unwrap();
        assert!(written[1].get("uom").is_none());
        assert_eq!(
            serde_json::from_value::<Vec<QuantityElement>>(written).unwrap(),
            list
        );
    }

    #[test]
    fn quantities_read_back_to_the_same_number() {
        // A long literal must be rounded correctly once, so that writing it and reading it
        // again gives the same quantity (found by the epcis_parts fuzz target).
        let text = r#"["n:p<g", 9999999999999999999999900000000000000000000000000999999999992]"#;
        let read: QuantityElement = serde_json::from_str(text).unwrap();
        let written = serde_json::to_string(&read).unwrap();
        assert_eq!(
            serde_json::from_str::<QuantityElement>(&written).unwrap(),
            read
        );
        assert_eq!(read.quantity, Some(1e61));
    }

    #[test]
    fn bad_elements_name_their_field() {
        let cases = [
            (
                r#"{"epcClass": "lgtin 4012345", "quantity": 1}"#,
                "epcClass:",
            ),
            (
                r#"{"epcClass": "urn:epc:class:lgtin:4012345.012345.1", "quantity": -1}"#,
                "quantity: -1",
            ),
            (
                r#"{"epcClass": "urn:epc:class:lgtin:4012345.012345.1", "quantity": 1, "uom": "kg"}"#,
                "uom: 'kg'",
            ),
            (
                r#"{"epcClass": "urn:epc:class:lgtin:4012345.012345.1", "uom": "KGM"}"#,
                "without a quantity",
            ),
        ];
        for (json, expected) in cases {
            let err = serde_json::from_str::<QuantityElement>(json).unwrap_err();
            assert!(err.to_string().contains(expected), "{json}: {err}");
        }
        assert!(matches!(
            QuantityElement::new("urn:x:y".to_owned(), Some(f64::NAN), None),
            Err(QuantityError::Quantity(_))
        ));
    }
}
