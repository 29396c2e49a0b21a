//! The record file handed to whoever may see a record, to check it against the public log
//! offline: the record, its salt and its log entry. With an inclusion proof of the entry (a
//! tlog-proof file) it shows the log holds exactly this record.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::canonical::canonical_json;
use super::entry::LeafEntry;
use super::error::LedgerError;
use super::kind::RecordKind;
use super::record_ref::RecordRef;
use super::seal::{Sealed, check_sealed};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordEvidence {
    pub kind: RecordKind,
    pub record_ref: String,
    /// The 32-byte salt, lower-case hex.
    pub salt: String,
    /// The record as a JSON object; its canonical bytes are what the entry commits to.
    pub record: Value,
    /// The log entry's bytes, lower-case hex: the leaf an inclusion proof is about.
    pub entry: String,
}

impl RecordEvidence {
    pub fn from_sealed(sealed: &Sealed) -> Result<Self, LedgerError> {
        let record = serde_json::from_slice(&sealed.canonical).map_err(|e| bad("record", e))?;
        Ok(Self {
            kind: sealed.kind,
            record_ref: sealed.record_ref.clone(),
            salt: hex::encode(sealed.salt),
            record,
            entry: hex::encode(&sealed.entry),
        })
    }

    /// The entry's bytes, to hash as the leaf an inclusion proof proves.
    pub fn entry_bytes(&self) -> Result<Vec<u8>, LedgerError> {
        hex::decode(&self.entry).map_err(|e| bad("entry", e))
    }

    /// Checks that the entry commits to `record` under `salt`, and that the kind, the
    /// reference and the entry's public fields all agree with the record. Returns the entry.
    pub fn verify_commitment(&self) -> Result<LeafEntry, LedgerError> {
        let mut salt = [0u8; 32];
        hex::decode_to_slice(&self.salt, &mut salt).map_err(|e| bad("salt", e))?;
        let canonical = canonical_json(&self.record)?;
        let entry = check_sealed(&self.entry_bytes()?, &salt, &canonical)?;
        if entry.kind != self.kind {
            return Err(LedgerError::KindMismatch {
                entry: entry.kind,
                record: self.kind,
            });
        }
        let record_kind = self
            .record
            .get("kind")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("record.kind", "is missing or not a string"))?
            .parse::<RecordKind>()?;
        if record_kind != entry.kind {
            return Err(LedgerError::KindMismatch {
                entry: entry.kind,
                record: record_kind,
            });
        }
        self.check_reference()?;
        for (name, value) in entry.public.iter() {
            if field_text(&self.record, name).as_deref() != Some(value) {
                return Err(LedgerError::PublicFieldMismatch {
                    field: name.to_owned(),
                });
            }
        }
        Ok(entry)
    }

    /// The reference must be of the evidence's kind and name the record's own key fields.
    fn check_reference(&self) -> Result<(), LedgerError> {
        let reference = RecordRef::parse(&self.record_ref)?;
        if reference.kind() != self.kind {
            return Err(bad(
                "record_ref",
                format!("names a {} record, not a {}", reference.kind(), self.kind),
            ));
        }
        for (name, value) in key_fields(&reference) {
            if field_text(&self.record, name).as_deref() != Some(value.as_str()) {
                return Err(bad(
                    "record_ref",
                    format!("has {name} {value}, which is not the record's"),
                ));
            }
        }
        Ok(())
    }
}

/// The record fields a reference's key is made of, as the reference writes them.
fn key_fields(reference: &RecordRef) -> Vec<(&'static str, String)> {
    match reference {
        RecordRef::Enterprise(code) => vec![("credit_code", code.to_string())],
        RecordRef::Product(id)
        | RecordRef::Batch(id)
        | RecordRef::Correction(id)
        | RecordRef::Event(id)
        | RecordRef::Audit(id)
        | RecordRef::SubmissionKey(id)
        | RecordRef::SignedSubmission(id)
        | RecordRef::RecallNotice(id) => {
            vec![("id", id.hyphenated().to_string())]
        }
        RecordRef::RecallAcknowledgement { recall, enterprise } => vec![
            ("recall", recall.hyphenated().to_string()),
            ("enterprise", enterprise.to_string()),
        ],
        RecordRef::SubmissionKeyRevocation(key_id) => {
            vec![("key_id", key_id.hyphenated().to_string())]
        }
        RecordRef::UnitRegistration { batch_id, sequence } => vec![
            ("batch_id", batch_id.hyphenated().to_string()),
            ("sequence", sequence.to_string()),
        ],
        RecordRef::CodeIssuance { key_id, number } => vec![
            ("key_id", key_id.to_string()),
            ("number", number.to_string()),
        ],
        RecordRef::IssuingKey(id) => vec![("id", id.to_string())],
    }
}

/// A top-level field of the record as public fields and references write it: a string as
/// itself, an integer in decimal, an array or object as its canonical JSON (a recall
/// notice's batches).
fn field_text(record: &Value, name: &str) -> Option<String> {
    match record.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        value @ (Value::Array(_) | Value::Object(_)) => canonical_json(value)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok()),
        _ => None,
    }
}

fn bad(field: &str, problem: impl ToString) -> LedgerError {
    LedgerError::BadEvidence {
        field: field.to_owned(),
        problem: problem.to_string(),
    }
}
