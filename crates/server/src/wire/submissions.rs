//! Requests and views of submission keys and signed submissions.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_domain::{SignedSubmission, SubmissionKey, SubmissionKeyRevocation};

use crate::wire::receipt::LedgerWrite;

/// Register a public key that the enterprise signs its submissions with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionKeyRequest {
    /// The Ed25519 public key: 64 hex digits, or standard base64 of its 32 bytes.
    #[schema(example = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c")]
    pub public_key: String,
    /// What the enterprise calls it, 1 to 100 characters.
    #[schema(example = "仓库扫码枪 2", max_length = 100)]
    pub label: String,
}

/// Revoke a submission key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionKeyRevocationRequest {
    /// Why, 1 to 100 characters.
    #[schema(example = "scanner lost", max_length = 100)]
    pub reason: String,
}

/// A submission key, with its revocation if it has one.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionKeyView {
    pub id: Uuid,
    pub enterprise: String,
    /// The Ed25519 public key, 64 lower-case hex digits.
    pub public_key: String,
    pub label: String,
    pub registered_by: String,
    pub registered_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation: Option<SubmissionKeyRevocationView>,
    /// The ledger leaf of the registration, when this answer is to a write.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionKeyRevocationView {
    pub reason: String,
    pub revoked_by: String,
    pub revoked_at: DateTime<Utc>,
    /// The ledger leaf of the revocation, when this answer is to a write.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

impl SubmissionKeyView {
    pub fn new(key: &SubmissionKey, revocation: Option<&SubmissionKeyRevocation>) -> Self {
        Self {
            id: key.id,
            enterprise: key.enterprise.to_string(),
            public_key: hex::encode(key.public_key),
            label: key.label.clone(),
            registered_by: key.registered_by.clone(),
            registered_at: key.registered_at,
            revocation: revocation.map(SubmissionKeyRevocationView::from),
            ledger: None,
        }
    }
}

impl From<&SubmissionKeyRevocation> for SubmissionKeyRevocationView {
    fn from(r: &SubmissionKeyRevocation) -> Self {
        Self {
            reason: r.reason.clone(),
            revoked_by: r.revoked_by.clone(),
            revoked_at: r.revoked_at,
            ledger: None,
        }
    }
}

/// A signed submission: everything needed to check its signature without the platform.
/// The message signed is `yima-signed-submission-v1`, the method, the target, `signed_at` in
/// Unix seconds and the hex SHA-256 of the body, joined by line feeds.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignedSubmissionView {
    pub id: Uuid,
    pub key_id: Uuid,
    pub enterprise: String,
    /// The key's Ed25519 public key, 64 lower-case hex digits.
    pub public_key: String,
    pub method: String,
    /// The path and query as sent.
    pub target: String,
    /// The signer's time, Unix seconds.
    pub signed_at: i64,
    /// The body as received, standard base64.
    pub body_base64: String,
    /// Lower-case hex SHA-256 of the body.
    pub body_sha256: String,
    /// The Ed25519 signature, standard base64 of 64 bytes.
    pub signature: String,
    /// The request's id; the audit trail holds its outcome under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    pub received_at: DateTime<Utc>,
    /// Its ledger record, `signed_submission:<id>`.
    pub record: String,
}

impl SignedSubmissionView {
    pub fn new(submission: &SignedSubmission, public_key: &[u8; 32]) -> Self {
        Self {
            id: submission.id,
            key_id: submission.key_id,
            enterprise: submission.enterprise.to_string(),
            public_key: hex::encode(public_key),
            method: submission.method.clone(),
            target: submission.target.clone(),
            signed_at: submission.signed_at.timestamp(),
            body_base64: STANDARD.encode(&submission.body),
            body_sha256: hex::encode(submission.body_sha256()),
            signature: STANDARD.encode(submission.signature),
            request_id: submission.request_id.clone(),
            received_at: submission.received_at,
            record: yima_domain::RecordRef::SignedSubmission(submission.id).to_string(),
        }
    }
}

/// Which of an enterprise's signed submissions to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SubmissionsQuery {
    /// Only those received before this time (the `received_at` of the last one of the
    /// previous page).
    pub before: Option<DateTime<Utc>>,
    /// At most this many, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}
