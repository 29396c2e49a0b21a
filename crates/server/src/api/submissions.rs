//! Submission keys and signed submissions: an enterprise registers the Ed25519 public keys
//! it signs with and revokes them; anyone may read the keys (they are public, and checking a
//! signature needs them); the submissions signed with them are read by those who oversee the
//! enterprise.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use uuid::Uuid;
use yima_domain::signing::{check_label, parse_public_key};
use yima_domain::{SubmissionKey, SubmissionKeyRevocation};
use yima_store::StoreError;

use super::enterprises::{parse_credit_code, stored};
use super::now;
use crate::access::Caller;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, FieldProblem, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::receipt::ReceiptQuery;
use crate::wire::submissions::{
    SignedSubmissionView, SubmissionKeyRequest, SubmissionKeyRevocationRequest,
    SubmissionKeyRevocationView, SubmissionKeyView, SubmissionsQuery,
};

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;

/// Register a public key the enterprise signs submissions with. The private key stays with
/// the enterprise; a request signed with it carries `Yima-Signature` and is stored with its
/// signature. The registration is a ledger record.
#[utoipa::path(
    post, path = "/api/v1/enterprises/{credit_code}/submission-keys", operation_id = "register_submission_key", tag = "access",
    security(("bearer" = [])),
    params(("credit_code" = String, Path, description = "统一社会信用代码"), ReceiptQuery),
    request_body = SubmissionKeyRequest,
    responses(
        (status = 201, description = "Registered", body = SubmissionKeyView),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The public key is registered already", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(credit_code): ApiPath<String>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<SubmissionKeyRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let code = parse_credit_code(&credit_code)?;
    caller.require_acting_for(&code, &format!("enterprise {code}'s submission keys"))?;
    let enterprise = stored(&state, &code).await?;
    let mut problems = Vec::new();
    let public_key = parse_public_key(&request.public_key)
        .map_err(|p| problems.push(field("public_key", p)))
        .ok();
    let label = check_label(&request.label)
        .map_err(|p| problems.push(field("label", p)))
        .ok();
    let (Some(public_key), Some(label)) = (public_key, label) else {
        return Err(ApiError::fields(problems));
    };
    let key = SubmissionKey {
        id: Uuid::now_v7(),
        enterprise: enterprise.credit_code,
        public_key,
        label,
        registered_by: submitter(&caller)?,
        registered_at: now(),
    };
    let leaf = state
        .store
        .insert_submission_key(&key)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => ApiError::from(StoreError::Conflict {
                what: format!("public key {}", hex::encode(key.public_key)),
            }),
            other => other.into(),
        })?;
    let mut view = SubmissionKeyView::new(&key, None);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/submission-keys/{}", key.id),
        )],
        Json(view),
    ))
}

