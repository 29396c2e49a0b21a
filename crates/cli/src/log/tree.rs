//! The tree above the level-0 tiles, grown bundle by bundle as a verification streams: each
//! hash of a tile at level 1 or higher is recomputed from the tiles below and compared with
//! the log's tile as soon as it is known, and only the right edge of each level is kept, from
//! which the root follows at the end. Memory stays at one tile per level.

use anyhow::Context;
use yima_ledger::{
    Hash, TILE_WIDTH, TileError, TileId, TileSource, root, root_from_tiles, tile_width,
};

use super::failure::{CheckError, Failure};
use super::source::LogSource;

/// Levels a tree of up to 2^64 leaves has, with tiles of 256.
const LEVELS: usize = 9;

pub struct TreeCheck {
    size: u64,
    /// The hashes of each level's current tile recomputed so far (level 0: the last bundle's
    /// leaf hashes, when it is partial).
    edge: Vec<Vec<Hash>>,
    /// How many hashes each level has had.
    counts: Vec<u64>,
    /// The log's tile each level's current hashes are compared with.
    stored: Vec<Option<(TileId, Vec<u8>)>>,
    /// Hash tiles compared, at every level.
    pub tiles_compared: u64,
}

impl TreeCheck {
    pub fn new(size: u64) -> Self {
        Self {
            size,
            edge: vec![Vec::new(); LEVELS],
            counts: vec![0; LEVELS],
            stored: vec![None; LEVELS],
            tiles_compared: 0,
        }
    }

    /// A level-0 tile checked against its bundle: full (its subtree's hash goes up to level
    /// 1), or the partial one at the right edge.
    pub async fn bundle_checked(
        &mut self,
        source: &LogSource,
        leaf_hashes: Vec<Hash>,
        subtree: Option<Hash>,
    ) -> Result<(), CheckError> {
        self.tiles_compared += 1;
        match subtree {
            Some(hash) => self.push(source, 1, hash).await,
            None => {
                self.edge[0] = leaf_hashes;
                Ok(())
            }
        }
    }

    /// Adds the next hash of `level`, comparing it with the log's tile, and carries a tile
    /// completed by it up as its subtree's hash.
    async fn push(
        &mut self,
        source: &LogSource,
        mut level: usize,
        mut hash: Hash,
    ) -> Result<(), CheckError> {
        while level < LEVELS {
            let count = self.counts[level];
            let index = count / u64::from(TILE_WIDTH);
            let position = (count % u64::from(TILE_WIDTH)) as u16;
            if position == 0 {
                self.stored[level] = Some(self.fetch(source, level, index).await?);
                self.edge[level].clear();
            }
            let Some((id, bytes)) = &self.stored[level] else {
                return Err(anyhow::anyhow!("no tile loaded at level {level}").into());
            };
            let at = usize::from(position) * 32;
            let stored = bytes.get(at..at + 32).unwrap_or_default();
            if stored != hash {
                return Err(Failure::tile_hash(
                    id,
                    position,
                    format!(
                        "the tile holds {}, but the tiles below hash to {}: the tile was altered",
                        hex::encode(stored),
                        hex::encode(hash)
                    ),
                )
                .into());
            }
            self.edge[level].push(hash);
            self.counts[level] += 1;
            if self.edge[level].len() < usize::from(TILE_WIDTH) {
                if self.edge[level].len() == usize::from(id.width()) {
                    self.tiles_compared += 1;
                }
                return Ok(());
            }
            self.tiles_compared += 1;
            hash = root(&self.edge[level]);
            level += 1;
        }
        Err(anyhow::anyhow!("the tree is higher than any tree of 2^64 leaves").into())
    }

    /// The log's tile `index` at `level`, at its width in the tree being verified.
    async fn fetch(
        &self,
        source: &LogSource,
        level: usize,
        index: u64,
    ) -> Result<(TileId, Vec<u8>), CheckError> {
        let level = u8::try_from(level).context("tile level")?;
        let width = tile_width(level, index, self.size)
            .with_context(|| format!("tile {level}/{index} is not in a tree of {}", self.size))?;
        let id = TileId::hashes(level, index, width).context("tile id")?;
        let bytes = source
            .tile(&id)
            .await?
            .ok_or_else(|| Failure::tile(&id, "the hash tile is missing"))?;
        if bytes.len() != 32 * usize::from(width) {
            return Err(Failure::tile(
                &id,
                format!(
                    "the hash tile is {} bytes, not {}",
                    bytes.len(),
                    32 * usize::from(width)
                ),
            )
            .into());
        }
        Ok((id, bytes))
    }

