//! What a scanned code leads to, at each level.

use std::sync::Arc;

use yima_store::Store;

use crate::support::*;

pub async fn lookup_unit(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let call = units(&w.product, &w.batch, "S", 0..2);
    store.register_units(&w.batch, &call).await.unwrap();
    let gtin = w.product.gtin.as_ref().unwrap();
    // With the lot in the symbol too: the serial alone names the unit.
    let found = store
        .lookup(&code(&format!("(01){gtin}(10){}(21)S1", w.batch.lot)))
        .await
        .unwrap();
    assert_eq!(found.unit.as_ref(), Some(&call[1]));
    assert_eq!(found.batch.as_ref(), Some(&w.batch));
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
}

pub async fn lookup_unknown_serial_of_known_gtin(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let found = store
        .lookup(&code(&format!("(01){gtin}(21)NEVER")))
        .await
        .unwrap();
    assert!(found.unit.is_none() && found.batch.is_none());
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    let unknown = store
        .lookup(&code(&format!("(01){}(21)S1", crate::support::gtin(77))))
        .await
        .unwrap();
    assert!(unknown.unit.is_none() && unknown.product.is_none() && unknown.producer.is_none());
}

pub async fn lookup_batch(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let found = store
        .lookup(&code(&format!("(01){gtin}(10){}", w.batch.lot)))
        .await
        .unwrap();
    assert!(found.unit.is_none());
    assert_eq!(found.batch.as_ref(), Some(&w.batch));
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    let unknown_lot = store
        .lookup(&code(&format!("(01){gtin}(10)NOLOT")))
        .await
        .unwrap();
    assert!(unknown_lot.batch.is_none());
    assert_eq!(unknown_lot.product.as_ref(), Some(&w.product));
}

pub async fn lookup_class(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let found = store.lookup(&code(&format!("(01){gtin}"))).await.unwrap();
    assert!(found.unit.is_none() && found.batch.is_none());
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    let unknown = store
        .lookup(&code(&format!("(01){}", crate::support::gtin(78))))
        .await
        .unwrap();
    assert!(unknown.product.is_none() && unknown.producer.is_none());
}
