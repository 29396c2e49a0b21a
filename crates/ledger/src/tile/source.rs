//! The root and the proofs of a tree of a given size computed from its tiles, reading only
//! the tiles they need. Any node of the tree is either a complete subtree — whose hash is one
//! hash of a tile, or the root of 2, 4, …, 128 consecutive hashes of one tile — or a right
//! edge made of complete subtrees. A tile source is not trusted: the proofs it yields must
//! still be verified against a signed checkpoint's root.

use std::collections::HashMap;

use super::hashes::complete_subtrees;
use super::{TILE_HEIGHT, TILE_WIDTH, TileError, tile_width};
use crate::proof::ProofError;
use crate::tree::{Hash, empty_root, node_hash, root};

/// Where tiles come from: storage, a cache, HTTP. `width` is the tile's width in the tree
/// being read, so a partial tile is asked for as such.
pub trait TileSource {
    /// The `width` hashes of tile `index` at `level`.
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError>;
}

/// Reads tiles for one tree size, each at most once.
struct Reader<'a, S: ?Sized> {
    source: &'a S,
    size: u64,
    tiles: HashMap<(u8, u64), Vec<Hash>>,
}

impl<'a, S: TileSource + ?Sized> Reader<'a, S> {
    fn new(source: &'a S, size: u64) -> Self {
        Self {
            source,
            size,
            tiles: HashMap::new(),
        }
    }

    /// The hash of the complete subtree of height `height` whose leaves start at
    /// `index` · 2^height.
    fn complete(&mut self, height: u32, index: u64) -> Result<Hash, TileError> {
        let level = (height / TILE_HEIGHT) as u8;
        let span = 1u64 << (height % TILE_HEIGHT);
        let first = index * span;
        let tile = first / u64::from(TILE_WIDTH);
        let offset = (first % u64::from(TILE_WIDTH)) as usize;
        let not_in_tree = TileError::NotInTree {
            level,
            index: tile,
            size: self.size,
        };
        if first + span > complete_subtrees(self.size, TILE_HEIGHT * u32::from(level)) {
            return Err(not_in_tree);
        }
        let width = tile_width(level, tile, self.size).ok_or(not_in_tree)?;
        let hashes = match self.tiles.entry((level, tile)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let hashes = self.source.tile(level, tile, width)?;
                if hashes.len() != usize::from(width) {
                    return Err(TileError::WrongTileLength {
                        level,
                        index: tile,
                        expected: width,
                        found: hashes.len(),
                    });
                }
                e.insert(hashes)
            }
        };
        // Consecutive hashes of one tile form a complete subtree: MTH over them is its hash.
        Ok(root(&hashes[offset..offset + span as usize]))
    }

    /// MTH(D[lo:hi]) for a range that starts at a multiple of the largest power of two not
    /// above its length — every node of an RFC 6962 tree does: complete subtrees from the
    /// largest, joined from the right.
    fn range(&mut self, lo: u64, hi: u64) -> Result<Hash, TileError> {
        let mut parts = Vec::new();
        let mut at = lo;
        while at < hi {
            let height = 63 - (hi - at).leading_zeros();
            parts.push(self.complete(height, at >> height)?);
            at += 1 << height;
        }
        let Some((&last, rest)) = parts.split_last() else {
            return Ok(empty_root());
        };
        Ok(rest.iter().rev().fold(last, |acc, p| node_hash(p, &acc)))
    }

    fn path(&mut self, m: u64, lo: u64, hi: u64, proof: &mut Vec<Hash>) -> Result<(), TileError> {
        if hi - lo <= 1 {
            return Ok(());
        }
        let k = split(hi - lo);
        if m < lo + k {
            self.path(m, lo, lo + k, proof)?;
            proof.push(self.range(lo + k, hi)?);
        } else {
            self.path(m, lo + k, hi, proof)?;
            proof.push(self.range(lo, lo + k)?);
        }
        Ok(())
    }

    fn subproof(
        &mut self,
        m: u64,
        lo: u64,
        hi: u64,
        whole_old_tree: bool,
        proof: &mut Vec<Hash>,
    ) -> Result<(), TileError> {
        if lo + m == hi {
            if !whole_old_tree {
                proof.push(self.range(lo, hi)?);
            }
            return Ok(());
        }
        let k = split(hi - lo);
        if m <= k {
            self.subproof(m, lo, lo + k, whole_old_tree, proof)?;
            proof.push(self.range(lo + k, hi)?);
        } else {
            self.subproof(m - k, lo + k, hi, false, proof)?;
            proof.push(self.range(lo, lo + k)?);
        }
        Ok(())
    }
}

/// The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree.
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The root of the tree of `size` leaves.
pub fn root_from_tiles<S: TileSource + ?Sized>(size: u64, source: &S) -> Result<Hash, TileError> {
    Reader::new(source, size).range(0, size)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves, as `inclusion_proof`
/// gives it.
pub fn inclusion_proof_from_tiles<S: TileSource + ?Sized>(
    index: u64,
    size: u64,
    source: &S,
) -> Result<Vec<Hash>, TileError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size }.into());
    }
    let mut proof = Vec::new();
    Reader::new(source, size).path(index, 0, size, &mut proof)?;
    Ok(proof)
}

/// The consistency proof from the tree of `old_size` leaves to that of `size` leaves, as
/// `consistency_proof` gives it.
pub fn consistency_proof_from_tiles<S: TileSource + ?Sized>(
    old_size: u64,
    size: u64,
    source: &S,
) -> Result<Vec<Hash>, TileError> {
    if old_size > size {
        return Err(ProofError::OldSizeTooLarge { old_size, size }.into());
    }
    let mut proof = Vec::new();
    if old_size > 0 && old_size < size {
        Reader::new(source, size).subproof(old_size, 0, size, true, &mut proof)?;
    }
    Ok(proof)
}
