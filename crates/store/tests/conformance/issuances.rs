//! Issuances of platform codes: stored once per issuing, counted against the batch.

use std::sync::Arc;

use yima_domain::Issuance;
use yima_store::{Store, StoreError};

use crate::support::*;

fn issuance(key_id: u16, number: u64, batch: &yima_domain::Batch, count: u64) -> Issuance {
    Issuance::new(key_id, number, batch, count, now()).unwrap()
}

pub async fn issuances_round_trip_with_their_batch(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let i = issuance(7, 4_000_000_001, &w.batch, 2_500);
    store.insert_issuance(&w.batch, &i).await.unwrap();
    let (stored, found) = store.issuance(7, 4_000_000_001).await.unwrap().unwrap();
    assert_eq!(stored, i);
    assert_eq!(found.batch.as_ref(), Some(&w.batch));
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    assert!(found.unit.is_none());
    assert_eq!(store.issuance(7, 4_000_000_002).await.unwrap(), None);
    assert_eq!(store.issuance(8, 4_000_000_001).await.unwrap(), None);
    assert_eq!(store.issuance(7, u64::MAX).await.unwrap(), None);
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 2_500);
}

pub async fn issued_and_registered_codes_share_the_quantity(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let small = batch(&w.product, "SMALL", 100);
    store.insert_batch(&small).await.unwrap();
    store
        .insert_issuance(&small, &issuance(1, 1, &small, 60))
        .await
        .unwrap();
    let too_many = units(&w.product, &small, "S", 0..41);
    match store.register_units(&small, &too_many).await {
        Err(StoreError::QuantityExceeded {
            registered: 60,
            adding: 41,
            ..
        }) => {}
        other => panic!("expected QuantityExceeded, got {other:?}"),
    }
    match store
        .insert_issuance(&small, &issuance(1, 2, &small, 41))
        .await
    {
        Err(StoreError::QuantityExceeded {
            registered: 60,
            adding: 41,
            ..
        }) => {}
        other => panic!("expected QuantityExceeded, got {other:?}"),
    }
    store
        .register_units(&small, &units(&w.product, &small, "S", 0..40))
        .await
        .unwrap();
    assert_eq!(store.unit_count(small.id).await.unwrap(), 100);
    assert_eq!(store.counts().await.unwrap().unit_codes, 100);
    assert_eq!(
        store.issuance(1, 2).await.unwrap(),
        None,
        "a refused issuance leaves nothing"
    );
}

pub async fn issuance_conflicts_and_references(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    store
        .insert_issuance(&w.batch, &issuance(3, 9, &w.batch, 10))
        .await
        .unwrap();
    assert_eq!(
        conflict(
            store
                .insert_issuance(&w.batch, &issuance(3, 9, &w.batch, 5))
                .await
        ),
        "issuance 9 of key 3"
    );
    // The same number under another key is another issuance.
    store
        .insert_issuance(&w.batch, &issuance(4, 9, &w.batch, 5))
        .await
        .unwrap();
    let ghost = batch(&w.product, "GHOST", 10);
    assert_eq!(
        missing(
            store
                .insert_issuance(&ghost, &issuance(3, 10, &ghost, 1))
                .await
        ),
        format!("batch {}", ghost.id)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 15);
}

pub async fn issuing_keys_are_registered_once(store: Arc<dyn Store>) {
    let key = yima_domain::IssuingKeyRecord {
        id: 513,
        fingerprint: "ab".repeat(32),
        created_at: now(),
    };
    assert!(store.insert_issuing_key(&key).await.unwrap().is_some());
    let other = yima_domain::IssuingKeyRecord {
        fingerprint: "cd".repeat(32),
        ..key.clone()
    };
    assert!(
        store.insert_issuing_key(&other).await.unwrap().is_none(),
        "an id is never taken twice"
    );
    assert_eq!(store.issuing_key(513).await.unwrap(), Some(key));
    assert_eq!(store.issuing_key(514).await.unwrap(), None);
}
