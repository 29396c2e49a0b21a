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

/// The cookie that carries a session's secret.
pub const SESSION_COOKIE: &str = "yima_session";

/// The caller a request's headers name: an account with a good key in `Authorization` (401
/// naming what is wrong with a bad one), else an account's person with a live session cookie,
/// else the public (a stale cookie is no mistake of the client's: the public may still call).
pub(super) async fn caller(
    store: &dyn Store,
    headers: &HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Caller, ApiError> {
    let Some(header) = headers.get(AUTHORIZATION) else {
        return session_caller(store, headers, now).await;
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
            csrf_sha256: None,
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

/// The account of a live session named by the request's cookie; the public otherwise.
async fn session_caller(
    store: &dyn Store,
    headers: &HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Caller, ApiError> {
    let Some(secret) = session_secret(headers) else {
        return Ok(Caller::Public);
    };
    let digest = secret_digest(secret);
    match store.session(&digest).await? {
        Some((session, account, None)) if session.expires_at > now => Ok(Caller::Keyed {
            account,
            key_id: format!("session:{}", &digest[..16]),
            scope: yima_domain::Scope::Write,
            csrf_sha256: Some(session.csrf_sha256),
        }),
        _ => Ok(Caller::Public),
    }
}

/// The session secret in the request's `Cookie` headers, if any.
pub fn session_secret(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, SESSION_COOKIE).filter(|value| !value.is_empty())
}

/// The value of cookie `name` in the request's `Cookie` headers, if any.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}
