//! Tiles: paths (the examples of c2sp.org/tlog-tiles), tile contents at the edges, entry
//! bundles, and the root and proofs from tiles equal to those of the whole tree.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::collections::BTreeSet;

use proptest::prelude::*;
use yima_ledger::{
    Hash, TileError, TileId, TileKind, TileSource, consistency_proof, consistency_proof_from_tiles,
    encode_bundle, inclusion_proof, inclusion_proof_from_tiles, leaf_hash, new_tiles, node_hash,
    parse_bundle, root, root_from_tiles, tile_hashes, tile_width, verify_inclusion,
};

fn leaves(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(&(i as u64).to_be_bytes()))
        .collect()
}

/// Serves the tiles of a tree from its complete subtrees, level by level, and notes each
/// tile read.
struct Tiles {
    levels: Vec<Vec<Hash>>,
    reads: RefCell<Vec<(u8, u64, u16)>>,
}

impl Tiles {
    fn new(leaves: &[Hash]) -> Self {
        let mut levels = vec![leaves.to_vec()];
        while levels.last().unwrap().len() >= 256 {
            let below = levels.last().unwrap();
            let next = below.chunks_exact(256).map(root).collect();
            levels.push(next);
        }
        Self {
            levels,
            reads: RefCell::new(Vec::new()),
        }
    }

    fn distinct_reads(&self) -> usize {
        let reads = self.reads.borrow();
        reads
            .iter()
            .map(|&(l, n, _)| (l, n))
            .collect::<BTreeSet<_>>()
            .len()
    }
}

impl TileSource for Tiles {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.reads.borrow_mut().push((level, index, width));
        let start = index as usize * 256;
        self.levels
            .get(usize::from(level))
            .and_then(|hashes| hashes.get(start..start + usize::from(width)))
            .map(<[Hash]>::to_vec)
            .ok_or_else(|| TileError::Unavailable {
                level,
                index,
                width,
                reason: "not in this tree".into(),
            })
    }
}

#[test]
fn paths_of_the_spec() {
    let id = TileId::hashes(0, 1234067, 256).unwrap();
    assert_eq!(id.path(), "tile/0/x001/x234/067");
    let cases = [
        (TileId::hashes(0, 0, 256).unwrap(), "tile/0/000"),
        (TileId::hashes(1, 5, 17).unwrap(), "tile/1/005.p/17"),
        (TileId::hashes(63, 999, 256).unwrap(), "tile/63/999"),
        (TileId::hashes(2, 1000, 1).unwrap(), "tile/2/x001/000.p/1"),
        (
            TileId::hashes(3, u64::MAX, 255).unwrap(),
            "tile/3/x018/x446/x744/x073/x709/x551/615.p/255",
        ),
        (TileId::entries(0, 256).unwrap(), "tile/entries/000"),
        (
            TileId::entries(123456789, 112).unwrap(),
            "tile/entries/x123/x456/789.p/112",
        ),
    ];
    for (id, path) in cases {
        assert_eq!(id.path(), path);
        assert_eq!(TileId::parse_path(path).unwrap(), id, "{path}");
    }
    let e = TileId::parse_path("tile/entries/x001/002.p/3").unwrap();
    assert_eq!(
        (e.kind(), e.index(), e.width(), e.is_partial()),
        (TileKind::Entries, 1002, 3, true)
    );
}

#[test]
fn non_canonical_paths_are_refused() {
    for path in [
        "",
        "tile/",
        "tile/0",
        "tile/0/",
        "tile/00/000",
        "tile/01/000",
        "tile/64/000",
        "tile/-1/000",
        "tile/0/0",
        "tile/0/00",
        "tile/0/0000",
        "tile/0/x000/001",
        "tile/0/x001",
        "tile/0/001/002",
        "tile/0/x1/002",
        "tile/0/xx01/002",
        "tile/0/x00a/002",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/017",
        "tile/0/000.p/",
        "tile/0/000.p/1/",
        "tile/0/000/",
        "/tile/0/000",
        "tile/0/000 ",
        "tile/entries/",
        "tile/entry/000",
        "tile/entries/0",
        "tile/x/000",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
    ] {
        assert!(TileId::parse_path(path).is_err(), "{path:?}");
    }
    assert!(matches!(
        TileId::hashes(64, 0, 256),
        Err(TileError::LevelTooHigh { level: 64 })
    ));
    assert!(matches!(
        TileId::entries(0, 0),
        Err(TileError::InvalidWidth { width: 0 })
    ));
    assert!(matches!(
        TileId::entries(0, 257),
        Err(TileError::InvalidWidth { width: 257 })
    ));
}

