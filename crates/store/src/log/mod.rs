//! The tamper-evident log as the store keeps it: a leaf for every record, written in the
//! record's own transaction; a queue of leaves awaiting their index; and what the sequencer
//! writes when it integrates them — indexes, hash tiles and a tree head, in one transaction —
//! before a checkpoint for that head may be signed and stored. The entry bundles the log
//! publishes are read from the leaves themselves, in index order.
//!
//! The store holds no keys: signing is the caller's (the server's sequencer). What the store
//! guarantees is that a checkpoint is only stored for a durable head, and at most one per
//! size, so no fork can be published through it.

mod edge;
pub(crate) mod engine;
pub mod proofs;
pub(crate) mod rows;
mod seal;
pub(crate) mod sql;

use uuid::Uuid;
use yima_ledger::Hash;

pub(crate) use edge::{Integration, Queued, partial_tiles};
pub(crate) use seal::seal;

/// A leaf as stored, with its index once the sequencer has given it one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLeaf {
    pub index: u64,
    pub id: Uuid,
    /// The record kind's code (`yima_domain::ledger::RecordKind`).
    pub kind: u8,
    /// Which record the leaf commits to (`batch:<uuid>`, …).
    pub record_ref: String,
    /// The salt of the entry's commitment: private, given only with the record.
    pub salt: [u8; 32],
    /// The entry as published in the log's entry bundles.
    pub entry: Vec<u8>,
}

/// The log's size and root after an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    pub size: u64,
    pub root: Hash,
}

/// A signed checkpoint (c2sp.org/tlog-checkpoint note) of a stored tree head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root: Hash,
    /// The signed note as served, without cosignatures.
    pub note: String,
}

/// A witness's cosignature of a checkpoint: the note signature line as the witness gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCosignature {
    pub size: u64,
    pub key_name: String,
    /// The key id as 8 lowercase hex digits.
    pub key_id: String,
    /// `— <name> <base64 signature>`.
    pub line: String,
    /// The cosignature's timestamp (seconds since the Unix epoch).
    pub cosigned_at: u64,
}

/// The one sequencer lease's name: one log per database.
pub(crate) const SEQUENCER_LEASE: &str = "sequencer";
