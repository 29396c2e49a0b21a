//! Accounts and their API keys: administrators open accounts; an account makes, lists and
//! revokes its own keys. A key's secret is shown once, when it is made.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use yima_domain::{Account, AccountDraft, ApiKey, KeyRevocation, Principal, Scope};

use super::now;
use crate::access::{Caller, secret_digest};
use crate::problem::{ApiError, ApiJson, ApiPath, FieldProblem, Problem};
use crate::state::AppState;
use crate::wire::accounts::{
    AccountRequest, AccountView, KeyCreated, KeyRequest, KeyView, RevocationView,
};

/// Open an account: an enterprise's, an industry association's, a regulator's or an
/// administrator's. An enterprise account's rights lie within the enterprise's registered
/// roles.
#[utoipa::path(
    post, path = "/api/v1/accounts", operation_id = "open_account", tag = "access",
    security(("bearer" = [])),
    request_body = AccountRequest,
    responses(
        (status = 201, description = "Opened", body = AccountView),
        (status = 400, description = "A field is invalid, or the enterprise is not registered or lacks a right", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only administrators open accounts", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<AccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = AccountDraft::from(request)
        .validate(now(), |id| state.catalogue.get(id).is_some())
        .map_err(|e| ApiError::invalid("", e))?;
    if let Principal::Enterprise {
        credit_code,
        rights,
    } = &account.principal
    {
        let enterprise = state.store.enterprise(credit_code).await?.ok_or_else(|| {
            field(
                "enterprise",
                format!("no enterprise {credit_code} is registered"),
            )
        })?;
        if (rights.producer && !enterprise.roles.producer)
            || (rights.seller && !enterprise.roles.seller)
        {
            return Err(field(
                "rights",
                format!(
                    "enterprise {credit_code} is registered as {}",
                    enterprise.roles.names().join(" and ")
                ),
            ));
        }
    }
    if !state.store.insert_account(&account).await? {
        return Err(ApiError::from(yima_store::StoreError::Conflict {
            what: format!("account {}", account.id),
        }));
    }
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/accounts/{}", account.id))],
        Json(AccountView::from(&account)),
    ))
}

/// Read an account: administrators any, an account itself.
#[utoipa::path(
    get, path = "/api/v1/accounts/{id}", operation_id = "get_account", tag = "access",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = AccountView),
        (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AccountView>, ApiError> {
    let account = managed(&state, &caller, &id).await?;
    Ok(Json(AccountView::from(&account)))
}

/// Make an API key for an account. Its secret is in the answer, and nowhere else, ever.
#[utoipa::path(
    post, path = "/api/v1/accounts/{id}/keys", operation_id = "make_key", tag = "access",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The account's id")),
    request_body = KeyRequest,
    responses(
        (status = 201, description = "Made; the secret is shown this once", body = KeyCreated),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A key has this id", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn make_key(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(request): ApiJson<KeyRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = managed(&state, &caller, &id).await?;
    let at = now();
    let mut problems = Vec::new();
    let scope = Scope::parse(&request.scope)
        .map_err(|e| problems.push(problem("scope", e)))
        .ok();
    if request.expires_at.is_some_and(|end| end <= at) {
        problems.push(problem("expires_at", "must lie in the future".to_owned()));
    }
    let key_id = match request.id {
        Some(key_id) if yima_domain::access::valid_id(&key_id) => key_id,
        Some(_) => {
            problems.push(problem(
                "id",
                "must be 1 to 64 of a-z, 0-9, '-', '_', '.'".to_owned(),
            ));
            String::new()
        }
        None => format!(
            "{}-{}",
            account.id.chars().take(40).collect::<String>(),
            hex::encode(random::<6>()?)
        ),
    };
    let Some(scope) = scope.filter(|_| problems.is_empty()) else {
        return Err(ApiError::fields(problems));
    };
    let secret = format!(
        "{}{}",
        yima_domain::access::KEY_SECRET_PREFIX,
        hex::encode(random::<32>()?)
    );
    let key = ApiKey {
        id: key_id,
        account: account.id,
        secret_sha256: secret_digest(&secret),
        scope,
        created_at: at,
        expires_at: request.expires_at,
    };
    if !state.store.insert_api_key(&key).await? {
        return Err(ApiError::from(yima_store::StoreError::Conflict {
            what: format!("API key {}", key.id),
        }));
    }
    Ok((
        StatusCode::CREATED,
        Json(KeyCreated {
            key: KeyView::new(&key, None),
            secret,
        }),
    ))
}

/// List an account's keys, without their secrets, revoked and expired ones included.
#[utoipa::path(
    get, path = "/api/v1/accounts/{id}/keys", operation_id = "list_keys", tag = "access",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The keys, oldest first", body = Vec<KeyView>),
        (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_keys(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<KeyView>>, ApiError> {
    let account = managed(&state, &caller, &id).await?;
    let keys = state.store.api_keys_of(&account.id).await?;
    Ok(Json(
        keys.iter()
            .map(|(key, revoked_at)| KeyView::new(key, *revoked_at))
            .collect(),
    ))
}

/// Revoke a key: from now on it is refused. The revocation is a record; the key's own record
/// stays as it was.
#[utoipa::path(
    post, path = "/api/v1/keys/{id}/revocation", operation_id = "revoke_key", tag = "access",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The key's id")),
    responses(
        (status = 201, description = "Revoked", body = RevocationView),
        (status = 401, description = "No valid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another account's key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Revoked already", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, Json<RevocationView>), ApiError> {
    let (key, revoked_at) = state
        .store
        .api_key(&id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no API key {id}")))?;
    if !caller.manages(&key.account) {
        return Err(ApiError::forbidden(format!(
            "API key {id} belongs to account {}; only it and administrators may revoke it",
            key.account
        )));
    }
    let conflict = |at: chrono::DateTime<chrono::Utc>| {
        ApiError::from(yima_store::StoreError::Conflict {
            what: format!("the revocation of API key {id}, made at {at}"),
        })
    };
    if let Some(at) = revoked_at {
        return Err(conflict(at));
    }
    let revoked_by = caller
        .submitter()
        .ok_or_else(|| ApiError::internal("a revocation without a keyed caller"))?;
    let revocation = KeyRevocation {
        key_id: key.id,
        revoked_at: now(),
        revoked_by,
    };
    if !state.store.revoke_api_key(&revocation).await? {
        return Err(conflict(revocation.revoked_at));
    }
    Ok((
        StatusCode::CREATED,
        Json(RevocationView {
            key_id: revocation.key_id,
            revoked_at: revocation.revoked_at,
            revoked_by: revocation.revoked_by,
        }),
    ))
}

/// Account `id`, if `caller` may manage it.
async fn managed(state: &AppState, caller: &Caller, id: &str) -> Result<Account, ApiError> {
    if !caller.manages(id) {
        return Err(ApiError::forbidden(format!(
            "account {id} is another account's; only it and administrators may see or change it"
        )));
    }
    state
        .store
        .account(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no account {id}")))
}

fn problem(field: &str, problem: String) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        problem,
    }
}

fn field(name: &str, detail: String) -> ApiError {
    ApiError::fields(vec![problem(name, detail)])
}

fn random<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    Ok(bytes)
}
