//! The ledger as the store keeps it: a leaf for every record in the record's transaction,
//! integration under the lease, tiles and proofs equal to the tree computed in memory, and
//! checkpoints that cannot fork.

use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;
use yima_domain::ledger::check_sealed;
use yima_domain::{CorrectionDraft, RecordRef};
use yima_ledger::{
    TileKind, consistency_proof, encode_bundle, inclusion_proof, leaf_hash, new_tiles,
    parse_bundle, root, tile_hashes,
};
use yima_store::{Store, StoreError, StoredCheckpoint, StoredCosignature, TreeHead};

use crate::support::*;

const LEASE: Duration = Duration::from_secs(30);

/// Integrates everything queued, `max` leaves at a time; the heads in order.
async fn integrate_all(store: &dyn Store, holder: Uuid, max: usize) -> Vec<TreeHead> {
    assert!(store.take_sequencer_lease(holder, LEASE).await.unwrap());
    let mut heads = Vec::new();
    while let Some(head) = store.integrate(holder, max).await.unwrap() {
        heads.push(head);
    }
    heads
}

fn correction(subject: RecordRef) -> yima_domain::Correction {
    let changes =
        serde_json::from_value(serde_json::json!({"name": "闽江线缆股份有限公司"})).unwrap();
    CorrectionDraft {
        changes,
        reason: "更名".into(),
    }
    .validate(subject, now())
    .unwrap()
}

/// The canonical bytes of the record `record_ref` names, read back from the store.
async fn canonical(store: &dyn Store, record_ref: &str) -> Vec<u8> {
    let reference = RecordRef::parse(record_ref).unwrap();
    yima_store::canonical_record(store, &reference)
        .await
        .unwrap()
        .unwrap()
        .unwrap()
}

pub async fn every_record_gets_a_leaf_in_its_transaction(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let registration = store
        .register_units(&w.batch, &units(&w.product, &w.batch, "S", 0..3))
        .await
        .unwrap();
    assert!(registration.is_some());
    assert_eq!(
        store.register_units(&w.batch, &[]).await.unwrap(),
        None,
        "an empty registration writes nothing"
    );
    let key = yima_domain::IssuingKeyRecord {
        id: 7,
        fingerprint: "ef".repeat(32),
        created_at: now(),
    };
    store.insert_issuing_key(&key).await.unwrap().unwrap();
    let issuance = yima_domain::Issuance::new(7, 1, &w.batch, 2, now()).unwrap();
    store.insert_issuance(&w.batch, &issuance).await.unwrap();
    let fix = correction(RecordRef::Enterprise(w.producer.credit_code.clone()));
    store.insert_correction(&fix).await.unwrap();
    assert_eq!(
        store.corrections(&fix.subject).await.unwrap(),
        vec![fix.clone()]
    );
    let audit = crate::audit::audit_batch(
        Uuid::now_v7(),
        vec![
            crate::audit::audit_entry(now(), Some("maker"), "/api/v1/batches"),
            crate::audit::public_entry(now(), "/api/v1/scan?c=码"),
        ],
    );
    store.insert_audit_batch(&audit).await.unwrap();
    assert!(
        store
            .insert_account(&crate::accounts::admin("maker"))
            .await
            .unwrap()
    );
    let key = crate::submissions::submission_key(&w.producer.credit_code, "maker", 1);
    store.insert_submission_key(&key).await.unwrap();
    let signed = crate::submissions::signed(&key, now(), b"{\"x\":1}".to_vec());
    store.insert_signed_submission(&signed).await.unwrap();
    let revocation = crate::submissions::revocation(&key, "maker", now());
    store
        .insert_submission_key_revocation(&revocation)
        .await
        .unwrap();

    let refs = [
        format!("enterprise:{}", w.producer.credit_code),
        format!("product:{}", w.product.id),
        format!("batch:{}", w.batch.id),
        format!("unit_registration:{}/1", w.batch.id),
        "issuing_key:7".to_owned(),
        "code_issuance:7/1".to_owned(),
        format!("correction:{}", fix.id),
        format!("audit:{}", audit.id),
        format!("submission_key:{}", key.id),
        format!("signed_submission:{}", signed.id),
        format!("submission_key_revocation:{}", key.id),
    ];
    assert_eq!(store.queued_leaves().await.unwrap(), refs.len() as u64);
    for r in &refs {
        let (index, leaf) = store.leaf_by_ref(r).await.unwrap().expect(r);
        assert_eq!(index, None, "{r} is not integrated yet");
        check_sealed(&leaf.entry, &leaf.salt, &canonical(&*store, r).await).expect(r);
    }

    // Refused writes leave no leaf behind.
    conflict(store.insert_enterprise(&w.producer).await);
    conflict(
        store
            .register_units(&w.batch, &units(&w.product, &w.batch, "S", 2..4))
            .await,
    );
    let ghost = correction(RecordRef::Enterprise(credit_code(99)));
    missing(store.insert_correction(&ghost).await);
    conflict(store.insert_audit_batch(&audit).await);
    conflict(store.insert_submission_key(&key).await);
    conflict(store.insert_signed_submission(&signed).await);
    conflict(store.insert_submission_key_revocation(&revocation).await);
    assert_eq!(store.queued_leaves().await.unwrap(), refs.len() as u64);

    let heads = integrate_all(&*store, Uuid::now_v7(), 100).await;
    assert_eq!(heads.last().unwrap().size, refs.len() as u64);
    assert_eq!(store.queued_leaves().await.unwrap(), 0);
    let leaves = store.leaves(0, 100).await.unwrap();
    let mut indexed: Vec<_> = leaves.iter().map(|l| l.record_ref.clone()).collect();
    indexed.sort();
    let mut expected = refs.to_vec();
    expected.sort();
    assert_eq!(indexed, expected);
    for (i, leaf) in leaves.iter().enumerate() {
        assert_eq!(leaf.index, i as u64);
        assert_eq!(store.leaf_index(leaf.id).await.unwrap(), Some(i as u64));
    }
}

