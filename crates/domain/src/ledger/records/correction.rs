//! A correction as a log record.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Fields;
use crate::correction::Correction;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};

impl Recorded for Correction {
    fn kind(&self) -> RecordKind {
        RecordKind::Correction
    }

    fn record_ref(&self) -> String {
        RecordRef::Correction(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.corrected_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        let changes: serde_json::Map<String, Value> = self
            .changes
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("subject", self.subject.to_string())
            .with("changes", Value::Object(changes))
            .with("reason", self.reason.as_str())
            .with("corrected_at", canonical_time(self.corrected_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("id", self.id.hyphenated().to_string())
            .with("subject", self.subject.to_string())
    }
}
