//! Witnessing (c2sp.org/tlog-witness and tlog-cosignature): the policy naming the log's
//! witnesses, the request body a witness's `add-checkpoint` takes, and where witnesses that
//! are not asked post their cosignatures. Posting needs no token: a cosignature either
//! verifies under a witness key of the policy or is refused.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;
use yima_ledger::Checkpoint;

use super::log::{TEXT_PLAIN, latest_checkpoint};
use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::ledger::CosignaturesAccepted;
use crate::witness::{CosignatureError, accept_cosignatures, add_checkpoint_body, note_text};

/// The log's witness policy.
///
/// The line `log <vkey>` (the log's key), then `witness <name> <vkey> [<url>]` for each
/// witness (cosignature/v1 keys) and `quorum <n>`: how many cosignatures a verifier should
/// require of a checkpoint.
#[utoipa::path(
    get, path = "/log/witnesses", operation_id = "log_witnesses", tag = "ledger",
    responses(
        (status = 200, description = "The policy", body = String, content_type = "text/plain"),
    )
)]
pub async fn witnesses(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, TEXT_PLAIN)],
        format!("log {}\n{}", state.ledger.key().verifier(), state.witnesses),
    )
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AddCheckpointQuery {
    /// The size of the checkpoint the witness cosigned last (0 if none).
    pub old: u64,
}

/// What to send a witness.
///
/// The exact body of a c2sp.org/tlog-witness `POST <witness>/add-checkpoint` for the latest
/// checkpoint: `old <size>`, the consistency proof from that size (one base64 hash per line),
/// an empty line, and the checkpoint note.
#[utoipa::path(
    get, path = "/log/witness/add-checkpoint", operation_id = "log_add_checkpoint", tag = "ledger",
    params(AddCheckpointQuery),
    responses(
        (status = 200, description = "The request body", body = String, content_type = "text/plain"),
        (status = 400, description = "`old` is missing, malformed or larger than the latest checkpoint", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_checkpoint(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AddCheckpointQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let checkpoint = latest_checkpoint(&state)?;
    if query.old > checkpoint.size {
        return Err(ApiError::bad_request(
            "bad-query",
            "Malformed query string",
            format!(
                "old: {} is larger than the latest checkpoint's size {}",
                query.old, checkpoint.size
            ),
        ));
    }
    let body = add_checkpoint_body(state.store.as_ref(), &checkpoint, query.old).await?;
    Ok((
        [
            (header::CONTENT_TYPE, TEXT_PLAIN),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    ))
}

/// Add witness cosignatures to a checkpoint.
///
/// The body is one of this log's checkpoint notes carrying cosignature lines
/// (c2sp.org/tlog-cosignature); each line of a witness key in the policy is verified and
/// stored, other lines are ignored. From then on the checkpoint is served with them.
#[utoipa::path(
    post, path = "/log/cosignatures", operation_id = "log_add_cosignatures", tag = "ledger",
    request_body(content = String, content_type = "text/plain", description = "A checkpoint note with cosignature lines"),
    responses(
        (status = 200, description = "The cosignatures were verified and stored", body = CosignaturesAccepted),
        (status = 400, description = "Not a checkpoint note of this log, or no line verifies under a witness key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The log has no checkpoint of that size", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cosignatures(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CosignaturesAccepted>, ApiError> {
    let bad =
        |detail: String| ApiError::bad_request("bad-cosignature", "Cosignature refused", detail);
    let body = body.map_err(|e| bad(e.body_text()))?;
    let note = std::str::from_utf8(&body).map_err(|_| bad("the body is not UTF-8".to_owned()))?;
    let text = note_text(note).ok_or_else(|| {
        bad("the body is not a signed note: no blank line before signature lines".to_owned())
    })?;
    let size = Checkpoint::parse(text)
        .map_err(|e| bad(format!("the note is not a checkpoint: {e}")))?
        .size;
    let stored =
        state.store.checkpoint(size).await?.ok_or_else(|| {
            ApiError::not_found(format!("the log has no checkpoint of size {size}"))
        })?;
    let verifiers = state.witnesses.verifiers();
    let accepted = accept_cosignatures(state.store.as_ref(), &stored, note, &verifiers)
        .await
        .map_err(|e| match e {
            CosignatureError::Store(e) => e.into(),
            other => bad(other.to_string()),
        })?;
    Ok(Json(CosignaturesAccepted {
        verified: accepted.verified,
        new: accepted.new,
    }))
}
