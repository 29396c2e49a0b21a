use chrono::{TimeZone, Utc};

use super::*;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, hour, 0, 0).unwrap()
}

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

#[test]
fn a_province_covers_its_cities_and_counties_and_no_other() {
    let fujian = Jurisdiction::parse("350000").unwrap();
    assert!(fujian.covers(&region("350104")));
    assert!(fujian.covers(&region("350000")));
    assert!(!fujian.covers(&region("330104")));
    let fuzhou = Jurisdiction::parse("350100").unwrap();
    assert!(fuzhou.covers(&region("350104")));
    assert!(!fuzhou.covers(&region("350204")));
    let county = Jurisdiction::parse("350104").unwrap();
    assert!(county.covers(&region("350104")));
    assert!(!county.covers(&region("350105")));
    assert!(Jurisdiction::National.covers(&region("650102")));
    assert!(Jurisdiction::parse("990000").is_err());
}

#[test]
fn write_scope_includes_read_and_not_the_reverse() {
    assert!(Scope::Write.allows(Scope::Read));
    assert!(Scope::Write.allows(Scope::Write));
    assert!(Scope::Read.allows(Scope::Read));
    assert!(!Scope::Read.allows(Scope::Write));
    assert_eq!(Scope::parse("write"), Ok(Scope::Write));
    assert!(Scope::parse("admin").is_err());
}

fn grant(expires_at: Option<DateTime<Utc>>, revoked_at: Option<DateTime<Utc>>) -> KeyGrant {
    KeyGrant {
        key: ApiKey {
            id: "k1".into(),
            account: "a1".into(),
            secret_sha256: "0".repeat(64),
            scope: Scope::Write,
            created_at: at(1),
            expires_at,
        },
        account: Account {
            id: "a1".into(),
            principal: Principal::Admin,
            created_at: at(1),
        },
        revoked_at,
    }
}

#[test]
fn a_key_is_refused_from_its_expiry_or_revocation_on() {
    assert_eq!(grant(None, None).check(at(5)), Ok(()));
    assert_eq!(grant(Some(at(6)), None).check(at(5)), Ok(()));
    assert_eq!(
        grant(Some(at(5)), None).check(at(5)),
        Err(KeyRefusal::Expired)
    );
    assert_eq!(
        grant(None, Some(at(4))).check(at(5)),
        Err(KeyRefusal::Revoked)
    );
    assert_eq!(grant(None, Some(at(6))).check(at(5)), Ok(()));
}

#[test]
fn ids_are_short_lower_case_words() {
    assert!(valid_id("shop-17.keys_a"));
    assert!(!valid_id(""));
    assert!(!valid_id("Shop"));
    assert!(!valid_id("a b"));
    assert!(!valid_id(&"a".repeat(65)));
}

fn draft(kind: &str) -> AccountDraft {
    AccountDraft {
        id: "acct".into(),
        kind: kind.into(),
        ..AccountDraft::default()
    }
}

#[test]
fn accounts_of_each_kind_validate_and_name_the_wrong_field() {
    let enterprise = AccountDraft {
        enterprise: Some("91350100M000100Y43".into()),
        rights: vec!["seller".into()],
        ..draft("enterprise")
    }
    .validate(at(1), |_| true)
    .unwrap();
    assert_eq!(enterprise.principal.kind(), "enterprise");
    assert_eq!(
        enterprise.principal.enterprise().map(|c| c.as_str()),
        Some("91350100M000100Y43")
    );

    let regulator = AccountDraft {
        jurisdiction: Some("350000".into()),
        categories: vec!["wire-cable".into()],
        ..draft("regulator")
    }
    .validate(at(1), |c| c == "wire-cable")
    .unwrap();
    assert!(matches!(regulator.principal, Principal::Regulator { .. }));

    let err = AccountDraft {
        jurisdiction: Some("350000".into()),
        categories: vec!["toys".into()],
        ..draft("regulator")
    }
    .validate(at(1), |c| c == "wire-cable")
    .unwrap_err();
    assert_eq!(err.errors[0].field, "categories[0]");

    let err = AccountDraft {
        enterprise: Some("91350100M000100Y44".into()),
        ..draft("enterprise")
    }
    .validate(at(1), |_| true)
    .unwrap_err();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["enterprise", "rights"]);

    let err = AccountDraft {
        members: vec!["x".into()],
        ..draft("association")
    }
    .validate(at(1), |_| true)
    .unwrap_err();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "members[0]"]);

    let err = AccountDraft {
        name: Some("x".into()),
        jurisdiction: Some("national".into()),
        ..draft("admin")
    }
    .validate(at(1), |_| true)
    .unwrap_err();
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "jurisdiction"]);

    let err = draft("root").validate(at(1), |_| true).unwrap_err();
    assert_eq!(err.errors[0].field, "kind");
    let err = AccountDraft {
        id: "Bad Id".into(),
        ..draft("admin")
    }
    .validate(at(1), |_| true)
    .unwrap_err();
    assert_eq!(err.errors[0].field, "id");
}
