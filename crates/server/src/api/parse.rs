//! `GET /api/v1/codes/parse`: what a code is, without looking anything up.

use axum::Json;
use axum::extract::State;
use yima_codes::{CodeRules, Scan};

use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::codes::{CodeQuery, ParsedCode};

/// Longer than any code a symbol can carry (a QR code holds at most 4,296 characters).
const MAX_CODE_CHARS: usize = 4_296;

/// Parses a code as scanned; a malformed one is a 400 naming the position and the rule.
pub fn parse_scan(rules: &CodeRules, code: &str) -> Result<Scan, ApiError> {
    let length = code.chars().count();
    if length > MAX_CODE_CHARS {
        return Err(ApiError::bad_request(
            "malformed-code",
            "Malformed code",
            format!("code: {length} characters is longer than any symbol holds ({MAX_CODE_CHARS})"),
        ));
    }
    rules.parse(code).map_err(|e| {
        ApiError::bad_request("malformed-code", "Malformed code", format!("code: {e}"))
    })
}

/// Parse a scanned code.
///
/// Says which scheme the code is in, its canonical form (what the platform indexes), and its
/// parts; for GS1, every element, the element string and the canonical Digital Link.
#[utoipa::path(
    get, path = "/api/v1/codes/parse", operation_id = "parse_code", tag = "scan",
    params(CodeQuery),
    responses(
        (status = 200, description = "The code, understood", body = ParsedCode),
        (status = 400, description = "The code is malformed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn parse(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<CodeQuery>,
) -> Result<Json<ParsedCode>, ApiError> {
    Ok(Json(ParsedCode::from(&parse_scan(
        &state.rules,
        &query.code,
    )?)))
}
