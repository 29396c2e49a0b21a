//! Path parameters of the binding's resources. A segment that is not valid percent-encoded
//! UTF-8 is refused as an EPCIS exception, like every other refusal under `/epcis`, rather
//! than as the platform's own problem document.

use axum::extract::FromRequestParts;
use axum::extract::rejection::PathRejection;

use super::exception::{EpcisError, Exception};

/// `axum::extract::Path` whose rejection is an EPCIS `ValidationException` (400).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(EpcisError))]
pub struct EpcisPath<T>(pub T);

impl From<PathRejection> for EpcisError {
    fn from(r: PathRejection) -> Self {
        EpcisError::new(Exception::Validation, format!("path: {}", r.body_text()))
    }
}
