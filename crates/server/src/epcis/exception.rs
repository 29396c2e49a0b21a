//! EPCIS exceptions as the REST binding writes them: RFC 9457 problem documents whose `type`
//! is `epcisException:<name>` (EPCIS 2.0 §8.2.6 names the exceptions; the binding gives each
//! its status), so an EPCIS client can tell a refused document from a refused query from a
//! missing resource without reading the prose.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use yima_store::StoreError;

use crate::problem::ApiError;

/// The exceptions the binding uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// A document or event breaks the standard's rules (400).
    Validation,
    /// A query parameter is unknown, repeated or malformed (400).
    QueryParameter,
    /// A capture exceeds the limits `OPTIONS /capture` announces (413).
    CaptureLimitExceeded,
    /// A query would return more than the server returns at once (413).
    QueryTooLarge,
    /// No such event, capture job, query or vocabulary element (404).
    NoSuchResource,
    /// No credentials, or credentials not recognised (401).
    Security,
    /// Credentials without the right to this request (403); also a `SecurityException`.
    Forbidden,
    /// The event exists already (409).
    Conflict,
    /// The server failed (500).
    Implementation,
    /// The request asks for a representation the server does not give (406).
    NotAcceptable,
    /// The request body is in a media type the server does not read (415).
    UnsupportedMediaType,
}

impl Exception {
    fn name(self) -> &'static str {
        match self {
            Self::Validation => "ValidationException",
            Self::QueryParameter => "QueryParameterException",
            Self::CaptureLimitExceeded => "CaptureLimitExceededException",
            Self::QueryTooLarge => "QueryTooLargeException",
            Self::NoSuchResource => "NoSuchResourceException",
            Self::Security | Self::Forbidden => "SecurityException",
            Self::Conflict => "ResourceAlreadyExistsException",
            Self::Implementation => "ImplementationException",
            Self::NotAcceptable => "NotAcceptableException",
            Self::UnsupportedMediaType => "UnsupportedMediaTypeException",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Validation => "The document or event is not valid EPCIS",
            Self::QueryParameter => "A query parameter is not valid",
            Self::CaptureLimitExceeded => "The capture exceeds this server's limits",
            Self::QueryTooLarge => "The query would return too much at once",
            Self::NoSuchResource => "No such resource",
            Self::Security => "Not authorised",
            Self::Forbidden => "Forbidden",
            Self::Conflict => "The resource exists already",
            Self::Implementation => "The server failed",
            Self::NotAcceptable => "No acceptable representation",
            Self::UnsupportedMediaType => "Unsupported media type",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Self::Validation | Self::QueryParameter => StatusCode::BAD_REQUEST,
            Self::CaptureLimitExceeded | Self::QueryTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NoSuchResource => StatusCode::NOT_FOUND,
            Self::Security => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Conflict => StatusCode::CONFLICT,
            Self::Implementation => StatusCode::INTERNAL_SERVER_ERROR,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }
}

/// An EPCIS exception's problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EpcisProblem {
    /// `epcisException:<name>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What exactly is wrong, naming the field or parameter.
    pub detail: String,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

/// An error of an EPCIS handler.
#[derive(Debug)]
pub struct EpcisError {
    pub exception: Exception,
    pub detail: String,
}

impl EpcisError {
    pub fn new(exception: Exception, detail: impl Into<String>) -> Self {
        Self {
            exception,
            detail: detail.into(),
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        // The cause goes to the log, not to the client.
        tracing::error!(error = %cause, "internal error");
        Self::new(
            Exception::Implementation,
            "the server failed; the error has been logged",
        )
    }

    pub fn problem(&self) -> EpcisProblem {
        EpcisProblem {
            kind: format!("epcisException:{}", self.exception.name()),
            title: self.exception.title().to_owned(),
            status: self.exception.status().as_u16(),
            detail: self.detail.clone(),
            instance: None,
        }
    }
}

impl IntoResponse for EpcisError {
    fn into_response(self) -> Response {
        let mut response = (self.exception.status(), Json(self.problem())).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(crate::problem::PROBLEM_JSON),
        );
        if self.exception == Exception::Security {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"yima\""),
            );
        }
        super::headers::stamp(response.headers_mut());
        response
    }
}

impl From<StoreError> for EpcisError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { .. } => Self::new(Exception::Conflict, e.to_string()),
            StoreError::MissingReference { .. } => {
                Self::new(Exception::NoSuchResource, e.to_string())
            }
            _ => Self::internal(e),
        }
    }
}

/// The platform's own refusals (of credentials, chiefly) as EPCIS exceptions.
impl From<ApiError> for EpcisError {
    fn from(e: ApiError) -> Self {
        let exception = match e.status() {
            StatusCode::UNAUTHORIZED => Exception::Security,
            StatusCode::FORBIDDEN => Exception::Forbidden,
            StatusCode::NOT_FOUND => Exception::NoSuchResource,
            StatusCode::CONFLICT => Exception::Conflict,
            s if s.is_client_error() => Exception::Validation,
            _ => Exception::Implementation,
        };
        Self::new(exception, e.detail().to_owned())
    }
}
