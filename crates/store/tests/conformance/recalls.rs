//! Recall notices and their acknowledgements: stored with their leaves, read back as their
//! leaves committed to them, listed newest first, found by batch, refused whole, and
//! acknowledged once per enterprise.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_domain::ledger::Recorded;
use yima_domain::{RecallAcknowledgement, RecallNotice, RecalledBatch, RecordKind, RecordRef};
use yima_store::testing::RawSql;
use yima_store::{Engine, Store, StoreError};

use crate::accounts::admin;
use crate::submissions::owner;
use crate::support::*;

/// The opening account of the tests' notices.
pub const REGULATOR: &str = "amr-fuzhou";

pub fn recalled(gtin_n: u64, lot: &str) -> RecalledBatch {
    RecalledBatch {
        gtin: gtin(gtin_n),
        lot: lot.to_owned(),
    }
}

/// A notice of `batches` opened by `REGULATOR` at `at`.
pub fn notice(batches: Vec<RecalledBatch>, at: DateTime<Utc>) -> RecallNotice {
    RecallNotice {
        id: Uuid::now_v7(),
        batches,
        reason: "绝缘电阻不合格，存在触电风险".into(),
        opened_by: REGULATOR.to_owned(),
        opened_at: at,
    }
}

pub fn acknowledgement(
    notice: &RecallNotice,
    enterprise: &CreditCode,
    account: &str,
    at: DateTime<Utc>,
) -> RecallAcknowledgement {
    RecallAcknowledgement {
        recall: notice.id,
        enterprise: enterprise.clone(),
        account: account.to_owned(),
        acknowledged_at: at,
        note: Some("库存 40 件已下架封存".into()),
    }
}

/// The regulator's account, stored.
pub async fn regulator(store: &dyn Store) {
    assert!(store.insert_account(&admin(REGULATOR)).await.unwrap());
}

