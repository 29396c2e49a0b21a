//! The log's hashing costs on one core, against raw SHA-256 of 64-byte messages — the work
//! every leaf and every node costs at least (a leaf hash of a 64-byte entry and a node hash
//! are each, like the baseline, two SHA-256 blocks):
//!
//! - `sha256_raw`: SHA-256 of 64-byte messages, the baseline;
//! - `leaf_hash`: leaf hashes of 64-byte entries;
//! - `append`: `TreeEdge::append` of batches of 10,000 leaf hashes (hash tiles only, the
//!   tiles it returns included), on one tree growing across runs, as a sequencer's;
//! - `verify_full`: 1,000,000 64-byte entries to leaf hashes to the root — what a full
//!   audit of a log costs per leaf (target ≥ 1,000,000 leaves/s). A leaf costs a leaf hash
//!   and, on average, one node hash: at most half the `sha256_raw` rate on one core. It is
//!   also measured on two threads, one per half of the tree, to show what two cores give;
//!   the crate itself stays single-threaded;
//! - `inclusion_proof_from_tiles`: the proof of a random leaf of a 1,000,000-leaf tree from
//!   tiles held in a `HashMap`, then `verify_inclusion` (target < 1 ms), against
//!   `verify_inclusion` of the same proofs alone.
//!
//! Medians of a few short runs, so that the whole takes seconds. The workspace's benches use
//! this plain harness rather than criterion: one table row per measurement, as
//! BENCHMARKS.md shows them.
//!
//! `cargo bench -p yima-ledger --bench ledger`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use yima_ledger::{
    Hash, TileError, TileKind, TileSource, TreeEdge, inclusion_proof_from_tiles, leaf_hash,
    node_hash, root, verify_inclusion,
};

/// Timed runs per measurement; the median is reported.
const RUNS: usize = 7;
/// Least time one run takes (the inputs are gone through as often as needed).
const RUN_TIME: Duration = Duration::from_millis(200);
/// Distinct messages for the per-hash measurements.
const MESSAGES: usize = 10_000;
const BATCH: usize = 10_000;
const TREE: usize = 1_000_000;
/// Leaves whose proofs one pass computes: a pass stays near `RUN_TIME`.
const PROOFS: usize = 200;

/// Deterministic pseudo-random numbers (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn entry(&mut self) -> [u8; 64] {
        let mut e = [0; 64];
        for chunk in e.chunks_exact_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        e
    }
}

/// Items per second of `pass`, which handles some items and returns how many; the median
/// of `RUNS` runs of at least `RUN_TIME` each, after one pass to warm up.
fn rate(mut pass: impl FnMut() -> usize) -> f64 {
    pass();
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let mut items = 0;
            while started.elapsed() < RUN_TIME {
                items += pass();
            }
            items as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

/// The tiles of a tree as a sequencer wrote them, each at its latest width.
struct Tiles(HashMap<(u8, u64), Vec<Hash>>);

impl TileSource for Tiles {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0
            .get(&(level, index))
            .filter(|h| h.len() == usize::from(width))
            .cloned()
            .ok_or_else(|| TileError::Unavailable {
                level,
                index,
                width,
                reason: "not written".into(),
            })
    }
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let messages: Vec<[u8; 64]> = (0..MESSAGES).map(|_| rng.entry()).collect();

    eprintln!("ledger hashing: one core, median of {RUNS} runs");

    let sha = rate(|| {
        for m in &messages {
            black_box(Sha256::digest(black_box(m)));
        }
        messages.len()
    });
    eprintln!("baseline `sha256_raw`: SHA-256 of 64-byte messages, {sha:.0} /s");

    let leaf = rate(|| {
        for m in &messages {
            black_box(leaf_hash(black_box(m)));
        }
        messages.len()
    });
    println!(
        "| ledger: `leaf_hash` of 64-byte entries, one core | — | {leaf:.0} /s | `sha256_raw`: {sha:.0} /s | {:.2} |",
        leaf / sha
    );

    let batch: Vec<Hash> = messages.iter().map(|m| leaf_hash(m)).collect();
    let mut edge = TreeEdge::empty();
    let append = rate(|| {
        black_box(edge.append(black_box(&batch)).unwrap());
        batch.len()
    });
    println!(
        "| ledger: `TreeEdge::append` in memory, one core, batches of {BATCH} leaf hashes (tree grown to {} leaves) | — | {append:.0} leaves/s | `sha256_raw`: {sha:.0} /s | {:.2} |",
        edge.size(),
        append / sha
    );

    let entries: Vec<[u8; 64]> = (0..TREE).map(|_| rng.entry()).collect();
    let full = rate(|| {
        let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
        black_box(root(&leaves));
        entries.len()
    });
    println!(
        "| ledger: full verification in memory, one core, {TREE} 64-byte entries → leaf hashes → root | ≥ 1,000,000 leaves/s | {full:.0} leaves/s | `sha256_raw`: {sha:.0} /s | {:.2} |",
        full / sha
    );

    // The two subtrees RFC 9162 splits the tree into, one per thread.
    let split = TREE.next_power_of_two() / 2;
    let full_two_threads = rate(|| {
        let (left, right) = entries.split_at(split);
        let subtree = |part: &[[u8; 64]]| {
            let leaves: Vec<Hash> = part.iter().map(|e| leaf_hash(e)).collect();
            root(&leaves)
        };
        let (l, r) = std::thread::scope(|s| {
            let l = s.spawn(|| subtree(left));
            let r = subtree(right);
            (l.join().unwrap(), r)
        });
        black_box(node_hash(&l, &r));
        entries.len()
    });
    println!(
        "| ledger: full verification in memory on two threads (one per subtree of the root) | ≥ 1,000,000 leaves/s | {full_two_threads:.0} leaves/s | `sha256_raw` (one core): {sha:.0} /s | {:.2} |",
        full_two_threads / sha
    );

    // The tiles of the 1,000,000-leaf tree, as appending it wrote them.
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let mut edge = TreeEdge::empty();
    let mut tiles = Tiles(HashMap::new());
    for chunk in leaves.chunks(BATCH) {
        for (id, hashes) in edge.append(chunk).unwrap() {
            let TileKind::Hashes { level } = id.kind() else {
                unreachable!("append writes hash tiles only")
            };
            tiles.0.insert((level, id.index()), hashes);
        }
    }
    let (size, tree_root) = (TREE as u64, edge.root());
    let picks: Vec<u64> = (0..PROOFS).map(|_| rng.next() % size).collect();
    let proofs: Vec<Vec<Hash>> = picks
        .iter()
        .map(|&i| inclusion_proof_from_tiles(i, size, &tiles).unwrap())
        .collect();
    let prove_and_verify = rate(|| {
        for &i in &picks {
            let proof = inclusion_proof_from_tiles(black_box(i), size, &tiles).unwrap();
            verify_inclusion(&leaves[i as usize], i, size, &proof, &tree_root).unwrap();
        }
        picks.len()
    });
    let verify = rate(|| {
        for (&i, proof) in picks.iter().zip(&proofs) {
            verify_inclusion(&leaves[i as usize], i, size, black_box(proof), &tree_root).unwrap();
        }
        picks.len()
    });
    println!(
        "| ledger: an inclusion proof made from tiles and verified (`inclusion_proof_from_tiles` + `verify_inclusion`), random leaf of {TREE}, tiles in a `HashMap` | < 1 ms | {:.1} µs | `verify_inclusion` alone: {:.1} µs | {:.1} |",
        1e6 / prove_and_verify,
        1e6 / verify,
        verify / prove_and_verify
    );
}
