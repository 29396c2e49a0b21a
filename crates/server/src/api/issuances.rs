//! Issuing platform codes to a batch, and downloading them.

use std::convert::Infallible;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use uuid::Uuid;
use yima_codes::label::Label;
use yima_codes::label::sheet::{SheetLayout, sheet_pdf, sheet_svg};
use yima_codes::platform::{IssuingKey, PlatformCode};
use yima_domain::Issuance;

use super::now;
use crate::access::Caller;
use crate::issuing::{self, CodeForm, IssueError};
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::issuance::{
    CodeFormat, CodesFormat, IssuanceRequest, IssuanceView, SheetFormat, SheetQuery,
};
use crate::wire::receipt::ReceiptQuery;

/// The issuance `number` of key `key_id` and the key itself, or a 404 naming what is missing.
/// The issuance and its key, if `caller` may read it: its batch's producer's accounts and
/// administrators may.
async fn stored_issuance(
    state: &AppState,
    caller: &Caller,
    key_id: u16,
    number: u64,
) -> Result<(Issuance, IssuingKey), ApiError> {
    let (issuance, found) = state
        .store
        .issuance(key_id, number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no issuance {number} of key {key_id}")))?;
    let producer = found.product.map(|p| p.producer).ok_or_else(|| {
        ApiError::internal(format!("issuance {number} of key {key_id} has no product"))
    })?;
    caller.require_acting_for(&producer, &format!("issuance {number} of key {key_id}"))?;
    let key = state
        .keys
        .get(key_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("key {key_id} is not on this server")))?;
    Ok((issuance, key))
}

/// Codes written per chunk of a download: large enough that chunk overhead vanishes.
const CODES_PER_CHUNK: u64 = 8_192;

fn code(key: &IssuingKey, number: u64, index: u64) -> Result<PlatformCode, ApiError> {
    PlatformCode::issue(key, number, index).map_err(ApiError::internal)
}

