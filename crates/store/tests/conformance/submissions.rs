//! Submission keys, their revocations and signed submissions: stored with their leaves, read
//! back as their leaves committed to them, refused whole, and listed newest first.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::ledger::Recorded;
use yima_domain::{
    Enterprise, Principal, RecordRef, Roles, SignedSubmission, SubmissionKey,
    SubmissionKeyRevocation,
};
use yima_store::testing::RawSql;
use yima_store::{Engine, Store, StoreError};

use crate::accounts::{account, admin};
use crate::support::*;

/// A public key different for every `n` (the store does not check that it is a point).
pub fn public_key(n: u64) -> [u8; 32] {
    let mut key = [0x5a; 32];
    key[..8].copy_from_slice(&n.to_be_bytes());
    key
}

pub fn submission_key(enterprise: &CreditCode, by: &str, n: u64) -> SubmissionKey {
    SubmissionKey {
        id: Uuid::now_v7(),
        enterprise: enterprise.clone(),
        public_key: public_key(n),
        label: format!("扫码枪 {n}"),
        registered_by: by.to_owned(),
        registered_at: now(),
    }
}

pub fn revocation(key: &SubmissionKey, by: &str, at: DateTime<Utc>) -> SubmissionKeyRevocation {
    SubmissionKeyRevocation {
        key_id: key.id,
        enterprise: key.enterprise.clone(),
        reason: "扫码枪遗失".into(),
        revoked_by: by.to_owned(),
        revoked_at: at,
    }
}

/// A submission under `key` received at `at`, signed the second before, with `body`.
pub fn signed(key: &SubmissionKey, at: DateTime<Utc>, body: Vec<u8>) -> SignedSubmission {
    let signed_at = DateTime::from_timestamp(at.timestamp() - 1, 0).unwrap();
    SignedSubmission {
        id: Uuid::now_v7(),
        key_id: key.id,
        enterprise: key.enterprise.clone(),
        method: "POST".into(),
        target: "/api/v1/epcis/capture?receipt=wait&lot=L2503·A".into(),
        signed_at,
        body,
        signature: [0xc3; 64],
        request_id: Some("0190c0de-0000-7000-8000-000000000001".into()),
        received_at: at,
    }
}

/// Enterprise `n`, stored, with its account `maker-{n}`.
pub async fn owner(store: &dyn Store, n: u64) -> (Enterprise, String) {
    let enterprise = producer(n);
    store.insert_enterprise(&enterprise).await.unwrap();
    let id = format!("maker-{n}");
    let principal = Principal::Enterprise {
        credit_code: enterprise.credit_code.clone(),
        rights: Roles {
            producer: true,
            seller: true,
        },
    };
    assert!(
        store
            .insert_account(&account(&id, principal))
            .await
            .unwrap()
    );
    (enterprise, id)
}

