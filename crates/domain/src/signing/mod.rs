//! Signed submissions: an enterprise registers Ed25519 public keys, and signs what it sends
//! with the private halves, which never reach the platform. A signed request is stored with
//! its signature and the exact bytes signed, so that anyone holding the public key can check
//! later that the enterprise sent it — the platform's word is not needed. A key's
//! registration and its revocation are ledger records, so neither can be backdated or undone.
//!
//! What is signed (`signed_message`) binds the body to the method, the path and query, and
//! the signer's clock, so a signature cannot be moved to another request; the clock bounds
//! how long a captured request could be replayed (`MAX_CLOCK_SKEW`).

mod header;

pub use header::SignatureHeader;

use chrono::{DateTime, TimeDelta, Utc};
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;

/// The request header that carries a signature.
pub const SIGNATURE_HEADER: &str = "yima-signature";

/// The response header that names the stored submission.
pub const SUBMISSION_HEADER: &str = "yima-submission";

/// The first line of every signed message: what the bytes are, so that a signature made for
/// this purpose cannot pass for one made for another.
pub const MESSAGE_CONTEXT: &str = "yima-signed-submission-v1";

/// How far the signer's clock may be from the platform's, either way.
pub const MAX_CLOCK_SKEW: TimeDelta = TimeDelta::seconds(300);

/// The longest label a key may carry.
pub const MAX_LABEL_CHARS: usize = 100;

/// A public key an enterprise signs its submissions with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionKey {
    pub id: Uuid,
    pub enterprise: CreditCode,
    /// The Ed25519 public key, 32 bytes.
    pub public_key: [u8; 32],
    /// What the enterprise calls it ("warehouse scanner 2").
    pub label: String,
    /// The account that registered it.
    pub registered_by: String,
    pub registered_at: DateTime<Utc>,
}

/// The end of a key: from `revoked_at` on, submissions signed with it are refused. Those
/// signed before stay verifiable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionKeyRevocation {
    pub key_id: Uuid,
    pub enterprise: CreditCode,
    pub reason: String,
    pub revoked_by: String,
    pub revoked_at: DateTime<Utc>,
}

/// A request as it was signed and received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedSubmission {
    pub id: Uuid,
    pub key_id: Uuid,
    pub enterprise: CreditCode,
    pub method: String,
    /// The path and query as sent.
    pub target: String,
    /// When the signer says it signed, to the second.
    pub signed_at: DateTime<Utc>,
    /// The body exactly as received.
    pub body: Vec<u8>,
    pub signature: [u8; 64],
    /// The request's `x-request-id`: its outcome is in the audit trail under it.
    pub request_id: Option<String>,
    pub received_at: DateTime<Utc>,
}

/// Why a signature is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureRefusal {
    #[error("the public key is not a valid Ed25519 point")]
    BadPublicKey,
    #[error("the signature does not verify with key {0}")]
    DoesNotVerify(Uuid),
    #[error("signed at {signed_at}, more than {} s from the platform's clock ({now})", MAX_CLOCK_SKEW.num_seconds())]
    ClockSkew {
        signed_at: DateTime<Utc>,
        now: DateTime<Utc>,
    },
}

impl SignedSubmission {
    pub fn body_sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.body).into()
    }

    /// The bytes the signature is over.
    pub fn message(&self) -> Vec<u8> {
        signed_message(
            &self.method,
            &self.target,
            self.signed_at.timestamp(),
            &self.body_sha256(),
        )
    }

    /// Whether the signature is the holder of `public_key`'s over this submission.
    pub fn verify(&self, public_key: &[u8; 32]) -> Result<(), SignatureRefusal> {
        let key =
            VerifyingKey::from_bytes(public_key).map_err(|_| SignatureRefusal::BadPublicKey)?;
        key.verify_strict(&self.message(), &Signature::from_bytes(&self.signature))
            .map_err(|_| SignatureRefusal::DoesNotVerify(self.key_id))
    }

    /// Whether the signer's clock was within `MAX_CLOCK_SKEW` of `now` (checked on receipt,
    /// not on later verification).
    pub fn check_clock(&self, now: DateTime<Utc>) -> Result<(), SignatureRefusal> {
        if (self.signed_at - now).abs() > MAX_CLOCK_SKEW {
            return Err(SignatureRefusal::ClockSkew {
                signed_at: self.signed_at,
                now,
            });
        }
        Ok(())
    }
}

/// The message a submission's signature is over, five lines joined by `\n` with none after
/// the last: the context, the method in upper case, the path and query as sent, the signing
/// time in Unix seconds, and the body's SHA-256 in lower-case hex.
pub fn signed_message(
    method: &str,
    target: &str,
    signed_at: i64,
    body_sha256: &[u8; 32],
) -> Vec<u8> {
    format!(
        "{MESSAGE_CONTEXT}\n{}\n{target}\n{signed_at}\n{}",
        method.to_ascii_uppercase(),
        hex::encode(body_sha256)
    )
    .into_bytes()
}

/// Signs a request: what a client (or `yima import --sign`) puts in `Yima-Signature`.
pub fn sign_request(
    key: &ed25519_dalek::SigningKey,
    key_id: Uuid,
    method: &str,
    target: &str,
    signed_at: i64,
    body: &[u8],
) -> SignatureHeader {
    use ed25519_dalek::Signer;
    let digest: [u8; 32] = Sha256::digest(body).into();
    let signature = key.sign(&signed_message(method, target, signed_at, &digest));
    SignatureHeader {
        key_id,
        signed_at,
        signature: signature.to_bytes(),
    }
}

/// Checks a key's label: 1 to `MAX_LABEL_CHARS` characters, no control characters.
pub fn check_label(label: &str) -> Result<String, String> {
    let label = label.trim();
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LABEL_CHARS {
        return Err(format!("must be 1 to {MAX_LABEL_CHARS} characters"));
    }
    if let Some((position, c)) = label.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(format!(
            "has the control character U+{:04X} at character {position}",
            u32::from(c)
        ));
    }
    Ok(label.to_owned())
}

/// Reads an Ed25519 public key written as 64 hex digits or as standard base64 of its 32
/// bytes, and checks that it is a point of the curve.
pub fn parse_public_key(input: &str) -> Result<[u8; 32], String> {
    use base64::Engine;
    let input = input.trim();
    let bytes = if input.len() == 64 && input.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(input).map_err(|e| e.to_string())?
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(input)
            .map_err(|_| "is neither 64 hex digits nor base64 of 32 bytes".to_owned())?
    };
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("is {} bytes; an Ed25519 public key is 32", b.len()))?;
    let point = VerifyingKey::from_bytes(&key)
        .map_err(|_| "is not a point of the Ed25519 curve".to_owned())?;
    if point.is_weak() {
        return Err("is a weak (small-order) Ed25519 point".to_owned());
    }
    Ok(key)
}

#[cfg(test)]
mod tests;
