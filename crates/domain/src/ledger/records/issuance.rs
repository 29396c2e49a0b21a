//! An issuance of platform codes as a log record.

use chrono::{DateTime, Utc};

use super::Fields;
use crate::issuance::Issuance;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};

impl Recorded for Issuance {
    fn kind(&self) -> RecordKind {
        RecordKind::CodeIssuance
    }

    fn record_ref(&self) -> String {
        RecordRef::CodeIssuance {
            key_id: self.key_id,
            number: self.number,
        }
        .to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.issued_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("key_id", self.key_id)
            .with("number", self.number)
            .with("batch_id", self.batch_id.hyphenated().to_string())
            .with("count", self.count)
            .with("issued_at", canonical_time(self.issued_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("key_id", self.key_id.to_string())
            .with("number", self.number.to_string())
            .with("batch_id", self.batch_id.hyphenated().to_string())
    }
}
