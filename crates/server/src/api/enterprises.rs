//! Enterprises: register, read, list.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use yima_codes::enterprise::CreditCode;
use yima_domain::{Enterprise, EnterpriseDraft, RecordRef, apply_to_enterprise};

use super::now;
use crate::access::Caller;
use crate::corrections;
use crate::disclosure::Viewer;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::receipt::ReceiptQuery;
use crate::wire::registry::{
    CorrectionRequest, EnterprisePage, EnterpriseRequest, EnterpriseView, PageQuery,
};

/// Register an enterprise.
#[utoipa::path(
    post, path = "/api/v1/enterprises", operation_id = "register_enterprise", tag = "registry",
    security(("bearer" = [])),
    params(ReceiptQuery),
    request_body = EnterpriseRequest,
    responses(
        (status = 201, description = "Registered", body = EnterpriseView),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The credit code is registered already", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<EnterpriseRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let enterprise = EnterpriseDraft::from(request)
        .validate(now())
        .map_err(|e| ApiError::invalid("", e))?;
    let leaf = state.store.insert_enterprise(&enterprise).await?;
    let location = format!("/api/v1/enterprises/{}", enterprise.credit_code);
    let mut view = EnterpriseView::from(&enterprise);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    ))
}

pub(crate) fn parse_credit_code(credit_code: &str) -> Result<CreditCode, ApiError> {
    CreditCode::parse(credit_code).map_err(|e| {
        ApiError::bad_request(
            "malformed-credit-code",
            "Malformed credit code",
            e.to_string(),
        )
    })
}

pub(crate) async fn stored(state: &AppState, code: &CreditCode) -> Result<Enterprise, ApiError> {
    state
        .store
        .enterprise(code)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no enterprise {code} is registered")))
}

/// Correct an enterprise's record.
///
/// The record is never edited: the correction is a new record that names it, with the fields
/// it changes and why, and a leaf of the ledger of its own. Reads show the corrected state and
/// the corrections.
#[utoipa::path(
    post, path = "/api/v1/enterprises/{credit_code}/corrections", operation_id = "correct_enterprise", tag = "registry",
    security(("bearer" = [])),
    params(("credit_code" = String, Path, description = "统一社会信用代码", pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"), ReceiptQuery),
    request_body = CorrectionRequest,
    responses(
        (status = 201, description = "Corrected: the enterprise as it now stands", body = EnterpriseView),
        (status = 400, description = "A change or the reason is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(credit_code): ApiPath<String>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<CorrectionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let code = parse_credit_code(&credit_code)?;
    caller.require_acting_for(&code, &format!("the record of enterprise {code}"))?;
    let original = corrections::enterprise(&state, stored(&state, &code).await?).await?;
    let subject = RecordRef::Enterprise(code);
    let (corrected, history, ledger) = corrections::correct(
        &state,
        original,
        subject,
        request,
        apply_to_enterprise,
        &receipt,
    )
    .await?;
    let mut view = EnterpriseView::from(&corrected);
    view.corrections = corrections::history(&history);
    view.ledger = Some(ledger);
    Ok((StatusCode::CREATED, Json(view)))
}

/// Read an enterprise by its credit code.
#[utoipa::path(
    get, path = "/api/v1/enterprises/{credit_code}", operation_id = "get_enterprise", tag = "registry",
    params(("credit_code" = String, Path, description = "统一社会信用代码", pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")),
    responses(
        (status = 200, description = "The enterprise", body = EnterpriseView),
        (status = 400, description = "Malformed credit code", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(credit_code): ApiPath<String>,
) -> Result<Json<EnterpriseView>, ApiError> {
    let code = parse_credit_code(&credit_code)?;
    let (current, history) = corrections::enterprise(&state, stored(&state, &code).await?).await?;
    let mut view = EnterpriseView::from(&current);
    view.corrections = corrections::history(&history);
    let shown = Viewer::new(&state, &caller)
        .registry(&current.credit_code, None)
        .await?;
    view.disclose(&shown);
    Ok(Json(view))
}

/// List enterprises by credit code, a page at a time.
#[utoipa::path(
    get, path = "/api/v1/enterprises", operation_id = "list_enterprises", tag = "registry",
    params(PageQuery),
    responses(
        (status = 200, description = "One page", body = EnterprisePage),
        (status = 400, description = "Malformed paging", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<EnterprisePage>, ApiError> {
    let limit = super::page_limit(page.limit, 100, 1000)?;
    let after = page
        .after
        .as_deref()
        .map(CreditCode::parse)
        .transpose()
        .map_err(|e| {
            ApiError::bad_request("bad-query", "Malformed query string", format!("after: {e}"))
        })?;
    let items = state.store.enterprises(after.as_ref(), limit).await?;
    let next_after = (items.len() == limit as usize)
        .then(|| items.last().map(|e| e.credit_code.to_string()))
        .flatten();
    let mut views = Vec::with_capacity(items.len());
    let mut viewer = Viewer::new(&state, &caller);
    for enterprise in items {
        let (current, history) = corrections::enterprise(&state, enterprise).await?;
        let mut view = EnterpriseView::from(&current);
        view.corrections = corrections::history(&history);
        view.disclose(&viewer.registry(&current.credit_code, None).await?);
        views.push(view);
    }
    Ok(Json(EnterprisePage {
        items: views,
        next_after,
    }))
}
