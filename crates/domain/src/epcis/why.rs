//! The business context of an event besides its step and disposition: the business
//! transactions it belongs to (an order, an invoice, a despatch advice) and where the goods
//! came from and went to (CBV 2.0 §7.3, §7.4). A shipment names its buyer as the destination's
//! owning party; a receipt names its supplier as the source's.

use serde::{Deserialize, Serialize};

use super::cbv::{BizTransactionType, SourceDestType, Term, is_absolute_uri};

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: '{value}' is not an absolute URI (scheme:…)")]
pub struct NotAUri {
    pub field: &'static str,
    pub value: String,
}

fn uri(field: &'static str, value: String) -> Result<String, NotAUri> {
    if is_absolute_uri(&value) {
        Ok(value)
    } else {
        Err(NotAUri { field, value })
    }
}

/// A business transaction an event is part of, as EPCIS 2.0 JSON writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "BizTransactionJson", into = "BizTransactionJson")]
pub struct BizTransaction {
    pub kind: Option<Term<BizTransactionType>>,
    /// The transaction's identifier, a URI (`urn:epcglobal:cbv:bt:…`, `https://…`).
    pub id: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BizTransactionJson {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    kind: Option<Term<BizTransactionType>>,
    #[serde(rename = "bizTransaction")]
    id: String,
}

impl TryFrom<BizTransactionJson> for BizTransaction {
    type Error = NotAUri;

    fn try_from(json: BizTransactionJson) -> Result<Self, NotAUri> {
        Ok(Self {
            kind: json.kind,
            id: uri("bizTransaction", json.id)?,
        })
    }
}

impl From<BizTransaction> for BizTransactionJson {
    fn from(t: BizTransaction) -> Self {
        Self {
            kind: t.kind,
            id: t.id,
        }
    }
}

/// Declares one end of a movement: its type and identifier, written under `$field`.
macro_rules! movement_end {
    ($(#[$doc:meta])* $ty:ident, $json:ident, $json_name:literal, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = $json_name, into = $json_name)]
        pub struct $ty {
            pub kind: Term<SourceDestType>,
            pub id: String,
        }

        #[derive(Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $json {
            #[serde(rename = "type")]
            kind: Term<SourceDestType>,
            #[serde(rename = $field)]
            id: String,
        }

        impl TryFrom<$json> for $ty {
            type Error = NotAUri;

            fn try_from(json: $json) -> Result<Self, NotAUri> {
                Ok(Self {
                    kind: json.kind,
                    id: uri($field, json.id)?,
                })
            }
        }

        impl From<$ty> for $json {
            fn from(end: $ty) -> Self {
                Self {
                    kind: end.kind,
                    id: end.id,
                }
            }
        }
    };
}

movement_end!(
    /// Where goods came from: a party or a location, by a URI (a PGLN or SGLN, …).
    Source, SourceJson, "SourceJson", "source"
);
movement_end!(
    /// Where goods went to.
    Destination, DestinationJson, "DestinationJson", "destination"
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::epcis::cbv::SourceDestType;

    /// The why-lists of a shipment as EPCIS 2.0 JSON writes them.
    const SHIPMENT: &str = r#"{
        "bizTransactionList": [
            {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141000005:PO-4711"},
            {"bizTransaction": "https://erp.example.com/desadv/88"}
        ],
        "sourceList": [
            {"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00000"}
        ],
        "destinationList": [
            {"type": "urn:epcglobal:cbv:sdt:owning_party", "destination": "urn:epc:id:pgln:0012345.00000"},
            {"type": "location", "destination": "urn:epc:id:sgln:0012345.11111.0"}
        ]
    }"#;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Why {
        biz_transaction_list: Vec<BizTransaction>,
        source_list: Vec<Source>,
        destination_list: Vec<Destination>,
    }

    #[test]
    fn a_shipments_context_reads_and_writes_back() {
        let why: Why = serde_json::from_str(SHIPMENT).unwrap();
        assert_eq!(
            why.biz_transaction_list[0].kind,
            Some(Term::Standard(BizTransactionType::PurchaseOrder))
        );
        assert_eq!(why.biz_transaction_list[1].kind, None);
        assert_eq!(
            why.destination_list[0].kind,
            Term::Standard(SourceDestType::OwningParty)
        );
        assert_eq!(why.source_list[0].id, "urn:epc:id:pgln:0614141.00000");
        let written = serde_json::to_value(&why).unwrap();
        assert_eq!(
            written["destinationList"][0]["type"], "owning_party",
            "written in the bare form"
        );
        assert!(written["bizTransactionList"][1].get("type").is_none());
        let again: Why = serde_json::from_value(written).unwrap();
        assert_eq!(again, why);
    }

    #[test]
    fn bad_entries_are_named() {
        let err = serde_json::from_str::<Source>(r#"{"type": "owning_party", "source": "Acme"}"#)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("source: 'Acme' is not an absolute URI")
        );
        let err = serde_json::from_str::<Destination>(
            r#"{"type": "owner", "destination": "urn:epc:id:pgln:0012345.00000"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("source/destination type"));
        // A source's field in a destination.
        assert!(
            serde_json::from_str::<Destination>(
                r#"{"type": "location", "source": "urn:epc:id:sgln:0012345.11111.0"}"#
            )
            .is_err()
        );
    }
}
