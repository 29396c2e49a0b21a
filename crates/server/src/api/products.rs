//! Products: register, read.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::ProductDraft;

use super::now;
use crate::auth::Admin;
use crate::problem::{ApiError, ApiJson, ApiPath, Problem};
use crate::state::AppState;
use crate::wire::registry::{ProductRequest, ProductView};

/// Register a product of a registered producer.
#[utoipa::path(
    post, path = "/api/v1/products", operation_id = "register_product", tag = "registry",
    security(("bearer" = [])),
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
    _admin: Admin,
    ApiJson(request): ApiJson<ProductRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let producer = match CreditCode::parse(&request.producer) {
        Ok(code) => state.store.enterprise(&code).await?,
        Err(_) => None, // validation names the malformed code
    };
    let product = ProductDraft::from(request)
        .validate(producer.as_ref(), &state.catalogue, now())
        .map_err(|e| ApiError::invalid("", e))?;
    state.store.insert_product(&product).await?;
    let location = format!("/api/v1/products/{}", product.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(ProductView::from(&product)),
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
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ProductView>, ApiError> {
    let product = state
        .store
        .product(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no product {id} is registered")))?;
    Ok(Json(ProductView::from(&product)))
}
