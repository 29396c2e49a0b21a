//! `GET /api/v1/resolve`: what a scanned code is, and what the platform knows of it.

use axum::Json;
use axum::extract::State;
use yima_codes::Scan;
use yima_domain::Resolution;

use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::resolve::{ResolveQuery, ResolveResponse};

/// Longer than any code a symbol can carry (a QR code holds at most 4,296 characters).
const MAX_CODE_CHARS: usize = 4_296;

/// Resolve a scanned code.
///
/// A malformed code is refused with 400 and the rule it breaks; a well-formed code the
/// platform does not know is answered with the verdict `unknown`.
#[utoipa::path(
    get, path = "/api/v1/resolve", operation_id = "resolve", tag = "scan",
    params(ResolveQuery),
    responses(
        (status = 200, description = "The verdict and the key information", body = ResolveResponse),
        (status = 400, description = "The code is malformed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resolve(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ResolveQuery>,
) -> Result<Json<ResolveResponse>, ApiError> {
    let length = query.code.chars().count();
    if length > MAX_CODE_CHARS {
        return Err(ApiError::bad_request(
            "malformed-code",
            "Malformed code",
            format!("code: {length} characters is longer than any symbol holds ({MAX_CODE_CHARS})"),
        ));
    }
    let scan = Scan::parse(&query.code).map_err(|e| {
        ApiError::bad_request("malformed-code", "Malformed code", format!("code: {e}"))
    })?;
    let found = state.store.lookup(&scan.code).await?;
    let resolution = Resolution::judge(scan.code.clone(), found);
    Ok(Json(ResolveResponse::new(
        &scan,
        resolution,
        &state.catalogue,
    )))
}
