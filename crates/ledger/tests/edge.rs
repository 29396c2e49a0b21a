//! Growing a tiled tree from its right edge: the root and every tile written equal those of
//! the whole tree, the tiles written are the ones `new_tiles` names, and an edge loaded back
//! from the written tiles is the same edge. Trees of 2^40 leaves and more are grown from
//! made-up tiles, checked against `root_from_tiles` reading the same tiles.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use proptest::prelude::*;
use yima_ledger::{
    Hash, TileError, TileId, TileKind, TileSource, TreeEdge, leaf_hash, new_tiles, root,
    root_from_tiles, tile_hashes,
};

fn leaves(from: usize, to: usize) -> Vec<Hash> {
    (from..to)
        .map(|i| leaf_hash(&(i as u64).to_be_bytes()))
        .collect()
}

/// The tiles written so far, each at its latest content; serves a tile only at the width
/// asked for, as a store of one tree size would.
#[derive(Default)]
struct Written(HashMap<(u8, u64), Vec<Hash>>);

impl Written {
    fn store(&mut self, tiles: &[(TileId, Vec<Hash>)]) {
        for (id, hashes) in tiles {
            let TileKind::Hashes { level } = id.kind() else {
                panic!("{id} is not a hash tile");
            };
            assert_eq!(usize::from(id.width()), hashes.len(), "{id}");
            self.0.insert((level, id.index()), hashes.clone());
        }
    }
}

impl TileSource for Written {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0
            .get(&(level, index))
            .filter(|h| h.len() == usize::from(width))
            .cloned()
            .ok_or_else(|| TileError::Unavailable {
                level,
                index,
                width,
                reason: "not written at this width".into(),
            })
    }
}

fn hash_tiles(old: u64, new: u64) -> Vec<TileId> {
    new_tiles(old, new)
        .into_iter()
        .filter(|id| matches!(id.kind(), TileKind::Hashes { .. }))
        .collect()
}

/// Grows a tree by `batches`, checking after each append everything the edge promises;
/// returns the edge and all the leaf hashes.
fn grow(batches: &[usize]) -> (TreeEdge, Vec<Hash>) {
    let mut edge = TreeEdge::empty();
    let mut reloaded = TreeEdge::empty();
    let mut all = Vec::new();
    let mut written = Written::default();
    assert_eq!(edge.root(), root(&[]));
    for &n in batches {
        let old = all.len() as u64;
        let batch = leaves(all.len(), all.len() + n);
        all.extend_from_slice(&batch);
        let tiles = edge.append(&batch).unwrap();
        // An edge loaded from the tiles grows exactly as the one that wrote them.
        assert_eq!(reloaded.append(&batch).unwrap(), tiles);
        let size = all.len() as u64;
        assert_eq!(edge.size(), size);
        assert_eq!(edge.root(), root(&all), "root at {size}");
        assert_eq!(
            tiles.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            hash_tiles(old, size),
            "tiles from {old} to {size}"
        );
        for (id, hashes) in &tiles {
            let TileKind::Hashes { level } = id.kind() else {
                unreachable!()
            };
            assert_eq!(
                hashes,
                &tile_hashes(level, id.index(), &all).unwrap(),
                "{id}"
            );
        }
        written.store(&tiles);
        reloaded = TreeEdge::load(size, &written).unwrap();
        assert_eq!(reloaded, edge, "loaded at {size}");
    }
    (edge, all)
}

#[test]
fn the_empty_edge_and_empty_appends() {
    let mut edge = TreeEdge::empty();
    assert_eq!(edge.size(), 0);
    assert_eq!(edge.root(), root(&[]));
    assert!(edge.append(&[]).unwrap().is_empty());
    assert_eq!(edge, TreeEdge::empty());
    assert_eq!(TreeEdge::load(0, &Written::default()).unwrap(), edge);
    let (mut edge, _) = grow(&[300]);
    let before = edge.clone();
    assert!(edge.append(&[]).unwrap().is_empty());
    assert_eq!(edge, before);
}

/// 255, 256, 257 reached a leaf at a time, in one batch, and by a batch from the other side
/// of the boundary.
#[test]
fn sizes_at_level_0_tile_boundaries() {
    grow(&[255, 1, 1]);
    grow(&[256]);
    grow(&[257]);
    grow(&[254, 3]);
}

/// 65,535, 65,536, 65,537 reached a leaf at a time, and by a batch that completes a level-1
/// tile.
#[test]
fn sizes_at_level_1_tile_boundaries() {
    grow(&[65_535, 1, 1]);
    grow(&[255, 65_282]);
}

#[test]
fn one_leaf_at_a_time_across_a_level_0_tile() {
    let (edge, all) = grow(&[1; 300]);
    assert_eq!(edge.root(), root(&all));
}

#[test]
fn the_tiles_written_at_65536_complete_three_levels() {
    let mut edge = TreeEdge::empty();
    edge.append(&leaves(0, 65_535)).unwrap();
    let tiles = edge.append(&leaves(65_535, 65_536)).unwrap();
    assert_eq!(
        tiles
            .iter()
            .map(|(id, h)| (id.path(), h.len()))
            .collect::<Vec<_>>(),
        [
            ("tile/0/255".to_string(), 256),
            ("tile/1/000".to_string(), 256),
            ("tile/2/000.p/1".to_string(), 1),
        ]
    );
    // Each completed tile's root is the hash the level above gained.
    assert_eq!(root(&tiles[0].1), tiles[1].1[255]);
    assert_eq!(root(&tiles[1].1), tiles[2].1[0]);
}

