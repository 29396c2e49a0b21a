//! The audit trail: who wrote or read what, when, from where.

use axum::Json;
use axum::extract::State;

use crate::access::{Audience, Caller};
use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::audit::{AuditEntryView, AuditQuery};

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1_000;

/// List the audit trail, newest first: every write and every read made with a key.
/// Administrators and national regulators see everyone's entries; any other account its own.
#[utoipa::path(
    get, path = "/api/v1/audit", operation_id = "list_audit", tag = "access",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "Entries, newest first", body = Vec<AuditEntryView>),
        (status = 400, description = "A parameter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another account's entries", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditEntryView>>, ApiError> {
    let limit = super::page_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let sees_all = caller
        .audiences()
        .iter()
        .any(|a| matches!(a, Audience::Admin | Audience::NationalRegulator));
    let own = caller
        .submitter()
        .ok_or_else(|| ApiError::internal("the audit trail read without a keyed caller"))?;
    let account = match query.account {
        Some(asked) if !sees_all && asked != own => {
            return Err(ApiError::forbidden(format!(
                "account {own} may read only its own audit entries, not {asked}'s"
            )));
        }
        Some(asked) => Some(asked),
        None if sees_all => None,
        None => Some(own),
    };
    let entries = state
        .store
        .audit_entries(account.as_deref(), query.before, limit)
        .await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|(batch, entry)| AuditEntryView::new(batch, entry))
            .collect(),
    ))
}
