//! What the schema itself refuses or reports, proved with raw SQL.

use std::sync::Arc;

use yima_domain::{KeyRevocation, RecordRef, Scope};
use yima_store::testing::RawSql;
use yima_store::{Counts, Store, StoreError};

use crate::accounts::{admin, api_key};
use crate::logins::{failure, password, session};
use crate::support::*;

/// One record of every kind, for the raw tests.
pub async fn everything(store: &dyn Store) -> Counts {
    let w = world(store).await;
    store
        .register_units(&w.batch, &units(&w.product, &w.batch, "S", 0..2))
        .await
        .unwrap();
    // An account with a key, revoked, so that the three tables have rows.
    assert!(store.insert_account(&admin("a1")).await.unwrap());
    assert!(
        store
            .insert_api_key(&api_key("k1", "a1", "2d", Scope::Write))
            .await
            .unwrap()
    );
    let revocation = KeyRevocation {
        key_id: "k1".into(),
        revoked_at: now(),
        revoked_by: "a1".into(),
    };
    assert!(store.revoke_api_key(&revocation).await.unwrap());
    // A password, a session that ended and a failed login, so that the login tables have rows.
    store
        .insert_password(&password("a1", "h", now(), "a1"))
        .await
        .unwrap();
    store.insert_session(&session("a1", "3d")).await.unwrap();
    assert!(store.end_session(&"3d".repeat(32), now()).await.unwrap());
    store
        .insert_login_failure(&failure("a1", now(), Some("192.0.2.1")))
        .await
        .unwrap();
    let key = yima_domain::IssuingKeyRecord {
        id: 1,
        fingerprint: "ef".repeat(32),
        created_at: now(),
    };
    assert!(store.insert_issuing_key(&key).await.unwrap().is_some());
    let issuance = yima_domain::Issuance::new(1, 1, &w.batch, 1, now()).unwrap();
    store.insert_issuance(&w.batch, &issuance).await.unwrap();
    let fix = yima_domain::CorrectionDraft {
        changes: serde_json::from_value(serde_json::json!({"address": "福州市仓山区1号"})).unwrap(),
        reason: "地址有误".into(),
    }
    .validate(RecordRef::Enterprise(w.producer.credit_code.clone()), now())
    .unwrap();
    store.insert_correction(&fix).await.unwrap();
    let audit = crate::audit::audit_batch(
        uuid::Uuid::now_v7(),
        vec![crate::audit::audit_entry(now(), Some("a1"), "/api/v1/keys")],
    );
    store.insert_audit_batch(&audit).await.unwrap();
    // A submission key, a submission signed with it, and its revocation, so that the three
    // tables have rows.
    let key = crate::submissions::submission_key(&w.producer.credit_code, "a1", 1);
    store.insert_submission_key(&key).await.unwrap();
    let signed = crate::submissions::signed(&key, now(), b"{}".to_vec());
    store.insert_signed_submission(&signed).await.unwrap();
    store
        .insert_submission_key_revocation(&crate::submissions::revocation(&key, "a1", now()))
        .await
        .unwrap();
    // A recall notice with its batches, acknowledged, so that the three tables have rows.
    crate::recalls::one_of_each(store, &w.producer.credit_code, "a1").await;
    let event = epcis_document(serde_json::json!([{
        "type": "ObjectEvent", "action": "ADD",
        "eventTime": "2025-02-28T08:00:00Z", "eventTimeZoneOffset": "+08:00",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.1"],
        "quantityList": [{"epcClass": "urn:epc:class:lgtin:0614141.107346.L1", "quantity": 5}],
        "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00777"}]
    }]));
    let job = yima_domain::epcis::CaptureJob {
        id: uuid::Uuid::now_v7(),
        received_at: now(),
        submitter: None,
        error_behaviour: yima_domain::epcis::ErrorBehaviour::Rollback,
        document_bytes: 1,
        document_sha256: "00".repeat(32),
    };
    store.insert_capture(&job).await.unwrap();
    let mut events = captured(&event, 1, "p");
    events[0].anomalies = vec![yima_domain::epcis::Anomaly {
        kind: yima_domain::epcis::AnomalyKind::CommissionedTwice,
        epc: "x".into(),
        detail: "y".into(),
    }];
    store
        .complete_capture(job.id, now(), &[], &events)
        .await
        .unwrap();
    // A named query defined and removed, so both its tables have rows.
    let query = yima_domain::epcis::NamedQuery::new(
        uuid::Uuid::now_v7(),
        "q".into(),
        serde_json::Map::new(),
        now(),
        None,
    )
    .unwrap();
    store.insert_named_query(&query).await.unwrap();
    assert!(store.remove_named_query("q", now(), None).await.unwrap());
    // A log with a head, a checkpoint and a cosignature, so every log table has rows.
    let holder = uuid::Uuid::now_v7();
    assert!(
        store
            .take_sequencer_lease(holder, std::time::Duration::from_secs(30))
            .await
            .unwrap()
    );
    let head = store.integrate(holder, 100).await.unwrap().unwrap();
    store.register_log_verifier_key("log+1+key").await.unwrap();
    store
        .insert_checkpoint(&yima_store::StoredCheckpoint {
            size: head.size,
            root: head.root,
            note: "note".into(),
        })
        .await
        .unwrap();
    store
        .insert_cosignature(&yima_store::StoredCosignature {
            size: head.size,
            key_name: "w".into(),
            key_id: "00000000".into(),
            line: "— w AAAA".into(),
            cosigned_at: 1,
        })
        .await
        .unwrap();
    store.counts().await.unwrap()
}

