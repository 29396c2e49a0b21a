//! `GET /api/v1/resolve`: what a scanned code is, and what the platform knows of it.

use axum::Json;
use axum::extract::State;
use yima_codes::TraceCode;
use yima_codes::scan::CodeLevel;
use yima_domain::trace::start_of_code;
use yima_domain::{Found, Resolution, Verdict};

use super::parse::parse_scan;
use super::recall_notices;
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
    resolve_code(&state, &caller, &query.code).await.map(Json)
}

/// What the platform shows `caller` of a scanned `code`: the API's answer and the scan page's.
pub(crate) async fn resolve_code(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<ResolveResponse, ApiError> {
    let scan = parse_scan(&state.rules, code)?;
    if let TraceCode::Platform(code) = &scan.code {
        // Only the key can tell a platform code from a forgery; the store holds no keys.
        let genuine = state
            .keys
            .get(code.key_id())
            .is_some_and(|key| code.verify(key).is_ok());
        if !genuine {
            let mut resolution = Resolution::judge(scan.code.clone(), Found::default());
            resolution.verdict = Verdict::Suspect;
            resolution.warnings.push(
                "this is not a code the platform issued: its check value does not match (forged, or mistyped)"
                    .to_owned(),
            );
            return Ok(ResolveResponse::new(&scan, resolution, &state.catalogue));
        }
    }
    let found = corrections::found(state, state.store.lookup(&scan.code).await?).await?;
    let owner = found.producer.as_ref().map(|e| e.credit_code.clone());
    let category = found.product.as_ref().map(|p| p.category.clone());
    let recalled_lot = match (&found.product, &found.batch) {
        (Some(product), Some(batch)) => product.gtin.clone().map(|g| (g, batch.lot.clone())),
        _ => None,
    };
    let mut resolution = Resolution::judge(scan.code.clone(), found);
    let mut recalls = Vec::new();
    if resolution.verdict == Verdict::Registered {
        // The history checks name a unit by its matching keys; a lot or a product has none.
        let keys: Vec<String> = match scan.code.level() {
            CodeLevel::Unit => start_of_code(code, &state.rules)
                .map(|start| start.keys.iter().map(|k| k.as_str().to_owned()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let batch = recalled_lot
            .as_ref()
            .map(|(gtin, lot)| (gtin, lot.as_str()));
        let marks = state.store.scan_marks(batch, &keys).await?;
        if let (true, Some((gtin, lot))) = (marks.recalled, batch) {
            recalls = recall_notices::of_batch(state, gtin, lot).await?;
            resolution.verdict = Verdict::Recalled;
        } else if marks.anomalous {
            resolution.verdict = Verdict::Suspect;
            resolution.warnings.push(
                "the recorded history of this code shows an anomaly (commissioned, sold or received where it should not be): it may be copied"
                    .to_owned(),
            );
        }
    }
    let mut response = ResolveResponse::new(&scan, resolution, &state.catalogue);
    response.recalls = recalls;
    if let Some(owner) = owner {
        let shown = Viewer::new(state, caller)
            .registry(&owner, category.as_deref())
            .await?;
        response.disclose(&shown);
    }
    Ok(response)
}
