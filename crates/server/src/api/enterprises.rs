//! Enterprises: register, read, list.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use yima_codes::enterprise::CreditCode;
use yima_domain::EnterpriseDraft;

use super::now;
use crate::auth::Admin;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::registry::{EnterprisePage, EnterpriseRequest, EnterpriseView, PageQuery};

/// Register an enterprise.
#[utoipa::path(
    post, path = "/api/v1/enterprises", operation_id = "register_enterprise", tag = "registry",
    security(("bearer" = [])),
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
    _admin: Admin,
    ApiJson(request): ApiJson<EnterpriseRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let enterprise = EnterpriseDraft::from(request)
        .validate(now())
        .map_err(|e| ApiError::invalid("", e))?;
    state.store.insert_enterprise(&enterprise).await?;
    let location = format!("/api/v1/enterprises/{}", enterprise.credit_code);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(EnterpriseView::from(&enterprise)),
    ))
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
    ApiPath(credit_code): ApiPath<String>,
) -> Result<Json<EnterpriseView>, ApiError> {
    let code = CreditCode::parse(&credit_code).map_err(|e| {
        ApiError::bad_request(
            "malformed-credit-code",
            "Malformed credit code",
            e.to_string(),
        )
    })?;
    let enterprise = state
        .store
        .enterprise(&code)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no enterprise {code} is registered")))?;
    Ok(Json(EnterpriseView::from(&enterprise)))
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
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<EnterprisePage>, ApiError> {
    let limit = page.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_request(
            "bad-query",
            "Malformed query string",
            format!("limit: {limit} is not between 1 and 1000"),
        ));
    }
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
    Ok(Json(EnterprisePage {
        items: items.iter().map(EnterpriseView::from).collect(),
        next_after,
    }))
}