const TABLES: [(&str, &str); 39] = [
    ("enterprises", "name = 'x'"),
    ("products", "name = 'x'"),
    ("batches", "lot = 'x'"),
    ("unit_codes", "serial = 'x'"),
    ("unit_registrations", "added = 1"),
    ("code_issuances", "count = 2"),
    ("issuing_keys", "fingerprint = 'x'"),
    ("accounts", "kind = 'admin'"),
    ("api_keys", "scope = 'read'"),
    ("api_key_revocations", "revoked_by = revoked_by"),
    ("account_passwords", "hash = 'x'"),
    ("sessions", "csrf_sha256 = csrf_sha256"),
    ("session_ends", "ended_at = ended_at"),
    ("login_failures", "address = 'x'"),
    ("corrections", "reason = 'x'"),
    ("audit_batches", "recorded_at = recorded_at"),
    ("audit_entries", "status = 200"),
    ("submission_keys", "label = 'x'"),
    ("submission_key_revocations", "reason = 'x'"),
    ("signed_submissions", "body = body"),
    ("recall_notices", "reason = 'x'"),
    ("recall_notice_batches", "lot = 'x'"),
    ("recall_acknowledgements", "note = 'x'"),
    ("log_leaves", "kind = 2"),
    ("log_index", "idx = idx + 1000"),
    ("log_tiles", "width = width"),
    ("log_heads", "size = size"),
    ("log_checkpoints", "note = 'x'"),
    ("log_cosignatures", "line = 'x'"),
    ("log_verifier_key", "vkey = 'x'"),
    ("epcis_events", "document = 'x'"),
    ("epcis_event_epcs", "role = 'input'"),
    ("epcis_event_classes", "uom = 'KGM'"),
    ("epcis_event_links", "type = 'x'"),
    ("epcis_captures", "submitter = 'x'"),
    ("epcis_capture_outcomes", "stored = 7"),
    ("epcis_anomalies", "detail = 'x'"),
    ("named_queries", "definition = '{}'"),
    ("named_query_removals", "submitter = 'x'"),
];

pub async fn updates_are_refused(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let before = everything(&*store).await;
    for (table, set) in TABLES {
        let err = raw
            .raw_execute_for_tests(&format!("UPDATE {table} SET {set}"))
            .await
            .expect_err(table);
        assert!(refused_as_append_only(table, &err), "{table}: {err}");
    }
    assert_eq!(store.counts().await.unwrap(), before);
}

