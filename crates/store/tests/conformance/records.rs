//! Every record kind: round trips, unique keys, references, paging, counts.

use std::sync::Arc;

use chrono::Timelike;
use yima_store::{Counts, Store, StoreError};

use crate::support::*;

pub async fn enterprise_round_trips(store: Arc<dyn Store>) {
    let seller = enterprise(7, &["seller"]);
    store.insert_enterprise(&seller).await.unwrap();
    assert_eq!(
        store.enterprise(&seller.credit_code).await.unwrap(),
        Some(seller)
    );
    assert_eq!(store.enterprise(&credit_code(8)).await.unwrap(), None);
}

pub async fn products_round_trip_with_and_without_gtin(store: Arc<dyn Store>) {
    let p = producer(1);
    store.insert_enterprise(&p).await.unwrap();
    let bike = bicycle(&p, 5);
    let cable_a = cable(&p);
    let cable_b = cable(&p);
    for product in [&bike, &cable_a, &cable_b] {
        store.insert_product(product).await.unwrap();
    }
    assert_eq!(store.product(bike.id).await.unwrap().as_ref(), Some(&bike));
    assert_eq!(
        store.product(cable_a.id).await.unwrap().as_ref(),
        Some(&cable_a)
    );
    assert_eq!(
        store.product(cable_b.id).await.unwrap().as_ref(),
        Some(&cable_b)
    );
    let gtin = bike.gtin.clone().unwrap();
    assert_eq!(store.product_by_gtin(&gtin).await.unwrap(), Some(bike));
    assert_eq!(
        store
            .product_by_gtin(&crate::support::gtin(6))
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.product(uuid::Uuid::now_v7()).await.unwrap(), None);
}

pub async fn batches_round_trip(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let reel = batch_in(&w.product, "R1", 500, Some("MTR"));
    store.insert_batch(&reel).await.unwrap();
    assert_eq!(
        store.batch(w.batch.id).await.unwrap().as_ref(),
        Some(&w.batch)
    );
    assert_eq!(store.batch(reel.id).await.unwrap().as_ref(), Some(&reel));
    assert_eq!(
        store.batch_by_lot(w.product.id, "R1").await.unwrap(),
        Some(reel)
    );
    assert_eq!(store.batch_by_lot(w.product.id, "R2").await.unwrap(), None);
    assert_eq!(
        store
            .batch_by_lot(uuid::Uuid::now_v7(), "R1")
            .await
            .unwrap(),
        None
    );
}

/// Both engines keep microseconds: finer digits are dropped alike, so a record reads back the
/// same from either.
pub async fn timestamps_keep_microseconds(store: Arc<dyn Store>) {
    let mut e = enterprise(3, &["seller"]);
    e.registered_at = e.registered_at.with_nanosecond(123_456_789).unwrap();
    store.insert_enterprise(&e).await.unwrap();
    let back = store.enterprise(&e.credit_code).await.unwrap().unwrap();
    assert_eq!(back.registered_at.nanosecond(), 123_456_000);
    assert_eq!(back.registered_at.timestamp(), e.registered_at.timestamp());
}

pub async fn enterprise_conflict(store: Arc<dyn Store>) {
    let e = producer(1);
    store.insert_enterprise(&e).await.unwrap();
    let mut again = enterprise(1, &["seller"]);
    again.name = "另一家公司".into();
    let what = conflict(store.insert_enterprise(&again).await);
    assert_eq!(what, format!("enterprise {}", e.credit_code));
    assert_eq!(store.enterprise(&e.credit_code).await.unwrap(), Some(e));
}

pub async fn product_conflicts(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let mut same_id = bicycle(&w.producer, 2);
    same_id.id = w.product.id;
    assert_eq!(
        conflict(store.insert_product(&same_id).await),
        format!("product {}", w.product.id)
    );
    let same_gtin = bicycle(&w.producer, 1);
    assert_eq!(
        conflict(store.insert_product(&same_gtin).await),
        format!("GTIN {}", w.product.gtin.as_ref().unwrap())
    );
    assert_eq!(store.counts().await.unwrap().products, 1);
}

pub async fn batch_conflicts(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let same_lot = batch(&w.product, &w.batch.lot, 5);
    assert_eq!(
        conflict(store.insert_batch(&same_lot).await),
        format!("lot \"{}\" of product {}", w.batch.lot, w.product.id)
    );
    let mut same_id = batch(&w.product, "OTHER", 5);
    same_id.id = w.batch.id;
    assert_eq!(
        conflict(store.insert_batch(&same_id).await),
        format!("batch {}", w.batch.id)
    );
    // The same lot of another product is another batch.
    let other = bicycle(&w.producer, 2);
    store.insert_product(&other).await.unwrap();
    store
        .insert_batch(&batch(&other, &w.batch.lot, 5))
        .await
        .unwrap();
    assert_eq!(store.counts().await.unwrap().batches, 2);
}

pub async fn missing_references(store: Arc<dyn Store>) {
    let ghost = producer(9);
    let product = bicycle(&ghost, 1);
    assert_eq!(
        missing(store.insert_product(&product).await),
        format!("enterprise {}", ghost.credit_code)
    );
    let batch = batch(&product, "L1", 10);
    assert_eq!(
        missing(store.insert_batch(&batch).await),
        format!("product {}", product.id)
    );
    let units = units(&product, &batch, "S", 0..2);
    assert_eq!(
        missing(store.register_units(&batch, &units).await),
        format!("batch {}", batch.id)
    );
    assert_eq!(store.counts().await.unwrap(), Counts::default());
}

pub async fn enterprises_page_in_credit_code_order(store: Arc<dyn Store>) {
    let mut all: Vec<_> = [5, 1, 9, 3, 7, 2, 8]
        .map(|n| enterprise(n, &["seller"]))
        .into();
    for e in &all {
        store.insert_enterprise(e).await.unwrap();
    }
    all.sort_by(|a, b| a.credit_code.cmp(&b.credit_code));
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.enterprises(after.as_ref(), 3).await.unwrap();
        assert!(page.len() <= 3);
        if page.is_empty() {
            break;
        }
        after = page.last().map(|e| e.credit_code.clone());
        seen.extend(page);
    }
    assert_eq!(seen, all);
    assert!(store.enterprises(None, 0).await.unwrap().is_empty());
}

pub async fn counts_every_kind(store: Arc<dyn Store>) {
    assert_eq!(store.counts().await.unwrap(), Counts::default());
    let w = world(&*store).await;
    store
        .insert_enterprise(&enterprise(2, &["seller"]))
        .await
        .unwrap();
    store
        .register_units(&w.batch, &units(&w.product, &w.batch, "S", 0..25))
        .await
        .unwrap();
    let expected = Counts {
        enterprises: 2,
        products: 1,
        batches: 1,
        unit_codes: 25,
    };
    assert_eq!(store.counts().await.unwrap(), expected);
}

/// Records that skipped validation are refused by the schema's checks, as `Invalid`.
pub async fn records_the_schema_refuses_are_invalid(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let mut empty = batch(&w.product, "ZERO", 1);
    empty.quantity = 0;
    assert!(matches!(
        store.insert_batch(&empty).await,
        Err(StoreError::Invalid { .. })
    ));
    let mut nobody = enterprise(2, &["seller"]);
    nobody.roles.seller = false;
    assert!(matches!(
        store.insert_enterprise(&nobody).await,
        Err(StoreError::Invalid { .. })
    ));
    let mut huge = batch(&w.product, "HUGE", 1);
    huge.quantity = u64::MAX;
    assert!(matches!(
        store.insert_batch(&huge).await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.counts().await.unwrap().batches, 1);
}
