//! Batches: register under a product, read.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use uuid::Uuid;
use yima_domain::{Batch, BatchDraft, RecordRef, apply_to_batch};

use super::now;
use crate::access::Caller;
use crate::corrections;
use crate::disclosure::Viewer;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::receipt::ReceiptQuery;
use crate::wire::registry::{BatchRequest, BatchView, CorrectionRequest};

/// Register a batch of a product, with its inspection-conformity proof.
#[utoipa::path(
    post, path = "/api/v1/products/{id}/batches", operation_id = "register_batch", tag = "registry",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id"), ReceiptQuery),
    request_body = BatchRequest,
    responses(
        (status = 201, description = "Registered", body = BatchView),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such product", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The product has a batch with that lot", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(product_id): ApiPath<Uuid>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<BatchRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let product = state
        .store
        .product(product_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no product {product_id} is registered")))?;
    caller.require_acting_for(&product.producer, &format!("product {product_id}"))?;
    let batch = BatchDraft::from(request)
        .validate(&product, now())
        .map_err(|e| ApiError::invalid("", e))?;
    let leaf = state.store.insert_batch(&batch).await?;
    let location = format!("/api/v1/batches/{}", batch.id);
    let mut view = BatchView::from(&batch);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    ))
}

/// Read a batch.
#[utoipa::path(
    get, path = "/api/v1/batches/{id}", operation_id = "get_batch", tag = "registry",
    params(("id" = Uuid, Path, description = "The batch's id")),
    responses(
        (status = 200, description = "The batch", body = BatchView),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<BatchView>, ApiError> {
    let (current, history) = corrections::batch(&state, stored(&state, id).await?).await?;
    let mut view = BatchView::from(&current);
    view.corrections = corrections::history(&history);
    // The batch is its product's producer's, of its product's category.
    let product = state
        .store
        .product(current.product_id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("batch {id}'s product is not stored")))?;
    let shown = Viewer::new(&state, &caller)
        .registry(&product.producer, Some(&product.category))
        .await?;
    view.disclose(&shown);
    Ok(Json(view))
}

/// Correct a batch's record.
///
/// The record is never edited: the correction is a new record that names it, with the fields
/// it changes and why, and a leaf of the ledger of its own. Reads (and scans) show the
/// corrected state and the corrections.
#[utoipa::path(
    post, path = "/api/v1/batches/{id}/corrections", operation_id = "correct_batch", tag = "registry",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The batch's id"), ReceiptQuery),
    request_body = CorrectionRequest,
    responses(
        (status = 201, description = "Corrected: the batch as it now stands", body = BatchView),
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
    let original = corrections::batch(&state, stored(&state, id).await?).await?;
    require_producer(&state, &caller, &original.0).await?;
    let subject = RecordRef::Batch(id);
    let (corrected, history, ledger) =
        corrections::correct(&state, original, subject, request, apply_to_batch, &receipt).await?;
    let mut view = BatchView::from(&corrected);
    view.corrections = corrections::history(&history);
    view.ledger = Some(ledger);
    Ok((StatusCode::CREATED, Json(view)))
}

/// That `caller` may write the records of `batch`: those of its product's producer.
pub async fn require_producer(
    state: &AppState,
    caller: &Caller,
    batch: &Batch,
) -> Result<(), ApiError> {
    if caller.is_admin() {
        return Ok(());
    }
    let product = state
        .store
        .product(batch.product_id)
        .await?
        .ok_or_else(|| {
            ApiError::internal(format!("batch {} refers to a missing product", batch.id))
        })?;
    caller.require_acting_for(&product.producer, &format!("batch {}", batch.id))
}

async fn stored(state: &AppState, id: Uuid) -> Result<Batch, ApiError> {
    state
        .store
        .batch(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no batch {id} is registered")))
}
