//! Submission keys, their revocations and signed submissions as rows: one row each, read back
//! as their leaves committed to them. The statements serve both engines; the engines differ
//! only in how the key's row is locked while a revocation or a submission is checked against
//! it (`key_enterprise!` with the engine's locking clause, none on SQLite, whose one writer
//! runs every write transaction in turn).

use crate::common::{bounded, invalid};
use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::{SignedSubmission, SubmissionKey, SubmissionKeyRevocation};

use crate::StoreError;
use crate::common::micros;

/// The most submissions `signed_submissions_of` returns, whatever the limit asked for.
pub(crate) const MAX_LISTED: u32 = 1_000;

/// The longest reason a revocation may give, in characters.
pub(crate) const MAX_REASON_CHARS: usize = 500;

/// The longest target (path and query) a submission may have, in characters: more than any
/// request line a server accepts.
pub(crate) const MAX_TARGET_CHARS: usize = 65_536;

/// The enterprise of a key, by its id; the engine appends its row lock.
macro_rules! key_enterprise {
    () => {
        "SELECT enterprise FROM submission_keys WHERE id = $1"
    };
}

pub(crate) use key_enterprise;

/// The select list of a key aliased `k` with its revocation aliased `r`, if it has one.
macro_rules! key_columns {
    () => {
        "k.id, k.enterprise, k.public_key, k.label, k.registered_by, k.registered_at, \
         r.enterprise, r.reason, r.revoked_by, r.revoked_at"
    };
}

/// The columns of a signed submission, in the order `SubmissionRow` decodes them.
macro_rules! submission_columns {
    () => {
        "id, key_id, enterprise, method, target, signed_at, body, body_sha256, signature, \
         request_id, received_at"
    };
}

/// A missing enterprise or registering account is a foreign key violation; a repeated id or
/// public key a unique one.
pub(crate) const INSERT_KEY: &str = "INSERT INTO submission_keys \
     (id, enterprise, public_key, label, registered_by, registered_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";

/// Which of a key's references exist: its enterprise's, then the registering account's.
pub(crate) const KEY_REFERENCES: &str = "SELECT \
     EXISTS (SELECT 1 FROM enterprises WHERE credit_code = $1), \
     EXISTS (SELECT 1 FROM accounts WHERE id = $2)";

pub(crate) const KEY: &str = concat!(
    "SELECT ",
    key_columns!(),
    " FROM submission_keys k LEFT JOIN submission_key_revocations r ON r.key_id = k.id \
      WHERE k.id = $1"
);

pub(crate) const KEYS_OF: &str = concat!(
    "SELECT ",
    key_columns!(),
    " FROM submission_keys k LEFT JOIN submission_key_revocations r ON r.key_id = k.id \
      WHERE k.enterprise = $1 ORDER BY k.registered_at, k.id"
);

/// When a key was revoked, if it was.
pub(crate) const REVOKED_AT: &str =
    "SELECT revoked_at FROM submission_key_revocations WHERE key_id = $1";

/// The earliest submission under a key received at or after a time: what a revocation dated
/// at that time would contradict. By the enterprise's index, over the submissions received
/// since (few, for a revocation dated now).
pub(crate) const RECEIVED_SINCE: &str = "SELECT id, received_at FROM signed_submissions \
     WHERE enterprise = $1 AND received_at >= $2 AND key_id = $3 \
     ORDER BY received_at, id LIMIT 1";

/// A missing revoking account is a foreign key violation; a second revocation of the key a
/// unique one (checked before, inside the transaction that holds the key's row).
pub(crate) const INSERT_REVOCATION: &str = "INSERT INTO submission_key_revocations \
     (key_id, enterprise, reason, revoked_by, revoked_at) VALUES ($1, $2, $3, $4, $5)";

pub(crate) const INSERT_SUBMISSION: &str = concat!(
    "INSERT INTO signed_submissions (",
    submission_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
);

pub(crate) const SUBMISSION: &str = concat!(
    "SELECT ",
    submission_columns!(),
    " FROM signed_submissions WHERE id = $1"
);

// The listings, one statement with the bound and one without, so that each can use the
// index (a `$2 IS NULL OR ...` condition would keep the planners from it).

pub(crate) const SUBMISSIONS_OF: &str = concat!(
    "SELECT ",
    submission_columns!(),
    " FROM signed_submissions WHERE enterprise = $1 \
      ORDER BY received_at DESC, id DESC LIMIT $2"
);

pub(crate) const SUBMISSIONS_OF_BEFORE: &str = concat!(
    "SELECT ",
    submission_columns!(),
    " FROM signed_submissions WHERE enterprise = $1 AND received_at < $2 \
      ORDER BY received_at DESC, id DESC LIMIT $3"
);

pub(crate) type KeyRow = (
    Uuid,
    String,
    Vec<u8>,
    String,
    String,
    DateTime<Utc>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
);

