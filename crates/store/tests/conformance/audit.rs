//! Audit batches: stored with their leaf, read back as their leaf committed to them, refused
//! whole, and listed newest first.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;
use yima_domain::ledger::{Recorded, check_sealed};
use yima_domain::{AuditBatch, AuditEntry, RecordRef};
use yima_store::{Store, StoreError};

use crate::support::*;

/// An entry with every optional field given.
pub fn audit_entry(at: DateTime<Utc>, account: Option<&str>, target: &str) -> AuditEntry {
    AuditEntry {
        at,
        account: account.map(str::to_owned),
        key_id: account.map(|a| format!("{a}-key")),
        method: "POST".into(),
        route: "/api/v1/products/{id}".into(),
        target: target.into(),
        status: 201,
        address: Some("2001:db8::1".into()),
        request_id: Some("0190c0de-0000-7000-8000-000000000001".into()),
    }
}

/// An entry of the public: none of the optional fields.
pub fn public_entry(at: DateTime<Utc>, target: &str) -> AuditEntry {
    AuditEntry {
        at,
        account: None,
        key_id: None,
        method: "GET".into(),
        route: "/api/v1/scan".into(),
        target: target.into(),
        status: 404,
        address: None,
        request_id: None,
    }
}

pub fn audit_batch(id: Uuid, entries: Vec<AuditEntry>) -> AuditBatch {
    AuditBatch {
        id,
        recorded_at: now(),
        entries,
    }
}

fn invalid<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::Invalid { problem }) => problem,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

