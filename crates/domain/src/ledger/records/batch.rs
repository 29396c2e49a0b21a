//! A batch as a log record.

use chrono::{DateTime, Utc};

use super::Fields;
use crate::batch::Batch;
use crate::ledger::{
    LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_date, canonical_time,
};

impl Recorded for Batch {
    fn kind(&self) -> RecordKind {
        RecordKind::Batch
    }

    fn record_ref(&self) -> String {
        RecordRef::Batch(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.registered_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        let i = &self.inspection;
        let inspection = Fields::default()
            .with("certificate_number", i.certificate_number.as_str())
            .with("issuer", i.issuer.as_str())
            .with("date", canonical_date(i.date))
            .with("result", i.result.as_str())
            .with("document_sha256", i.document_sha256.as_deref());
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("product_id", self.product_id.hyphenated().to_string())
            .with("lot", self.lot.as_str())
            .with("production_date", canonical_date(self.production_date))
            .with("quantity", self.quantity)
            .with("unit_of_measure", self.unit_of_measure.as_str())
            .with("inspection", inspection.into_value())
            .with("registered_at", canonical_time(self.registered_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("id", self.id.hyphenated().to_string())
            .with("product_id", self.product_id.hyphenated().to_string())
            .with("lot", self.lot.as_str())
    }
}
