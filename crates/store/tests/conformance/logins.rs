//! People's logins: passwords, sessions and failed logins.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use yima_domain::access::login::{LoginFailure, PasswordRecord, SESSION_LIFETIME, Session};
use yima_store::{Store, StoreError};

use crate::accounts::admin;
use crate::support::*;

pub fn password(account: &str, hash: &str, set_at: DateTime<Utc>, set_by: &str) -> PasswordRecord {
    PasswordRecord {
        account: account.to_owned(),
        hash: format!("$argon2id$v=19$m=19456,t=2,p=1${hash}"),
        set_at,
        set_by: set_by.to_owned(),
    }
}

/// A session of `account` whose secret digest is `digest` repeated (two hex digits).
pub fn session(account: &str, digest: &str) -> Session {
    let created_at = now();
    Session {
        secret_sha256: digest.repeat(32),
        account: account.to_owned(),
        csrf_sha256: "cf".repeat(32),
        created_at,
        expires_at: created_at + SESSION_LIFETIME,
    }
}

pub fn failure(account: &str, at: DateTime<Utc>, address: Option<&str>) -> LoginFailure {
    LoginFailure {
        account: account.to_owned(),
        at,
        address: address.map(str::to_owned),
    }
}

pub async fn the_newest_password_is_in_force(store: Arc<dyn Store>) {
    let root = admin("root");
    let ops = admin("ops");
    store.insert_account(&root).await.unwrap();
    store.insert_account(&ops).await.unwrap();
    assert_eq!(store.current_password("ops").await.unwrap(), None);

    let t = now();
    let first = password("ops", "first", t - TimeDelta::hours(1), "root");
    let second = password("ops", "second", t, "ops");
    // Set later, stored first: the time it was set counts, not the order of the calls.
    store.insert_password(&second).await.unwrap();
    store.insert_password(&first).await.unwrap();
    assert_eq!(
        store.current_password("ops").await.unwrap(),
        Some(second.clone())
    );
    // Set in the same microsecond: the one stored last is in force, whatever its hash.
    let mut same_time = Vec::new();
    for hash in ["c-third", "b-fourth", "a-fifth"] {
        let p = password("ops", hash, t + TimeDelta::minutes(1), "root");
        store.insert_password(&p).await.unwrap();
        same_time.push(p);
    }
    assert_eq!(
        store.current_password("ops").await.unwrap().as_ref(),
        same_time.last()
    );
    // Another account's passwords are its own.
    assert_eq!(store.current_password("root").await.unwrap(), None);
    let own = password("root", "own", t - TimeDelta::days(1), "root");
    store.insert_password(&own).await.unwrap();
    assert_eq!(store.current_password("root").await.unwrap(), Some(own));
    assert_eq!(
        store.current_password("ops").await.unwrap().as_ref(),
        same_time.last()
    );
    assert_eq!(store.current_password("nobody").await.unwrap(), None);
}

