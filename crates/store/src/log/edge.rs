//! What an integration reads and writes besides the new leaves: the partial hash tiles at the
//! tree's right edge (from which the sequencer resumes) and the entry bundles it rewrites.

use yima_ledger::{TILE_HEIGHT, TILE_WIDTH, TileError, encode_bundle};

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

/// The entry bundles an integration writes: the old partial bundle's entries followed by the
/// new ones, cut into bundles of 256 from the partial bundle's start.
pub(crate) struct Bundles {
    /// The index of the first bundle written.
    first: u64,
    entries: Vec<Vec<u8>>,
}

impl Bundles {
    /// Starts from the tree of `size` leaves, whose partial bundle (if any) held `partial`.
    pub(crate) fn new(size: u64, partial: Vec<Vec<u8>>) -> Self {
        Self {
            first: size / u64::from(TILE_WIDTH),
            entries: partial,
        }
    }

    pub(crate) fn push(&mut self, entry: Vec<u8>) {
        self.entries.push(entry);
    }

    /// Each bundle to write as (index, width, encoded bundle).
    pub(crate) fn encode(&self) -> Result<Vec<(u64, u16, Vec<u8>)>, TileError> {
        self.entries
            .chunks(usize::from(TILE_WIDTH))
            .zip(self.first..)
            .map(|(chunk, index)| Ok((index, chunk.len() as u16, encode_bundle(chunk)?)))
            .collect()
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

    #[test]
    fn bundles_continue_the_partial_one() {
        let mut b = Bundles::new(510, vec![vec![1u8]; 254]);
        for _ in 0..260 {
            b.push(vec![2]);
        }
        let out = b.encode().unwrap();
        assert_eq!(
            out.iter().map(|(i, w, _)| (*i, *w)).collect::<Vec<_>>(),
            vec![(1, 256), (2, 256), (3, 2)]
        );
    }
}
