//! Accounts, their API keys and the keys' revocations.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::TimeDelta;
use yima_domain::{
    Account, ApiKey, Jurisdiction, KeyRefusal, KeyRevocation, Principal, RegionCode, Roles, Scope,
};
use yima_store::{Store, StoreError};

use crate::support::*;

pub fn account(id: &str, principal: Principal) -> Account {
    Account {
        id: id.to_owned(),
        principal,
        created_at: now(),
    }
}

pub fn admin(id: &str) -> Account {
    account(id, Principal::Admin)
}

/// A key of `account` whose secret digest is `digest` repeated (two hex digits).
pub fn api_key(id: &str, account: &str, digest: &str, scope: Scope) -> ApiKey {
    ApiKey {
        id: id.to_owned(),
        account: account.to_owned(),
        secret_sha256: digest.repeat(32),
        scope,
        created_at: now(),
        expires_at: None,
    }
}

/// One account of every kind, with lists of several items, one and none.
fn accounts() -> Vec<Account> {
    let codes = |ns: &[u64]| ns.iter().map(|&n| credit_code(n)).collect::<BTreeSet<_>>();
    let names = |ids: &[&str]| ids.iter().map(|&s| s.to_owned()).collect::<BTreeSet<_>>();
    vec![
        admin("root"),
        account(
            "maker",
            Principal::Enterprise {
                credit_code: credit_code(1),
                rights: Roles {
                    producer: true,
                    seller: false,
                },
            },
        ),
        account(
            "shop",
            Principal::Enterprise {
                credit_code: credit_code(2),
                rights: Roles {
                    producer: false,
                    seller: true,
                },
            },
        ),
        account(
            "maker-and-shop",
            Principal::Enterprise {
                credit_code: credit_code(3),
                rights: Roles {
                    producer: true,
                    seller: true,
                },
            },
        ),
        account(
            "cable-association",
            Principal::Association {
                name: "福建省电线电缆行业协会".into(),
                members: codes(&[9, 4, 7]),
            },
        ),
        account(
            "lonely-association",
            Principal::Association {
                name: "A".into(),
                members: BTreeSet::new(),
            },
        ),
        account(
            "samr",
            Principal::Regulator {
                jurisdiction: Jurisdiction::National,
                categories: BTreeSet::new(),
            },
        ),
        account(
            "fuzhou.amr",
            Principal::Regulator {
                jurisdiction: Jurisdiction::Region(RegionCode::parse("350100").unwrap()),
                categories: names(&["wire-cable", "electric-bicycle"]),
            },
        ),
        account(
            "gulou_amr",
            Principal::Regulator {
                jurisdiction: Jurisdiction::Region(RegionCode::parse("350102").unwrap()),
                categories: names(&["wire-cable"]),
            },
        ),
    ]
}

pub async fn every_kind_of_account_round_trips(store: Arc<dyn Store>) {
    let all = accounts();
    for a in &all {
        assert!(store.insert_account(a).await.unwrap(), "{}", a.id);
    }
    for a in &all {
        assert_eq!(store.account(&a.id).await.unwrap().as_ref(), Some(a));
    }
    assert_eq!(store.account("nobody").await.unwrap(), None);
}

pub async fn an_account_id_is_opened_once(store: Arc<dyn Store>) {
    let first = admin("root");
    assert!(store.insert_account(&first).await.unwrap());
    let again = Account {
        created_at: first.created_at + TimeDelta::seconds(5),
        ..account(
            "root",
            Principal::Association {
                name: "另一个协会".into(),
                members: [credit_code(1)].into(),
            },
        )
    };
    assert!(
        !store.insert_account(&again).await.unwrap(),
        "an existing id is not replaced"
    );
    assert_eq!(store.account("root").await.unwrap(), Some(first));
}

/// Accounts that skipped validation are refused by the schema's checks, as `Invalid`.
pub async fn accounts_the_schema_refuses_are_invalid(store: Arc<dyn Store>) {
    let refused = [
        account(
            "no-rights",
            Principal::Enterprise {
                credit_code: credit_code(1),
                rights: Roles {
                    producer: false,
                    seller: false,
                },
            },
        ),
        account(
            "nameless",
            Principal::Association {
                name: String::new(),
                members: BTreeSet::new(),
            },
        ),
        admin(""),
        admin(&"x".repeat(65)),
    ];
    for a in &refused {
        assert!(
            matches!(
                store.insert_account(a).await,
                Err(StoreError::Invalid { .. })
            ),
            "{a:?}"
        );
    }
    assert!(store.insert_account(&admin(&"x".repeat(64))).await.unwrap());
}

