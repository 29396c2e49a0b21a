//! The right edge of a tiled tree, enough to grow it: at each level, the hashes of the
//! rightmost tile that is not yet full. Every other hash of the tree is in a full tile, and a
//! full tile never changes, so appending needs nothing else — neither to compute the new
//! tiles nor the new root. A sequencer keeps one of these in memory and writes what `append`
//! returns.

use super::hashes::complete_subtrees;
use super::{TILE_HEIGHT, TILE_WIDTH, TileError, TileId, TileSource};
use crate::tree::{Hash, empty_root, node_hash, root};

const WIDTH: usize = TILE_WIDTH as usize;

/// The size of a tree and, per level from 0 up, the hashes of that level's partial tile (0 to
/// 255 of them). Levels stop at the highest one holding a hash of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEdge {
    size: u64,
    levels: Vec<Vec<Hash>>,
}

/// The position of a level's partial tile and its width, in a tree of `size` leaves.
fn partial_tile(level: u8, size: u64) -> (u64, u16) {
    let hashes = complete_subtrees(size, TILE_HEIGHT * u32::from(level));
    let width = hashes % u64::from(TILE_WIDTH);
    // Below 256 by the line above.
    (hashes / u64::from(TILE_WIDTH), width as u16)
}

impl TreeEdge {
    /// The edge of the empty tree.
    pub fn empty() -> Self {
        Self {
            size: 0,
            levels: Vec::new(),
        }
    }

    /// The edge of the tree of `size` leaves, reading each level's partial tile through
    /// `source` (a level whose partial tile has no hash yet is not read). The source is not
    /// trusted: compare `root()` with the root of a signed checkpoint of `size` before
    /// appending, or the tiles written next will extend whatever the source made up.
    pub fn load<S: TileSource + ?Sized>(size: u64, source: &S) -> Result<Self, TileError> {
        let mut levels = Vec::new();
        let mut level = 0u8;
        while complete_subtrees(size, TILE_HEIGHT * u32::from(level)) > 0 {
            let (index, width) = partial_tile(level, size);
            let hashes = if width == 0 {
                Vec::new()
            } else {
                source.tile(level, index, width)?
            };
            if hashes.len() != usize::from(width) {
                return Err(TileError::WrongTileLength {
                    level,
                    index,
                    expected: width,
                    found: hashes.len(),
                });
            }
            levels.push(hashes);
            level += 1;
        }
        Ok(Self { size, levels })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the tree, as `tree::root` of all its leaf hashes gives it.
    pub fn root(&self) -> Hash {
        // The tree's root joins its complete subtrees, largest first, from the right. Those
        // of height 8·L to 8·L + 7 are the power-of-two runs of level L's partial tile, as
        // the bits of its width split it.
        let mut parts = Vec::new();
        for hashes in self.levels.iter().rev() {
            let mut at = 0;
            for bit in (0..TILE_HEIGHT).rev() {
                let run = 1usize << bit;
                if hashes.len() & run != 0 {
                    parts.push(root(&hashes[at..at + run]));
                    at += run;
                }
            }
        }
        let Some((&last, rest)) = parts.split_last() else {
            return empty_root();
        };
        rest.iter().rev().fold(last, |acc, p| node_hash(p, &acc))
    }

    /// Appends `leaf_hashes` and returns every hash tile whose content changed, each with all
    /// its hashes: the tiles that became full and, at each level that gained hashes, its new
    /// partial tile if it has one. Level 0 first, each level by ascending index — the hash
    /// tiles of `new_tiles(old, new)`, in its order. Fails, changing nothing, if the tree
    /// would outgrow 2^64 − 1 leaves; nothing else fails.
    pub fn append(&mut self, leaf_hashes: &[Hash]) -> Result<Vec<(TileId, Vec<Hash>)>, TileError> {
        let new_size = u64::try_from(leaf_hashes.len())
            .ok()
            .and_then(|n| self.size.checked_add(n))
            .ok_or(TileError::TreeFull {
                size: self.size,
                adding: leaf_hashes.len(),
            })?;
        let mut written = Vec::new();
        let mut level = 0u8;
        let mut completed = self.absorb(level, leaf_hashes, &mut written)?;
        // A level gains hashes only from tiles completed below it.
        while !completed.is_empty() {
            level += 1;
            completed = self.absorb(level, &completed, &mut written)?;
        }
        self.size = new_size;
        Ok(written)
    }

    /// Adds `hashes` to `level`'s partial tile, noting each tile they complete and the
    /// partial tile left over in `written`; returns the roots of the completed tiles, which
    /// are the hashes the level above gains.
    fn absorb(
        &mut self,
        level: u8,
        mut hashes: &[Hash],
        written: &mut Vec<(TileId, Vec<Hash>)>,
    ) -> Result<Vec<Hash>, TileError> {
        if hashes.is_empty() {
            // No level is added for nothing, so that the edge stays what `load` makes.
            return Ok(Vec::new());
        }
        let (mut index, _) = partial_tile(level, self.size);
        // Levels are reached one at a time from 0, so at most this one is missing.
        if self.levels.len() == usize::from(level) {
            self.levels.push(Vec::with_capacity(WIDTH));
        }
        let partial = &mut self.levels[usize::from(level)];
        // Levels stay below 8 and widths within 1 to 256, so `TileId::hashes` fails on
        // nothing here; its error is passed on rather than unwrapped.
        let mut completed = Vec::new();
        loop {
            let take = (WIDTH - partial.len()).min(hashes.len());
            partial.extend_from_slice(&hashes[..take]);
            hashes = &hashes[take..];
            if partial.len() < WIDTH {
                break;
            }
            let full = std::mem::replace(partial, Vec::with_capacity(WIDTH));
            completed.push(root(&full));
            written.push((TileId::hashes(level, index, TILE_WIDTH)?, full));
            index += 1;
        }
        if !partial.is_empty() {
            // Below 256: the loop leaves only when the tile is not full.
            let id = TileId::hashes(level, index, partial.len() as u16)?;
            written.push((id, partial.clone()));
        }
        Ok(completed)
    }
}