/// Issue platform codes (数字身份码) to a batch.
///
/// Stores one record, not a row per code: each code carries the key id, the issuance number
/// and its index, and a MAC. Issued codes count against the batch's quantity like registered
/// ones.
#[utoipa::path(
    post, path = "/api/v1/batches/{id}/issuances", operation_id = "issue_codes", tag = "codes",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The batch's id"), ReceiptQuery),
    request_body = IssuanceRequest,
    responses(
        (status = 201, description = "Issued", body = IssuanceView),
        (status = 400, description = "The count is invalid or the batch is not counted in pieces", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The batch would hold more codes than its quantity", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(batch_id): ApiPath<Uuid>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<IssuanceRequest>,
) -> Result<(StatusCode, Json<IssuanceView>), ApiError> {
    let batch = state
        .store
        .batch(batch_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no batch {batch_id} is registered")))?;
    crate::api::batches::require_producer(&state, &caller, &batch).await?;
    let key = state.keys.current();
    let (issuance, leaf) = issuing::issue(state.store.as_ref(), key, &batch, request.count, now())
        .await
        .map_err(|e| match e {
            IssueError::Invalid(_) => {
                ApiError::bad_request("invalid-fields", "Invalid fields", e.to_string())
            }
            IssueError::Store(e) => e.into(),
            other => ApiError::internal(other),
        })?;
    let view = IssuanceView {
        key_id: issuance.key_id,
        number: issuance.number,
        batch_id,
        count: issuance.count,
        issued_at: issuance.issued_at,
        first: code(key, issuance.number, 0)?.printed(),
        last: code(key, issuance.number, issuance.count - 1)?.printed(),
        codes: format!(
            "/api/v1/issuances/{}/{}/codes",
            issuance.key_id, issuance.number
        ),
        ledger: ledger_write(&state, leaf, 1, &receipt).await?,
    };
    Ok((StatusCode::CREATED, Json(view)))
}

/// Download the codes of an issuance, one per line.
///
/// The codes are made again from the key, not read from storage: any number of downloads give
/// the same codes.
#[utoipa::path(
    get, path = "/api/v1/issuances/{key_id}/{number}/codes", operation_id = "download_issued_codes", tag = "codes",
    security(("bearer" = [])),
    params(
        ("key_id" = u16, Path, description = "The issuing key's id"),
        ("number" = u64, Path, description = "The issuance number"),
        CodesFormat,
    ),
    responses(
        (status = 200, description = "The codes, one per line", body = String, content_type = "text/plain"),
        (status = 400, description = "Malformed path or query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issuance, or its key is not on this server", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((key_id, number)): ApiPath<(u16, u64)>,
    ApiQuery(format): ApiQuery<CodesFormat>,
) -> Result<impl IntoResponse, ApiError> {
    let (issuance, key) = stored_issuance(&state, &caller, key_id, number).await?;
    let form = match format.format.unwrap_or_default() {
        CodeFormat::Printed => CodeForm::Printed,
        CodeFormat::Canonical => CodeForm::Canonical,
    };
    let chunks = (0..issuance.count.div_ceil(CODES_PER_CHUNK)).map(move |chunk| {
        let start = chunk * CODES_PER_CHUNK;
        let end = (start + CODES_PER_CHUNK).min(issuance.count);
        let mut text = String::with_capacity((end - start) as usize * 34);
        // The range lies within the stored issuance, which the key issued: it cannot fail.
        let _ = issuing::write_codes(&key, number, start..end, form, &mut text);
        Ok::<_, Infallible>(Bytes::from(text))
    });
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from_stream(stream::iter(chunks)),
    ))
}

/// The most labels one sheet request renders; a large issuance is printed in parts.
const MAX_LABELS_PER_SHEET: u64 = 10_000;

/// Print an issuance's codes as labels: A4 sheets of QR codes with the printed code under
/// each, as PDF (or the first page as SVG, to preview).
#[utoipa::path(
    get, path = "/api/v1/issuances/{key_id}/{number}/labels", operation_id = "issuance_label_sheet", tag = "codes",
    security(("bearer" = [])),
    params(
        ("key_id" = u16, Path, description = "The issuing key's id"),
        ("number" = u64, Path, description = "The issuance number"),
        SheetQuery,
    ),
    responses(
        (status = 200, description = "The sheet", content(
            (Vec<u8> = "application/pdf"),
            (String = "image/svg+xml"),
        )),
        (status = 400, description = "The range lies outside the issuance or is too large", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issuance, or its key is not on this server", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn sheet(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((key_id, number)): ApiPath<(u16, u64)>,
    ApiQuery(query): ApiQuery<SheetQuery>,
) -> Result<Response, ApiError> {
    let (issuance, key) = stored_issuance(&state, &caller, key_id, number).await?;
    let bad = |detail: String| ApiError::bad_request("bad-query", "Malformed query string", detail);
    let from = query.from.unwrap_or(0);
    if from >= issuance.count {
        return Err(bad(format!(
            "from: {from} is not below the issuance's {} codes",
            issuance.count
        )));
    }
    let count = query
        .count
        .unwrap_or_else(|| (issuance.count - from).min(MAX_LABELS_PER_SHEET));
    if count == 0 || count > MAX_LABELS_PER_SHEET || from + count > issuance.count {
        return Err(bad(format!(
            "count: {count} labels from {from} is not 1 to {MAX_LABELS_PER_SHEET} codes within the issuance's {}",
            issuance.count
        )));
    }
    let labels = PlatformCode::issue_range(&key, number, from..from + count)
        .map_err(ApiError::internal)?
        .map(|code| {
            let printed = code.printed();
            Label::qr(&printed, printed.clone())
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    let layout = SheetLayout::default();
    Ok(match query.format.unwrap_or_default() {
        SheetFormat::Pdf => {
            let pdf = sheet_pdf(&labels, &layout).map_err(ApiError::internal)?;
            ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response()
        }
        SheetFormat::Svg => {
            let first = sheet_svg(&labels, &layout)
                .map_err(ApiError::internal)?
                .into_iter()
                .next()
                .unwrap_or_default();
            ([(header::CONTENT_TYPE, "image/svg+xml")], first).into_response()
        }
    })
}