pub async fn keys_are_found_by_their_digest_with_their_account(store: Arc<dyn Store>) {
    let all = accounts();
    for a in &all {
        store.insert_account(a).await.unwrap();
    }
    let regulator = &all[7];
    let t = now();
    // Inserted out of order: listed by creation time, then id.
    let mut late = api_key("z-late", &regulator.id, "0a", Scope::Read);
    late.created_at = t + TimeDelta::seconds(2);
    late.expires_at = Some(t + TimeDelta::days(90));
    let mut b = api_key("b", &regulator.id, "0b", Scope::Write);
    b.created_at = t;
    let mut a = api_key("a", &regulator.id, "0c", Scope::Read);
    a.created_at = t;
    let mut first = api_key("y-first", &regulator.id, "0d", Scope::Write);
    first.created_at = t - TimeDelta::seconds(2);
    let other = api_key("root-key", "root", "0e", Scope::Write);
    for k in [&late, &b, &a, &first, &other] {
        assert!(store.insert_api_key(k).await.unwrap(), "{}", k.id);
    }

    let grant = store.key_grant(&late.secret_sha256).await.unwrap().unwrap();
    assert_eq!(grant.key, late);
    assert_eq!(&grant.account, regulator);
    assert_eq!(grant.revoked_at, None);
    assert_eq!(grant.check(t), Ok(()));
    assert_eq!(
        grant.check(t + TimeDelta::days(91)),
        Err(KeyRefusal::Expired)
    );
    let root = store
        .key_grant(&other.secret_sha256)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((root.key, root.account), (other.clone(), all[0].clone()));
    assert_eq!(store.key_grant(&"ff".repeat(32)).await.unwrap(), None);

    assert_eq!(store.api_key("b").await.unwrap(), Some((b.clone(), None)));
    assert_eq!(store.api_key("nope").await.unwrap(), None);
    assert_eq!(
        store.api_keys_of(&regulator.id).await.unwrap(),
        vec![(first, None), (a, None), (b, None), (late, None)]
    );
    assert_eq!(
        store.api_keys_of("root").await.unwrap(),
        vec![(other, None)]
    );
    assert!(store.api_keys_of("maker").await.unwrap().is_empty());
    assert!(store.api_keys_of("nobody").await.unwrap().is_empty());
}

pub async fn key_conflicts_and_references(store: Arc<dyn Store>) {
    store.insert_account(&admin("root")).await.unwrap();
    let key = api_key("k1", "root", "1a", Scope::Write);

    let ghost = api_key("k0", "ghost", "1b", Scope::Read);
    assert_eq!(missing(store.insert_api_key(&ghost).await), "account ghost");
    assert_eq!(store.api_key("k0").await.unwrap(), None);

    assert!(store.insert_api_key(&key).await.unwrap());
    assert!(
        !store.insert_api_key(&key).await.unwrap(),
        "the same key twice is stored once"
    );
    let same_id = api_key("k1", "root", "1c", Scope::Read);
    assert!(
        !store.insert_api_key(&same_id).await.unwrap(),
        "an existing id is not replaced"
    );
    assert_eq!(store.key_grant(&same_id.secret_sha256).await.unwrap(), None);
    let same_secret = api_key("k2", "root", "1a", Scope::Read);
    assert_eq!(
        conflict(store.insert_api_key(&same_secret).await),
        "an API key with the same secret"
    );
    assert_eq!(store.api_key("k2").await.unwrap(), None);
    assert_eq!(
        store.api_keys_of("root").await.unwrap(),
        vec![(key.clone(), None)]
    );
    assert_eq!(
        store
            .key_grant(&key.secret_sha256)
            .await
            .unwrap()
            .map(|g| g.key),
        Some(key)
    );
}

pub async fn revocations_are_recorded_once(store: Arc<dyn Store>) {
    store.insert_account(&admin("root")).await.unwrap();
    store.insert_account(&admin("ops")).await.unwrap();
    let key = api_key("k1", "ops", "2a", Scope::Write);
    let kept = api_key("k2", "ops", "2b", Scope::Read);
    store.insert_api_key(&key).await.unwrap();
    store.insert_api_key(&kept).await.unwrap();

    let at = now();
    let revocation = KeyRevocation {
        key_id: "k1".into(),
        revoked_at: at,
        revoked_by: "root".into(),
    };
    assert!(store.revoke_api_key(&revocation).await.unwrap());
    let grant = store.key_grant(&key.secret_sha256).await.unwrap().unwrap();
    assert_eq!(grant.revoked_at, Some(at));
    assert_eq!(grant.check(at), Err(KeyRefusal::Revoked));
    assert_eq!(grant.check(at - TimeDelta::seconds(1)), Ok(()));
    assert_eq!(
        store.api_key("k1").await.unwrap(),
        Some((key.clone(), Some(at)))
    );
    assert_eq!(
        store.api_keys_of("ops").await.unwrap(),
        vec![(key.clone(), Some(at)), (kept.clone(), None)]
    );

    let later = KeyRevocation {
        revoked_at: at + TimeDelta::hours(1),
        revoked_by: "ops".into(),
        ..revocation
    };
    assert!(
        !store.revoke_api_key(&later).await.unwrap(),
        "a key is revoked once"
    );
    assert_eq!(
        store.api_key("k1").await.unwrap(),
        Some((key, Some(at))),
        "the first revocation is kept"
    );

    let no_key = KeyRevocation {
        key_id: "nope".into(),
        ..later.clone()
    };
    assert_eq!(missing(store.revoke_api_key(&no_key).await), "API key nope");
    let no_one = KeyRevocation {
        key_id: "k2".into(),
        revoked_by: "ghost".into(),
        ..later
    };
    assert_eq!(
        missing(store.revoke_api_key(&no_one).await),
        "account ghost"
    );
    assert_eq!(store.api_key("k2").await.unwrap(), Some((kept, None)));
}