/// List an enterprise's submission keys, revoked ones included, oldest first. Public: a key
/// is needed to check what was signed with it.
#[utoipa::path(
    get, path = "/api/v1/enterprises/{credit_code}/submission-keys", operation_id = "list_submission_keys", tag = "access",
    params(("credit_code" = String, Path, description = "统一社会信用代码")),
    responses(
        (status = 200, description = "The keys, oldest first", body = Vec<SubmissionKeyView>),
        (status = 400, description = "A malformed credit code", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiPath(credit_code): ApiPath<String>,
) -> Result<Json<Vec<SubmissionKeyView>>, ApiError> {
    let code = parse_credit_code(&credit_code)?;
    let enterprise = stored(&state, &code).await?;
    let keys = state
        .store
        .submission_keys_of(&enterprise.credit_code)
        .await?;
    Ok(Json(
        keys.iter()
            .map(|(key, revocation)| SubmissionKeyView::new(key, revocation.as_ref()))
            .collect(),
    ))
}

/// Read a submission key. Public.
#[utoipa::path(
    get, path = "/api/v1/submission-keys/{id}", operation_id = "get_submission_key", tag = "access",
    params(("id" = Uuid, Path, description = "The key's id")),
    responses(
        (status = 200, description = "The key", body = SubmissionKeyView),
        (status = 400, description = "A malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SubmissionKeyView>, ApiError> {
    let (key, revocation) = state
        .store
        .submission_key(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no submission key {id}")))?;
    Ok(Json(SubmissionKeyView::new(&key, revocation.as_ref())))
}

/// Revoke a submission key: from now on what it signs is refused; what it signed before
/// stays verifiable. The revocation is a ledger record.
#[utoipa::path(
    post, path = "/api/v1/submission-keys/{id}/revocation", operation_id = "revoke_submission_key", tag = "access",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The key's id"), ReceiptQuery),
    request_body = SubmissionKeyRevocationRequest,
    responses(
        (status = 201, description = "Revoked", body = SubmissionKeyRevocationView),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another enterprise's key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Revoked already", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<SubmissionKeyRevocationRequest>,
) -> Result<(StatusCode, Json<SubmissionKeyRevocationView>), ApiError> {
    let (key, revoked) = state
        .store
        .submission_key(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no submission key {id}")))?;
    caller.require_acting_for(&key.enterprise, &format!("submission key {id}"))?;
    let reason =
        check_label(&request.reason).map_err(|p| ApiError::fields(vec![field("reason", p)]))?;
    let conflict = |at: chrono::DateTime<chrono::Utc>| {
        ApiError::from(StoreError::Conflict {
            what: format!("the revocation of submission key {id}, made at {at}"),
        })
    };
    if let Some(revocation) = revoked {
        return Err(conflict(revocation.revoked_at));
    }
    let revocation = SubmissionKeyRevocation {
        key_id: key.id,
        enterprise: key.enterprise,
        reason,
        revoked_by: submitter(&caller)?,
        revoked_at: now(),
    };
    let leaf = state
        .store
        .insert_submission_key_revocation(&revocation)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => conflict(revocation.revoked_at),
            // A submission under the key was stored at the same instant: the revocation would
            // end the key before something it admitted.
            StoreError::Invalid { problem } => ApiError::from(StoreError::Conflict {
                what: format!(
                    "a submission stored as the key was being revoked ({problem}); revoke it again"
                ),
            }),
            other => other.into(),
        })?;
    let mut view = SubmissionKeyRevocationView::from(&revocation);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((StatusCode::CREATED, Json(view)))
}

/// Read a signed submission with the bytes signed and its key: enough to check the
/// signature without trusting the platform (`yima submission verify`). For the enterprise,
/// administrators, its associations and regulators whose jurisdiction holds it.
#[utoipa::path(
    get, path = "/api/v1/submissions/{id}", operation_id = "get_signed_submission", tag = "access",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The submission's id (the Yima-Submission header of the answer)")),
    responses(
        (status = 200, description = "The submission", body = SignedSubmissionView),
        (status = 400, description = "A malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such submission, or not one the caller may read", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_submission(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SignedSubmissionView>, ApiError> {
    let missing = || ApiError::not_found(format!("no signed submission {id} that you may read"));
    let submission = state
        .store
        .signed_submission(id)
        .await?
        .ok_or_else(missing)?;
    let enterprise = stored(&state, &submission.enterprise).await?;
    // Another enterprise's submission is not found, rather than forbidden: its id says
    // nothing to those who may not read it.
    if !caller.oversees(&enterprise) {
        return Err(missing());
    }
    let (key, _) = state
        .store
        .submission_key(submission.key_id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("submission {id}'s key is not stored")))?;
    Ok(Json(SignedSubmissionView::new(
        &submission,
        &key.public_key,
    )))
}

/// List an enterprise's signed submissions, newest first.
#[utoipa::path(
    get, path = "/api/v1/enterprises/{credit_code}/submissions", operation_id = "list_signed_submissions", tag = "access",
    security(("bearer" = [])),
    params(("credit_code" = String, Path, description = "统一社会信用代码"), SubmissionsQuery),
    responses(
        (status = 200, description = "Submissions, newest first", body = Vec<SignedSubmissionView>),
        (status = 400, description = "A malformed parameter", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An enterprise the caller does not oversee", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_submissions(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(credit_code): ApiPath<String>,
    ApiQuery(query): ApiQuery<SubmissionsQuery>,
) -> Result<Json<Vec<SignedSubmissionView>>, ApiError> {
    let code = parse_credit_code(&credit_code)?;
    let enterprise = stored(&state, &code).await?;
    if !caller.oversees(&enterprise) {
        return Err(ApiError::forbidden(format!(
            "enterprise {code}'s submissions are for it, its associations, administrators and regulators whose jurisdiction holds it"
        )));
    }
    let limit = super::page_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let submissions = state
        .store
        .signed_submissions_of(&code, query.before, limit)
        .await?;
    let keys = state.store.submission_keys_of(&code).await?;
    let mut views = Vec::with_capacity(submissions.len());
    for submission in &submissions {
        let (key, _) = keys
            .iter()
            .find(|(key, _)| key.id == submission.key_id)
            .ok_or_else(|| {
                ApiError::internal(format!("submission {}'s key is not stored", submission.id))
            })?;
        views.push(SignedSubmissionView::new(submission, &key.public_key));
    }
    Ok(Json(views))
}

fn field(name: &str, problem: String) -> FieldProblem {
    FieldProblem {
        field: name.to_owned(),
        problem,
    }
}

fn submitter(caller: &Caller) -> Result<String, ApiError> {
    caller
        .submitter()
        .ok_or_else(|| ApiError::internal("a write without a keyed caller"))
}
