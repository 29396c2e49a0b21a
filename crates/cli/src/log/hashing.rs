//! The bulk of a verification: hashing every entry of every bundle and checking the leaf
//! hashes against the level-0 tiles, on every core. Software SHA-256 manages well under a
//! million leaves a second on one core, so the bundles of a chunk are shared out among
//! threads; each bundle is independent of the others.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use yima_ledger::{Hash, TILE_WIDTH, TileId, leaf_hash, parse_bundle, root};

use super::failure::Failure;

/// One bundle of the tree to check, with the level-0 tile of the same index and width, as
/// read from the log (`None` where it lacks them).
pub struct BundleWork {
    pub id: TileId,
    pub bundle: Option<Vec<u8>>,
    pub tile: Option<Vec<u8>>,
}

impl BundleWork {
    /// The level-0 hash tile that must hold the bundle's leaf hashes.
    pub fn tile_id(&self) -> TileId {
        // An entries id has a valid width, which a level-0 id accepts as well.
        TileId::hashes(0, self.id.index(), self.id.width()).unwrap_or(self.id)
    }

    pub fn first_leaf(&self) -> u64 {
        self.id.index() * u64::from(TILE_WIDTH)
    }
}

/// A bundle whose leaf hashes are its tile's.
pub struct BundleHashes {
    pub leaf_hashes: Vec<Hash>,
    /// The hash of the bundle's subtree, for the level-1 tile, when the bundle is full.
    pub subtree: Option<Hash>,
}

/// Why a bundle does not check.
pub enum BundleFault {
    /// The bundle or its tile is missing or malformed.
    Broken(Failure),
    /// Leaf `index`'s entry does not hash to the tile's hash at its position: one of the two
    /// was altered, which the stored leaf may tell.
    Mismatch {
        index: u64,
        position: u16,
        entry_hash: Hash,
        tile_hash: Hash,
        bundle: TileId,
        tile: TileId,
    },
}

/// Checks each bundle of `work` on all available cores; the results in `work`'s order. Each
/// thread takes the next bundle not yet taken, so a thread slowed by the reads running beside
/// it holds no one up.
pub fn check_bundles(work: &[BundleWork]) -> Vec<Result<BundleHashes, BundleFault>> {
    let threads = thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<BundleHashes, BundleFault>)> = thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(work.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(bundle) = work.get(i) else {
                            return mine;
                        };
                        mine.push((i, check_bundle(bundle)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(results) => results,
                // A panic in hashing is a bug; re-raise it rather than report a verdict.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn check_bundle(work: &BundleWork) -> Result<BundleHashes, BundleFault> {
    let width = usize::from(work.id.width());
    let broken = |id: &TileId, problem: String| BundleFault::Broken(Failure::tile(id, problem));
    let tile_id = work.tile_id();
    let Some(bytes) = &work.bundle else {
        return Err(broken(&work.id, "the entry bundle is missing".to_owned()));
    };
    let entries = parse_bundle(bytes)
        .map_err(|e| broken(&work.id, format!("the entry bundle does not parse: {e}")))?;
    if entries.len() != width {
        return Err(broken(
            &work.id,
            format!(
                "the entry bundle holds {} entries, not {width}",
                entries.len()
            ),
        ));
    }
    let Some(tile) = &work.tile else {
        return Err(broken(&tile_id, "the hash tile is missing".to_owned()));
    };
    if tile.len() != 32 * width {
        return Err(broken(
            &tile_id,
            format!("the hash tile is {} bytes, not {}", tile.len(), 32 * width),
        ));
    }
    let leaf_hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    for (position, (hash, stored)) in leaf_hashes.iter().zip(tile.chunks_exact(32)).enumerate() {
        if hash[..] != *stored {
            let mut tile_hash = [0u8; 32];
            tile_hash.copy_from_slice(stored);
            return Err(BundleFault::Mismatch {
                index: work.first_leaf() + position as u64,
                position: position as u16,
                entry_hash: *hash,
                tile_hash,
                bundle: work.id,
                tile: tile_id,
            });
        }
    }
    let subtree = (width == usize::from(TILE_WIDTH)).then(|| root(&leaf_hashes));
    Ok(BundleHashes {
        leaf_hashes,
        subtree,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use yima_ledger::{encode_bundle, tile_hashes};

    fn work(index: u64, entries: &[Vec<u8>]) -> BundleWork {
        let hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
        BundleWork {
            id: TileId::entries(index, entries.len() as u16).unwrap(),
            bundle: Some(encode_bundle(entries).unwrap()),
            tile: Some(hashes.concat()),
        }
    }

    #[test]
    fn a_full_bundle_gives_its_subtree() {
        let entries: Vec<Vec<u8>> = (0..256u32).map(|i| i.to_be_bytes().to_vec()).collect();
        let results = check_bundles(&[work(0, &entries), work(1, &entries[..3])]);
        let hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
        let full = results[0].as_ref().ok().unwrap();
        assert_eq!(full.subtree, Some(tile_hashes(1, 0, &hashes).unwrap()[0]));
        let partial = results[1].as_ref().ok().unwrap();
        assert_eq!(partial.subtree, None);
        assert_eq!(partial.leaf_hashes, hashes[..3]);
    }

    #[test]
    fn a_changed_entry_is_named_by_its_index() {
        let entries: Vec<Vec<u8>> = (0..10u32).map(|i| i.to_be_bytes().to_vec()).collect();
        let mut w = work(2, &entries);
        let bundle = w.bundle.as_mut().unwrap();
        // Entry 4's last byte: 2-byte length + 4 bytes per entry.
        bundle[4 * 6 + 5] ^= 1;
        match &check_bundles(&[w])[0] {
            Err(BundleFault::Mismatch {
                index, position, ..
            }) => assert_eq!((*index, *position), (516, 4)),
            _ => panic!("expected a mismatch"),
        }
    }
}