pub async fn audit_batches_round_trip_with_their_leaf(store: Arc<dyn Store>) {
    let t = now();
    let batch = audit_batch(
        Uuid::now_v7(),
        vec![
            audit_entry(t, Some("maker"), "/api/v1/products/1?x=1"),
            public_entry(
                t + TimeDelta::microseconds(1),
                "/api/v1/scan?q=电动自行车·码",
            ),
            audit_entry(
                t - TimeDelta::seconds(1),
                Some("监管-1"),
                &"码".repeat(2_000),
            ),
        ],
    );
    let leaf = store.insert_audit_batch(&batch).await.unwrap();
    assert_eq!(
        store.audit_batch(batch.id).await.unwrap().as_ref(),
        Some(&batch)
    );
    assert_eq!(store.audit_batch(Uuid::now_v7()).await.unwrap(), None);

    let record_ref = RecordRef::Audit(batch.id);
    let (index, stored) = store
        .leaf_by_ref(&record_ref.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(index, None);
    assert_eq!(stored.id, leaf);
    let canonical = yima_store::canonical_record(&*store, &record_ref)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(canonical, batch.canonical().unwrap());
    check_sealed(&stored.entry, &stored.salt, &canonical).unwrap();
    assert!(
        yima_store::canonical_record(&*store, &RecordRef::Audit(Uuid::now_v7()))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.queued_leaves().await.unwrap(), 1);
}

/// More entries than one statement writes: the batch still reads back in its order.
pub async fn large_audit_batches_keep_their_order(store: Arc<dyn Store>) {
    let t = now();
    let entries: Vec<AuditEntry> = (0..600)
        .map(|i| {
            // Times not in the batch's order: the order is the batch's, not the clock's.
            let at = t - TimeDelta::milliseconds(i64::from(i % 7));
            if i % 3 == 0 {
                public_entry(at, &format!("/scan/{i}"))
            } else {
                audit_entry(at, Some("a"), &format!("/p/{i}"))
            }
        })
        .collect();
    let batch = audit_batch(Uuid::now_v7(), entries);
    store.insert_audit_batch(&batch).await.unwrap();
    assert_eq!(store.audit_batch(batch.id).await.unwrap(), Some(batch));
}

pub async fn audit_batches_are_stored_once_and_whole(store: Arc<dyn Store>) {
    let t = now();
    let first = audit_batch(Uuid::now_v7(), vec![audit_entry(t, Some("a"), "/1")]);
    store.insert_audit_batch(&first).await.unwrap();
    let leaves = store.queued_leaves().await.unwrap();

    let again = audit_batch(
        first.id,
        vec![audit_entry(t, Some("b"), "/2"), public_entry(t, "/3")],
    );
    assert!(
        conflict(store.insert_audit_batch(&again).await).contains(&first.id.to_string()),
        "the conflict names the batch"
    );
    assert_eq!(
        store.audit_batch(first.id).await.unwrap(),
        Some(first.clone())
    );

    let empty = audit_batch(Uuid::now_v7(), Vec::new());
    assert!(invalid(store.insert_audit_batch(&empty).await).contains("no entries"));
    assert_eq!(store.audit_batch(empty.id).await.unwrap(), None);

    // An entry refused refuses its batch: the good entries before it are not kept either.
    let mut bad = public_entry(t, "/4");
    bad.status = 42;
    let partly = audit_batch(Uuid::now_v7(), vec![public_entry(t, "/5"), bad]);
    assert!(invalid(store.insert_audit_batch(&partly).await).contains("status"));
    let long = public_entry(t, &"x".repeat(2_001));
    let too_long = audit_batch(Uuid::now_v7(), vec![long]);
    assert!(invalid(store.insert_audit_batch(&too_long).await).contains("target"));
    for id in [partly.id, too_long.id] {
        assert_eq!(store.audit_batch(id).await.unwrap(), None);
    }

    assert_eq!(
        store.queued_leaves().await.unwrap(),
        leaves,
        "no leaf was added"
    );
    let listed = store.audit_entries(None, None, 100).await.unwrap();
    assert_eq!(listed, vec![(first.id, first.entries[0].clone())]);
    for id in [first.id, empty.id, partly.id] {
        let reference = RecordRef::Audit(id).to_string();
        assert_eq!(
            store.leaf_by_ref(&reference).await.unwrap().is_some(),
            id == first.id,
            "{reference}"
        );
    }
}

/// Entries newest first (time, then batch, then position, all descending), filtered by
/// account and by time, at most the limit and never more than 1,000.
pub async fn audit_entries_are_listed_newest_first(store: Arc<dyn Store>) {
    let t = now();
    let at = |s: i64| t - TimeDelta::seconds(s);
    // Ids in a known order; the batch with the smaller id is written last.
    let (low, high) = (Uuid::from_u128(1 << 64), Uuid::from_u128(2 << 64));
    let batches = [
        audit_batch(
            high,
            vec![
                audit_entry(at(10), Some("a"), "/h0"),
                public_entry(at(5), "/h1"),
                audit_entry(at(5), Some("b"), "/h2"),
                audit_entry(at(1), Some("a"), "/h3"),
            ],
        ),
        audit_batch(
            low,
            vec![
                audit_entry(at(5), Some("a"), "/l0"),
                audit_entry(at(20), Some("b"), "/l1"),
                public_entry(at(1), "/l2"),
            ],
        ),
    ];
    for b in &batches {
        store.insert_audit_batch(b).await.unwrap();
    }
    let targets = |listed: Vec<(Uuid, AuditEntry)>| -> Vec<String> {
        listed.into_iter().map(|(_, e)| e.target).collect()
    };
    let all = store.audit_entries(None, None, 100).await.unwrap();
    assert_eq!(
        targets(all.clone()),
        ["/h3", "/l2", "/h2", "/h1", "/l0", "/h0", "/l1"]
    );
    for (batch, entry) in &all {
        let stored = batches.iter().find(|b| b.id == *batch).unwrap();
        assert!(stored.entries.contains(entry), "each with its batch");
    }
    assert_eq!(
        targets(store.audit_entries(Some("a"), None, 100).await.unwrap()),
        ["/h3", "/l0", "/h0"]
    );
    assert_eq!(
        targets(store.audit_entries(Some("b"), None, 100).await.unwrap()),
        ["/h2", "/l1"]
    );
    assert!(
        store
            .audit_entries(Some("c"), None, 100)
            .await
            .unwrap()
            .is_empty()
    );
    // Strictly before: entries at the bound itself are left out.
    assert_eq!(
        targets(store.audit_entries(None, Some(at(5)), 100).await.unwrap()),
        ["/h0", "/l1"]
    );
    assert_eq!(
        targets(
            store
                .audit_entries(Some("a"), Some(at(1)), 100)
                .await
                .unwrap()
        ),
        ["/l0", "/h0"]
    );
    // A bound between two microseconds keeps the entries of the earlier one.
    let between = at(5) + TimeDelta::nanoseconds(500);
    assert_eq!(
        targets(store.audit_entries(None, Some(between), 100).await.unwrap()),
        ["/h2", "/h1", "/l0", "/h0", "/l1"]
    );
    assert_eq!(
        targets(store.audit_entries(None, None, 2).await.unwrap()),
        ["/h3", "/l2"]
    );
    assert!(store.audit_entries(None, None, 0).await.unwrap().is_empty());

    // The limit is clamped to 1,000.
    let many: Vec<AuditEntry> = (0..1_001)
        .map(|i| public_entry(at(100), &format!("/m{i}")))
        .collect();
    store
        .insert_audit_batch(&audit_batch(Uuid::now_v7(), many))
        .await
        .unwrap();
    let listed = store.audit_entries(None, None, u32::MAX).await.unwrap();
    assert_eq!(listed.len(), 1_000);
    assert_eq!(
        targets(listed[..7].to_vec()),
        ["/h3", "/l2", "/h2", "/h1", "/l0", "/h0", "/l1"]
    );
    assert_eq!(listed[7].1.target, "/m1000", "the last position first");
}
