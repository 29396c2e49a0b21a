//! The tamper-evident log's mathematics: the Merkle tree of RFC 6962 / RFC 9162 (SHA-256,
//! leaf hash H(0x00 ‖ entry), node hash H(0x01 ‖ left ‖ right), no padding), its inclusion
//! and consistency proofs, and their verification. Pure: no I/O, no clocks.

mod proof;
mod tree;

pub use proof::{ProofError, verify_consistency, verify_inclusion};
pub use tree::{Hash, consistency_proof, empty_root, inclusion_proof, leaf_hash, node_hash, root};