/// SQLite keeps `log_index` as a view over the leaves, which cannot be written at all.
fn refused_as_append_only(table: &str, err: &StoreError) -> bool {
    let message = err.to_string();
    message.contains("append-only")
        || (table == "log_index"
            && message.contains("cannot modify log_index because it is a view"))
}

pub async fn deletes_are_refused(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let before = everything(&*store).await;
    for (table, _) in TABLES {
        let err = raw
            .raw_execute_for_tests(&format!("DELETE FROM {table}"))
            .await
            .expect_err(table);
        assert!(refused_as_append_only(table, &err), "{table}: {err}");
    }
    assert_eq!(store.counts().await.unwrap(), before);
    let grant = store.key_grant(&"2d".repeat(32)).await.unwrap().unwrap();
    assert!(grant.revoked_at.is_some());
    assert_eq!(store.account("a1").await.unwrap(), Some(grant.account));
    assert_eq!(store.audit_entries(None, None, 10).await.unwrap().len(), 1);
    let producer = crate::support::producer(1).credit_code;
    let keys = store.submission_keys_of(&producer).await.unwrap();
    assert!(matches!(keys.as_slice(), [(_, Some(_))]), "{keys:?}");
    let submissions = store
        .signed_submissions_of(&producer, None, 10)
        .await
        .unwrap();
    assert_eq!(submissions.len(), 1);
    let recalls = store.recall_notices(None, 10).await.unwrap();
    assert!(
        matches!(recalls.as_slice(), [n] if n.batches.len() == 2),
        "{recalls:?}"
    );
    assert_eq!(
        store
            .recall_acknowledgements(recalls[0].id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store.current_password("a1").await.unwrap().is_some());
    let (_, account, ended_at) = store.session(&"3d".repeat(32)).await.unwrap().unwrap();
    assert_eq!((account.id.as_str(), ended_at.is_some()), ("a1", true));
    assert_eq!(
        store
            .login_failures_since("a1", now() - chrono::TimeDelta::hours(1))
            .await
            .unwrap()
            .len(),
        1
    );
}

/// A row written behind yima's back that fails validation is reported, naming the field.
pub async fn corrupt_rows_are_reported(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let good = credit_code(4).to_string();
    // Same length and alphabet, wrong check character.
    let last = if good.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{last}", &good[..17]);
    let at = if store.engine().as_str() == "sqlite" {
        "'2025-01-01T00:00:00.000000Z'"
    } else {
        "now()"
    };
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO enterprises VALUES ('{bad}', 'n', 'a', '350102', true, false, {at})"
    ))
    .await
    .unwrap();
    let page = store.enterprises(None, 10).await;
    match page {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "enterprises.credit_code"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // Accounts too: a member that is no credit code, a jurisdiction that is no region.
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO accounts (id, kind, name, members, created_at) \
         VALUES ('assoc', 'association', 'n', '[\"{good}\", \"{bad}\"]', {at})"
    ))
    .await
    .unwrap();
    match store.account("assoc").await {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "accounts.members"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO accounts (id, kind, jurisdiction, categories, created_at) \
         VALUES ('amr', 'regulator', '990100', '[]', {at})"
    ))
    .await
    .unwrap();
    match store.account("amr").await {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "accounts.jurisdiction"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO api_keys VALUES ('k', 'amr', '{}', 'write', {at}, NULL)",
        "3e".repeat(32)
    ))
    .await
    .unwrap();
    match store.key_grant(&"3e".repeat(32)).await {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "accounts.jurisdiction"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // And a session's account.
    let later = if store.engine().as_str() == "sqlite" {
        "'2025-01-01T12:00:00.000000Z'"
    } else {
        "now() + interval '12 hours'"
    };
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO sessions VALUES ('{}', 'amr', '{}', {at}, {later})",
        "4e".repeat(32),
        "4f".repeat(32)
    ))
    .await
    .unwrap();
    match store.session(&"4e".repeat(32)).await {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "accounts.jurisdiction"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
}