pub async fn recall_notices_round_trip_with_their_leaves(store: Arc<dyn Store>) {
    regulator(&*store).await;
    let t = now();
    // A hundred batches, with lots of the longest, in GS1 AI 10's characters.
    let mut longest = notice(
        (0..100)
            .map(|i| recalled(i % 7, &format!("{i:03}\"%&'()*+,-./:;<_z")))
            .collect(),
        t,
    );
    longest.reason = "因".repeat(1000);
    let mut one = notice(vec![recalled(1, "L2503A")], t + TimeDelta::seconds(1));
    // Opened with a sub-microsecond part: stored, and committed to, to the microsecond.
    one.opened_at += TimeDelta::nanoseconds(1_500);
    let mut stored_one = one.clone();
    stored_one.opened_at = t + TimeDelta::seconds(1) + TimeDelta::microseconds(1);
    let leaves_before = store.queued_leaves().await.unwrap();
    for (n, expected) in [(&longest, &longest), (&one, &stored_one)] {
        let leaf = store.open_recall(n).await.unwrap();
        assert_eq!(
            store.recall_notice(n.id).await.unwrap().as_ref(),
            Some(expected),
            "notice {} reads back as it was stored, its batches in their order",
            n.id
        );
        assert_leaf_seals(&*store, RecordRef::RecallNotice(n.id), leaf, expected).await;
    }
    assert_eq!(store.queued_leaves().await.unwrap(), leaves_before + 2);
    assert_eq!(
        one.canonical().unwrap(),
        stored_one.canonical().unwrap(),
        "the leaf committed to the microsecond"
    );
    assert_eq!(store.recall_notice(Uuid::now_v7()).await.unwrap(), None);
    assert!(
        yima_store::canonical_record(&*store, &RecordRef::RecallNotice(Uuid::now_v7()))
            .await
            .unwrap()
            .is_none()
    );
    let (leaf_index, leaf) = store
        .leaf_by_ref(&RecordRef::RecallNotice(longest.id).to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(leaf_index, None);
    assert_eq!(leaf.kind, 13);
    assert_eq!(
        RecordKind::from_code(leaf.kind),
        Some(RecordKind::RecallNotice)
    );
}

/// Notices newest first (by the time opened, then id, both descending), after the cursor
/// notice when given, at most the limit.
pub async fn recall_notices_are_listed_newest_first(store: Arc<dyn Store>) {
    regulator(&*store).await;
    let t = now();
    let at = |s: i64| t - TimeDelta::seconds(s);
    let with_id = |n: RecallNotice, id: u128| RecallNotice {
        id: Uuid::from_u128(id),
        reason: format!("r{id}"),
        ..n
    };
    // Ids in a known order; two opened at the same time are listed the larger id first.
    let written = [
        with_id(notice(vec![recalled(1, "A")], at(10)), 7),
        with_id(notice(vec![recalled(1, "B"), recalled(2, "B")], at(5)), 3),
        with_id(notice(vec![recalled(1, "C")], at(5)), 9),
        with_id(notice(vec![recalled(1, "D")], at(1)), 1),
        with_id(notice(vec![recalled(1, "E")], at(20)), 5),
    ];
    for n in &written {
        store.open_recall(n).await.unwrap();
    }
    let reasons = |listed: Vec<RecallNotice>| -> Vec<String> {
        listed.into_iter().map(|n| n.reason).collect()
    };
    let all = store.recall_notices(None, 100).await.unwrap();
    assert_eq!(reasons(all.clone()), ["r1", "r9", "r3", "r7", "r5"]);
    for n in &all {
        assert!(written.contains(n), "each whole, with its batches");
    }
    let after = |cursor: u128, limit: u32| {
        let store = store.clone();
        async move {
            reasons(
                store
                    .recall_notices(Some(Uuid::from_u128(cursor)), limit)
                    .await
                    .unwrap(),
            )
        }
    };
    // Page by page, each after the last of the one before.
    assert_eq!(
        reasons(store.recall_notices(None, 2).await.unwrap()),
        ["r1", "r9"]
    );
    assert_eq!(after(9, 2).await, ["r3", "r7"]);
    assert_eq!(after(7, 2).await, ["r5"]);
    assert!(after(5, 2).await.is_empty());
    // Past a notice sharing its time with the next: that one follows it.
    assert_eq!(after(1, 100).await, ["r9", "r3", "r7", "r5"]);
    // An unknown cursor gives nothing.
    assert!(after(42, 100).await.is_empty());
    assert!(store.recall_notices(None, 0).await.unwrap().is_empty());
}

/// A scan finds every notice naming its batch (GTIN and lot both), newest first, each with
/// all its batches.
pub async fn recall_notices_are_found_by_batch(store: Arc<dyn Store>) {
    regulator(&*store).await;
    let t = now();
    let first = notice(vec![recalled(1, "L1"), recalled(2, "L1")], t);
    let second = notice(
        vec![recalled(3, "L9"), recalled(1, "L1")],
        t + TimeDelta::seconds(1),
    );
    let other_lot = notice(vec![recalled(1, "L2")], t + TimeDelta::seconds(2));
    for n in [&first, &second, &other_lot] {
        store.open_recall(n).await.unwrap();
    }
    let found = |gtin: Gtin, lot: &'static str| {
        let store = store.clone();
        async move { store.recall_notices_for_batch(&gtin, lot).await.unwrap() }
    };
    assert_eq!(found(gtin(1), "L1").await, [second.clone(), first.clone()]);
    assert_eq!(found(gtin(2), "L1").await, vec![first]);
    assert_eq!(found(gtin(3), "L9").await, vec![second]);
    assert_eq!(found(gtin(1), "L2").await, vec![other_lot]);
    assert!(found(gtin(2), "L2").await.is_empty());
    assert!(found(gtin(1), "l1").await.is_empty(), "lots are exact");
    assert!(found(gtin(4), "L1").await.is_empty());
    // A GTIN written in 13 digits is the same GTIN.
    let thirteen = Gtin::parse(&gtin(1).as_str()[1..]).unwrap();
    assert_eq!(found(thirteen, "L1").await.len(), 2);
}

