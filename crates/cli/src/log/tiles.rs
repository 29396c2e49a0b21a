//! Proofs computed from the log's tiles, wherever they are read from. The ledger's tile
//! algorithms read through a synchronous `TileSource`; the store and HTTP are asynchronous.
//! Which tiles a proof reads depends only on the sizes, never on the hashes, so a first pass
//! with a source that records the requests (answering zero hashes) names the tiles, which are
//! then read, and a second pass computes the proof from them.

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::Context;
use yima_ledger::{Hash, TileError, TileId, TileSource};

use super::failure::{CheckError, Failure};
use super::source::LogSource;

#[derive(Default)]
struct Recorder(RefCell<Vec<(u8, u64, u16)>>);

impl TileSource for Recorder {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0.borrow_mut().push((level, index, width));
        Ok(vec![[0u8; 32]; usize::from(width)])
    }
}

struct Read(HashMap<(u8, u64, u16), Vec<Hash>>);

impl TileSource for Read {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0
            .get(&(level, index, width))
            .cloned()
            .ok_or_else(|| TileError::Unavailable {
                level,
                index,
                width,
                reason: "not read".to_owned(),
            })
    }
}

/// Runs `compute` on the tiles of `source` it asks for. A tile the log lacks, or of the wrong
/// length, is a failure of the log.
pub async fn from_tiles<T>(
    source: &LogSource,
    compute: impl Fn(&dyn TileSource) -> Result<T, TileError>,
) -> Result<T, CheckError> {
    let recorder = Recorder::default();
    compute(&recorder).context("cannot compute from tiles")?;
    let mut tiles = HashMap::new();
    for (level, index, width) in recorder.0.into_inner() {
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
        tiles.insert((level, index, width), hashes);
    }
    Ok(compute(&Read(tiles)).context("cannot compute from the tiles read")?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

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