pub async fn submission_keys_round_trip_with_their_leaves(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let (other, other_by) = owner(&*store, 2).await;
    let t = now();
    // Registered out of order: listed by time, then id.
    let mut late = submission_key(&maker.credit_code, &by, 1);
    late.registered_at = t + TimeDelta::seconds(2);
    let mut b = submission_key(&maker.credit_code, &by, 2);
    b.registered_at = t;
    b.label = "仓库 2 号扫码枪 — \"north\" 'gate'".into();
    let mut a = submission_key(&maker.credit_code, &by, 3);
    a.registered_at = t;
    a.id = Uuid::from_u128(b.id.as_u128() - 1);
    let mut first = submission_key(&maker.credit_code, &by, 4);
    first.registered_at = t - TimeDelta::seconds(2);
    first.label = "k".repeat(yima_domain::signing::MAX_LABEL_CHARS);
    let theirs = submission_key(&other.credit_code, &other_by, 5);
    for k in [&late, &b, &a, &first, &theirs] {
        let leaf = store.insert_submission_key(k).await.unwrap();
        assert_leaf_seals(&*store, RecordRef::SubmissionKey(k.id), leaf, k).await;
    }
    assert_eq!(store.queued_leaves().await.unwrap(), 2 + 5);

    assert_eq!(
        store.submission_key(b.id).await.unwrap(),
        Some((b.clone(), None))
    );
    assert_eq!(store.submission_key(Uuid::now_v7()).await.unwrap(), None);
    assert_eq!(
        store.submission_keys_of(&maker.credit_code).await.unwrap(),
        vec![
            (first.clone(), None),
            (a.clone(), None),
            (b.clone(), None),
            (late.clone(), None)
        ]
    );
    assert_eq!(
        store.submission_keys_of(&other.credit_code).await.unwrap(),
        vec![(theirs.clone(), None)]
    );
    assert!(
        store
            .submission_keys_of(&credit_code(3))
            .await
            .unwrap()
            .is_empty()
    );

    // A revocation, by another account than the registering one, reads back with its key.
    store.insert_account(&admin("root")).await.unwrap();
    let mut revoked = revocation(&a, "root", t + TimeDelta::seconds(10));
    revoked.reason = "r".repeat(500);
    assert!(
        yima_store::canonical_record(&*store, &RecordRef::SubmissionKeyRevocation(a.id))
            .await
            .unwrap()
            .is_none(),
        "no revocation yet"
    );
    let leaf = store
        .insert_submission_key_revocation(&revoked)
        .await
        .unwrap();
    assert_leaf_seals(
        &*store,
        RecordRef::SubmissionKeyRevocation(a.id),
        leaf,
        &revoked,
    )
    .await;
    assert_eq!(
        store.submission_key(a.id).await.unwrap(),
        Some((a.clone(), Some(revoked.clone())))
    );
    assert_eq!(
        store.submission_keys_of(&maker.credit_code).await.unwrap(),
        vec![
            (first, None),
            (a.clone(), Some(revoked)),
            (b, None),
            (late, None)
        ]
    );
    for reference in [
        RecordRef::SubmissionKey(Uuid::now_v7()),
        RecordRef::SubmissionKeyRevocation(Uuid::now_v7()),
        RecordRef::SubmissionKeyRevocation(theirs.id),
    ] {
        assert!(
            yima_store::canonical_record(&*store, &reference)
                .await
                .unwrap()
                .is_none(),
            "{reference}"
        );
    }
}

pub async fn signed_submissions_round_trip_with_their_leaves(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    store.insert_submission_key(&key).await.unwrap();
    let t = now();

    // Five megabytes of a capture document, every byte value, and nothing.
    let large: Vec<u8> = br#"{"type":"EPCISDocument","epcisBody":{"eventList":["#
        .iter()
        .copied()
        .chain((0..5 * 1024 * 1024).map(|i: u32| b"0123456789abcdef"[(i % 16) as usize]))
        .chain(*br#"]}}"#)
        .collect();
    let every_byte: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    let mut bare = signed(&key, t + TimeDelta::seconds(2), Vec::new());
    bare.request_id = None;
    bare.method = "DELETE".into();
    bare.target = "/".into();
    // Received with a sub-microsecond part: stored, and committed to, to the microsecond.
    let mut unrounded = signed(&key, t, every_byte);
    unrounded.received_at = t + TimeDelta::nanoseconds(1_500);
    let mut rounded = unrounded.clone();
    rounded.received_at = t + TimeDelta::microseconds(1);
    let submissions = [
        signed(&key, t + TimeDelta::seconds(1), large),
        unrounded,
        bare,
    ];
    let mut leaves = Vec::new();
    for s in &submissions {
        leaves.push(store.insert_signed_submission(s).await.unwrap());
    }
    let expected = [submissions[0].clone(), rounded, submissions[2].clone()];
    for (s, leaf) in expected.iter().zip(leaves) {
        let stored = store.signed_submission(s.id).await.unwrap().unwrap();
        assert!(
            stored == *s,
            "submission {} reads back as it was stored",
            s.id
        );
        assert_leaf_seals(&*store, RecordRef::SignedSubmission(s.id), leaf, s).await;
    }
    assert_eq!(
        submissions[1].canonical().unwrap(),
        expected[1].canonical().unwrap(),
        "the leaf committed to the microsecond"
    );
    assert_eq!(store.signed_submission(Uuid::now_v7()).await.unwrap(), None);
    assert!(
        yima_store::canonical_record(&*store, &RecordRef::SignedSubmission(Uuid::now_v7()))
            .await
            .unwrap()
            .is_none()
    );
    let listed = store
        .signed_submissions_of(&maker.credit_code, None, 10)
        .await
        .unwrap();
    assert!(
        listed
            == [
                expected[2].clone(),
                expected[0].clone(),
                expected[1].clone()
            ],
        "listed newest first, bodies included"
    );
}

/// The largest body the server takes signed (that of an EPCIS capture document, 32 MiB), of
/// bytes that do not compress, is stored and read back whole.
pub async fn the_largest_bodies_are_stored_whole(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    store.insert_submission_key(&key).await.unwrap();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let body: Vec<u8> = (0..32 * 1024 * 1024 / 8)
        .flat_map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()
        })
        .collect();
    let s = signed(&key, now(), body);
    let leaf = store.insert_signed_submission(&s).await.unwrap();
    let stored = store.signed_submission(s.id).await.unwrap().unwrap();
    assert!(stored == s, "the body reads back whole");
    assert_leaf_seals(&*store, RecordRef::SignedSubmission(s.id), leaf, &s).await;
}

