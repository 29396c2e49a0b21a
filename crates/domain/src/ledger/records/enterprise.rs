//! An enterprise as a log record.

use chrono::{DateTime, Utc};

use super::Fields;
use crate::enterprise::Enterprise;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};

impl Recorded for Enterprise {
    fn kind(&self) -> RecordKind {
        RecordKind::Enterprise
    }

    fn record_ref(&self) -> String {
        RecordRef::Enterprise(self.credit_code.clone()).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.registered_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        let roles = Fields::default()
            .with("producer", self.roles.producer)
            .with("seller", self.roles.seller);
        Fields::record(self.kind())
            .with("credit_code", self.credit_code.as_str())
            .with("name", self.name.as_str())
            .with("address", self.address.as_str())
            .with("region", self.region.as_str())
            .with("roles", roles.into_value())
            .with("registered_at", canonical_time(self.registered_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new().with("credit_code", self.credit_code.as_str())
    }
}
