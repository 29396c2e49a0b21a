//! Flows: the everyday actions of producers and shops — commission, inspect, pack, ship,
//! receive, sell, return, hold, recall, scrap — as plain drafts, turned into the GS1 EPCIS 2.0
//! events they are (domain.md §4), so that the plain JSON API, `yima import` and the EPCIS
//! binding all keep one kind of record.
//!
//! A draft is checked field by field (`draft.rs`), the caller looks up the batch it names in
//! the registry, and `Flow::event` (`event.rs`) makes the event. The identifiers the platform
//! writes into events are fixed in one place each: parties (`party.rs`), goods (`object.rs`)
//! and business documents (`document.rs`).

pub mod action;
pub mod document;
pub mod draft;
pub mod event;
pub mod flow;
pub mod object;
pub mod party;
pub mod time;

#[cfg(test)]
mod tests;

pub use action::{CheckResult, FlowAction};
pub use document::{DOCUMENT_URN_PREFIX, Document, DocumentName, document_uri};
pub use draft::{FlowDraft, MAX_CODE_CHARS, MAX_CODES};
pub use event::{EXTENSION_NAMESPACE, EXTENSION_PREFIX, RECORDED_BY};
pub use flow::{Amount, BatchRef, Flow, Goods, LotFacts};
pub use object::{
    BATCH_URN_PREFIX, Scanned, batch_class_uri, epc_of_code, lot_class_uri, scan_goods, sscc_uri,
};
pub use party::{PARTY_URN_PREFIX, PartyUriError, parse_party_uri, party_uri};
