//! Submission keys, their revocations and signed submissions as log records. A signed
//! submission's record commits to the body by its SHA-256; the body itself is stored beside
//! it, so that the signature can be checked against the bytes signed.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Fields;
use crate::ledger::{LedgerError, PublicFields, RecordKind, RecordRef, Recorded, canonical_time};
use crate::signing::{SignedSubmission, SubmissionKey, SubmissionKeyRevocation};

impl Recorded for SubmissionKey {
    fn kind(&self) -> RecordKind {
        RecordKind::SubmissionKey
    }

    fn record_ref(&self) -> String {
        RecordRef::SubmissionKey(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.registered_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
            .with("public_key", hex::encode(self.public_key))
            .with("label", self.label.as_str())
            .with("registered_by", self.registered_by.as_str())
            .with("registered_at", canonical_time(self.registered_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("id", self.id.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
            .with("public_key", hex::encode(self.public_key))
    }
}

impl Recorded for SubmissionKeyRevocation {
    fn kind(&self) -> RecordKind {
        RecordKind::SubmissionKeyRevocation
    }

    fn record_ref(&self) -> String {
        RecordRef::SubmissionKeyRevocation(self.key_id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.revoked_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("key_id", self.key_id.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
            .with("reason", self.reason.as_str())
            .with("revoked_by", self.revoked_by.as_str())
            .with("revoked_at", canonical_time(self.revoked_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new()
            .with("key_id", self.key_id.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
    }
}

impl Recorded for SignedSubmission {
    fn kind(&self) -> RecordKind {
        RecordKind::SignedSubmission
    }

    fn record_ref(&self) -> String {
        RecordRef::SignedSubmission(self.id).to_string()
    }

    fn recorded_at(&self) -> DateTime<Utc> {
        self.received_at
    }

    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Fields::record(self.kind())
            .with("id", self.id.hyphenated().to_string())
            .with("key_id", self.key_id.hyphenated().to_string())
            .with("enterprise", self.enterprise.as_str())
            .with("method", self.method.as_str())
            .with("target", self.target.as_str())
            .with("signed_at", self.signed_at.timestamp())
            .with("body_sha256", hex::encode(self.body_sha256()))
            .with("signature", hex::encode(self.signature))
            .with(
                "request_id",
                self.request_id.clone().map_or(Value::Null, Value::String),
            )
            .with("received_at", canonical_time(self.received_at))
            .canonical()
    }

    fn public(&self) -> PublicFields {
        PublicFields::new().with("id", self.id.hyphenated().to_string())
    }
}