#[test]
fn load_refuses_a_tile_of_the_wrong_width_and_passes_on_the_source_error() {
    struct Short;
    impl TileSource for Short {
        fn tile(&self, _: u8, _: u64, width: u16) -> Result<Vec<Hash>, TileError> {
            Ok(vec![[0; 32]; usize::from(width) - 1])
        }
    }
    assert_eq!(
        TreeEdge::load(70_000, &Short),
        Err(TileError::WrongTileLength {
            level: 0,
            index: 273,
            expected: 112,
            found: 111
        })
    );
    assert!(matches!(
        TreeEdge::load(5, &Written::default()),
        Err(TileError::Unavailable { .. })
    ));
    // A tree of 65,536 leaves has no partial tile at levels 0 and 1: only level 2 is read.
    struct Level2Only;
    impl TileSource for Level2Only {
        fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
            assert_eq!((level, index, width), (2, 0, 1));
            Ok(vec![[7; 32]])
        }
    }
    assert_eq!(TreeEdge::load(65_536, &Level2Only).unwrap().root(), [7; 32]);
}

/// Made-up tiles for trees too large to build: hash i of tile (level, index) is a hash of its
/// coordinates. The levels do not agree with each other, which does not matter to the root:
/// it is made of each level's partial tile only, read alike by the edge and by
/// `root_from_tiles`.
struct MadeUp;

fn made_up(level: u8, index: u64, i: u64) -> Hash {
    let mut coordinates = vec![level];
    coordinates.extend_from_slice(&index.to_be_bytes());
    coordinates.extend_from_slice(&i.to_be_bytes());
    leaf_hash(&coordinates)
}

impl TileSource for MadeUp {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        Ok((0..u64::from(width))
            .map(|i| made_up(level, index, i))
            .collect())
    }
}

/// What was written over the made-up tiles.
struct Over<'a>(&'a Written);

impl TileSource for Over<'_> {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        match self.0.0.get(&(level, index)) {
            Some(hashes) => {
                assert_eq!(hashes.len(), usize::from(width), "{level}/{index}");
                Ok(hashes.clone())
            }
            None => MadeUp.tile(level, index, width),
        }
    }
}

fn grow_large(size: u64, batches: &[usize]) {
    let mut edge = TreeEdge::load(size, &MadeUp).unwrap();
    assert_eq!(edge.root(), root_from_tiles(size, &MadeUp).unwrap());
    let mut written = Written::default();
    let mut at = size;
    for &n in batches {
        let tiles = edge.append(&leaves(0, n)).unwrap();
        let new = at + n as u64;
        assert_eq!(
            tiles.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            hash_tiles(at, new),
            "{at} to {new}"
        );
        // A completed tile's root is in the tile above, which was written too.
        let by_id: HashMap<(u8, u64), &Vec<Hash>> = tiles
            .iter()
            .map(|(id, h)| {
                let TileKind::Hashes { level } = id.kind() else {
                    unreachable!()
                };
                ((level, id.index()), h)
            })
            .collect();
        for (&(level, index), hashes) in &by_id {
            if hashes.len() == 256 {
                let above = by_id[&(level + 1, index / 256)];
                assert_eq!(above[(index % 256) as usize], root(hashes));
            }
        }
        written.store(&tiles);
        assert_eq!(edge.size(), new);
        assert_eq!(
            edge.root(),
            root_from_tiles(new, &Over(&written)).unwrap(),
            "root at {new}"
        );
        assert_eq!(TreeEdge::load(new, &Over(&written)).unwrap(), edge);
        at = new;
    }
}

#[test]
fn trees_of_2_to_the_40_leaves_and_more() {
    let t40 = 1u64 << 40;
    // Every level's partial tile is 255 wide: one leaf completes five tiles.
    grow_large(t40 - 1, &[1, 1, 300]);
    grow_large(t40 - 3, &[70_000, 256, 1000]);
    grow_large(t40 + 12_345_678, &[1, 255, 256, 257]);
    grow_large((1 << 56) - 1, &[1]);
    grow_large(u64::MAX - 600, &[256, 300, 44]);
    grow_large(u64::MAX - 1, &[1]);
}

#[test]
fn a_tree_cannot_outgrow_a_u64() {
    let mut edge = TreeEdge::load(u64::MAX - 1, &MadeUp).unwrap();
    let before = edge.clone();
    assert_eq!(
        edge.append(&leaves(0, 2)),
        Err(TileError::TreeFull {
            size: u64::MAX - 1,
            adding: 2
        })
    );
    assert_eq!(edge, before);
    edge.append(&leaves(0, 1)).unwrap();
    assert_eq!(edge.size(), u64::MAX);
    assert!(edge.append(&leaves(0, 1)).is_err());
    assert!(edge.append(&[]).unwrap().is_empty());
}

fn batch_sizes() -> impl Strategy<Value = Vec<usize>> {
    // Mostly small batches, some crossing many level-0 tiles, a few crossing level-1 ones.
    let batch = prop_oneof![
        6 => 0usize..300,
        3 => 0usize..3000,
        1 => 0usize..10_000,
    ];
    prop::collection::vec(batch, 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn an_edge_grows_as_the_whole_tree(batches in batch_sizes()) {
        grow(&batches);
    }
}
