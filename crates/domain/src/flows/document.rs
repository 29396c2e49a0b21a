//! The business document a flow refers to — a despatch advice, an invoice — as an EPCIS
//! business transaction: its CBV type and its identifier, a URI.
//!
//! A client gives the document's number (`DA-2025-0042`) or, if it has one, the document's
//! URI (`urn:epcglobal:cbv:bt:…`, `https://…`), which is kept as it is. A number becomes
//! `urn:yima:doc:{credit code}:{number}` (the number percent-encoded), named under the party
//! the goods come from — the shipper for a shipment, the supplier (`from`) for a receipt —
//! since that party issued the papers travelling with the goods: a shipment and its receipt,
//! recorded by each side with the same number, name the same document.

use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::epcis_id::is_absolute_uri;
use yima_codes::gs1::percent_encode;

use super::action::FlowAction;
use crate::epcis::BizTransactionType;
use crate::epcis::cbv::Vocabulary;
use crate::text::bounded;

/// What every document URI made from a number starts with.
pub const DOCUMENT_URN_PREFIX: &str = "urn:yima:doc:";

/// The longest document number or URI taken.
const MAX_CHARS: usize = 200;

/// A business document as a client named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentName {
    /// A number, to be named under its issuer.
    Number(String),
    /// A URI, kept as it is.
    Uri(String),
}

/// A flow's business document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub name: DocumentName,
    /// The CBV business transaction type; `None` leaves it untyped.
    pub kind: Option<BizTransactionType>,
}

impl Document {
    /// Reads a document: `text` its number or URI, `kind` a CBV business transaction type
    /// (`desadv`, `inv` …) or `None` for the action's usual one.
    pub(crate) fn parse(
        text: &str,
        kind: Option<&str>,
        action: FlowAction,
    ) -> Result<Self, (&'static str, String)> {
        let chars = text.chars().count();
        if chars > MAX_CHARS {
            return Err((
                "document",
                format!("is {chars} characters long, at most {MAX_CHARS} are allowed"),
            ));
        }
        let text = bounded(text, MAX_CHARS).map_err(|e| ("document", e))?;
        let is_uri = ["urn:", "http://", "https://"].iter().any(|p| {
            text.get(..p.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        });
        let name = if is_uri {
            if !is_absolute_uri(&text) {
                return Err((
                    "document",
                    format!("'{text}' starts like a URI but is not one (no spaces allowed)"),
                ));
            }
            DocumentName::Uri(text)
        } else {
            DocumentName::Number(text)
        };
        let kind = match kind {
            None => usual_kind(action),
            Some(name) => Some(BizTransactionType::from_name(name).ok_or_else(|| {
                (
                    "document_type",
                    format!(
                        "{name:?} is not a CBV business transaction type: one of {}",
                        BizTransactionType::ALL
                            .iter()
                            .map(|t| t.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?),
        };
        Ok(Self { name, kind })
    }

    /// The document's URI, a number named under `issuer`.
    pub fn uri(&self, issuer: &CreditCode) -> String {
        match &self.name {
            DocumentName::Uri(uri) => uri.clone(),
            DocumentName::Number(number) => document_uri(issuer, number),
        }
    }
}

/// The document type an action refers to unless told otherwise.
fn usual_kind(action: FlowAction) -> Option<BizTransactionType> {
    match action {
        FlowAction::Commission => Some(BizTransactionType::ProductionOrder),
        FlowAction::Inspect => Some(BizTransactionType::TestResult),
        FlowAction::Ship | FlowAction::Receive => Some(BizTransactionType::DespatchAdvice),
        FlowAction::Sell | FlowAction::SellToBusiness => Some(BizTransactionType::Invoice),
        FlowAction::Return => Some(BizTransactionType::ReturnMerchandiseAuthorisation),
        FlowAction::Pack
        | FlowAction::Unpack
        | FlowAction::Hold
        | FlowAction::Recall
        | FlowAction::Scrap => None,
    }
}

/// The URI of document `number` issued by `issuer`.
pub fn document_uri(issuer: &CreditCode, number: &str) -> String {
    format!(
        "{DOCUMENT_URN_PREFIX}{}:{}",
        issuer.as_str(),
        percent_encode(number)
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn numbers_are_named_under_their_issuer_and_uris_kept() {
        let issuer = CreditCode::parse("91350100M000100Y43").unwrap();
        let d = Document::parse(" DA 2025/42 ", None, FlowAction::Ship).unwrap();
        assert_eq!(d.kind, Some(BizTransactionType::DespatchAdvice));
        assert_eq!(
            d.uri(&issuer),
            "urn:yima:doc:91350100M000100Y43:DA%202025%2F42"
        );
        assert!(is_absolute_uri(&d.uri(&issuer)));
        let uri = "urn:epcglobal:cbv:bt:0614141000005:PO-4711";
        let d = Document::parse(uri, Some("po"), FlowAction::Receive).unwrap();
        assert_eq!(d.uri(&issuer), uri);
        assert_eq!(d.kind, Some(BizTransactionType::PurchaseOrder));
        assert_eq!(
            Document::parse("7", None, FlowAction::Hold).unwrap().kind,
            None
        );
    }

    #[test]
    fn bad_documents_name_their_field() {
        assert_eq!(
            Document::parse("", None, FlowAction::Ship).unwrap_err().0,
            "document"
        );
        assert_eq!(
            Document::parse("https://erp example/1", None, FlowAction::Ship)
                .unwrap_err()
                .0,
            "document"
        );
        let (field, problem) = Document::parse("1", Some("invoice"), FlowAction::Ship).unwrap_err();
        assert_eq!(field, "document_type");
        assert!(problem.contains("desadv"), "{problem}");
    }
}
