//! An issuing key's registry record as a log record.

use chrono::{DateTime, Utc};

use super::Fields;
use crate::issuance::IssuingKeyRecord;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};

impl Recorded for IssuingKeyRecord {
    fn kind(&self) -> RecordKind {
        RecordKind::IssuingKey
    }

    fn record_ref(&self) -> String {
        RecordRef::IssuingKey(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("id", self.id)
            .with("fingerprint", self.fingerprint.as_str())
            .with("created_at", canonical_time(self.created_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new().with("id", self.id.to_string())
    }
}