pub async fn recall_notices_are_refused_whole(store: Arc<dyn Store>) {
    regulator(&*store).await;
    let t = now();
    let stored = notice(vec![recalled(1, "L1")], t);
    store.open_recall(&stored).await.unwrap();
    let leaves = store.queued_leaves().await.unwrap();

    let same_id = RecallNotice {
        id: stored.id,
        ..notice(vec![recalled(2, "L2")], t)
    };
    assert_eq!(
        conflict(store.open_recall(&same_id).await),
        format!("recall notice {}", stored.id)
    );
    let mut refused = Vec::new();
    let mut ghost = notice(vec![recalled(3, "L3")], t);
    ghost.opened_by = "ghost".into();
    assert_eq!(missing(store.open_recall(&ghost).await), "account ghost");
    refused.push(ghost);
    type Change = fn(&mut RecallNotice);
    let changes: [(&str, Change); 8] = [
        ("batches", |n| n.batches.clear()),
        ("batches", |n| {
            n.batches = (0..101).map(|i| recalled(4, &format!("L{i}"))).collect()
        }),
        ("twice", |n| {
            n.batches = vec![recalled(4, "L1"), recalled(5, "L1"), recalled(4, "L1")]
        }),
        ("lot", |n| n.batches[0].lot = String::new()),
        ("lot", |n| n.batches[0].lot = "L".repeat(21)),
        ("reason", |n| n.reason = String::new()),
        ("reason", |n| n.reason = "因".repeat(1001)),
        ("NUL", |n| n.reason = "a\0b".into()),
    ];
    for (expected, change) in changes {
        let mut n = notice(vec![recalled(4, "L4")], t);
        change(&mut n);
        let problem = invalid(store.open_recall(&n).await);
        assert!(problem.contains(expected), "{expected}: {problem}");
        refused.push(n);
    }

    // Nothing of the refused notices was kept: no row, no batch, no leaf.
    assert_eq!(store.queued_leaves().await.unwrap(), leaves);
    for n in &refused {
        assert_eq!(store.recall_notice(n.id).await.unwrap(), None);
        let reference = RecordRef::RecallNotice(n.id).to_string();
        assert!(store.leaf_by_ref(&reference).await.unwrap().is_none());
    }
    for (g, lot) in [(2, "L2"), (3, "L3"), (4, "L4"), (4, "L1"), (5, "L1")] {
        assert!(
            store
                .recall_notices_for_batch(&gtin(g), lot)
                .await
                .unwrap()
                .is_empty(),
            "{g} {lot}"
        );
    }
    assert_eq!(store.recall_notices(None, 10).await.unwrap(), [stored]);
}

