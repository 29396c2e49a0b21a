//! Registering unit codes: conflicts, atomicity, chunking, quantity, concurrency.

use std::sync::Arc;

use yima_store::{Store, StoreError};

use crate::support::*;

pub async fn units_round_trip(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let units = units(&w.product, &w.batch, "S", 0..3);
    store.register_units(&w.batch, &units).await.unwrap();
    for u in &units {
        assert_eq!(store.unit(&u.key).await.unwrap().as_ref(), Some(u));
    }
    assert_eq!(
        store.unit("gs1:01/00000000000000/21/none").await.unwrap(),
        None
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 3);
    assert_eq!(store.unit_count(uuid::Uuid::now_v7()).await.unwrap(), 0);
    store.register_units(&w.batch, &[]).await.unwrap();
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 3);
}

pub async fn unit_conflicts_name_the_first_key(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let first = units(&w.product, &w.batch, "S", 0..10);
    store.register_units(&w.batch, &first).await.unwrap();
    // Keys 8 and 9 are registered; 8 comes first in the call.
    let overlapping = units(&w.product, &w.batch, "S", 8..20);
    assert_eq!(
        conflict(store.register_units(&w.batch, &overlapping).await),
        format!("code {}", overlapping[0].key)
    );
    // A key repeated within the call, later than a fresh one.
    let mut repeated = units(&w.product, &w.batch, "T", 0..5);
    repeated.push(repeated[3].clone());
    repeated.extend(units(&w.product, &w.batch, "T", 5..9));
    assert_eq!(
        conflict(store.register_units(&w.batch, &repeated).await),
        format!("code {}", repeated[3].key)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 10);
}

pub async fn registration_is_all_or_nothing(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let taken = units(&w.product, &w.batch, "S", 500..501);
    store.register_units(&w.batch, &taken).await.unwrap();
    // 1,000 codes of which the 501st is registered already.
    let call = units(&w.product, &w.batch, "S", 0..1_000);
    assert_eq!(
        conflict(store.register_units(&w.batch, &call).await),
        format!("code {}", taken[0].key)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 1);
    assert_eq!(store.unit(&call[0].key).await.unwrap(), None);
    assert_eq!(store.unit(&call[999].key).await.unwrap(), None);
}

/// More codes than one statement or one existence query takes, on either engine.
pub async fn registration_crosses_chunk_boundaries(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let call = units(&w.product, &w.batch, "B", 0..5_321);
    store.register_units(&w.batch, &call).await.unwrap();
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 5_321);
    for i in [0, 499, 500, 4_999, 5_000, 5_320] {
        assert_eq!(
            store.unit(&call[i].key).await.unwrap().as_ref(),
            Some(&call[i])
        );
    }
    // The last code again, at the end of a call as long: still found and named.
    let mut again = units(&w.product, &w.batch, "C", 0..4_678);
    again.push(call[5_320].clone());
    assert_eq!(
        conflict(store.register_units(&w.batch, &again).await),
        format!("code {}", call[5_320].key)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 5_321);
}

pub async fn quantity_is_enforced_for_pieces_only(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let small = batch(&w.product, "Q10", 10);
    store.insert_batch(&small).await.unwrap();
    store
        .register_units(&small, &units(&w.product, &small, "Q", 0..8))
        .await
        .unwrap();
    let over = store
        .register_units(&small, &units(&w.product, &small, "Q", 8..11))
        .await;
    match over {
        Err(StoreError::QuantityExceeded {
            lot,
            quantity,
            registered,
            adding,
        }) => {
            assert_eq!(
                (lot.as_str(), quantity, registered, adding),
                ("Q10", 10, 8, 3)
            );
        }
        other => panic!("expected QuantityExceeded, got {other:?}"),
    }
    assert_eq!(store.unit_count(small.id).await.unwrap(), 8);
    store
        .register_units(&small, &units(&w.product, &small, "Q", 8..10))
        .await
        .unwrap();
    assert_eq!(store.unit_count(small.id).await.unwrap(), 10);
    // A reel measured in metres is not a count of pieces.
    let reel = batch_in(&w.product, "R5", 5, Some("MTR"));
    store.insert_batch(&reel).await.unwrap();
    store
        .register_units(&reel, &units(&w.product, &reel, "R", 0..7))
        .await
        .unwrap();
    assert_eq!(store.unit_count(reel.id).await.unwrap(), 7);
}

pub async fn units_of_another_batch_are_refused(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let other = batch(&w.product, "L2", 10);
    store.insert_batch(&other).await.unwrap();
    let mut call = units(&w.product, &w.batch, "S", 0..3);
    call.extend(units(&w.product, &other, "S", 3..4));
    assert!(matches!(
        store.register_units(&w.batch, &call).await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.counts().await.unwrap().unit_codes, 0);
}

pub async fn concurrent_registrations_never_exceed_quantity(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let batch = batch(&w.product, "C100", 100);
    store.insert_batch(&batch).await.unwrap();
    // Six calls of 30 codes into 100 pieces: exactly three can succeed.
    let mut tasks = Vec::new();
    for t in 0..6 {
        let store = store.clone();
        let batch = batch.clone();
        let call = units(&w.product, &batch, &format!("K{t}-"), 0..30);
        tasks.push(tokio::spawn(async move {
            store.register_units(&batch, &call).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::QuantityExceeded { .. }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ok, 3);
    assert_eq!(store.unit_count(batch.id).await.unwrap(), 90);
}

/// The batch totals and the store-wide count come from the registration tallies; they must
/// equal the codes actually held, through successes, refusals and several batches.
pub async fn tallies_match_the_codes_held(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let other = batch(&w.product, "OTHER", 1_000);
    store.insert_batch(&other).await.unwrap();
    let mut held = Vec::new();
    for (b, prefix, range) in [
        (&w.batch, "A", 0..7),
        (&other, "B", 0..600),
        (&w.batch, "C", 0..3),
    ] {
        let call = units(&w.product, b, prefix, range);
        store.register_units(b, &call).await.unwrap();
        held.extend(call);
    }
    // A refused call leaves no tally behind.
    let refused = units(&w.product, &other, "B", 599..650);
    conflict(store.register_units(&other, &refused).await);
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 10);
    assert_eq!(store.unit_count(other.id).await.unwrap(), 600);
    assert_eq!(store.counts().await.unwrap().unit_codes, 610);
    for u in &held {
        assert!(
            store.unit(&u.key).await.unwrap().is_some(),
            "{} missing",
            u.key
        );
    }
    store.ping().await.unwrap();
}

/// A unit identified by a third-party serial (AI 235) has a GTIN but no AI 21 serial: the
/// optional parts round-trip as absent, and the unit resolves by its key.
pub async fn units_without_a_serial_round_trip(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let third_party = code(&format!("(01){gtin}(235)TPX-0001"));
    let unit = yima_domain::UnitCode::for_batch(&third_party, &w.product, &w.batch, now()).unwrap();
    assert_eq!(
        (unit.scheme.as_str(), unit.serial.as_deref()),
        ("gs1", None)
    );
    store
        .register_units(&w.batch, std::slice::from_ref(&unit))
        .await
        .unwrap();
    assert_eq!(store.unit(&unit.key).await.unwrap(), Some(unit.clone()));
    let found = store.lookup(&third_party).await.unwrap();
    assert_eq!(found.unit, Some(unit));
}
