//! `Recorded` for each kind of record: its canonical fields, reference and public fields.
//! The field lists are published in `docs/ledger-entries.md`; changing one changes every
//! commitment made since, so a change is a new kind, never an edit.

mod audit;
mod batch;
mod correction;
mod enterprise;
mod event;
mod issuance;
mod issuing_key;
mod product;
mod recall;
mod submission;
mod unit_registration;

pub use event::EventRecord;

use serde_json::{Map, Value};

use super::canonical::canonical_json;
use super::error::LedgerError;
use super::kind::RecordKind;

/// A JSON object under construction, for a record or one of its nested parts.
#[derive(Default)]
struct Fields(Map<String, Value>);

impl Fields {
    /// The top-level object of a record, which names its kind.
    fn record(kind: RecordKind) -> Self {
        Self::default().with("kind", kind.as_str())
    }

    fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.to_owned(), value.into());
        self
    }

    fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    fn canonical(self) -> Result<Vec<u8>, LedgerError> {
        canonical_json(&self.into_value())
    }
}
