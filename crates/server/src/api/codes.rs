//! `POST /api/v1/batches/{id}/codes`: register unit codes, all or none.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use uuid::Uuid;
use yima_codes::gs1::{ElementString, Gtin};
use yima_codes::{CodeError, TraceCode};
use yima_domain::UnitCode;

use super::now;
use crate::access::Caller;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, FieldProblem, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::receipt::ReceiptQuery;
use crate::wire::registry::{CodesRequest, CodesResponse};

/// The most codes one request may register; larger sets go in several requests.
pub const MAX_CODES_PER_REQUEST: usize = 100_000;
/// How many bad codes a refusal lists; the first ones are enough to fix a file.
const MAX_LISTED_ERRORS: usize = 20;

/// The unit code for `serial` under the product's GTIN, validated as AI 21.
fn serial_code(gtin: &Gtin, serial: &str) -> Result<TraceCode, CodeError> {
    TraceCode::from_elements(ElementString::from_pairs([
        ("01", gtin.as_str()),
        ("21", serial),
    ])?)
}

/// Register unit codes in a batch.
///
/// Codes may be given whole, in any form a scanner delivers, or as serial numbers under the
/// product's GTIN. Either all are registered or none: one malformed, foreign or duplicate
/// code refuses the whole request.
#[utoipa::path(
    post, path = "/api/v1/batches/{id}/codes", operation_id = "register_unit_codes", tag = "registry",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The batch's id"), ReceiptQuery),
    request_body = CodesRequest,
    responses(
        (status = 201, description = "All registered", body = CodesResponse),
        (status = 400, description = "A code is malformed or not of this batch", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A code is registered already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The batch would hold more codes than its quantity", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(batch_id): ApiPath<Uuid>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<CodesRequest>,
) -> Result<(StatusCode, Json<CodesResponse>), ApiError> {
    let batch = state
        .store
        .batch(batch_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no batch {batch_id} is registered")))?;
    let product = state
        .store
        .product(batch.product_id)
        .await?
        .ok_or_else(|| {
            ApiError::internal(format!("batch {batch_id} refers to a missing product"))
        })?;
    caller.require_acting_for(&product.producer, &format!("batch {batch_id}"))?;
    let (field, inputs) = match (request.codes, request.serials) {
        (Some(codes), None) => ("codes", codes),
        (None, Some(serials)) => ("serials", serials),
        _ => {
            return Err(ApiError::bad_request(
                "invalid-fields",
                "Invalid fields",
                "give exactly one of codes, serials",
            ));
        }
    };
    if inputs.is_empty() || inputs.len() > MAX_CODES_PER_REQUEST {
        return Err(ApiError::bad_request(
            "invalid-fields",
            "Invalid fields",
            format!(
                "{field}: {} given, 1 to {MAX_CODES_PER_REQUEST} are allowed per request",
                inputs.len()
            ),
        ));
    }
    if !batch.counted_in_pieces() {
        return Err(ApiError::bad_request(
            "invalid-fields",
            "Invalid fields",
            format!(
                "batch {:?} is measured in {}, not pieces: unit codes need a batch counted in pieces (H87)",
                batch.lot, batch.unit_of_measure
            ),
        ));
    }
    let gtin = match (field, &product.gtin) {
        ("serials", None) => {
            return Err(ApiError::bad_request(
                "invalid-fields",
                "Invalid fields",
                "serials: the product has no GTIN to combine them with; send whole codes",
            ));
        }
        (_, gtin) => gtin.clone(),
    };
    let registered_at = now();
    let mut units = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let code = match &gtin {
            Some(gtin) if field == "serials" => serial_code(gtin, input),
            _ => state.rules.parse(input).map(|s| s.code),
        };
        let unit = code
            .map_err(|e| e.to_string())
            .and_then(|code| UnitCode::for_batch(&code, &product, &batch, registered_at));
        match unit {
            Ok(unit) => units.push(unit),
            Err(problem) if errors.len() < MAX_LISTED_ERRORS => errors.push(FieldProblem {
                field: format!("{field}[{i}]"),
                problem,
            }),
            Err(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let leaf = state
        .store
        .register_units(&batch, &units)
        .await?
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid-fields",
                "Invalid fields",
                format!("{field}: no codes given"),
            )
        })?;
    let total = state.store.unit_count(batch.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(CodesResponse {
            registered: units.len() as u64,
            total,
            ledger: ledger_write(&state, leaf, 1, &receipt).await?,
        }),
    ))
}
