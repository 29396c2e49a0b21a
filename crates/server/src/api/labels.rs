//! `GET /api/v1/labels`: a code rendered as a printable label.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use yima_codes::label::{LabelStyle, SymbolChoice, label_for};

use super::parse::parse_scan;
use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;
use crate::wire::codes::{ImageFormat, LabelQuery, LabelSymbol};

/// Render a label: the code as GS1 DataMatrix or QR (a GS1 code's Digital Link), with its
/// human-readable text.
#[utoipa::path(
    get, path = "/api/v1/labels", operation_id = "render_label", tag = "codes",
    params(LabelQuery),
    responses(
        (status = 200, description = "The label", content(
            (String = "image/svg+xml"),
            (Vec<u8> = "image/png"),
        )),
        (status = 400, description = "The code is malformed, or cannot be written in that symbol", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn render(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<LabelQuery>,
) -> Result<Response, ApiError> {
    let bad =
        |detail: String| ApiError::bad_request("unrenderable", "Cannot render the label", detail);
    let scan = parse_scan(&state.rules, &query.code)?;
    let choice = match query.symbol.unwrap_or_default() {
        LabelSymbol::Auto => SymbolChoice::Auto,
        LabelSymbol::Qr => SymbolChoice::Qr,
        LabelSymbol::Datamatrix => SymbolChoice::DataMatrix,
    };
    let module_px = query.module_px.unwrap_or(4);
    if !(1..=32).contains(&module_px) {
        return Err(bad(format!(
            "module_px: {module_px} is not between 1 and 32"
        )));
    }
    let label = label_for(&scan.code, choice).map_err(|e| bad(format!("code: {e}")))?;
    let style = LabelStyle::new(module_px, module_px * 4).map_err(|e| bad(e.to_string()))?;
    Ok(match query.format.unwrap_or_default() {
        ImageFormat::Svg => (
            [(header::CONTENT_TYPE, "image/svg+xml")],
            label.to_svg(&style),
        )
            .into_response(),
        ImageFormat::Png => {
            let png = label.to_png(&style).map_err(|e| bad(e.to_string()))?;
            ([(header::CONTENT_TYPE, "image/png")], png).into_response()
        }
    })
}
