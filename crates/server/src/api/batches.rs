//! Batches: register under a product, read.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use uuid::Uuid;
use yima_domain::BatchDraft;

use super::now;
use crate::auth::Admin;
use crate::problem::{ApiError, ApiJson, ApiPath, Problem};
use crate::state::AppState;
use crate::wire::registry::{BatchRequest, BatchView};

/// Register a batch of a product, with its inspection-conformity proof.
#[utoipa::path(
    post, path = "/api/v1/products/{id}/batches", operation_id = "register_batch", tag = "registry",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The product's id")),
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
    _admin: Admin,
    ApiPath(product_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<BatchRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let product = state
        .store
        .product(product_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no product {product_id} is registered")))?;
    let batch = BatchDraft::from(request)
        .validate(&product, now())
        .map_err(|e| ApiError::invalid("", e))?;
    state.store.insert_batch(&batch).await?;
    let location = format!("/api/v1/batches/{}", batch.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(BatchView::from(&batch)),
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
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<BatchView>, ApiError> {
    let batch = state
        .store
        .batch(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no batch {id} is registered")))?;
    Ok(Json(BatchView::from(&batch)))
}
