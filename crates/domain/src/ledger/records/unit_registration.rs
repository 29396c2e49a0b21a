//! A unit registration as a log record.

use chrono::{DateTime, Utc};

use super::Fields;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};
use crate::unit_registration::UnitRegistration;

impl Recorded for UnitRegistration {
    fn kind(&self) -> RecordKind {
        RecordKind::UnitRegistration
    }

    fn record_ref(&self) -> String {
        RecordRef::UnitRegistration {
            batch_id: self.batch_id,
            sequence: self.sequence,
        }
        .to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.registered_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("batch_id", self.batch_id.hyphenated().to_string())
            .with("sequence", self.sequence)
            .with("added", self.added)
            .with("total", self.total)
            .with("registered_at", canonical_time(self.registered_at))
            .with("codes_root", hex::encode(self.codes_root))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("batch_id", self.batch_id.hyphenated().to_string())
            .with("sequence", self.sequence.to_string())
    }
}
