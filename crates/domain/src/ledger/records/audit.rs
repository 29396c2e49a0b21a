//! A batch of audit entries as a log record.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Fields;
use crate::audit::AuditBatch;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};

impl Recorded for AuditBatch {
    fn kind(&self) -> RecordKind {
        RecordKind::Audit
    }

    fn record_ref(&self) -> String {
        RecordRef::Audit(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.recorded_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        let optional = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        let entries: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                Fields::default()
                    .with("at", canonical_time(e.at))
                    .with("account", optional(&e.account))
                    .with("key_id", optional(&e.key_id))
                    .with("method", e.method.as_str())
                    .with("route", e.route.as_str())
                    .with("target", e.target.as_str())
                    .with("status", e.status)
                    .with("address", optional(&e.address))
                    .with("request_id", optional(&e.request_id))
                    .into_value()
            })
            .collect();
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("recorded_at", canonical_time(self.recorded_at))
            .with("entries", Value::Array(entries))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new().with("id", self.id.hyphenated().to_string())
    }
}