    /// The root of the tree, from the right edge recomputed; call after every bundle.
    pub fn root(&self) -> anyhow::Result<Hash> {
        root_from_tiles(self.size, self).context("the recomputed right edge is incomplete")
    }
}

/// The recomputed right edge as a tile source: the root reads only the partial tile of each
/// level, which is the current one.
impl TileSource for TreeCheck {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        let unavailable = |reason: &str| TileError::Unavailable {
            level,
            index,
            width,
            reason: reason.to_owned(),
        };
        let l = usize::from(level);
        let (Some(hashes), Some(&count)) = (self.edge.get(l), self.counts.get(l)) else {
            return Err(unavailable("above the highest level"));
        };
        // Level 0 is not counted here: its edge is the last bundle's, at index size / 256.
        let current = if l == 0 {
            self.size / u64::from(TILE_WIDTH)
        } else {
            count.saturating_sub(1) / u64::from(TILE_WIDTH)
        };
        if index != current || hashes.len() != usize::from(width) {
            return Err(unavailable("not the right edge recomputed"));
        }
        Ok(hashes.clone())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// What the root of the streamed tree is: that of all the leaves, for sizes around tile
    /// and level boundaries. Tiles come from a map here, so no store is needed.
    #[tokio::test]
    async fn the_edge_gives_the_root() {
        let all: Vec<Hash> = (0..65_793u64)
            .map(|i| yima_ledger::leaf_hash(&i.to_be_bytes()))
            .collect();
        for size in [1u64, 2, 255, 256, 257, 512, 65_536, 65_793] {
            let leaves = &all[..size as usize];
            let mut check = TreeCheck::new(size);
            let source = crate::log::source::LogSource::Map(std::sync::Arc::new(
                crate::log::source::all_tiles(leaves),
            ));
            for (i, chunk) in leaves.chunks(256).enumerate() {
                let subtree = (chunk.len() == 256).then(|| root(chunk));
                check
                    .bundle_checked(&source, chunk.to_vec(), subtree)
                    .await
                    .unwrap_or_else(|e| panic!("size {size}, bundle {i}: {e}"));
            }
            assert_eq!(
                check.root().unwrap(),
                yima_ledger::root(leaves),
                "size {size}"
            );
            let expected = yima_ledger::new_tiles(0, size)
                .iter()
                .filter(|t| matches!(t.kind(), yima_ledger::TileKind::Hashes { .. }))
                .count() as u64;
            assert_eq!(check.tiles_compared, expected, "size {size}");
        }
    }

    /// Feeds the bundles of `leaves` to a check of tiles `tiles`; the first failure.
    async fn first_failure(
        leaves: &[Hash],
        tiles: std::collections::HashMap<String, Vec<u8>>,
    ) -> Option<String> {
        let source = crate::log::source::LogSource::Map(std::sync::Arc::new(tiles));
        let mut check = TreeCheck::new(leaves.len() as u64);
        for chunk in leaves.chunks(256) {
            let subtree = (chunk.len() == 256).then(|| root(chunk));
            if let Err(e) = check.bundle_checked(&source, chunk.to_vec(), subtree).await {
                return Some(e.to_string());
            }
        }
        None
    }

    #[tokio::test]
    async fn a_changed_or_missing_upper_tile_is_named_with_its_leaves() {
        let leaves: Vec<Hash> = (0..1000u64)
            .map(|i| yima_ledger::leaf_hash(&i.to_be_bytes()))
            .collect();
        let tiles = crate::log::source::all_tiles(&leaves);
        assert_eq!(first_failure(&leaves, tiles.clone()).await, None);

        let mut changed = tiles.clone();
        changed.get_mut("tile/1/000.p/3").unwrap()[2 * 32 + 5] ^= 1;
        let failure = first_failure(&leaves, changed).await.unwrap();
        assert!(
            failure.starts_with("tile/1/000.p/3 hash 2 (leaves 512 to 767): the tile holds "),
            "{failure}"
        );
        assert!(failure.ends_with("the tile was altered"), "{failure}");

        let mut missing = tiles;
        missing.remove("tile/1/000.p/3");
        assert_eq!(
            first_failure(&leaves, missing).await.unwrap(),
            "tile/1/000.p/3 (leaves 0 to 767): the hash tile is missing"
        );
    }
}
