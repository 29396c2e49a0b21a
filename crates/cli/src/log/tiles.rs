//! Proofs computed from the log's tiles, wherever they are read from. The ledger's tile
//! algorithms read through a synchronous `TileSource`; the store and HTTP are asynchronous.
//! `yima_ledger::tiles_read_by` names the tiles a computation reads; they are read, and the
//! computation runs on them.

use anyhow::Context;
use yima_ledger::{TileError, TileId, TileMap, TileSource, tiles_read_by};

use super::failure::{CheckError, Failure};
use super::source::LogSource;

/// Runs `compute` on the tiles of `source` it asks for. A tile the log lacks, or of the wrong
/// length, is a failure of the log.
pub async fn from_tiles<T>(
    source: &LogSource,
    compute: impl Fn(&dyn TileSource) -> Result<T, TileError>,
) -> Result<T, CheckError> {
    let mut tiles = TileMap::default();
    for (level, index, width) in tiles_read_by(&compute).context("cannot compute from tiles")? {
        let id = TileId::hashes(level, index, width).context("tile id")?;
        let bytes = source
            .tile(&id)
            .await?
            .ok_or_else(|| Failure::tile(&id, "the hash tile is missing"))?;
        if bytes.len() != 32 * usize::from(width) {
            return Err(Failure::tile(
                &id,
                format!("the hash tile is {} bytes, not {}", bytes.len(), 32 * width),
            )
            .into());
        }
        let hashes = bytes
            .chunks_exact(32)
            .map(|c| {
                let mut h = [0u8; 32];
                h.copy_from_slice(c);
                h
            })
            .collect();
        tiles.insert(level, index, width, hashes);
    }
    Ok(compute(&tiles).context("cannot compute from the tiles read")?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use yima_ledger::Hash;

    use super::*;
    use crate::log::source::all_tiles;

    #[tokio::test]
    async fn consistency_proofs_from_tiles_are_the_trees() {
        let leaves: Vec<Hash> = (0..1000u32)
            .map(|i| yima_ledger::leaf_hash(&i.to_be_bytes()))
            .collect();
        let source = LogSource::Map(Arc::new(all_tiles(&leaves)));
        for old in [1u64, 255, 256, 300, 999] {
            let proof = from_tiles(&source, |s| {
                yima_ledger::consistency_proof_from_tiles(old, 1000, s)
            })
            .await
            .unwrap();
            assert_eq!(proof, yima_ledger::consistency_proof(old, &leaves).unwrap());
        }
    }
}
