//! Storing a whole generated dataset (the demo), in dependency order.

use yima_domain::demo::DemoDataset;

use crate::{Store, StoreError};

/// Codes registered per store call while loading.
const UNITS_PER_CALL: usize = 5_000;

/// What to do with a record that is stored already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Stop with `StoreError::Conflict`.
    Fail,
    /// Take it as stored by an earlier load of the same dataset that was cut short, and go
    /// on. Sound only for a dataset whose ids are fixed (the demo's are) and because every
    /// call is atomic: a chunk of codes that conflicts was stored whole.
    Resume,
}

fn settle<T>(result: Result<T, StoreError>, on_conflict: OnConflict) -> Result<(), StoreError> {
    match (result, on_conflict) {
        (Ok(_), _) | (Err(StoreError::Conflict { .. }), OnConflict::Resume) => Ok(()),
        (Err(e), _) => Err(e),
    }
}

/// Stores every record of `dataset`: enterprises, products, then each batch with its codes.
/// `progress` is told how many records each step stored.
pub async fn insert_dataset(
    store: &dyn Store,
    dataset: &DemoDataset,
    on_conflict: OnConflict,
    mut progress: impl FnMut(u64),
) -> Result<(), StoreError> {
    for e in &dataset.enterprises {
        settle(store.insert_enterprise(e).await, on_conflict)?;
        progress(1);
    }
    for p in &dataset.products {
        settle(store.insert_product(p).await, on_conflict)?;
        progress(1);
    }
    for b in &dataset.batches {
        settle(store.insert_batch(b).await, on_conflict)?;
        progress(1);
        let units: Vec<_> = dataset
            .units
            .iter()
            .filter(|u| u.batch_id == b.id)
            .cloned()
            .collect();
        for chunk in units.chunks(UNITS_PER_CALL) {
            settle(store.register_units(b, chunk).await, on_conflict)?;
            progress(chunk.len() as u64);
        }
    }
    Ok(())
}
