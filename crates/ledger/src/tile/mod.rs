//! Tiled logs (c2sp.org/tlog-tiles): the tree served as tiles of 256 hashes and the entries
//! as bundles, the paths they live at, the root and proofs computed from tiles alone, and
//! the tree's right edge, from which a sequencer grows it.

mod bundle;
mod edge;
mod growth;
mod hashes;
mod path;
mod recording;
mod source;

pub use bundle::{encode_bundle, parse_bundle};
pub use edge::TreeEdge;
pub use growth::new_tiles;
pub use hashes::{tile_hashes, tile_width};
pub use path::{TileId, TileKind};
pub use recording::{TileMap, tiles_read_by};
pub use source::{
    TileSource, consistency_proof_from_tiles, inclusion_proof_from_tiles, root_from_tiles,
};

use crate::proof::ProofError;

/// Hashes in a full tile, and entries in a full bundle.
pub const TILE_WIDTH: u16 = 256;

/// The height of the subtree a tile spans: log2(256). A level-L tile holds the roots of
/// subtrees of height 8·L.
pub const TILE_HEIGHT: u32 = 8;

/// The highest level a tile path may name.
pub const MAX_LEVEL: u8 = 63;

/// Why a tile, a path or a bundle is refused, or a computation from tiles failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("tile path {path:?} is not canonical: {reason}")]
    InvalidPath { path: String, reason: &'static str },
    #[error("tile level {level} is above {MAX_LEVEL}")]
    LevelTooHigh { level: u8 },
    #[error("tile width {width} is not between 1 and 256")]
    InvalidWidth { width: u16 },
    #[error("tile {index} at level {level} has no hash yet in a tree of {size} leaves")]
    NotInTree { level: u8, index: u64, size: u64 },
    #[error(
        "the tile source gave {found} hashes for tile {index} at level {level}, not {expected}"
    )]
    WrongTileLength {
        level: u8,
        index: u64,
        expected: u16,
        found: usize,
    },
    #[error("tile {index} at level {level} (width {width}) is unavailable: {reason}")]
    Unavailable {
        level: u8,
        index: u64,
        width: u16,
        reason: String,
    },
    #[error("entry {index} of the bundle is {len} bytes, more than 65535")]
    EntryTooLarge { index: usize, len: usize },
    #[error("a bundle holds 1 to 256 entries, not {count}")]
    BundleSize { count: usize },
    #[error("the bundle ends inside the entry starting at byte {offset}")]
    TruncatedBundle { offset: usize },
    #[error("a tree of {size} leaves cannot take {adding} more: sizes end at 2^64 - 1")]
    TreeFull { size: u64, adding: usize },
    #[error(transparent)]
    Proof(#[from] ProofError),
}
