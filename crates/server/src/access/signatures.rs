//! Signed submissions on the wire: a write that carries `Yima-Signature` is checked against
//! the enterprise's registered key and stored, with the exact bytes signed, before it is
//! carried out. The handler then sees the same body; the answer names the stored submission
//! in `Yima-Submission`, and the audit trail records the outcome under the request's id.
//!
//! The submission is stored first so that an acknowledged signed write always has its
//! signature on record; a write that is then refused leaves a submission whose outcome the
//! audit trail shows as refused — the signed record of what was sent, like the trail itself.

use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderValue;
use uuid::Uuid;
use yima_domain::SignedSubmission;
use yima_domain::signing::{SIGNATURE_HEADER, SignatureHeader};
use yima_store::StoreError;

use super::Caller;
use crate::problem::ApiError;
use crate::state::AppState;

/// The largest body a signed request may have: the largest any route takes (an EPCIS capture
/// document); each handler applies its own limit after.
const MAX_SIGNED_BODY: usize = crate::epcis::capture::MAX_DOCUMENT_BYTES;

/// The id of the submission a request was stored as, left in the request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct StoredSubmission(pub Uuid);

impl StoredSubmission {
    pub fn header_value(self) -> Option<HeaderValue> {
        HeaderValue::from_str(&self.0.hyphenated().to_string()).ok()
    }
}

/// Checks and stores a signed request; an unsigned one passes as it is. Refusals: 400 for a
/// malformed header or a signed read, 401 for an unknown or revoked key, a clock too far off
/// or a signature that does not verify, 403 for another enterprise's key, 413 for a body over
/// the largest limit. Nothing is stored for a refused signature.
pub async fn accept(
    state: &AppState,
    caller: &Caller,
    request: Request,
) -> Result<(Request, Option<StoredSubmission>), ApiError> {
    let Some(value) = request.headers().get(SIGNATURE_HEADER) else {
        return Ok((request, None));
    };
    let bad =
        |detail: String| ApiError::bad_request("bad-signature", "Malformed signature", detail);
    if request.method().is_safe() {
        return Err(bad(format!(
            "{} requests are not signed: Yima-Signature is for writes",
            request.method()
        )));
    }
    let header = value
        .to_str()
        .map_err(|_| "is not visible ASCII".to_owned())
        .and_then(SignatureHeader::parse)
        .map_err(|problem| bad(format!("the Yima-Signature header: {problem}")))?;
    let signed_at = chrono::DateTime::from_timestamp(header.signed_at, 0).ok_or_else(|| {
        bad(format!(
            "the Yima-Signature header: created {} is out of range",
            header.signed_at
        ))
    })?;
    let Some((key, revocation)) = state.store.submission_key(header.key_id).await? else {
        return Err(ApiError::unauthorized(format!(
            "submission key {} is not registered",
            header.key_id
        )));
    };
    let now = chrono::Utc::now();
    if let Some(revocation) = revocation.filter(|r| r.revoked_at <= now) {
        return Err(ApiError::unauthorized(format!(
            "submission key {} was revoked at {}",
            key.id,
            revocation.revoked_at.to_rfc3339()
        )));
    }
    if !caller.acts_for(&key.enterprise) {
        return Err(ApiError::forbidden(format!(
            "submission key {} is enterprise {}'s; only its own accounts and administrators may send what it signs",
            key.id, key.enterprise
        )));
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_SIGNED_BODY)
        .await
        .map_err(|e| {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if too_large {
                ApiError::too_large(format!(
                    "a signed body may have at most {MAX_SIGNED_BODY} bytes"
                ))
            } else {
                bad(format!("the body could not be read: {e}"))
            }
        })?;
    let submission = SignedSubmission {
        id: Uuid::now_v7(),
        key_id: key.id,
        enterprise: key.enterprise.clone(),
        method: parts.method.as_str().to_owned(),
        target: parts
            .uri
            .path_and_query()
            .map_or(parts.uri.path(), |p| p.as_str())
            .to_owned(),
        signed_at,
        body: body.to_vec(),
        signature: header.signature,
        request_id: parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        received_at: now,
    };
    let refused = |e: yima_domain::signing::SignatureRefusal| ApiError::unauthorized(e.to_string());
    submission.check_clock(now).map_err(refused)?;
    submission.verify(&key.public_key).map_err(refused)?;
    match state.store.insert_signed_submission(&submission).await {
        Ok(_) => state.ledger.written(1),
        // Revoked between the check above and the insert.
        Err(StoreError::Invalid { problem }) => return Err(ApiError::unauthorized(problem)),
        Err(e) => return Err(e.into()),
    }
    let request = Request::from_parts(parts, Body::from(body));
    Ok((request, Some(StoredSubmission(submission.id))))
}
