//! Which hashes a tile holds: the n-th tile at level l is, for i from 0 to 255,
//! MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]), cut at the right edge of the tree.

use super::{MAX_LEVEL, TILE_HEIGHT, TILE_WIDTH, TileError};
use crate::tree::{Hash, root};

/// How many complete subtrees of height `height` a tree of `size` leaves has.
pub(crate) fn complete_subtrees(size: u64, height: u32) -> u64 {
    size.checked_shr(height).unwrap_or(0)
}

/// The width of tile `index` at `level` in the tree of `size` leaves: 256 once full, the
/// count of its hashes while partial, `None` while it has none.
pub fn tile_width(level: u8, index: u64, size: u64) -> Option<u16> {
    if level > MAX_LEVEL {
        return None;
    }
    let hashes = complete_subtrees(size, TILE_HEIGHT * u32::from(level));
    let start = index.checked_mul(u64::from(TILE_WIDTH))?;
    let width = hashes.checked_sub(start).filter(|&w| w > 0)?;
    Some(width.min(u64::from(TILE_WIDTH)) as u16)
}

/// The hashes of tile `index` at `level` in the tree whose leaf hashes are `leaves`, as that
/// tree's size makes it (partial at the right edge).
pub fn tile_hashes(level: u8, index: u64, leaves: &[Hash]) -> Result<Vec<Hash>, TileError> {
    let size = leaves.len() as u64;
    let width =
        tile_width(level, index, size).ok_or(TileError::NotInTree { level, index, size })?;
    // tile_width succeeded, so the tile's leaves are within `leaves` and these fit usize.
    let span = 1usize << (TILE_HEIGHT * u32::from(level));
    let first = index as usize * usize::from(TILE_WIDTH);
    Ok((first..first + usize::from(width))
        .map(|i| root(&leaves[i * span..(i + 1) * span]))
        .collect())
}
