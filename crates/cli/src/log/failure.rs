//! What a check found wrong, apart from what kept it from checking. A `Failure` is a verdict
//! on the log, a proof or a record (exit code 3); any other error means nothing was decided
//! (exit code 1).

use std::fmt;

use yima_ledger::{TILE_HEIGHT, TileId, TileKind};

/// The exit code of a check that ran and found that something does not hold.
pub const NOT_VERIFIED: u8 = 3;

/// One thing that does not hold, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The first leaf index concerned, when the failure is about leaves: a verification
    /// reports the failure with the lowest.
    pub index: Option<u64>,
    message: String,
}

impl Failure {
    /// About leaf `index`, whose record is `record_ref` when known.
    pub fn leaf(index: u64, record_ref: Option<&str>, problem: impl fmt::Display) -> Self {
        let message = match record_ref {
            Some(r) => format!("leaf {index} ({r}): {problem}"),
            None => format!("leaf {index}: {problem}"),
        };
        Self {
            index: Some(index),
            message,
        }
    }

    /// About the hash at `position` of hash tile `tile`, named with the leaves it covers.
    pub fn tile_hash(tile: &TileId, position: u16, problem: impl fmt::Display) -> Self {
        let (first, last) = leaves_under(tile, position);
        Self {
            index: Some(first),
            message: format!(
                "{tile} hash {position} (leaves {first} to {last}): {problem}",
                tile = tile.path()
            ),
        }
    }

    /// About a whole tile or bundle, named with the leaves it covers.
    pub fn tile(tile: &TileId, problem: impl fmt::Display) -> Self {
        let (first, _) = leaves_under(tile, 0);
        let (_, last) = leaves_under(tile, tile.width().saturating_sub(1));
        Self {
            index: Some(first),
            message: format!(
                "{tile} (leaves {first} to {last}): {problem}",
                tile = tile.path()
            ),
        }
    }

    /// About the log as a whole (its checkpoint, its key), or a file given to check.
    pub fn whole(problem: impl fmt::Display) -> Self {
        Self {
            index: None,
            message: problem.to_string(),
        }
    }

    /// The earlier of two failures by leaf index; on a tie (or without indexes), `self`.
    pub fn first(self, other: Self) -> Self {
        match (self.index, other.index) {
            (Some(a), Some(b)) if b < a => other,
            (None, Some(_)) => other,
            _ => self,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The first and last leaf under the hash at `position` of `tile` (an entry bundle's
/// position is a leaf). Saturates rather than overflow for paths beyond any real tree.
fn leaves_under(tile: &TileId, position: u16) -> (u64, u64) {
    let level = match tile.kind() {
        TileKind::Hashes { level } => u32::from(level),
        TileKind::Entries => 0,
    };
    let span = 1u64.checked_shl(TILE_HEIGHT * level).unwrap_or(u64::MAX);
    let hash = tile
        .index()
        .saturating_mul(u64::from(yima_ledger::TILE_WIDTH))
        .saturating_add(u64::from(position));
    let first = hash.saturating_mul(span);
    (first, first.saturating_add(span - 1))
}

/// A check's error: a failure of what was checked, or a reason it could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Failed(Failure),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<Failure> for CheckError {
    fn from(f: Failure) -> Self {
        Self::Failed(f)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tiles_name_the_leaves_they_cover() {
        let t = TileId::hashes(1, 0, 256).unwrap();
        assert_eq!(
            Failure::tile_hash(&t, 3, "x").to_string(),
            "tile/1/000 hash 3 (leaves 768 to 1023): x"
        );
        let b = TileId::entries(2, 10).unwrap();
        let f = Failure::tile(&b, "x");
        assert_eq!(f.index, Some(512));
        assert_eq!(
            f.to_string(),
            "tile/entries/002.p/10 (leaves 512 to 521): x"
        );
    }

    #[test]
    fn the_lower_index_comes_first() {
        let a = Failure::leaf(5, None, "a");
        let b = Failure::leaf(3, Some("product:x"), "b");
        assert_eq!(a.clone().first(b.clone()), b);
        assert_eq!(b.clone().first(a), b);
        assert_eq!(
            Failure::whole("w").first(Failure::leaf(9, None, "c")).index,
            Some(9)
        );
    }
}