pub async fn recalls_are_acknowledged_once_per_enterprise(store: Arc<dyn Store>) {
    regulator(&*store).await;
    let (shop, shop_account) = owner(&*store, 1).await;
    let (other, other_account) = owner(&*store, 2).await;
    let t = now();
    let recall = notice(vec![recalled(1, "L1")], t);
    let unacknowledged = notice(vec![recalled(1, "L2")], t);
    store.open_recall(&recall).await.unwrap();
    store.open_recall(&unacknowledged).await.unwrap();

    // Given out of order: listed by time, then credit code.
    let mut late = acknowledgement(&recall, &shop.credit_code, &shop_account, t);
    late.acknowledged_at = t + TimeDelta::seconds(5);
    let mut early = acknowledgement(&recall, &other.credit_code, &other_account, t);
    early.note = None;
    for a in [&late, &early] {
        let leaf = store.acknowledge_recall(a).await.unwrap();
        let reference = RecordRef::RecallAcknowledgement {
            recall: a.recall,
            enterprise: a.enterprise.clone(),
        };
        assert_leaf_seals(&*store, reference, leaf, a).await;
        assert_eq!(
            store
                .recall_acknowledgement(a.recall, &a.enterprise)
                .await
                .unwrap()
                .as_ref(),
            Some(a)
        );
    }
    assert_eq!(
        store.recall_acknowledgements(recall.id).await.unwrap(),
        [early.clone(), late.clone()]
    );
    assert!(
        store
            .recall_acknowledgements(unacknowledged.id)
            .await
            .unwrap()
            .is_empty()
    );
    // Which of several notices one enterprise acknowledged, in one question.
    let asked = [unacknowledged.id, recall.id, Uuid::now_v7()];
    assert_eq!(
        store
            .recalls_acknowledged_by(&shop.credit_code, &asked)
            .await
            .unwrap(),
        [recall.id]
    );
    assert!(
        store
            .recalls_acknowledged_by(&credit_code(99), &asked)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .recalls_acknowledged_by(&shop.credit_code, &[])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .recall_acknowledgements(Uuid::now_v7())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .recall_acknowledgement(unacknowledged.id, &shop.credit_code)
            .await
            .unwrap(),
        None
    );
    let leaves = store.queued_leaves().await.unwrap();

    // A second acknowledgement by the enterprise, however it differs, is refused; the first
    // is kept.
    let again = RecallAcknowledgement {
        account: shop_account.clone(),
        acknowledged_at: t + TimeDelta::hours(1),
        note: Some("again".into()),
        ..late.clone()
    };
    assert_eq!(
        conflict(store.acknowledge_recall(&again).await),
        format!(
            "the acknowledgement of recall notice {} by enterprise {}",
            recall.id, shop.credit_code
        )
    );

    let mut refused = Vec::new();
    let unknown = acknowledgement(
        &notice(vec![recalled(1, "L3")], t),
        &shop.credit_code,
        &shop_account,
        t,
    );
    assert_eq!(
        missing(store.acknowledge_recall(&unknown).await),
        format!("recall notice {}", unknown.recall)
    );
    refused.push(unknown);
    let no_enterprise = acknowledgement(&unacknowledged, &credit_code(9), &shop_account, t);
    assert_eq!(
        missing(store.acknowledge_recall(&no_enterprise).await),
        format!("enterprise {}", credit_code(9))
    );
    refused.push(no_enterprise);
    let no_account = acknowledgement(&unacknowledged, &shop.credit_code, "ghost", t);
    assert_eq!(
        missing(store.acknowledge_recall(&no_account).await),
        "account ghost"
    );
    refused.push(no_account);
    // Dated before the notice was opened, even by its rounding to the microsecond.
    for before in [TimeDelta::microseconds(1), TimeDelta::days(1)] {
        let early = acknowledgement(
            &unacknowledged,
            &shop.credit_code,
            &shop_account,
            t - before,
        );
        assert!(invalid(store.acknowledge_recall(&early).await).contains("before"));
        refused.push(early);
    }
    type Change = fn(&mut RecallAcknowledgement);
    let changes: [(&str, Change); 3] = [
        ("note", |a| a.note = Some(String::new())),
        ("note", |a| a.note = Some("注".repeat(501))),
        ("NUL", |a| a.note = Some("a\0b".into())),
    ];
    for (expected, change) in changes {
        let mut a = acknowledgement(&unacknowledged, &shop.credit_code, &shop_account, t);
        change(&mut a);
        let problem = invalid(store.acknowledge_recall(&a).await);
        assert!(problem.contains(expected), "{expected}: {problem}");
        refused.push(a);
    }

    // Nothing of the refused acknowledgements was kept: no row, no leaf.
    assert_eq!(store.queued_leaves().await.unwrap(), leaves);
    for a in &refused {
        let reference = RecordRef::RecallAcknowledgement {
            recall: a.recall,
            enterprise: a.enterprise.clone(),
        };
        assert!(
            store
                .leaf_by_ref(&reference.to_string())
                .await
                .unwrap()
                .is_none(),
            "{reference}"
        );
        assert!(
            yima_store::canonical_record(&*store, &reference)
                .await
                .unwrap()
                .is_none(),
            "{reference}"
        );
    }
    assert!(
        store
            .recall_acknowledgements(unacknowledged.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.recall_acknowledgements(recall.id).await.unwrap(),
        [early, late.clone()]
    );

    // At the very microsecond the notice was opened, and at the longest note: stored.
    let mut prompt = acknowledgement(&unacknowledged, &shop.credit_code, &shop_account, t);
    prompt.note = Some("注".repeat(500));
    store.acknowledge_recall(&prompt).await.unwrap();
    assert_eq!(
        store
            .recall_acknowledgements(unacknowledged.id)
            .await
            .unwrap(),
        [prompt]
    );
}

/// Acknowledgements by one enterprise of one notice, all at once: one is stored, the others
/// are refused as conflicts, and only the stored one has a leaf.
pub async fn racing_acknowledgements_store_one(store: Arc<dyn Store>) {
    regulator(&*store).await;
    let (shop, account) = owner(&*store, 1).await;
    for round in 0..4 {
        let recall = notice(vec![recalled(1, &format!("L{round}"))], now());
        store.open_recall(&recall).await.unwrap();
        let leaves = store.queued_leaves().await.unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let store = store.clone();
            let mut a = acknowledgement(&recall, &shop.credit_code, &account, now());
            a.note = Some(format!("attempt {i}"));
            tasks.spawn(async move { (store.acknowledge_recall(&a).await, a) });
        }
        let mut stored = Vec::new();
        for (outcome, a) in tasks.join_all().await {
            match outcome {
                Ok(_) => stored.push(a),
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => panic!("round {round}: {e}"),
            }
        }
        assert_eq!(stored.len(), 1, "round {round}");
        assert_eq!(
            store.recall_acknowledgements(recall.id).await.unwrap(),
            stored
        );
        assert_eq!(store.queued_leaves().await.unwrap(), leaves + 1);
    }
}

