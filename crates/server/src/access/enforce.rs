//! The middleware that holds every routed request to its route's rule, and leaves the
//! authenticated `Caller` to the handler.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{Caller, authenticate, rule_for};
use crate::epcis::exception::{EpcisError, Exception};
use crate::problem::ApiError;
use crate::state::AppState;

/// Authenticates the request and applies its route's rule: 401 without a good key where one
/// is needed, 403 for a caller the rule does not admit or a key without the scope, 403 for a
/// route without a rule. Refusals under `/epcis` are EPCIS `SecurityException`s.
pub async fn enforce(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let Some(path) = path else {
        // Not a route (a 404 or 405 fallback): nothing to guard.
        return next.run(request).await;
    };
    // The body is not `Sync`: what the rule needs is taken from the request apart from it.
    let admitted = admit(&state, request.method(), request.headers(), &path).await;
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    if let Some(over) = over_limit(&state, &admitted, address) {
        return over;
    }
    match admitted {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(refusal) if path.starts_with("/epcis") => {
            let exception = if refusal.status() == StatusCode::FORBIDDEN {
                Exception::Forbidden
            } else {
                Exception::Security
            };
            EpcisError::new(exception, refusal.detail().to_owned()).into_response()
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// Counts the request against its key's limit, or, without a good key, its address's (so that
/// guessing keys is limited too); over the limit, the 429 with `Retry-After` to answer.
fn over_limit(
    state: &AppState,
    admitted: &Result<Caller, ApiError>,
    address: Option<std::net::IpAddr>,
) -> Option<Response> {
    let checked = match (admitted, address) {
        (Ok(Caller::Keyed { key_id, .. }), _) => state
            .limits
            .check_key(key_id)
            .map_err(|over| (over, format!("API key {key_id}"))),
        (_, Some(address)) => state
            .limits
            .check_address(address)
            .map_err(|over| (over, format!("address {address} without an API key"))),
        (_, None) => Ok(()),
    };
    checked.err().map(|(over, whom)| {
        let seconds = over.retry_after.as_secs_f64().ceil().max(1.0);
        let mut response = ApiError::too_many_requests(format!(
            "too many requests from {whom}: at most {} a second; retry after {seconds} s",
            over.per_second
        ))
        .into_response();
        if let Ok(value) = HeaderValue::from_str(&format!("{seconds}")) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    })
}

async fn admit(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    path: &str,
) -> Result<Caller, ApiError> {
    let rule = rule_for(method, path).ok_or_else(|| {
        ApiError::forbidden(format!(
            "no access rule covers {method} {path}, so it is refused to everyone"
        ))
    })?;
    let caller = authenticate::caller(state.store.as_ref(), headers, chrono::Utc::now()).await?;
    let Some(needed) = rule.scope else {
        return Ok(caller);
    };
    let Caller::Keyed { account, scope, .. } = &caller else {
        return Err(ApiError::unauthorized(
            "this endpoint needs an Authorization: Bearer <API key> header",
        ));
    };
    if !rule.admits(&caller.audiences()) {
        return Err(ApiError::forbidden(format!(
            "{method} {path} is not open to {} account {}",
            account.principal.kind(),
            account.id
        )));
    }
    if !scope.allows(needed) {
        return Err(ApiError::forbidden(format!(
            "{method} {path} needs a key with {} scope; this key has {} scope",
            needed.as_str(),
            scope.as_str()
        )));
    }
    Ok(caller)
}
