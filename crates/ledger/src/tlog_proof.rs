//! Proof files (c2sp.org/tlog-proof): one entry's offline-verifiable proof of inclusion —
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64>            (optional, unauthenticated)
//! index <decimal>
//! <base64 hash>             (the inclusion proof, leaf's sibling first, zero or more)
//!
//! <the signed checkpoint note, verbatim, cosignatures included>
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::decimal::parse_canonical;
use crate::note::{NoteError, NoteVerifier, open_note};
use crate::proof::{ProofError, verify_inclusion};
use crate::tree::{Hash, leaf_hash};

const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// Why a proof file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlogProofError {
    #[error("the proof does not start with the line {HEADER}")]
    MissingHeader,
    #[error("the proof has no empty line before its checkpoint, or no checkpoint after it")]
    MissingCheckpoint,
    #[error("the proof has no index line")]
    MissingIndex,
    #[error("index {text:?} is not a decimal without leading zeros below 2^64")]
    InvalidIndex { text: String },
    #[error("the extra data is empty or not canonical base64")]
    InvalidExtra,
    #[error("proof line {line} is not the canonical base64 of a 32-byte hash")]
    InvalidHash { line: usize },
    #[error("the checkpoint has {found} verified witness cosignatures, {needed} are needed")]
    NotEnoughCosignatures { found: usize, needed: usize },
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error(transparent)]
    Proof(#[from] ProofError),
}

/// A parsed proof file. Nothing in it is trusted until `verify` has checked the checkpoint's
/// signature and the inclusion proof against its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// Application data carried along, not authenticated by anything.
    pub extra: Option<Vec<u8>>,
    /// The entry's zero-based index in the log.
    pub index: u64,
    /// The inclusion proof in the checkpoint's tree.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, as the log (and witnesses) signed it.
    pub checkpoint: String,
}

impl TlogProof {
    /// The file's text.
    pub fn format(&self) -> String {
        let mut out = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", STANDARD.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for hash in &self.proof {
            out.push_str(&STANDARD.encode(hash));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Reads a proof file. The checkpoint is only split off here; `verify` opens it.
    pub fn parse(text: &str) -> Result<Self, TlogProofError> {
        // The header lines hold no empty line, so the first one ends them.
        let (head, checkpoint) = text
            .split_once("\n\n")
            .ok_or(TlogProofError::MissingCheckpoint)?;
        if checkpoint.is_empty() {
            return Err(TlogProofError::MissingCheckpoint);
        }
        let mut lines = head.split('\n').peekable();
        if lines.next() != Some(HEADER) {
            return Err(TlogProofError::MissingHeader);
        }
        let extra = match lines.peek().and_then(|l| l.strip_prefix("extra ")) {
            Some(b64) => {
                lines.next();
                let raw = STANDARD
                    .decode(b64)
                    .map_err(|_| TlogProofError::InvalidExtra)?;
                if raw.is_empty() {
                    return Err(TlogProofError::InvalidExtra);
                }
                Some(raw)
            }
            None => None,
        };
        let index_text = lines
            .next()
            .and_then(|l| l.strip_prefix("index "))
            .ok_or(TlogProofError::MissingIndex)?;
        let index = parse_canonical(index_text).ok_or_else(|| TlogProofError::InvalidIndex {
            text: index_text.to_owned(),
        })?;
        let proof = lines
            .enumerate()
            .map(|(i, line)| {
                STANDARD
                    .decode(line)
                    .ok()
                    .and_then(|raw| Hash::try_from(raw).ok())
                    .ok_or(TlogProofError::InvalidHash { line: i + 1 })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            extra,
            index,
            proof,
            checkpoint: checkpoint.to_owned(),
        })
    }

    /// Checks that `entry` is at `index` in the tree of the checkpoint the log's key `log`
    /// signed, and returns that checkpoint.
    pub fn verify(&self, entry: &[u8], log: &NoteVerifier) -> Result<Checkpoint, TlogProofError> {
        let checkpoint = Checkpoint::open(&self.checkpoint, log)?;
        verify_inclusion(
            &leaf_hash(entry),
            self.index,
            checkpoint.size,
            &self.proof,
            &checkpoint.root,
        )?;
        Ok(checkpoint)
    }

    /// As `verify`, and also requires `quorum` of the `witnesses` to have cosigned the
    /// checkpoint, so that the log could not show this tree to the holder of the proof and
    /// another tree to everyone else.
    pub fn verify_witnessed(
        &self,
        entry: &[u8],
        log: &NoteVerifier,
        witnesses: &[NoteVerifier],
        quorum: usize,
    ) -> Result<Checkpoint, TlogProofError> {
        let checkpoint = self.verify(entry, log)?;
        if quorum == 0 {
            return Ok(checkpoint);
        }
        let found = match open_note(&self.checkpoint, witnesses) {
            // The log's own signature is no witness, even if listed among them.
            Ok(opened) => opened
                .verified
                .iter()
                .filter(|v| !(v.name == log.name() && v.key_id == log.key_id()))
                .count(),
            Err(NoteError::NoVerifiedSignature) => 0,
            Err(e) => return Err(CheckpointError::from(e).into()),
        };
        if found < quorum {
            return Err(TlogProofError::NotEnoughCosignatures {
                found,
                needed: quorum,
            });
        }
        Ok(checkpoint)
    }
}

/// Parses and verifies a proof file for `entry` against the log's key.
pub fn verify_tlog_proof(
    entry: &[u8],
    proof_file: &str,
    log: &NoteVerifier,
) -> Result<Checkpoint, TlogProofError> {
    TlogProof::parse(proof_file)?.verify(entry, log)
}