#[test]
fn the_tiles_of_a_tree_of_70000_and_of_256() {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level
    // 0 tile of width 112, one full level 1 tile, one partial level 1 tile of width 17, and
    // one partial level 2 tile of width 1."
    let size = 70_000;
    assert!((0..273).all(|n| tile_width(0, n, size) == Some(256)));
    assert_eq!(tile_width(0, 273, size), Some(112));
    assert_eq!(tile_width(0, 274, size), None);
    assert_eq!(tile_width(1, 0, size), Some(256));
    assert_eq!(tile_width(1, 1, size), Some(17));
    assert_eq!(tile_width(1, 2, size), None);
    assert_eq!(tile_width(2, 0, size), Some(1));
    assert_eq!(tile_width(3, 0, size), None);
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1
    // tile of width 1."
    assert_eq!(tile_width(0, 0, 256), Some(256));
    assert_eq!(tile_width(0, 1, 256), None);
    assert_eq!(tile_width(1, 0, 256), Some(1));
    assert_eq!(tile_width(2, 0, 256), None);
    assert_eq!(tile_width(0, 0, 0), None);
    assert_eq!(tile_width(7, 0, u64::MAX), Some(255));
    assert_eq!(tile_width(8, 0, u64::MAX), None);
    assert_eq!(tile_width(0, u64::MAX, u64::MAX), None);
}

#[test]
fn tile_hashes_are_the_roots_of_complete_subtrees() {
    let l = leaves(70_000);
    let t0 = tile_hashes(0, 273, &l).unwrap();
    assert_eq!(t0, l[273 * 256..].to_vec());
    let t1 = tile_hashes(1, 1, &l).unwrap();
    assert_eq!(t1.len(), 17);
    assert_eq!(t1[3], root(&l[(256 + 3) * 256..(256 + 4) * 256]));
    let t2 = tile_hashes(2, 0, &l).unwrap();
    assert_eq!(t2, vec![root(&l[..65536])]);
    // A level-1 hash is the root of the full level-0 tile below it.
    assert_eq!(t1[0], root(&tile_hashes(0, 256, &l).unwrap()));
    assert_eq!(
        tile_hashes(0, 274, &l),
        Err(TileError::NotInTree {
            level: 0,
            index: 274,
            size: 70_000
        })
    );
    // The first two hashes of a level-1 tile make the subtree of 512 leaves.
    assert_eq!(node_hash(&t1[0], &t1[1]), root(&l[65536..65536 + 512]));
}

#[test]
fn bundles_round_trip_and_hash_to_the_level_0_tile() {
    let entries: Vec<Vec<u8>> = (0..256u32).map(|i| vec![i as u8; i as usize * 3]).collect();
    let bundle = encode_bundle(&entries).unwrap();
    assert_eq!(&bundle[..2], &[0, 0]);
    assert_eq!(&bundle[2..7], &[0, 3, 1, 1, 1]);
    let parsed = parse_bundle(&bundle).unwrap();
    assert_eq!(
        parsed,
        entries.iter().map(Vec::as_slice).collect::<Vec<_>>()
    );
    let hashes: Vec<Hash> = parsed.iter().map(|e| leaf_hash(e)).collect();
    assert_eq!(tile_hashes(0, 0, &hashes).unwrap(), hashes);

    assert_eq!(
        parse_bundle(&[0, 2, 1, 2, 0, 3, 1]),
        Err(TileError::TruncatedBundle { offset: 4 })
    );
    assert_eq!(
        parse_bundle(&[0]),
        Err(TileError::TruncatedBundle { offset: 0 })
    );
    assert_eq!(parse_bundle(&[]), Err(TileError::BundleSize { count: 0 }));
    assert!(parse_bundle(&[0, 0].repeat(257)).is_err());
    assert_eq!(parse_bundle(&[0, 0].repeat(256)).unwrap().len(), 256);
    assert_eq!(
        encode_bundle(&[vec![0u8; 65536]]),
        Err(TileError::EntryTooLarge {
            index: 0,
            len: 65536
        })
    );
    assert_eq!(encode_bundle(&[[7u8; 65535]]).unwrap().len(), 65537);
    assert_eq!(
        encode_bundle::<&[u8]>(&[]),
        Err(TileError::BundleSize { count: 0 })
    );
}

/// How many tile levels a tree of `size` has.
fn levels(size: u64) -> usize {
    (0..8).filter(|&l| tile_width(l, 0, size).is_some()).count()
}

fn check_size(l: &[Hash], size: usize, picks: &[(u64, u64)]) {
    let tiles = Tiles::new(&l[..size]);
    let n = size as u64;
    let r = root(&l[..size]);
    assert_eq!(root_from_tiles(n, &tiles).unwrap(), r, "root of {size}");
    if size == 0 {
        return;
    }
    for &(index, old) in picks {
        let index = index % n;
        tiles.reads.borrow_mut().clear();
        let proof = inclusion_proof_from_tiles(index, n, &tiles).unwrap();
        assert_eq!(
            proof,
            inclusion_proof(index, &l[..size]).unwrap(),
            "{index} in {size}"
        );
        assert!(tiles.distinct_reads() <= 2 * levels(n), "{index} in {size}");
        verify_inclusion(&l[index as usize], index, n, &proof, &r).unwrap();
        let old = old % (n + 1);
        tiles.reads.borrow_mut().clear();
        assert_eq!(
            consistency_proof_from_tiles(old, n, &tiles).unwrap(),
            consistency_proof(old, &l[..size]).unwrap(),
            "{old} to {size}"
        );
        assert!(tiles.distinct_reads() <= 3 * levels(n), "{old} to {size}");
    }
}