pub(crate) type SubmissionRow = (
    Uuid,
    Uuid,
    String,
    String,
    String,
    DateTime<Utc>,
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
    Option<String>,
    DateTime<Utc>,
);

/// An account id: any the accounts table could hold (one it does not hold is a missing
/// reference, found by the foreign key), but without NUL.
fn account_id(what: &str, id: &str) -> Result<(), StoreError> {
    if id.contains('\0') {
        return Err(invalid(format!("{what} must not contain NUL")));
    }
    Ok(())
}

/// Refuses what no submission key can be stored as, before anything is written.
pub(crate) fn check_key(k: &SubmissionKey) -> Result<(), StoreError> {
    let what = |field: &str| format!("the {field} of submission key {}", k.id);
    bounded(
        &what("label"),
        &k.label,
        1,
        yima_domain::signing::MAX_LABEL_CHARS,
    )?;
    account_id(&what("registering account"), &k.registered_by)
}

/// Refuses what no revocation can be stored as, before anything is written.
pub(crate) fn check_revocation(r: &SubmissionKeyRevocation) -> Result<(), StoreError> {
    let what = |field: &str| {
        format!(
            "the {field} of the revocation of submission key {}",
            r.key_id
        )
    };
    bounded(&what("reason"), &r.reason, 1, MAX_REASON_CHARS)?;
    account_id(&what("revoking account"), &r.revoked_by)
}

/// Refuses what no signed submission can be stored as, before anything is written. The
/// signing time is whole seconds: the signature covers it in Unix seconds, and a fraction
/// would be stored without being signed.
pub(crate) fn check_submission(s: &SignedSubmission) -> Result<(), StoreError> {
    let what = |field: &str| format!("the {field} of signed submission {}", s.id);
    bounded(&what("method"), &s.method, 1, 16)?;
    bounded(&what("target"), &s.target, 1, MAX_TARGET_CHARS)?;
    if let Some(request_id) = &s.request_id {
        bounded(&what("request id"), request_id, 0, 200)?;
    }
    if s.signed_at.timestamp_subsec_nanos() != 0 {
        return Err(invalid(format!(
            "{} must be whole seconds, not {}",
            what("signing time"),
            s.signed_at.to_rfc3339()
        )));
    }
    Ok(())
}

/// That a revocation or submission names its key's own enterprise.
pub(crate) fn check_enterprise(
    what: &str,
    key_id: Uuid,
    key_enterprise: &str,
    named: &CreditCode,
) -> Result<(), StoreError> {
    if key_enterprise == named.as_str() {
        return Ok(());
    }
    Err(invalid(format!(
        "{what} names enterprise {named}, but submission key {key_id} is enterprise \
         {key_enterprise}'s"
    )))
}

/// Refuses a submission received at or after its key's revocation (compared as stored, to
/// the microsecond).
pub(crate) fn check_not_revoked(
    s: &SignedSubmission,
    revoked_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    match revoked_at {
        Some(revoked_at) if revoked_at <= micros(s.received_at) => Err(invalid(format!(
            "submission key {} was revoked at {}, at or before signed submission {} was \
             received ({})",
            s.key_id,
            revoked_at.to_rfc3339(),
            s.id,
            micros(s.received_at).to_rfc3339()
        ))),
        _ => Ok(()),
    }
}

/// Refuses a revocation dated at or before a submission its key has signed and that was
/// stored: from its time on, the key's submissions are refused, so it cannot be dated before
/// one that was accepted.
pub(crate) fn check_not_backdated(
    r: &SubmissionKeyRevocation,
    received: Option<(Uuid, DateTime<Utc>)>,
) -> Result<(), StoreError> {
    match received {
        Some((id, received_at)) => Err(invalid(format!(
            "the revocation of submission key {} is dated {}, but signed submission {id} was \
             received under the key at {}: a revocation cannot be dated before what the key \
             signed",
            r.key_id,
            micros(r.revoked_at).to_rfc3339(),
            received_at.to_rfc3339()
        ))),
        None => Ok(()),
    }
}

