//! The middleware that holds every routed request to its route's rule, and leaves the
//! authenticated `Caller` to the handler.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use yima_domain::AuditEntry;
use yima_domain::audit::bounded_target;
use yima_domain::signing::SUBMISSION_HEADER;

use super::address::client_address;
use super::signatures::{self, StoredSubmission};
use super::{Caller, authenticate, rule_for};
use crate::epcis::exception::{EpcisError, Exception};
use crate::problem::ApiError;
use crate::state::AppState;

/// Authenticates the request and applies its route's rule: 401 without a good key where one
/// is needed, 403 for a caller the rule does not admit or a key without the scope, 403 for a
/// route without a rule. Refusals under `/epcis` are EPCIS `SecurityException`s. Every write,
/// and every read with a key, is then an entry of the audit trail, refused or not.
pub async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(trail) = state.audit.clone() else {
        return guard(state, request, next).await;
    };
    let mut entry = AuditEntry {
        at: chrono::Utc::now(),
        account: None,
        key_id: None,
        method: request.method().as_str().to_owned(),
        route: String::new(),
        target: bounded_target(
            request
                .uri()
                .path_and_query()
                .map_or(request.uri().path(), |p| p.as_str()),
        ),
        status: 0,
        address: client_address(&request, &state.trusted_proxies).map(|a| a.to_string()),
        request_id: request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    let writes = !request.method().is_safe();
    let Some(route) = request.extensions().get::<MatchedPath>() else {
        return next.run(request).await;
    };
    entry.route = route.as_str().to_owned();
    let response = guard(state, request, next).await;
    let caller = response.extensions().get::<Caller>();
    if let Some(Caller::Keyed {
        account, key_id, ..
    }) = caller
    {
        entry.account = Some(account.id.clone());
        entry.key_id = Some(key_id.clone());
    }
    if writes || entry.account.is_some() {
        entry.at = chrono::Utc::now();
        entry.status = response.status().as_u16();
        trail.record(entry);
    }
    response
}

/// `enforce` without the audit trail. The caller it admitted travels back on the response,
/// for the trail to name.
async fn guard(state: AppState, mut request: Request, next: Next) -> Response {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let Some(path) = path else {
        // Not a route (a 404 or 405 fallback): nothing to guard.
        return next.run(request).await;
    };
    let target = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    // The body is not `Sync`: what the rule needs is taken from the request apart from it.
    let admitted = admit(&state, request.method(), request.headers(), &path).await;
    let address = client_address(&request, &state.trusted_proxies);
    if let Some(over) = over_limit(&state, &admitted, address) {
        return over;
    }
    request.extensions_mut().insert(ClientAddress(address));
    let (mut response, caller) = match admitted {
        Ok(caller) => match signatures::accept(&state, &caller, request).await {
            Ok((mut request, submission)) => {
                request.extensions_mut().insert(caller.clone());
                let mut response = next.run(request).await;
                if let Some(value) = submission.and_then(StoredSubmission::header_value) {
                    response.headers_mut().insert(SUBMISSION_HEADER, value);
                }
                (response, Some(caller))
            }
            Err(error) => (refusal_response(error, &path, &target), Some(caller)),
        },
        Err(Refusal { error, caller }) => (refusal_response(error, &path, &target), caller),
    };
    if let Some(caller) = caller {
        response.extensions_mut().insert(caller);
    }
    response
}

/// A refusal as the route's interface writes errors: EPCIS exceptions under `/epcis`, the
/// login page for pages (which comes back to `target`), problem documents elsewhere.
fn refusal_response(error: ApiError, path: &str, target: &str) -> Response {
    let status = error.status();
    if crate::pages::needs_login(path)
        && (status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN)
    {
        return crate::pages::login_redirect(target, status);
    }
    if !path.starts_with("/epcis") {
        return error.into_response();
    }
    let exception = match error.status() {
        StatusCode::FORBIDDEN => Exception::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE => Exception::CaptureLimitExceeded,
        StatusCode::BAD_REQUEST => Exception::Validation,
        _ => Exception::Security,
    };
    EpcisError::new(exception, error.detail().to_owned()).into_response()
}

/// The address a request came from, when the server was started to know it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<std::net::IpAddr>);

/// Why a request is refused, and by whom it was sent when its key was good.
struct Refusal {
    error: ApiError,
    caller: Option<Caller>,
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Refusal {
            error,
            caller: None,
        }
    }
}

/// Counts the request against its key's limit, or, without a good key, its address's (so that
/// guessing keys is limited too); over the limit, the 429 with `Retry-After` to answer.
fn over_limit(
    state: &AppState,
    admitted: &Result<Caller, Refusal>,
    address: Option<std::net::IpAddr>,
) -> Option<Response> {
    let caller = match admitted {
        Ok(caller) => Some(caller),
        Err(refusal) => refusal.caller.as_ref(),
    };
    let checked = match (caller, address) {
        (Some(Caller::Keyed { key_id, .. }), _) => state
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

/// The header that carries a session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Whether a request either needs no CSRF token (it was not made with a session) or carries
/// its session's.
fn csrf_holds(csrf_sha256: Option<&str>, headers: &HeaderMap) -> bool {
    let Some(expected) = csrf_sha256 else {
        return true;
    };
    headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|token| super::secret_digest(token) == expected)
}

async fn admit(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    path: &str,
) -> Result<Caller, Refusal> {
    let rule = rule_for(method, path).ok_or_else(|| {
        ApiError::forbidden(format!(
            "no access rule covers {method} {path}, so it is refused to everyone"
        ))
    })?;
    let caller = authenticate::caller(state.store.as_ref(), headers, chrono::Utc::now()).await?;
    let Some(needed) = rule.scope else {
        return Ok(caller);
    };
    let Caller::Keyed {
        account,
        scope,
        csrf_sha256,
        ..
    } = &caller
    else {
        return Err(Refusal::from(ApiError::unauthorized(
            "this endpoint needs an Authorization: Bearer <API key> header",
        )));
    };
    let error = if !rule.admits(&caller.audiences()) {
        ApiError::forbidden(format!(
            "{method} {path} is not open to {} account {}",
            account.principal.kind(),
            account.id
        ))
    } else if !scope.allows(needed) {
        ApiError::forbidden(format!(
            "{method} {path} needs a key with {} scope; this key has {} scope",
            needed.as_str(),
            scope.as_str()
        ))
    } else if !method.is_safe() && !csrf_holds(csrf_sha256.as_deref(), headers) {
        ApiError::forbidden(format!(
            "{method} {path} made with a session cookie needs the session's token in the \
             {CSRF_HEADER} header"
        ))
    } else {
        return Ok(caller);
    };
    Err(Refusal {
        error,
        caller: Some(caller),
    })
}
