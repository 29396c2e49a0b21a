//! The tamper-evident log's mathematics and formats: the Merkle tree of RFC 6962 / RFC 9162
//! (SHA-256, leaf hash H(0x00 ‖ entry), node hash H(0x01 ‖ left ‖ right), no padding), its
//! inclusion and consistency proofs and their verification, and the C2SP formats built on it:
//! signed notes, checkpoints, tiles, cosignatures and proof files. Pure: no I/O, no clocks,
//! no randomness (times and key seeds are arguments).

mod checkpoint;
mod cosignature;
mod decimal;
mod note;
mod proof;
mod tile;
mod tlog_proof;
mod tree;

pub use checkpoint::{Checkpoint, CheckpointError};
pub use cosignature::{Cosigner, add_cosignature, cosigned_message};
pub use note::{
    KeyId, KeyType, NoteError, NoteSigner, NoteVerifier, OpenedNote, SignatureLine,
    VerifiedSignature, key_id, open_note, sign_note,
};
pub use proof::{ProofError, verify_consistency, verify_inclusion};
pub use tile::{
    MAX_LEVEL, TILE_HEIGHT, TILE_WIDTH, TileError, TileId, TileKind, TileMap, TileSource, TreeEdge,
    consistency_proof_from_tiles, encode_bundle, inclusion_proof_from_tiles, new_tiles,
    parse_bundle, root_from_tiles, tile_hashes, tile_width, tiles_read_by,
};
pub use tlog_proof::{TlogProof, TlogProofError, verify_tlog_proof};
pub use tree::{Hash, consistency_proof, empty_root, inclusion_proof, leaf_hash, node_hash, root};
