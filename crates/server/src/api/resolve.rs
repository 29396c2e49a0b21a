//! `GET /api/v1/resolve`: what a scanned code is, and what the platform knows of it.

use axum::Json;
use axum::extract::State;
use yima_domain::Resolution;

use super::parse::parse_scan;
use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::codes::CodeQuery;
use crate::wire::resolve::ResolveResponse;

/// Resolve a scanned code.
///
/// A malformed code is refused with 400 and the rule it breaks; a well-formed code the
/// platform does not know is answered with the verdict `unknown`.
#[utoipa::path(
    get, path = "/api/v1/resolve", operation_id = "resolve", tag = "scan",
    params(CodeQuery),
    responses(
        (status = 200, description = "The verdict and the key information", body = ResolveResponse),
        (status = 400, description = "The code is malformed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resolve(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<CodeQuery>,
) -> Result<Json<ResolveResponse>, ApiError> {
    let scan = parse_scan(&query.code)?;
    let found = state.store.lookup(&scan.code).await?;
    let resolution = Resolution::judge(scan.code.clone(), found);
    Ok(Json(ResolveResponse::new(
        &scan,
        resolution,
        &state.catalogue,
    )))
}
