//! The log's rows back into values, and the failures of an integration named for what they
//! mean.

use yima_ledger::{Hash, TileError, TileId, TileKind};

use super::{StoredCheckpoint, StoredCosignature, StoredLeaf, TreeHead};
use crate::StoreError;

fn corrupt(what: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        what: what.to_owned(),
        problem: problem.into(),
    }
}

pub(crate) fn to_u64(what: &str, n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| corrupt(what, format!("{n} is negative")))
}

pub(crate) fn to_i64(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Invalid {
        problem: format!("{n} is beyond what the database holds"),
    })
}

fn hash(what: &str, bytes: &[u8]) -> Result<Hash, StoreError> {
    bytes
        .try_into()
        .map_err(|_| corrupt(what, format!("{} bytes, not 32", bytes.len())))
}

pub(crate) fn head(size: i64, root: Vec<u8>) -> Result<TreeHead, StoreError> {
    Ok(TreeHead {
        size: to_u64("log_heads.size", size)?,
        root: hash("log_heads.root", &root)?,
    })
}

pub(crate) fn checkpoint(
    (size, root, note): (i64, Vec<u8>, String),
) -> Result<StoredCheckpoint, StoreError> {
    Ok(StoredCheckpoint {
        size: to_u64("log_checkpoints.size", size)?,
        root: hash("log_checkpoints.root", &root)?,
        note,
    })
}

pub(crate) type CosignatureRow = (i64, String, String, String, i64);

pub(crate) fn cosignature(
    (size, key_name, key_id, line, at): CosignatureRow,
) -> Result<StoredCosignature, StoreError> {
    Ok(StoredCosignature {
        size: to_u64("log_cosignatures.size", size)?,
        key_name,
        key_id,
        line,
        cosigned_at: to_u64("log_cosignatures.cosigned_at", at)?,
    })
}

pub(crate) type LeafRow = (Option<i64>, uuid::Uuid, i16, String, Vec<u8>, Vec<u8>);

/// A leaf row; `None` for a leaf not yet sequenced.
pub(crate) fn leaf(
    (index, id, kind, record_ref, salt, entry): LeafRow,
) -> Result<(Option<u64>, StoredLeaf), StoreError> {
    let index = index.map(|i| to_u64("log_index.idx", i)).transpose()?;
    let leaf = StoredLeaf {
        index: index.unwrap_or(0),
        id,
        kind: u8::try_from(kind).map_err(|_| corrupt("log_leaves.kind", kind.to_string()))?,
        record_ref,
        salt: hash("log_leaves.salt", &salt)?,
        entry,
    };
    Ok((index, leaf))
}

/// A tile's stored bytes as its hashes.
pub(crate) fn hashes(bytes: &[u8], width: u16) -> Result<Vec<Hash>, StoreError> {
    if bytes.len() != 32 * usize::from(width) {
        return Err(corrupt(
            "log_tiles.hashes",
            format!("{} bytes for a tile of width {width}", bytes.len()),
        ));
    }
    bytes
        .chunks_exact(32)
        .map(|c| hash("log_tiles.hashes", c))
        .collect()
}

pub(crate) fn tile_level(id: &TileId) -> Result<u8, StoreError> {
    match id.kind() {
        TileKind::Hashes { level } => Ok(level),
        TileKind::Entries => Err(corrupt_log(TileError::InvalidPath {
            path: id.path(),
            reason: "an entry bundle where a hash tile was expected",
        })),
    }
}

/// Stored tiles that do not make a tree.
pub(crate) fn corrupt_log(e: TileError) -> StoreError {
    corrupt("log tiles", e.to_string())
}

/// A write of an integration collided with a row that exists: another sequencer integrated
/// the same indexes (its lease had been taken over). The transaction rolls back; the caller
/// retries with the lease's true holder's state.
pub(crate) fn raced(e: sqlx::Error) -> StoreError {
    match crate::common::violation(e) {
        Ok(crate::common::Violation::Unique(what)) => StoreError::Conflict {
            what: format!("log rows written by another sequencer ({what})"),
        },
        Ok(crate::common::Violation::ForeignKey) => StoreError::MissingReference {
            what: "a log row an integration refers to".to_owned(),
        },
        Err(e) => e,
    }
}