pub async fn integration_needs_the_lease(store: Arc<dyn Store>) {
    world(&*store).await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    assert_eq!(store.integrate(a, 10).await.unwrap(), None, "no lease yet");
    assert!(store.take_sequencer_lease(a, LEASE).await.unwrap());
    assert!(!store.take_sequencer_lease(b, LEASE).await.unwrap());
    assert_eq!(store.integrate(b, 10).await.unwrap(), None);
    assert!(
        store.take_sequencer_lease(a, LEASE).await.unwrap(),
        "renewal"
    );
    let head = store.integrate(a, 2).await.unwrap().unwrap();
    assert_eq!(head.size, 2);

    // Given up, the lease passes at once; expired, it passes too.
    store.release_sequencer_lease(a).await.unwrap();
    assert!(
        store
            .take_sequencer_lease(b, Duration::from_millis(50))
            .await
            .unwrap()
    );
    assert_eq!(store.integrate(a, 10).await.unwrap(), None);
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(store.integrate(b, 10).await.unwrap(), None, "expired");
    assert!(store.take_sequencer_lease(a, LEASE).await.unwrap());
    assert_eq!(store.integrate(a, 10).await.unwrap().unwrap().size, 3);
    assert_eq!(store.tree_head().await.unwrap().size, 3);
}

/// Leaves integrated a few at a time across tile boundaries: every stored tile and bundle,
/// the roots and the proofs equal what the tree computed in memory gives.
pub async fn tiles_and_proofs_equal_the_tree_in_memory(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    // 3 leaves so far; 260 more registrations cross the first tile's edge.
    for i in 0..260 {
        store
            .register_units(
                &w.batch,
                &units(&w.product, &w.batch, &format!("T{i}-"), 0..1),
            )
            .await
            .unwrap();
    }
    let holder = Uuid::now_v7();
    let heads = integrate_all(&*store, holder, 37).await;
    let size = store.tree_head().await.unwrap().size;
    assert_eq!(size, 263);
    assert_eq!(heads.len(), 263usize.div_ceil(37));

    let leaves = store.leaves(0, 1_000).await.unwrap();
    let hashes: Vec<_> = leaves.iter().map(|l| leaf_hash(&l.entry)).collect();
    for head in &heads {
        assert_eq!(
            head.root,
            root(&hashes[..head.size as usize]),
            "head {}",
            head.size
        );
    }
    // Every tile and bundle of every head, partial ones included, is stored as computed.
    let mut old = 0;
    for head in &heads {
        let upto = &hashes[..head.size as usize];
        for id in new_tiles(old, head.size) {
            match id.kind() {
                TileKind::Hashes { level } => {
                    let stored = store
                        .log_tile(level, id.index(), id.width())
                        .await
                        .unwrap()
                        .unwrap_or_else(|| panic!("tile {} missing", id.path()));
                    assert_eq!(
                        stored,
                        tile_hashes(level, id.index(), upto).unwrap().concat()
                    );
                }
                TileKind::Entries => {
                    let stored = store
                        .log_bundle(id.index(), id.width())
                        .await
                        .unwrap()
                        .unwrap_or_else(|| panic!("bundle {} missing", id.path()));
                    let first = id.index() as usize * 256;
                    let entries = parse_bundle(&stored).unwrap();
                    assert_eq!(entries.len(), usize::from(id.width()));
                    for (i, entry) in entries.iter().enumerate() {
                        assert_eq!(*entry, leaves[first + i].entry.as_slice());
                    }
                }
            }
        }
        old = head.size;
    }
    // Ranges read at once: bundles, the last one cut where the range or the tree ends.
    let bundles = store.log_bundles(0, size).await.unwrap();
    let expected: Vec<(u64, u16, Vec<u8>)> = leaves
        .chunks(256)
        .enumerate()
        .map(|(i, chunk)| {
            let entries: Vec<Vec<u8>> = chunk.iter().map(|l| l.entry.clone()).collect();
            (
                i as u64,
                chunk.len() as u16,
                encode_bundle(&entries).unwrap(),
            )
        })
        .collect();
    assert_eq!(bundles, expected);
    let cut = store.log_bundles(256, 260).await.unwrap();
    assert_eq!(cut.len(), 1);
    assert_eq!((cut[0].0, cut[0].1), (1, 4));
    assert_eq!(
        store.log_bundles(256, size + 100).await.unwrap(),
        expected[1..]
    );
    assert!(store.log_bundle(0, 0).await.unwrap().is_none());
    let level0 = store.log_tiles(0, 0, 2).await.unwrap();
    assert!(
        level0
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1))
    );
    for (index, width, bytes) in &level0 {
        assert_eq!(
            store.log_tile(0, *index, *width).await.unwrap().as_ref(),
            Some(bytes)
        );
    }
    assert!(
        level0
            .iter()
            .any(|&(index, width, _)| (index, width) == (0, 256))
    );
    for index in [0, 1, 36, 37, 255, 256, 262] {
        assert_eq!(
            yima_store::proofs::inclusion_proof(&*store, index, size)
                .await
                .unwrap(),
            inclusion_proof(index, &hashes).unwrap(),
            "inclusion of {index}"
        );
    }
    for head in &heads {
        assert_eq!(
            yima_store::proofs::consistency_proof(&*store, head.size, size)
                .await
                .unwrap(),
            consistency_proof(head.size, &hashes).unwrap(),
            "consistency from {}",
            head.size
        );
    }
    assert_eq!(
        yima_store::proofs::root(&*store, size).await.unwrap(),
        root(&hashes)
    );
}

