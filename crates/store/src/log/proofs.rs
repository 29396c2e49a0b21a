//! Proofs computed from the stored tiles. The ledger's tile algorithms read through a
//! synchronous `TileSource`; the store is asynchronous. Which tiles a proof reads depends only
//! on the sizes involved, never on the hashes, so a first pass with a source that records the
//! requests (and answers with zero hashes) names the tiles, which are then fetched in one
//! query, and a second pass computes the proof from them.

use yima_ledger::{Hash, TileError, TileMap, TileSource, tiles_read_by};

use super::rows::{corrupt_log, hashes};
use crate::{Store, StoreError};

/// Computes from the stored tiles `compute` reads, fetched at once.
async fn from_stored_tiles<T>(
    store: &dyn Store,
    compute: impl Fn(&dyn TileSource) -> Result<T, TileError>,
) -> Result<T, StoreError> {
    let wanted = tiles_read_by(&compute).map_err(corrupt_log)?;
    let mut tiles = TileMap::default();
    for ((level, index, width), bytes) in store.log_tiles_at(&wanted).await? {
        tiles.insert(level, index, width, hashes(&bytes, width)?);
    }
    compute(&tiles).map_err(|e| match e {
        TileError::Unavailable {
            level,
            index,
            width,
            ..
        } => StoreError::Corrupt {
            what: "log_tiles".to_owned(),
            problem: format!("tile {level}/{index} of width {width} is missing"),
        },
        e => corrupt_log(e),
    })
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves.
pub async fn inclusion_proof(
    store: &dyn Store,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, StoreError> {
    if index >= size {
        return Err(StoreError::Invalid {
            problem: format!("leaf {index} is not in a tree of {size} leaves"),
        });
    }
    from_stored_tiles(store, |source| {
        yima_ledger::inclusion_proof_from_tiles(index, size, source)
    })
    .await
}

/// The consistency proof from the tree of `old_size` leaves to the tree of `size` leaves.
pub async fn consistency_proof(
    store: &dyn Store,
    old_size: u64,
    size: u64,
) -> Result<Vec<Hash>, StoreError> {
    if old_size > size {
        return Err(StoreError::Invalid {
            problem: format!("a tree of {old_size} leaves is not a prefix of one of {size}"),
        });
    }
    from_stored_tiles(store, |source| {
        yima_ledger::consistency_proof_from_tiles(old_size, size, source)
    })
    .await
}

/// The root of the tree of `size` leaves, from the tiles alone.
pub async fn root(store: &dyn Store, size: u64) -> Result<Hash, StoreError> {
    from_stored_tiles(store, |source| yima_ledger::root_from_tiles(size, source)).await
}
