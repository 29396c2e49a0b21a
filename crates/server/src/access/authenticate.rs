//! From a request's `Authorization` header to its caller. API keys are compared by the
//! SHA-256 digest of the secret, so the store never holds a usable secret.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use sha2::{Digest, Sha256};
use yima_domain::KeyRefusal;
use yima_store::Store;

use super::Caller;
use crate::problem::ApiError;

/// The lower-case hex SHA-256 of a key's secret.
pub fn secret_digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The caller a request's headers name: the public without an `Authorization` header, an
/// account with a good key; 401 naming what is wrong otherwise.
pub(super) async fn caller(
    store: &dyn Store,
    headers: &HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Caller, ApiError> {
    let Some(header) = headers.get(AUTHORIZATION) else {
        return Ok(Caller::Public);
    };
    let value = header
        .to_str()
        .map_err(|_| ApiError::unauthorized("the Authorization header is not ASCII"))?;
    let secret = value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::unauthorized("the Authorization header must read Bearer <key>"))?;
    let grant = store
        .key_grant(&secret_digest(secret))
        .await?
        .ok_or_else(|| ApiError::unauthorized("the API key is not recognised"))?;
    match grant.check(now) {
        Ok(()) => Ok(Caller::Keyed {
            scope: grant.key.scope,
            key_id: grant.key.id,
            account: grant.account,
        }),
        Err(KeyRefusal::Revoked) => Err(ApiError::unauthorized(format!(
            "API key {} has been revoked",
            grant.key.id
        ))),
        Err(KeyRefusal::Expired) => Err(ApiError::unauthorized(format!(
            "API key {} has expired",
            grant.key.id
        ))),
    }
}
