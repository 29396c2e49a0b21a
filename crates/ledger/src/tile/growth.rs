//! Which tiles a log writes when its tree grows: every tile whose width differs between the
//! two sizes — the new full tiles, and the partial tiles at each level's right edge. A tile,
//! once full, never changes, so a grown tree rewrites nothing it already wrote in full.

use super::hashes::complete_subtrees;
use super::{TILE_HEIGHT, TILE_WIDTH, TileId, tile_width};

/// The hash tiles of every level, then the entry bundles, that the tree of `new_size` leaves
/// has and the tree of `old_size` leaves had not (or had narrower), each with its width at
/// `new_size`. Empty if `new_size` is not larger than `old_size`.
pub fn new_tiles(old_size: u64, new_size: u64) -> Vec<TileId> {
    let mut tiles = Vec::new();
    if new_size <= old_size {
        return tiles;
    }
    let mut bundles = Vec::new();
    for level in 0..=7u8 {
        let height = TILE_HEIGHT * u32::from(level);
        let (old, new) = (
            complete_subtrees(old_size, height),
            complete_subtrees(new_size, height),
        );
        if new == old {
            // Higher levels change even less.
            break;
        }
        // The first tile whose width changes holds the old size's first missing hash.
        for index in old / u64::from(TILE_WIDTH)..new.div_ceil(u64::from(TILE_WIDTH)) {
            let Some(width) = tile_width(level, index, new_size) else {
                continue;
            };
            if let Ok(id) = TileId::hashes(level, index, width) {
                tiles.push(id);
            }
            if level == 0
                && let Ok(id) = TileId::entries(index, width)
            {
                bundles.push(id);
            }
        }
    }
    tiles.extend(bundles);
    tiles
}
