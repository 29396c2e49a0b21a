//! People's logins: a password per account, sessions in a cookie (`HttpOnly`, `Secure`,
//! `SameSite=Strict`) with a CSRF token for writes, and a lock after repeated failures.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use yima_domain::access::login::{
    LOCKOUT_WINDOW, LoginFailure, PasswordRecord, SESSION_LIFETIME, Session, check_password,
    locked_until,
};

use super::now;
use crate::access::{
    Caller, ClientAddress, SESSION_COOKIE, passwords, secret_digest, session_secret,
};
use crate::problem::{ApiError, ApiJson, ApiPath, FieldProblem, Problem};
use crate::state::AppState;
use crate::wire::sessions::{LoginRequest, PasswordRequest, SessionView};

/// Set an account's password, for its people's logins: administrators any account's, an
/// account its own. The password is kept as its argon2id hash; the newest is in force.
#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/password", operation_id = "set_password", tag = "access",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The account's id")),
    request_body = PasswordRequest,
    responses(
        (status = 204, description = "Set"),
        (status = 400, description = "The password is too short or too long", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<PasswordRequest>,
) -> Result<StatusCode, ApiError> {
    if !caller.manages(&id) {
        return Err(ApiError::forbidden(format!(
            "account {id} is another account's; only it and administrators may set its password"
        )));
    }
    check_password(&request.password).map_err(|problem| {
        ApiError::fields(vec![FieldProblem {
            field: "password".to_owned(),
            problem,
        }])
    })?;
    let account = state
        .store
        .account(&id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no account {id}")))?;
    let set_by = caller
        .submitter()
        .ok_or_else(|| ApiError::internal("a password set without a keyed caller"))?;
    let record = PasswordRecord {
        account: account.id,
        hash: passwords::hash(request.password).await?,
        set_at: now(),
        set_by,
    };
    state.store.insert_password(&record).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The cookie that holds a session's CSRF token for the pages' scripts.
pub const CSRF_COOKIE: &str = "yima_csrf";

/// Log in with an account's id and password. The session's secret is set as a cookie; the
/// answer holds the CSRF token its writes must carry. Five failures within a quarter of an
/// hour lock the account for a quarter of an hour after the last.
#[utoipa::path(
    post, path = "/api/v1/session", operation_id = "log_in", tag = "access",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Logged in; the cookie is set", body = SessionView),
        (status = 400, description = "The body is not a login", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong account or password", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The account is locked after failed logins; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn log_in(
    State(state): State<AppState>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    // No account has an id outside the rule (an empty one, a NUL…): nothing to look up or
    // count a failure against, and the same answer as a wrong password.
    if !yima_domain::access::valid_id(&request.account) {
        return Err(ApiError::unauthorized("wrong account or password"));
    }
    let at = now();
    let failures = state
        .store
        .login_failures_since(&request.account, at - LOCKOUT_WINDOW)
        .await?;
    if let Some(until) = locked_until(&failures, at) {
        let seconds = (until - at).num_seconds().max(1);
        let mut response = ApiError::too_many_requests(format!(
            "account {} is locked until {until} after repeated failed logins",
            request.account
        ))
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(response);
    }
    let stored = state.store.current_password(&request.account).await?;
    let good = match stored {
        Some(stored) => passwords::verify(request.password, stored.hash).await?,
        None => false,
    };
    if !good {
        state
            .store
            .insert_login_failure(&LoginFailure {
                account: request.account.chars().take(200).collect(),
                at,
                address: address.map(|a| a.to_string()),
            })
            .await?;
        // The same answer whether the account exists or not.
        return Err(ApiError::unauthorized("wrong account or password"));
    }
    let secret = random_hex()?;
    let csrf_token = random_hex()?;
    let session = Session {
        secret_sha256: secret_digest(&secret),
        account: request.account.clone(),
        csrf_sha256: secret_digest(&csrf_token),
        created_at: at,
        expires_at: at + SESSION_LIFETIME,
    };
    state.store.insert_session(&session).await?;
    let cookie = format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        SESSION_LIFETIME.num_seconds()
    );
    // The CSRF token also in a cookie that this site's scripts may read (not `HttpOnly`), so
    // that a page's forms can send it back as the header: the pages' double submit.
    let csrf_cookie = format!(
        "{CSRF_COOKIE}={csrf_token}; Path=/; Secure; SameSite=Strict; Max-Age={}",
        SESSION_LIFETIME.num_seconds(),
    );
    let mut response = (
        StatusCode::CREATED,
        Json(SessionView {
            account: request.account,
            csrf_token,
            expires_at: session.expires_at,
        }),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
    );
    headers.append(
        header::SET_COOKIE,
        HeaderValue::from_str(&csrf_cookie).map_err(ApiError::internal)?,
    );
    Ok(response)
}

/// Log out: the session ends, and its cookie is cleared.
#[utoipa::path(
    delete, path = "/api/v1/session", operation_id = "log_out", tag = "access",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Logged out"),
        (status = 400, description = "The request was not made with a session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn log_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let secret = session_secret(&headers).ok_or_else(|| {
        ApiError::bad_request(
            "no-session",
            "No session",
            "this request carries no session cookie to end",
        )
    })?;
    state
        .store
        .end_session(&secret_digest(secret), now())
        .await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "yima_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("yima_csrf=; Path=/; Secure; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}

fn random_hex() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    Ok(hex::encode(bytes))
}
