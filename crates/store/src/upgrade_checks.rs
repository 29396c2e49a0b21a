//! Checks the engines' migration tests share: what an upgrade must have made of the rows a
//! database held before it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use yima_domain::{Principal, Scope};

use crate::Store;

/// The API token `bootstrap-admin` with secret digest `digest`, written before the accounts
/// migration at 2025-01-02T03:04:05.678901Z, is now an administrator account with a
/// write-scoped key of the same id and digest, unexpired and unrevoked.
pub(crate) async fn token_became_an_admin_key(store: &dyn Store, digest: &str) {
    let created_at = DateTime::parse_from_rfc3339("2025-01-02T03:04:05.678901Z")
        .unwrap()
        .with_timezone(&Utc);
    let grant = store
        .key_grant(digest)
        .await
        .unwrap()
        .expect("the token's key");
    assert_eq!(grant.key.id, "bootstrap-admin");
    assert_eq!(grant.key.account, "bootstrap-admin");
    assert_eq!(grant.key.secret_sha256, digest);
    assert_eq!(grant.key.scope, Scope::Write);
    assert_eq!(grant.key.created_at, created_at);
    assert_eq!(grant.key.expires_at, None);
    assert_eq!(grant.revoked_at, None);
    assert_eq!(grant.account.id, "bootstrap-admin");
    assert_eq!(grant.account.principal, Principal::Admin);
    assert_eq!(grant.account.created_at, created_at);
    assert_eq!(
        store.account("bootstrap-admin").await.unwrap(),
        Some(grant.account.clone())
    );
    assert_eq!(
        store.api_keys_of("bootstrap-admin").await.unwrap(),
        vec![(grant.key.clone(), None)]
    );
}
