//! `GET /api/v1/resolve`: what a scanned code is, and what the platform knows of it.

use axum::Json;
use axum::extract::State;
use yima_codes::TraceCode;
use yima_domain::{Found, Resolution};

use super::parse::parse_scan;
use crate::access::Caller;
use crate::corrections;
use crate::disclosure::Viewer;
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
    caller: Caller,
    ApiQuery(query): ApiQuery<CodeQuery>,
) -> Result<Json<ResolveResponse>, ApiError> {
    let scan = parse_scan(&state.rules, &query.code)?;
    if let TraceCode::Platform(code) = &scan.code {
        // Only the key can tell a platform code from a forgery; the store holds no keys.
        let genuine = state
            .keys
            .get(code.key_id())
            .is_some_and(|key| code.verify(key).is_ok());
        if !genuine {
            let mut resolution = Resolution::judge(scan.code.clone(), Found::default());
            resolution.warnings.push(
                "this is not a code the platform issued: its check value does not match (forged, or mistyped)"
                    .to_owned(),
            );
            return Ok(Json(ResolveResponse::new(
                &scan,
                resolution,
                &state.catalogue,
            )));
        }
    }
    let found = corrections::found(&state, state.store.lookup(&scan.code).await?).await?;
    let owner = found.producer.as_ref().map(|e| e.credit_code.clone());
    let category = found.product.as_ref().map(|p| p.category.clone());
    let resolution = Resolution::judge(scan.code.clone(), found);
    let mut response = ResolveResponse::new(&scan, resolution, &state.catalogue);
    if let Some(owner) = owner {
        let shown = Viewer::new(&state, &caller)
            .registry(&owner, category.as_deref())
            .await?;
        response.disclose(&shown);
    }
    Ok(Json(response))
}
