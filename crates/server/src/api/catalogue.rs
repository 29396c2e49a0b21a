//! `GET /api/v1/catalogue`: the product categories under traceability.

use axum::Json;
use axum::extract::State;

use crate::state::AppState;
use crate::wire::registry::CategoryView;

/// The product catalogue in force.
#[utoipa::path(
    get, path = "/api/v1/catalogue", operation_id = "list_catalogue", tag = "registry",
    responses((status = 200, description = "Every category", body = [CategoryView]))
)]
pub async fn list(State(state): State<AppState>) -> Json<Vec<CategoryView>> {
    Json(
        state
            .catalogue
            .categories()
            .iter()
            .map(CategoryView::from)
            .collect(),
    )
}
