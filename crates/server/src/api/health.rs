//! Liveness, metrics and the OpenAPI document: the operator's endpoints.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;

use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    engine: &'static str,
}

/// `GET /healthz`: 200 when the store answers.
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store.ping().await?;
    Ok(Json(Health {
        status: "ok",
        engine: state.store.engine().as_str(),
    }))
}

/// `GET /metrics`: Prometheus (OpenMetrics) text.
pub async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    state.metrics.set_records(state.store.counts().await?);
    let body = state.metrics.render().map_err(ApiError::internal)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    ))
}
