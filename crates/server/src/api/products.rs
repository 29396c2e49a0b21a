//! Products: register, read.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::{Product, ProductDraft, RecordRef, apply_to_product};

use super::now;
use crate::access::Caller;
use crate::corrections;
use crate::disclosure::Viewer;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::receipt::ReceiptQuery;
use crate::wire::registry::{CorrectionRequest, ProductRequest, ProductView};

/// Register a product of a registered producer.
#[utoipa::path(
    post, path = "/api/v1/products", operation_id = "register_product", tag = "registry",
    security(("bearer" = [])),
    params(ReceiptQuery),
    request_body = ProductRequest,
    responses(
        (status = 201, description = "Registered", body = ProductView),
        (status = 400, description = "A field is invalid, or the producer is not registered", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The GTIN is registered already", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<ProductRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let producer = match CreditCode::parse(&request.producer) {
        Ok(code) => {
            caller.require_acting_for(&code, "a product of this producer")?;
            state.store.enterprise(&code).await?
        }
        Err(_) => None, // validation names the malformed code
    };
    let product = ProductDraft::from(request)
        .validate(producer.as_ref(), &state.catalogue, now())
        .map_err(|e| ApiError::invalid("", e))?;
    let leaf = state.store.insert_product(&product).await?;
    let location = format!("/api/v1/products/{}", product.id);
    let mut view = ProductView::from(&product);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    ))
}

/// Read a product.
#[utoipa::path(
    get, path = "/api/v1/products/{id}", operation_id = "get_product", tag = "registry",
    params(("id" = Uuid, Path, description = "The product's id")),
    responses(
        (status = 200, description = "The product", body = ProductView),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ProductView>, ApiError> {
    let (current, history) = corrections::product(&state, stored(&state, id).await?).await?;
    let mut view = ProductView::from(&current);
    view.corrections = corrections::history(&history);
    let shown = Viewer::new(&state, &caller)
        .registry(&current.producer, Some(&current.category))
        .await?;
    view.disclose(&shown);
    Ok(Json(view))
}

/// Correct a product's record.
///
/// The record is never edited: the correction is a new record that names it, with the fields
/// it changes and why, and a leaf of the ledger of its own. Reads (and scans) show the
/// corrected state and the corrections.
#[utoipa::path(
    post, path = "/api/v1/products/{id}/corrections", operation_id = "correct_product", tag = "registry",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id"), ReceiptQuery),
    request_body = CorrectionRequest,
    responses(
        (status = 201, description = "Corrected: the product as it now stands", body = ProductView),
        (status = 400, description = "A change or the reason is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<CorrectionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let original = corrections::product(&state, stored(&state, id).await?).await?;
    caller.require_acting_for(&original.0.producer, &format!("product {id}"))?;
    let subject = RecordRef::Product(id);
    let (corrected, history, ledger) = corrections::correct(
        &state,
        original,
        subject,
        request,
        |p, c| apply_to_product(p, c, &state.catalogue),
        &receipt,
    )
    .await?;
    let mut view = ProductView::from(&corrected);
    view.corrections = corrections::history(&history);
    view.ledger = Some(ledger);
    Ok((StatusCode::CREATED, Json(view)))
}

async fn stored(state: &AppState, id: Uuid) -> Result<Product, ApiError> {
    state
        .store
        .product(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no product {id} is registered")))
}
