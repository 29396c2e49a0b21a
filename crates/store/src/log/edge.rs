//! What an integration reads besides the new leaves — the partial hash tiles at the tree's
//! right edge, from which the sequencer resumes — and what it computes from them.

use uuid::Uuid;
use yima_ledger::{Hash, TILE_HEIGHT, TILE_WIDTH, TileId, TileMap, TreeEdge, leaf_hash};

use super::TreeHead;
use super::rows::corrupt_log;
use crate::StoreError;

/// The partial hash tiles of the tree of `size` leaves, as (level, index, width): one per
/// level whose rightmost tile is not full. Exactly the tiles `TreeEdge::load` asks for.
pub(crate) fn partial_tiles(size: u64) -> Vec<(u8, u64, u16)> {
    let width = u64::from(TILE_WIDTH);
    (0u8..=yima_ledger::MAX_LEVEL)
        .map(|level| {
            (
                level,
                size.checked_shr(TILE_HEIGHT * u32::from(level))
                    .unwrap_or(0),
            )
        })
        .take_while(|&(_, hashes)| hashes > 0)
        .filter(|&(_, hashes)| hashes % width != 0)
        .map(|(level, hashes)| (level, hashes / width, (hashes % width) as u16))
        .collect()
}

/// Leaves waiting to be integrated, as the sequencer reads them: their leaf hashes in the
/// order they will be integrated, and (where the engine keeps a queue) their ids.
#[derive(Default)]
pub(crate) struct Queued {
    pub(crate) ids: Vec<Uuid>,
    pub(crate) leaf_hashes: Vec<Hash>,
}

impl Queued {
    pub(crate) fn push(&mut self, id: Uuid, entry: &[u8]) {
        self.ids.push(id);
        self.leaf_hashes.push(leaf_hash(entry));
    }
}

/// What integrating a batch of queued leaves writes, computed before the write transaction.
pub(crate) struct Integration {
    /// The head the tiles were computed from: the write must find it still the latest.
    pub(crate) old: TreeHead,
    pub(crate) new: TreeHead,
    /// The leaves in the order of their new indexes.
    pub(crate) ids: Vec<Uuid>,
    /// Every hash tile that changes, at its new width.
    pub(crate) tiles: Vec<(TileId, Vec<Hash>)>,
}

impl Integration {
    /// Appends `queued` to the tree of head `old`, whose right edge `edge_tiles` holds.
    pub(crate) fn compute(
        old: TreeHead,
        edge_tiles: &TileMap,
        queued: Queued,
    ) -> Result<Self, StoreError> {
        let mut edge = TreeEdge::load(old.size, edge_tiles).map_err(corrupt_log)?;
        let tiles = edge.append(&queued.leaf_hashes).map_err(corrupt_log)?;
        Ok(Self {
            old,
            new: TreeHead {
                size: edge.size(),
                root: edge.root(),
            },
            ids: queued.ids,
            tiles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_tiles_are_the_right_edge() {
        assert!(partial_tiles(0).is_empty());
        assert_eq!(partial_tiles(1), vec![(0, 0, 1)]);
        assert!(partial_tiles(256).iter().all(|&(level, ..)| level != 0));
        assert_eq!(partial_tiles(256), vec![(1, 0, 1)]);
        assert_eq!(partial_tiles(257), vec![(0, 1, 1), (1, 0, 1)]);
        assert_eq!(partial_tiles(65_536), vec![(2, 0, 1)]);
        assert_eq!(partial_tiles(65_537), vec![(0, 256, 1), (2, 0, 1)]);
        assert_eq!(
            partial_tiles(70_000),
            vec![(0, 273, 112), (1, 1, 17), (2, 0, 1)]
        );
    }
}