/// What a key's insert collided with, from the constraint (`submission_keys_public_key_key`
/// on PostgreSQL, `submission_keys.public_key` in SQLite's message). The public key is
/// named: it is public.
pub(crate) fn key_conflict(k: &SubmissionKey, constraint: &str) -> String {
    if constraint.contains("public_key") {
        format!("a submission key with public key {}", hex_of(&k.public_key))
    } else {
        format!("submission key {}", k.id)
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn corrupt(what: &str, problem: String) -> StoreError {
    StoreError::Corrupt {
        what: what.to_owned(),
        problem,
    }
}

fn credit_code(what: &str, code: &str) -> Result<CreditCode, StoreError> {
    CreditCode::parse(code).map_err(|e| corrupt(what, format!("{code:?}: {e}")))
}

fn fixed<const N: usize>(what: &str, bytes: Vec<u8>) -> Result<[u8; N], StoreError> {
    <[u8; N]>::try_from(bytes)
        .map_err(|b| corrupt(what, format!("{} bytes where {N} belong", b.len())))
}

/// A key row back into the key and its revocation.
pub(crate) fn decode_key(
    (
        id,
        enterprise,
        public_key,
        label,
        registered_by,
        registered_at,
        r_enterprise,
        reason,
        revoked_by,
        revoked_at,
    ): KeyRow,
) -> Result<(SubmissionKey, Option<SubmissionKeyRevocation>), StoreError> {
    let key = SubmissionKey {
        id,
        enterprise: credit_code("submission_keys.enterprise", &enterprise)?,
        public_key: fixed("submission_keys.public_key", public_key)?,
        label,
        registered_by,
        registered_at,
    };
    let revocation = match (r_enterprise, reason, revoked_by, revoked_at) {
        (None, None, None, None) => None,
        (Some(enterprise), Some(reason), Some(revoked_by), Some(revoked_at)) => {
            let enterprise = credit_code("submission_key_revocations.enterprise", &enterprise)?;
            if enterprise != key.enterprise {
                return Err(corrupt(
                    "submission_key_revocations.enterprise",
                    format!(
                        "the revocation of key {id} names enterprise {enterprise}, the key is {}'s",
                        key.enterprise
                    ),
                ));
            }
            Some(SubmissionKeyRevocation {
                key_id: id,
                enterprise,
                reason,
                revoked_by,
                revoked_at,
            })
        }
        _ => {
            return Err(corrupt(
                "submission_key_revocations",
                format!("the revocation of key {id} lacks a column"),
            ));
        }
    };
    Ok((key, revocation))
}

/// A submission row back into the submission; its body must still hash to the digest stored
/// with it, which its leaf committed to.
pub(crate) fn decode_submission(
    (
        id,
        key_id,
        enterprise,
        method,
        target,
        signed_at,
        body,
        body_sha256,
        signature,
        request_id,
        received_at,
    ): SubmissionRow,
) -> Result<SignedSubmission, StoreError> {
    let body_sha256: [u8; 32] = fixed("signed_submissions.body_sha256", body_sha256)?;
    let submission = SignedSubmission {
        id,
        key_id,
        enterprise: credit_code("signed_submissions.enterprise", &enterprise)?,
        method,
        target,
        signed_at,
        body,
        signature: fixed("signed_submissions.signature", signature)?,
        request_id,
        received_at,
    };
    if submission.body_sha256() != body_sha256 {
        return Err(corrupt(
            "signed_submissions.body",
            format!(
                "the body of submission {id} does not hash to its stored SHA-256 {}",
                hex_of(&body_sha256)
            ),
        ));
    }
    Ok(submission)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn submission() -> SignedSubmission {
        SignedSubmission {
            id: Uuid::nil(),
            key_id: Uuid::nil(),
            enterprise: CreditCode::parse("91350100M000100Y43").unwrap(),
            method: "POST".into(),
            target: "/api/v1/flows".into(),
            signed_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            body: b"{}".to_vec(),
            signature: [1; 64],
            request_id: None,
            received_at: DateTime::from_timestamp(1_700_000_001, 500).unwrap(),
        }
    }

    #[test]
    fn fractions_of_a_second_are_not_signed() {
        assert!(check_submission(&submission()).is_ok());
        let mut s = submission();
        s.signed_at += chrono::TimeDelta::milliseconds(1);
        assert!(matches!(
            check_submission(&s),
            Err(StoreError::Invalid { problem }) if problem.contains("whole seconds")
        ));
    }

    #[test]
    fn a_revocation_counts_from_its_microsecond_on() {
        let s = submission();
        let stored = micros(s.received_at);
        assert!(check_not_revoked(&s, None).is_ok());
        assert!(check_not_revoked(&s, Some(stored)).is_err());
        assert!(check_not_revoked(&s, Some(stored - chrono::TimeDelta::seconds(1))).is_err());
        assert!(check_not_revoked(&s, Some(stored + chrono::TimeDelta::microseconds(1))).is_ok());
    }

    #[test]
    fn a_body_that_no_longer_hashes_to_its_digest_is_corrupt() {
        let s = submission();
        let row = |body: &[u8]| -> SubmissionRow {
            (
                s.id,
                s.key_id,
                s.enterprise.to_string(),
                s.method.clone(),
                s.target.clone(),
                s.signed_at,
                body.to_vec(),
                s.body_sha256().to_vec(),
                s.signature.to_vec(),
                None,
                s.received_at,
            )
        };
        assert_eq!(decode_submission(row(b"{}")).unwrap(), s);
        assert!(matches!(
            decode_submission(row(b"{ }")),
            Err(StoreError::Corrupt { what, .. }) if what == "signed_submissions.body"
        ));
    }
}
