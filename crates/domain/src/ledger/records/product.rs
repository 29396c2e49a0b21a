//! A product as a log record.

use chrono::{DateTime, Utc};

use super::Fields;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};
use crate::product::Product;

impl Recorded for Product {
    fn kind(&self) -> RecordKind {
        RecordKind::Product
    }

    fn record_ref(&self) -> String {
        RecordRef::Product(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.registered_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        let a = &self.approval;
        let approval = Fields::default()
            .with("regime", a.regime().as_str())
            .with("number", a.number())
            .with("status", a.status().as_str())
            .with("checked_at", canonical_time(a.checked_at()));
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("producer", self.producer.as_str())
            .with("name", self.name.as_str())
            .with("model", self.model.as_str())
            .with("category", self.category.as_str())
            .with("standard", self.standard.as_str())
            .with("gtin", self.gtin.as_ref().map(|g| g.as_str()))
            .with("approval", approval.into_value())
            .with("registered_at", canonical_time(self.registered_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        let mut public = PublicFields::new()
            .with("id", self.id.hyphenated().to_string())
            .with("producer", self.producer.as_str());
        if let Some(gtin) = &self.gtin {
            public.insert("gtin", gtin.as_str());
        }
        public
    }
}
