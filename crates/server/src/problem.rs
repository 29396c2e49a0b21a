//! Errors as RFC 9457 (formerly 7807) `application/problem+json`, and the extractors whose
//! rejections become such problems, so a client always gets a body that names what is wrong.

use axum::Json;
use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use yima_domain::Invalid;
use yima_store::StoreError;

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field that failed validation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, dotted for nested fields and indexed for lists (`codes[17]`).
    pub field: String,
    /// The rule the value breaks.
    pub problem: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem (relative to the API).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What exactly is wrong with this request.
    pub detail: String,
    /// For validation failures, every field that failed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// An error a handler returns; rendered as a problem document.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    title: &'static str,
    detail: String,
    errors: Vec<FieldProblem>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, title: &'static str, detail: String) -> Self {
        Self {
            status,
            kind,
            title,
            detail,
            errors: Vec::new(),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    pub fn bad_request(kind: &'static str, title: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, kind, title, detail.into())
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            detail.into(),
        )
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
            detail.into(),
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Forbidden",
            detail.into(),
        )
    }

    pub fn too_large(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request body too large",
            detail.into(),
        )
    }

    pub fn too_many_requests(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-requests",
            "Too many requests",
            detail.into(),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            "this path does not accept that method".to_owned(),
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        // The cause goes to the log, not to the client.
        tracing::error!(error = %detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "the server failed; the error has been logged".to_owned(),
        )
    }

    /// A validation failure listing the fields, each prefixed by `prefix` when not empty.
    pub fn invalid(prefix: &str, invalid: Invalid) -> Self {
        let errors: Vec<FieldProblem> = invalid
            .errors
            .into_iter()
            .map(|e| FieldProblem {
                field: if prefix.is_empty() {
                    e.field
                } else {
                    format!("{prefix}.{}", e.field)
                },
                problem: e.problem,
            })
            .collect();
        Self::fields(errors)
    }

    /// A validation failure of the given fields.
    pub fn fields(errors: Vec<FieldProblem>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.problem))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            errors,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "invalid-fields",
                "Invalid fields",
                detail,
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Problem {
            kind: format!("/problems/{}", self.kind),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            errors: self.errors,
        };
        let mut response = (self.status, Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(PROBLEM_JSON),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"yima\""),
            );
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { .. } => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                "Already registered",
                e.to_string(),
            ),
            StoreError::MissingReference { .. } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "missing-reference",
                "Refers to an unregistered record",
                e.to_string(),
            ),
            StoreError::QuantityExceeded { .. } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "quantity-exceeded",
                "More codes than the batch holds",
                e.to_string(),
            ),
            StoreError::Invalid { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Database(_)
            | StoreError::Migration(_) => Self::internal(e),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let status = r.status();
        // axum reports data errors with the JSON path of the failing field (serde_path_to_error).
        let detail = match &r {
            JsonRejection::MissingJsonContentType(_) => {
                "request body must be sent with Content-Type: application/json".to_owned()
            }
            other => other.body_text(),
        };
        let (kind, title) = if status == StatusCode::PAYLOAD_TOO_LARGE {
            ("too-large", "Request body too large")
        } else {
            ("bad-body", "Malformed request body")
        };
        let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
            StatusCode::BAD_REQUEST
        } else {
            status
        };
        Self::new(status, kind, title, detail)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::bad_request("bad-query", "Malformed query string", r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        Self::bad_request("bad-path", "Malformed path parameter", r.body_text())
    }
}

/// `axum::Json` whose rejection is a problem document.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query` whose rejection is a problem document.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` whose rejection is a problem document.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);