pub async fn passwords_need_their_accounts(store: Arc<dyn Store>) {
    store.insert_account(&admin("root")).await.unwrap();
    let t = now();
    assert_eq!(
        missing(
            store
                .insert_password(&password("ghost", "h", t, "root"))
                .await
        ),
        "account ghost"
    );
    assert_eq!(
        missing(
            store
                .insert_password(&password("root", "h", t, "phantom"))
                .await
        ),
        "account phantom"
    );
    assert_eq!(store.current_password("ghost").await.unwrap(), None);
    assert_eq!(store.current_password("root").await.unwrap(), None);
    let empty = PasswordRecord {
        hash: String::new(),
        ..password("root", "h", t, "root")
    };
    assert!(matches!(
        store.insert_password(&empty).await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.current_password("root").await.unwrap(), None);
}

pub async fn sessions_round_trip_and_end_once(store: Arc<dyn Store>) {
    let ops = admin("ops");
    store.insert_account(&ops).await.unwrap();
    let s = session("ops", "5a");
    let other = session("ops", "5b");
    store.insert_session(&s).await.unwrap();
    store.insert_session(&other).await.unwrap();
    assert_eq!(
        store.session(&s.secret_sha256).await.unwrap(),
        Some((s.clone(), ops.clone(), None))
    );

    let at = now() + TimeDelta::minutes(5);
    assert!(store.end_session(&s.secret_sha256, at).await.unwrap());
    assert!(
        !store
            .end_session(&s.secret_sha256, at + TimeDelta::hours(1))
            .await
            .unwrap(),
        "a session ends once"
    );
    assert_eq!(
        store.session(&s.secret_sha256).await.unwrap(),
        Some((s, ops.clone(), Some(at))),
        "the first end is kept"
    );
    assert_eq!(
        store.session(&other.secret_sha256).await.unwrap(),
        Some((other, ops, None)),
        "another session goes on"
    );

    let unknown = "ff".repeat(32);
    assert_eq!(store.session(&unknown).await.unwrap(), None);
    assert!(!store.end_session(&unknown, at).await.unwrap());
    assert_eq!(store.session(&unknown).await.unwrap(), None);
}

pub async fn session_conflicts_and_references(store: Arc<dyn Store>) {
    store.insert_account(&admin("ops")).await.unwrap();
    store.insert_account(&admin("root")).await.unwrap();
    assert_eq!(
        missing(store.insert_session(&session("ghost", "6a")).await),
        "account ghost"
    );
    assert_eq!(store.session(&"6a".repeat(32)).await.unwrap(), None);

    let s = session("ops", "6b");
    store.insert_session(&s).await.unwrap();
    let same_secret = Session {
        csrf_sha256: "cd".repeat(32),
        ..session("root", "6b")
    };
    assert_eq!(
        conflict(store.insert_session(&same_secret).await),
        "a session with the same secret"
    );
    let stored = store.session(&s.secret_sha256).await.unwrap().unwrap();
    assert_eq!((stored.0, stored.1.id), (s, "ops".to_owned()));

    let backwards = Session {
        expires_at: now() - TimeDelta::seconds(1),
        ..session("ops", "6c")
    };
    assert!(matches!(
        store.insert_session(&backwards).await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.session(&"6c".repeat(32)).await.unwrap(), None);
}

pub async fn login_failures_are_counted_since_a_time(store: Arc<dyn Store>) {
    let t = now();
    let ago = |m: i64| t - TimeDelta::minutes(m);
    // The account need not exist: failures name the id as typed.
    let failures = [
        failure("ops", ago(20), Some("192.0.2.1")),
        failure("ops", ago(3), None),
        failure("ops", ago(15), Some("2001:db8::1")),
        failure("ops", ago(1), Some("192.0.2.1")),
        failure("ops", ago(1), Some("192.0.2.2")),
        failure("OPS", ago(2), None),
        failure("root", ago(2), None),
    ];
    for f in &failures {
        store.insert_login_failure(f).await.unwrap();
    }
    assert_eq!(
        store.login_failures_since("ops", ago(15)).await.unwrap(),
        vec![ago(1), ago(1), ago(3), ago(15)],
        "newest first, the bound included, other ids not counted"
    );
    assert_eq!(
        store.login_failures_since("ops", ago(60)).await.unwrap(),
        vec![ago(1), ago(1), ago(3), ago(15), ago(20)]
    );
    assert_eq!(
        store.login_failures_since("root", ago(60)).await.unwrap(),
        vec![ago(2)]
    );
    assert!(
        store
            .login_failures_since("ops", t)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .login_failures_since("nobody", ago(60))
            .await
            .unwrap()
            .is_empty()
    );

    let refused = [
        failure("", t, None),
        failure(&"x".repeat(201), t, None),
        failure("ops", t, Some(&"a".repeat(65))),
    ];
    for f in &refused {
        assert!(
            matches!(
                store.insert_login_failure(f).await,
                Err(StoreError::Invalid { .. })
            ),
            "{f:?}"
        );
    }
    assert!(
        store
            .login_failures_since("ops", t)
            .await
            .unwrap()
            .is_empty()
    );
}
