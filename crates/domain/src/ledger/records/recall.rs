//! Recall notices and their acknowledgements as log records. A notice is public: its batches
//! and reason are public fields (the batches as the canonical JSON of their array), so that
//! anyone reading the log learns what was recalled and why without asking the platform. Of an
//! acknowledgement, which enterprise acknowledged which recall is public; its account and note
//! are not.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Fields;
use crate::ledger::{
    LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_json, canonical_time,
};
use crate::recall::{RecallAcknowledgement, RecallNotice};

impl RecallNotice {
    /// The batches as the canonical record holds them: an array, in the notice's order, of
    /// objects with `gtin` (14 digits) and `lot`.
    fn batches_value(&self) -> Value {
        Value::Array(
            self.batches
                .iter()
                .map(|b| {
                    Fields::default()
                        .with("gtin", b.gtin.as_str())
                        .with("lot", b.lot.as_str())
                        .into_value()
                })
                .collect(),
        )
    }
}

impl Recorded for RecallNotice {
    fn kind(&self) -> RecordKind {
        RecordKind::RecallNotice
    }

    fn record_ref(&self) -> String {
        RecordRef::RecallNotice(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.opened_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("batches", self.batches_value())
            .with("reason", self.reason.as_str())
            .with("opened_by", self.opened_by.as_str())
            .with("opened_at", canonical_time(self.opened_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        // Strings, integers and arrays of objects of strings are always canonical; were the
        // batches not, the entry would lack them and its evidence would say so.
        let batches = canonical_json(&self.batches_value())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let mut public = PublicFields::new()
            .with("id", self.id.hyphenated().to_string())
            .with("reason", self.reason.as_str());
        if let Some(batches) = batches {
            public.insert("batches", batches);
        }
        public
    }
}

impl Recorded for RecallAcknowledgement {
    fn kind(&self) -> RecordKind {
        RecordKind::RecallAcknowledgement
    }

    fn record_ref(&self) -> String {
        RecordRef::RecallAcknowledgement {
            recall: self.recall,
            enterprise: self.enterprise.clone(),
        }
        .to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.acknowledged_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("recall", self.recall.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
            .with("account", self.account.as_str())
            .with("acknowledged_at", canonical_time(self.acknowledged_at))
            .with("note", self.note.clone().map_or(Value::Null, Value::String))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("recall", self.recall.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
    }
}
