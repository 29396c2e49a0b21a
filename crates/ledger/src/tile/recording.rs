//! Computing from tiles that must first be fetched asynchronously (from a database, over
//! HTTP). Which tiles the root and proof computations read depends only on the sizes, never
//! on the hashes, so a first run against a source that records the requests (answering zero
//! hashes) names them; once fetched, a `TileMap` serves them to the real run.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{TileError, TileSource};
use crate::tree::Hash;

/// Answers every request with zero hashes of the width asked, and remembers it.
#[derive(Default)]
struct Recorder(RefCell<Vec<(u8, u64, u16)>>);

impl TileSource for Recorder {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0.borrow_mut().push((level, index, width));
        Ok(vec![[0u8; 32]; usize::from(width)])
    }
}

/// The tiles, as (level, index, width), that `compute` reads.
pub fn tiles_read_by<T>(
    compute: impl Fn(&dyn TileSource) -> Result<T, TileError>,
) -> Result<Vec<(u8, u64, u16)>, TileError> {
    let recorder = Recorder::default();
    compute(&recorder)?;
    Ok(recorder.0.into_inner())
}

/// Tiles held in memory, by level, index and width.
#[derive(Debug, Default, Clone)]
pub struct TileMap(HashMap<(u8, u64, u16), Vec<Hash>>);

impl TileMap {
    pub fn insert(&mut self, level: u8, index: u64, width: u16, hashes: Vec<Hash>) {
        self.0.insert((level, index, width), hashes);
    }
}

impl TileSource for TileMap {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0
            .get(&(level, index, width))
            .cloned()
            .ok_or_else(|| TileError::Unavailable {
                level,
                index,
                width,
                reason: "not fetched".to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::tile::{inclusion_proof_from_tiles, tile_hashes};
    use crate::tree::{inclusion_proof, leaf_hash};

    #[test]
    fn the_recorded_tiles_are_enough() {
        let leaves: Vec<Hash> = (0..70_000u32)
            .map(|i| leaf_hash(&i.to_be_bytes()))
            .collect();
        let size = leaves.len() as u64;
        let compute = |s: &dyn TileSource| inclusion_proof_from_tiles(12_345, size, s);
        let mut map = TileMap::default();
        for (level, index, width) in tiles_read_by(compute).unwrap() {
            let hashes = tile_hashes(level, index, &leaves).unwrap();
            assert_eq!(hashes.len(), usize::from(width));
            map.insert(level, index, width, hashes);
        }
        assert_eq!(
            compute(&map).unwrap(),
            inclusion_proof(12_345, &leaves).unwrap()
        );
    }
}
