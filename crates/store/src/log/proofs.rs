//! Proofs computed from the stored tiles. The ledger's tile algorithms read through a
//! synchronous `TileSource`; the store is asynchronous. On a multi-threaded runtime the
//! computation runs once, in `block_in_place`, fetching each tile as it asks for it. Elsewhere
//! it runs twice: which tiles a proof reads depends only on the sizes involved, never on the
//! hashes, so a first pass with a source that records the requests (and answers with zero
//! hashes) names the tiles, which are then fetched, and a second pass computes the proof.

use std::cell::RefCell;

use yima_ledger::{Hash, TileError, TileMap, TileSource, tiles_read_by};

use super::rows::{corrupt_log, hashes};
use crate::{Store, StoreError};

/// Fetches each tile from the store as the computation asks for it, blocking the thread.
struct Fetching<'a> {
    store: &'a dyn Store,
    runtime: &'a tokio::runtime::Handle,
    /// The store's own error, kept whole (the `TileError` the source returns only names it).
    failed: RefCell<Option<StoreError>>,
}

impl TileSource for Fetching<'_> {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        let fetched = self
            .runtime
            .block_on(self.store.log_tile(level, index, width))
            .and_then(|bytes| {
                let bytes = bytes.ok_or_else(|| missing(level, index, width))?;
                hashes(&bytes, width)
            });
        fetched.map_err(|e| {
            let reason = e.to_string();
            *self.failed.borrow_mut() = Some(e);
            TileError::Unavailable {
                level,
                index,
                width,
                reason,
            }
        })
    }
}

fn missing(level: u8, index: u64, width: u16) -> StoreError {
    StoreError::Corrupt {
        what: "log_tiles".to_owned(),
        problem: format!("tile {level}/{index} of width {width} is missing"),
    }
}

/// Computes from the stored tiles: in one pass where the runtime allows blocking a worker,
/// otherwise in two (see the module's comment).
async fn from_stored_tiles<T>(
    store: &dyn Store,
    compute: impl Fn(&dyn TileSource) -> Result<T, TileError>,
) -> Result<T, StoreError> {
    let runtime = tokio::runtime::Handle::current();
    if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread {
        return tokio::task::block_in_place(|| {
            let source = Fetching {
                store,
                runtime: &runtime,
                failed: RefCell::new(None),
            };
            compute(&source).map_err(|e| source.failed.take().unwrap_or_else(|| corrupt_log(e)))
        });
    }
    let mut tiles = TileMap::default();
    for (level, index, width) in tiles_read_by(&compute).map_err(corrupt_log)? {
        let bytes = store
            .log_tile(level, index, width)
            .await?
            .ok_or_else(|| missing(level, index, width))?;
        tiles.insert(level, index, width, hashes(&bytes, width)?);
    }
    compute(&tiles).map_err(corrupt_log)
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
