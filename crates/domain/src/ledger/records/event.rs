//! A captured EPCIS event as a log record. The event is committed to as the exact text it is
//! stored and served as; nothing of it is public, since flows are commercially sensitive.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Fields;
use crate::epcis::CapturedEvent;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};

/// The record of `captured`, whose served text is `document`.
pub struct EventRecord<'a> {
    pub captured: &'a CapturedEvent,
    pub document: &'a str,
}

impl Recorded for EventRecord<'_> {
    fn kind(&self) -> RecordKind {
        RecordKind::Event
    }

    fn record_ref(&self) -> String {
        RecordRef::Event(self.captured.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.captured.recorded_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        let optional = |v: Option<String>| v.map_or(Value::Null, Value::String);
        Fields::record(self.kind())
            .with("id", self.captured.id.hyphenated().to_string())
            .with("hash_id", self.captured.hash_id.as_str())
            .with("document", self.document)
            .with("recorded_at", canonical_time(self.captured.recorded_at))
            .with("submitter", optional(self.captured.submitter.clone()))
            .with(
                "capture_id",
                optional(
                    self.captured
                        .capture_id
                        .map(|id| id.hyphenated().to_string()),
                ),
            )
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
    }
}