/// A notice row written behind yima's back without its batches, or with a gap in their
/// positions, is reported, by its reads and by the ledger's check of its record.
pub async fn corrupt_recall_notices_are_reported(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    regulator(&*store).await;
    let good = notice(vec![recalled(1, "L1")], now());
    store.open_recall(&good).await.unwrap();
    let engine = store.engine();
    let uuid = |u: Uuid| match engine {
        Engine::Sqlite => {
            let hex: String = u.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
            format!("X'{hex}'")
        }
        Engine::Postgres => format!("'{u}'"),
    };
    // The bare one is listed before the one with a gap, just after the good one.
    let bare = Uuid::now_v7();
    let gap = Uuid::now_v7();
    for (id, at) in [
        (bare, "'2025-01-02T00:00:00.000000Z'"),
        (gap, "'2025-01-01T00:00:00.000000Z'"),
    ] {
        raw.raw_execute_for_tests(&format!(
            "INSERT INTO recall_notices (id, reason, opened_by, opened_at) \
             VALUES ({}, 'r', '{REGULATOR}', {at})",
            uuid(id)
        ))
        .await
        .unwrap();
    }
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO recall_notice_batches (recall, position, gtin, lot) \
         VALUES ({}, 1, '{}', 'L1')",
        uuid(gap),
        gtin(1)
    ))
    .await
    .unwrap();
    let corrupt = |result: Result<_, StoreError>, expected: &str| match result {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, expected),
        other => panic!("expected Corrupt, got {other:?}"),
    };
    corrupt(
        store.recall_notice(bare).await.map(|_| ()),
        "recall_notice_batches",
    );
    corrupt(
        store.recall_notice(gap).await.map(|_| ()),
        "recall_notice_batches.position",
    );
    corrupt(
        store.recall_notices(None, 10).await.map(|_| ()),
        "recall_notice_batches",
    );
    corrupt(
        store
            .recall_notices_for_batch(&gtin(1), "L1")
            .await
            .map(|_| ()),
        "recall_notice_batches.position",
    );
    corrupt(
        yima_store::canonical_record(&*store, &RecordRef::RecallNotice(gap))
            .await
            .map(|_| ()),
        "recall_notice_batches.position",
    );
    assert_eq!(
        store.recall_notice(good.id).await.unwrap(),
        Some(good),
        "the other notice is unharmed"
    );
}

/// A notice opened by `account`, its batches and the enterprise's acknowledgement by the
/// same account, so that the three tables have rows (for the raw tests).
pub async fn one_of_each(store: &dyn Store, enterprise: &CreditCode, account: &str) {
    let mut recall = notice(vec![recalled(1, "L1"), recalled(2, "L2")], now());
    recall.opened_by = account.to_owned();
    store.open_recall(&recall).await.unwrap();
    store
        .acknowledge_recall(&acknowledgement(&recall, enterprise, account, now()))
        .await
        .unwrap();
}

pub async fn scan_marks_say_recalled_and_anomalous(store: Arc<dyn Store>) {
    use yima_domain::epcis::{Anomaly, AnomalyKind};
    regulator(&*store).await;
    let unit = "https://id.gs1.org/01/10614141073464/21/2017".to_owned();
    let other = "https://id.gs1.org/01/10614141073464/21/2018".to_owned();
    let lot = gtin(1);
    let batch = Some((&lot, "L1"));
    let marks = store
        .scan_marks(batch, std::slice::from_ref(&unit))
        .await
        .unwrap();
    assert_eq!(marks, yima_store::ScanMarks::default());

    let sale = epcis_document(serde_json::json!([{
        "type": "ObjectEvent",
        "eventTime": "2025-03-02T10:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "epcList": [unit.clone(), other.clone()],
        "action": "OBSERVE",
        "bizStep": "retail_selling"
    }]));
    let mut events = captured(&sale, 1, "shop");
    events[0].anomalies = vec![Anomaly {
        kind: AnomalyKind::SoldWithoutHolding,
        epc: unit.clone(),
        detail: "sold by a shop that never held it".into(),
    }];
    store.insert_events(&events).await.unwrap();
    assert!(
        store
            .scan_marks(None, std::slice::from_ref(&unit))
            .await
            .unwrap()
            .anomalous
    );
    // The other unit of the same event was not flagged.
    assert!(!store.scan_marks(None, &[other]).await.unwrap().anomalous);
    assert!(!store.scan_marks(None, &[]).await.unwrap().anomalous);

    store
        .open_recall(&notice(vec![recalled(1, "L1")], now()))
        .await
        .unwrap();
    assert_eq!(
        store.scan_marks(batch, &[unit]).await.unwrap(),
        yima_store::ScanMarks {
            recalled: true,
            anomalous: true
        }
    );
    assert!(
        !store
            .scan_marks(Some((&lot, "L2")), &[])
            .await
            .unwrap()
            .recalled
    );
    assert!(!store.scan_marks(None, &[]).await.unwrap().recalled);
}