#[test]
fn tiles_give_the_proofs_of_the_tree_at_the_edges() {
    let l = leaves(65_537);
    for size in [
        0, 1, 2, 3, 255, 256, 257, 511, 512, 513, 65_535, 65_536, 65_537,
    ] {
        let picks = [
            (0, 0),
            (1, 1),
            (255, 255),
            (256, 256),
            (u64::MAX, 257),
            (12_345, 65_535),
        ];
        // Proofs of the whole tree cost O(size) each: fewer of them for the largest trees.
        let picks = if size > 60_000 {
            &picks[4..]
        } else {
            &picks[..]
        };
        check_size(&l, size, picks);
    }
    let tiles = Tiles::new(&l[..300]);
    assert!(matches!(
        inclusion_proof_from_tiles(300, 300, &tiles),
        Err(TileError::Proof(_))
    ));
    assert!(matches!(
        consistency_proof_from_tiles(301, 300, &tiles),
        Err(TileError::Proof(_))
    ));
    assert!(
        consistency_proof_from_tiles(300, 300, &tiles)
            .unwrap()
            .is_empty()
    );
    // A source that serves a tile of the wrong width is caught.
    struct Short;
    impl TileSource for Short {
        fn tile(&self, _: u8, _: u64, _: u16) -> Result<Vec<Hash>, TileError> {
            Ok(vec![[0; 32]])
        }
    }
    assert!(matches!(
        root_from_tiles(300, &Short),
        Err(TileError::WrongTileLength {
            level: 0,
            index: 1,
            expected: 44,
            found: 1
        })
    ));
}

/// Every tile whose width differs between the two sizes, found by looking at them all.
fn changed_tiles(old: u64, new: u64) -> Vec<TileId> {
    let mut hashes = Vec::new();
    let mut bundles = Vec::new();
    for level in 0..8u8 {
        for index in 0..=(new >> (8 * u32::from(level))) / 256 {
            let width = tile_width(level, index, new);
            if let Some(w) = width.filter(|_| width != tile_width(level, index, old)) {
                hashes.push(TileId::hashes(level, index, w).unwrap());
                if level == 0 {
                    bundles.push(TileId::entries(index, w).unwrap());
                }
            }
        }
    }
    hashes.extend(bundles);
    hashes
}

#[test]
fn a_tree_of_70000_is_written_as_the_spec_counts_it() {
    let tiles = new_tiles(0, 70_000);
    let paths: Vec<String> = tiles.iter().map(TileId::path).collect();
    assert_eq!(tiles.len(), 274 + 2 + 1 + 274);
    for p in [
        "tile/0/272",
        "tile/0/273.p/112",
        "tile/1/000",
        "tile/1/001.p/17",
        "tile/2/000.p/1",
        "tile/entries/273.p/112",
    ] {
        assert!(paths.contains(&p.to_string()), "{p}");
    }
    assert_eq!(
        new_tiles(70_000, 70_001)
            .iter()
            .map(TileId::path)
            .collect::<Vec<_>>(),
        ["tile/0/273.p/113", "tile/entries/273.p/113"]
    );
    assert_eq!(
        new_tiles(65_535, 65_536)
            .iter()
            .map(TileId::path)
            .collect::<Vec<_>>(),
        [
            "tile/0/255",
            "tile/1/000",
            "tile/2/000.p/1",
            "tile/entries/255"
        ]
    );
    assert!(new_tiles(5, 5).is_empty() && new_tiles(6, 5).is_empty());
    assert_eq!(new_tiles(0, 1).len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn new_tiles_are_the_tiles_whose_width_changed(old in 0u64..200_000, grow in 0u64..70_000) {
        prop_assert_eq!(new_tiles(old, old + grow), changed_tiles(old, old + grow));
    }

    #[test]
    fn tiles_give_the_proofs_of_the_tree(size in 0usize..3000, index in any::<u64>(), old in any::<u64>()) {
        let l = leaves(size);
        check_size(&l, size, &[(index, old)]);
    }

    #[test]
    fn paths_round_trip(level in 0u8..=63, index in any::<u64>(), width in 1u16..=256, entries in any::<bool>()) {
        let id = if entries { TileId::entries(index, width) } else { TileId::hashes(level, index, width) }.unwrap();
        prop_assert_eq!(TileId::parse_path(&id.path()).unwrap(), id);
    }

    #[test]
    fn path_parsing_never_panics(path in "tile/[0-9a-z./]{0,40}") {
        if let Ok(id) = TileId::parse_path(&path) {
            prop_assert_eq!(id.path(), path);
        }
    }
}
