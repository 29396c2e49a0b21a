//! The pages' style sheet and scripts, compiled into the binary and served from this host
//! (pages make no request to another).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::problem::ApiError;

/// (name, content type, body)
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "site.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/site.css"),
    ),
    (
        "forms.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/forms.js"),
    ),
    (
        "camera.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/camera.js"),
    ),
];

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                // An hour: assets change with releases, which are rarer.
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => ApiError::not_found(format!("no asset named {name}")).into_response(),
    }
}
