//! Bearer-token authentication for writes. Tokens are compared by their SHA-256 digest, so
//! the store never holds a usable secret.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use yima_domain::{ApiToken, TokenRole};

use crate::problem::ApiError;
use crate::state::AppState;

/// The lower-case hex SHA-256 of a token secret.
pub fn secret_digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Proof that the request carried a valid administrator token.
#[derive(Debug, Clone)]
pub struct Admin {
    pub token_id: String,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthorized("this endpoint needs an Authorization: Bearer <token> header")
        })?;
        let value = header
            .to_str()
            .map_err(|_| ApiError::unauthorized("the Authorization header is not ASCII"))?;
        let secret = value
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must read Bearer <token>")
            })?;
        match state
            .store
            .token_by_secret_sha256(&secret_digest(secret))
            .await?
        {
            Some(ApiToken {
                id,
                role: TokenRole::Admin,
                ..
            }) => Ok(Admin { token_id: id }),
            None => Err(ApiError::unauthorized("the bearer token is not recognised")),
        }
    }
}