pub async fn submission_key_conflicts_and_references(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let (other, other_by) = owner(&*store, 2).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    store.insert_submission_key(&key).await.unwrap();
    let leaves = store.queued_leaves().await.unwrap();

    let same_id = SubmissionKey {
        id: key.id,
        ..submission_key(&maker.credit_code, &by, 2)
    };
    assert_eq!(
        conflict(store.insert_submission_key(&same_id).await),
        format!("submission key {}", key.id)
    );
    // A public key is registered once across the platform, whoever registers it again.
    let same_public_key = submission_key(&other.credit_code, &other_by, 1);
    let what = conflict(store.insert_submission_key(&same_public_key).await);
    assert!(what.contains(&"5a".repeat(24)), "{what}");
    let same_public_key_again = submission_key(&maker.credit_code, &by, 1);
    conflict(store.insert_submission_key(&same_public_key_again).await);

    let no_enterprise = submission_key(&credit_code(9), &by, 3);
    assert_eq!(
        missing(store.insert_submission_key(&no_enterprise).await),
        format!("enterprise {}", credit_code(9))
    );
    let no_account = submission_key(&maker.credit_code, "ghost", 4);
    assert_eq!(
        missing(store.insert_submission_key(&no_account).await),
        "account ghost"
    );
    let mut unlabelled = submission_key(&maker.credit_code, &by, 5);
    unlabelled.label = String::new();
    assert!(invalid(store.insert_submission_key(&unlabelled).await).contains("label"));
    let mut long_label = submission_key(&maker.credit_code, &by, 6);
    long_label.label = "k".repeat(yima_domain::signing::MAX_LABEL_CHARS + 1);
    assert!(invalid(store.insert_submission_key(&long_label).await).contains("label"));
    let mut nul = submission_key(&maker.credit_code, &by, 7);
    nul.label = "a\0b".into();
    assert!(invalid(store.insert_submission_key(&nul).await).contains("NUL"));

    // Nothing of the refused keys was kept: no row, no leaf.
    assert_eq!(store.queued_leaves().await.unwrap(), leaves);
    for k in [
        &same_public_key,
        &same_public_key_again,
        &no_enterprise,
        &no_account,
        &unlabelled,
        &long_label,
        &nul,
    ] {
        assert_eq!(store.submission_key(k.id).await.unwrap(), None);
        let reference = RecordRef::SubmissionKey(k.id).to_string();
        assert!(store.leaf_by_ref(&reference).await.unwrap().is_none());
    }
    assert_eq!(
        store.submission_key(key.id).await.unwrap(),
        Some((key.clone(), None))
    );
    assert_eq!(
        store.submission_keys_of(&maker.credit_code).await.unwrap(),
        vec![(key, None)]
    );
    assert!(
        store
            .submission_keys_of(&other.credit_code)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn submission_keys_are_revoked_once(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let (other, other_by) = owner(&*store, 2).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    let theirs = submission_key(&other.credit_code, &other_by, 2);
    store.insert_submission_key(&key).await.unwrap();
    store.insert_submission_key(&theirs).await.unwrap();
    let leaves = store.queued_leaves().await.unwrap();
    let t = now();

    let unknown = SubmissionKeyRevocation {
        key_id: Uuid::now_v7(),
        ..revocation(&key, &by, t)
    };
    assert_eq!(
        missing(store.insert_submission_key_revocation(&unknown).await),
        format!("submission key {}", unknown.key_id)
    );
    let by_ghost = revocation(&key, "ghost", t);
    assert_eq!(
        missing(store.insert_submission_key_revocation(&by_ghost).await),
        "account ghost"
    );
    // Named under another enterprise than the key's: the key's own, or one not registered.
    for enterprise in [other.credit_code.clone(), credit_code(9)] {
        let elsewhere = SubmissionKeyRevocation {
            enterprise,
            ..revocation(&key, &by, t)
        };
        let problem = invalid(store.insert_submission_key_revocation(&elsewhere).await);
        assert!(problem.contains(&key.id.to_string()), "{problem}");
    }
    let mut no_reason = revocation(&key, &by, t);
    no_reason.reason = String::new();
    assert!(invalid(store.insert_submission_key_revocation(&no_reason).await).contains("reason"));
    no_reason.reason = "r".repeat(501);
    assert!(invalid(store.insert_submission_key_revocation(&no_reason).await).contains("reason"));
    assert_eq!(store.queued_leaves().await.unwrap(), leaves);
    assert_eq!(
        store.submission_key(key.id).await.unwrap(),
        Some((key.clone(), None))
    );

    let first = revocation(&key, &by, t);
    store
        .insert_submission_key_revocation(&first)
        .await
        .unwrap();
    let again = SubmissionKeyRevocation {
        reason: "again".into(),
        revoked_at: t + TimeDelta::hours(1),
        ..first.clone()
    };
    assert_eq!(
        conflict(store.insert_submission_key_revocation(&again).await),
        format!("the revocation of submission key {}", key.id)
    );
    assert_eq!(
        store.submission_key(key.id).await.unwrap(),
        Some((key.clone(), Some(first.clone()))),
        "the first revocation is kept"
    );
    assert_eq!(store.queued_leaves().await.unwrap(), leaves + 1);
    assert_eq!(
        store.submission_key(theirs.id).await.unwrap(),
        Some((theirs, None))
    );
}

pub async fn signed_submissions_are_refused_whole(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let (other, other_by) = owner(&*store, 2).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    let theirs = submission_key(&other.credit_code, &other_by, 2);
    let revoked = submission_key(&maker.credit_code, &by, 3);
    for k in [&key, &theirs, &revoked] {
        store.insert_submission_key(k).await.unwrap();
    }
    let t = now();
    let cut = t + TimeDelta::seconds(10);

    // Received before its key's revocation: stored, and stays so.
    let before_cut = signed(&revoked, cut - TimeDelta::microseconds(1), b"{}".to_vec());
    store.insert_signed_submission(&before_cut).await.unwrap();
    // A revocation cannot be dated at or before a submission it would have refused.
    for at in [
        cut - TimeDelta::microseconds(1),
        cut - TimeDelta::seconds(5),
        // Stored to the microsecond: the one it was received at.
        cut - TimeDelta::nanoseconds(500),
    ] {
        let backdated = revocation(&revoked, &by, at);
        let problem = invalid(store.insert_submission_key_revocation(&backdated).await);
        assert!(problem.contains(&before_cut.id.to_string()), "{problem}");
    }
    store
        .insert_submission_key_revocation(&revocation(&revoked, &by, cut))
        .await
        .unwrap();
    let leaves = store.queued_leaves().await.unwrap();

    let stored = signed(&key, t, b"{\"a\":1}".to_vec());
    store.insert_signed_submission(&stored).await.unwrap();
    let again = signed(&key, t + TimeDelta::seconds(1), b"other".to_vec());
    let again = SignedSubmission {
        id: stored.id,
        ..again
    };
    assert_eq!(
        conflict(store.insert_signed_submission(&again).await),
        format!("signed submission {}", stored.id)
    );

    let mut refused = Vec::new();
    let unknown_key = SignedSubmission {
        key_id: Uuid::now_v7(),
        ..signed(&key, t, b"x".to_vec())
    };
    assert_eq!(
        missing(store.insert_signed_submission(&unknown_key).await),
        format!("submission key {}", unknown_key.key_id)
    );
    refused.push(unknown_key);
    // Under another enterprise's key, whichever enterprise it names.
    for enterprise in [maker.credit_code.clone(), credit_code(9)] {
        let s = SignedSubmission {
            enterprise,
            ..signed(&theirs, t, b"x".to_vec())
        };
        let problem = invalid(store.insert_signed_submission(&s).await);
        assert!(problem.contains(&theirs.id.to_string()), "{problem}");
        refused.push(s);
    }
    // Received at or after the revocation, even by a fraction of a microsecond's rounding.
    for at in [
        cut,
        cut + TimeDelta::nanoseconds(999),
        cut + TimeDelta::days(1),
    ] {
        let s = signed(&revoked, at, b"x".to_vec());
        assert!(invalid(store.insert_signed_submission(&s).await).contains("revoked"));
        refused.push(s);
    }
    let mut fraction = signed(&key, t, b"x".to_vec());
    fraction.signed_at += TimeDelta::milliseconds(250);
    assert!(invalid(store.insert_signed_submission(&fraction).await).contains("whole seconds"));
    refused.push(fraction);
    type Change = fn(&mut SignedSubmission);
    let changes: [(&str, Change); 6] = [
        ("method", |s| s.method = String::new()),
        ("method", |s| s.method = "M".repeat(17)),
        ("target", |s| s.target = String::new()),
        ("target", |s| s.target = "/".repeat(65_537)),
        ("target", |s| s.target = "/a\0".into()),
        ("request id", |s| s.request_id = Some("r".repeat(201))),
    ];
    for (field, change) in changes {
        let mut s = signed(&key, t, b"x".to_vec());
        change(&mut s);
        let problem = invalid(store.insert_signed_submission(&s).await);
        assert!(problem.contains(field), "{field}: {problem}");
        refused.push(s);
    }
    let mut longest = signed(&key, t + TimeDelta::seconds(1), b"y".to_vec());
    longest.target = "/".repeat(65_536);
    longest.request_id = Some("r".repeat(200));
    longest.method = "M".repeat(16);
    store.insert_signed_submission(&longest).await.unwrap();

    // Nothing of the refused submissions was kept: no row, no leaf.
    assert_eq!(store.queued_leaves().await.unwrap(), leaves + 2);
    for s in &refused {
        assert_eq!(store.signed_submission(s.id).await.unwrap(), None);
        let reference = RecordRef::SignedSubmission(s.id).to_string();
        assert!(store.leaf_by_ref(&reference).await.unwrap().is_none());
    }
    assert_eq!(
        store.signed_submission(stored.id).await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(
        store
            .signed_submissions_of(&maker.credit_code, None, 100)
            .await
            .unwrap(),
        vec![before_cut, longest, stored]
    );
    assert!(
        store
            .signed_submissions_of(&other.credit_code, None, 100)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Submissions newest first (by the time received, then id, both descending), of one
/// enterprise, strictly before the bound when given, at most the limit and never more than
/// 1,000.
pub async fn signed_submissions_are_listed_newest_first(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    let (other, other_by) = owner(&*store, 2).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    let second = submission_key(&maker.credit_code, &by, 2);
    let theirs = submission_key(&other.credit_code, &other_by, 3);
    for k in [&key, &second, &theirs] {
        store.insert_submission_key(k).await.unwrap();
    }
    let t = now();
    let at = |s: i64| t - TimeDelta::seconds(s);
    let with_id = |s: SignedSubmission, id: u128| SignedSubmission {
        id: Uuid::from_u128(id),
        target: format!("/{id}"),
        ..s
    };
    // Ids in a known order; two at the same time are listed the larger id first.
    let written = [
        with_id(signed(&key, at(10), b"a".to_vec()), 7),
        with_id(signed(&second, at(5), b"b".to_vec()), 3),
        with_id(signed(&key, at(5), b"c".to_vec()), 9),
        with_id(signed(&key, at(1), b"d".to_vec()), 1),
        with_id(signed(&second, at(20), b"e".to_vec()), 5),
        with_id(signed(&theirs, at(0), b"f".to_vec()), 2),
    ];
    for s in &written {
        store.insert_signed_submission(s).await.unwrap();
    }
    let targets = |listed: Vec<SignedSubmission>| -> Vec<String> {
        listed.into_iter().map(|s| s.target).collect()
    };
    let all = store
        .signed_submissions_of(&maker.credit_code, None, 100)
        .await
        .unwrap();
    assert_eq!(targets(all.clone()), ["/1", "/9", "/3", "/7", "/5"]);
    for s in &all {
        assert!(written.contains(s), "each whole");
    }
    assert_eq!(
        targets(
            store
                .signed_submissions_of(&other.credit_code, None, 100)
                .await
                .unwrap()
        ),
        ["/2"]
    );
    assert!(
        store
            .signed_submissions_of(&credit_code(3), None, 100)
            .await
            .unwrap()
            .is_empty()
    );
    // Strictly before: submissions at the bound itself are left out.
    let before = |bound| {
        let store = store.clone();
        let code = maker.credit_code.clone();
        async move {
            targets(
                store
                    .signed_submissions_of(&code, Some(bound), 100)
                    .await
                    .unwrap(),
            )
        }
    };
    assert_eq!(before(at(5)).await, ["/7", "/5"]);
    assert_eq!(before(at(1)).await, ["/9", "/3", "/7", "/5"]);
    // A bound between two microseconds keeps the submissions of the earlier one.
    assert_eq!(
        before(at(5) + TimeDelta::nanoseconds(500)).await,
        ["/9", "/3", "/7", "/5"]
    );
    assert!(before(at(30)).await.is_empty());
    assert_eq!(
        targets(
            store
                .signed_submissions_of(&maker.credit_code, None, 2)
                .await
                .unwrap()
        ),
        ["/1", "/9"]
    );
    assert_eq!(
        targets(
            store
                .signed_submissions_of(&maker.credit_code, Some(at(1)), 2)
                .await
                .unwrap()
        ),
        ["/9", "/3"]
    );
    assert!(
        store
            .signed_submissions_of(&maker.credit_code, None, 0)
            .await
            .unwrap()
            .is_empty()
    );

    // The limit is clamped to 1,000.
    let older = at(100);
    let many: Vec<SignedSubmission> = (0..1_000u32)
        .map(|i| {
            let s = signed(
                &second,
                older - TimeDelta::milliseconds(i64::from(i)),
                Vec::new(),
            );
            SignedSubmission {
                target: format!("/m{i}"),
                ..s
            }
        })
        .collect();
    let mut writers = tokio::task::JoinSet::new();
    for part in many.chunks(250) {
        let (store, part) = (store.clone(), part.to_vec());
        writers.spawn(async move {
            for s in &part {
                store.insert_signed_submission(s).await.unwrap();
            }
        });
    }
    writers.join_all().await;
    let listed = store
        .signed_submissions_of(&maker.credit_code, None, u32::MAX)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1_000);
    assert_eq!(
        targets(listed[..5].to_vec()),
        ["/1", "/9", "/3", "/7", "/5"]
    );
    assert_eq!(listed[5].target, "/m0");
    assert_eq!(listed[999].target, "/m994");
}

/// A revocation and submissions under its key, all at once: whichever commits first, no
/// submission is stored received at or after the revocation, and those received before it
/// are all stored.
pub async fn revocations_and_submissions_race_safely(store: Arc<dyn Store>) {
    let (maker, by) = owner(&*store, 1).await;
    for round in 0..8u64 {
        let key = submission_key(&maker.credit_code, &by, 10 + round);
        store.insert_submission_key(&key).await.unwrap();
        let t = now();
        let cut = t + TimeDelta::milliseconds(20);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..40 {
            // The revocation starts among the submissions, later in each round.
            if i == round as i64 * 5 {
                let (writer, r) = (store.clone(), revocation(&key, &by, cut));
                tasks.spawn(
                    async move { (None, writer.insert_submission_key_revocation(&r).await) },
                );
            }
            let (writer, s) = (
                store.clone(),
                signed(&key, t + TimeDelta::milliseconds(i), Vec::new()),
            );
            tasks.spawn(async move {
                let outcome = writer.insert_signed_submission(&s).await;
                (Some(s), outcome)
            });
        }
        let mut revoked = None;
        let mut stored_late = 0;
        for (submission, outcome) in tasks.join_all().await {
            match submission {
                None => revoked = Some(outcome),
                Some(s) if s.received_at < cut => {
                    outcome.expect("received before the revocation: stored");
                }
                Some(s) => match outcome {
                    Ok(_) => stored_late += 1,
                    Err(StoreError::Invalid { .. }) => {
                        assert_eq!(store.signed_submission(s.id).await.unwrap(), None);
                    }
                    Err(e) => panic!("{e}"),
                },
            }
        }
        match revoked.unwrap() {
            Ok(_) => assert_eq!(stored_late, 0, "round {round}"),
            Err(StoreError::Invalid { .. }) => {
                assert!(stored_late > 0, "round {round}");
                assert_eq!(
                    store.submission_key(key.id).await.unwrap(),
                    Some((key, None))
                );
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// A submission row written behind yima's back whose body no longer hashes to its digest is
/// reported, by its reads and by the ledger's check of its record.
pub async fn corrupt_submissions_are_reported(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let (maker, by) = owner(&*store, 1).await;
    let key = submission_key(&maker.credit_code, &by, 1);
    store.insert_submission_key(&key).await.unwrap();
    let good = signed(&key, now(), b"{}".to_vec());
    store.insert_signed_submission(&good).await.unwrap();
    let id = Uuid::now_v7();
    let engine = store.engine();
    let blob = |bytes: &[u8]| {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        match engine {
            Engine::Sqlite => format!("X'{hex}'"),
            Engine::Postgres => format!("'\\x{hex}'::bytea"),
        }
    };
    let uuid = |u: Uuid| match engine {
        Engine::Sqlite => blob(u.as_bytes()),
        Engine::Postgres => format!("'{u}'"),
    };
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO signed_submissions (id, key_id, enterprise, method, target, signed_at, \
         body, body_sha256, signature, request_id, received_at) VALUES ({}, {}, '{}', 'POST', \
         '/', '2025-01-01T00:00:00.000000Z', {}, {}, {}, NULL, '2025-01-01T00:00:01.000000Z')",
        uuid(id),
        uuid(key.id),
        maker.credit_code,
        blob(b"{ }"),
        blob(&good.body_sha256()),
        blob(&[7; 64]),
    ))
    .await
    .unwrap();
    let corrupt = |result: Result<_, StoreError>| match result {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "signed_submissions.body"),
        other => panic!("expected Corrupt, got {other:?}"),
    };
    corrupt(store.signed_submission(id).await.map(|_| ()));
    corrupt(
        store
            .signed_submissions_of(&maker.credit_code, None, 10)
            .await
            .map(|_| ()),
    );
    corrupt(
        yima_store::canonical_record(&*store, &RecordRef::SignedSubmission(id))
            .await
            .map(|_| ()),
    );
    assert_eq!(
        store.signed_submission(good.id).await.unwrap(),
        Some(good),
        "the other submission is unharmed"
    );
}