pub async fn checkpoints_cannot_fork(store: Arc<dyn Store>) {
    world(&*store).await;
    let head = *integrate_all(&*store, Uuid::now_v7(), 10)
        .await
        .last()
        .unwrap();
    assert_eq!(store.latest_checkpoint().await.unwrap(), None);
    let checkpoint = StoredCheckpoint {
        size: head.size,
        root: head.root,
        note: "a signed note".into(),
    };
    store.insert_checkpoint(&checkpoint).await.unwrap();
    store.insert_checkpoint(&checkpoint).await.unwrap();
    assert_eq!(
        store.latest_checkpoint().await.unwrap(),
        Some(checkpoint.clone())
    );
    assert_eq!(
        store.checkpoint(head.size).await.unwrap(),
        Some(checkpoint.clone())
    );

    let mut forked = checkpoint.clone();
    forked.root[0] ^= 1;
    forked.note = "another tree".into();
    assert!(
        conflict(store.insert_checkpoint(&forked).await).contains("fork"),
        "a second root at one size is refused"
    );
    let unheaded = StoredCheckpoint {
        size: head.size + 1,
        ..checkpoint.clone()
    };
    missing(store.insert_checkpoint(&unheaded).await);
    assert_eq!(store.latest_checkpoint().await.unwrap(), Some(checkpoint));

    let cosignature = StoredCosignature {
        size: head.size,
        key_name: "witness.example/w1".into(),
        key_id: "0a1b2c3d".into(),
        line: "— witness.example/w1 CgscPQ==".into(),
        cosigned_at: 1_700_000_000,
    };
    assert!(store.insert_cosignature(&cosignature).await.unwrap());
    assert!(!store.insert_cosignature(&cosignature).await.unwrap());
    assert_eq!(
        store.cosignatures(head.size).await.unwrap(),
        vec![cosignature]
    );
}

pub async fn the_first_verifier_key_stays(store: Arc<dyn Store>) {
    assert_eq!(
        store.register_log_verifier_key("a+1+k").await.unwrap(),
        "a+1+k"
    );
    assert_eq!(
        store.register_log_verifier_key("b+2+k").await.unwrap(),
        "a+1+k"
    );
}

/// Two sequencers racing on one queue: whatever the interleaving, the indexes are given
/// once and the heads agree with the leaves.
pub async fn racing_sequencers_never_fork(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    for i in 0..40 {
        store
            .register_units(
                &w.batch,
                &units(&w.product, &w.batch, &format!("R{i}-"), 0..1),
            )
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let me = Uuid::now_v7();
            for _ in 0..40 {
                // Each takes the lease whenever it is free; an expired holder's late
                // integration must fail rather than write a second history.
                if store
                    .take_sequencer_lease(me, Duration::from_millis(5))
                    .await
                    .unwrap()
                {
                    match store.integrate(me, 3).await {
                        Ok(_) | Err(StoreError::Conflict { .. }) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
                tokio::time::sleep(Duration::from_millis(3)).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // The racers' 5 ms leases lapse before a third sequencer finishes the work.
    tokio::time::sleep(Duration::from_millis(20)).await;
    integrate_all(&*store, Uuid::now_v7(), 100).await;
    let leaves = store.leaves(0, 1_000).await.unwrap();
    assert_eq!(leaves.len(), 43);
    let hashes: Vec<_> = leaves.iter().map(|l| leaf_hash(&l.entry)).collect();
    let head = store.tree_head().await.unwrap();
    assert_eq!(
        head,
        TreeHead {
            size: 43,
            root: root(&hashes)
        }
    );
}
