//! Tile and bundle paths: `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, where N is
//! written in groups of three digits, all but the last prefixed with `x` (`x001/x234/067`), so
//! that no directory ever holds more than a thousand files and no file shares a directory's
//! name.

use std::fmt;

use super::{MAX_LEVEL, TILE_WIDTH, TileError};
use crate::decimal::parse_canonical;

/// Whether a tile holds Merkle tree hashes (at a level) or log entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileKind {
    Hashes { level: u8 },
    Entries,
}

/// A tile or an entry bundle: its kind, its index within its level, and its width (256 for
/// a full tile, 1 to 255 for a partial one at the right edge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    kind: TileKind,
    index: u64,
    width: u16,
}

fn check_width(width: u16) -> Result<(), TileError> {
    if width == 0 || width > TILE_WIDTH {
        return Err(TileError::InvalidWidth { width });
    }
    Ok(())
}

impl TileId {
    /// The hash tile at `level` and `index` with `width` hashes.
    pub fn hashes(level: u8, index: u64, width: u16) -> Result<Self, TileError> {
        if level > MAX_LEVEL {
            return Err(TileError::LevelTooHigh { level });
        }
        check_width(width)?;
        Ok(Self {
            kind: TileKind::Hashes { level },
            index,
            width,
        })
    }

    /// The entry bundle at `index` with `width` entries.
    pub fn entries(index: u64, width: u16) -> Result<Self, TileError> {
        check_width(width)?;
        Ok(Self {
            kind: TileKind::Entries,
            index,
            width,
        })
    }

    pub fn kind(&self) -> TileKind {
        self.kind
    }

    pub fn index(&self) -> u64 {
        self.index
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn is_partial(&self) -> bool {
        self.width < TILE_WIDTH
    }

    /// The path below the log's prefix, e.g. `tile/1/x001/x234/067.p/17`.
    pub fn path(&self) -> String {
        self.to_string()
    }

    /// Reads a path back, refusing every form `path` would not write (leading zeros, an `x`
    /// group of zeros in front, a `.p/256`, …), so that one tile has one path.
    pub fn parse_path(path: &str) -> Result<Self, TileError> {
        let invalid = |reason| TileError::InvalidPath {
            path: path.to_owned(),
            reason,
        };
        let rest = path
            .strip_prefix("tile/")
            .ok_or(invalid("it does not start with tile/"))?;
        let (level, rest) = rest
            .split_once('/')
            .ok_or(invalid("no level or entries/ part"))?;
        let level = match level {
            "entries" => None,
            _ => Some(
                parse_canonical(level)
                    .and_then(|l| u8::try_from(l).ok())
                    .filter(|&l| l <= MAX_LEVEL)
                    .ok_or(invalid("the level is not a decimal from 0 to 63"))?,
            ),
        };
        let (index, width) = match rest.split_once(".p/") {
            Some((index, width)) => (
                index,
                parse_canonical(width)
                    .and_then(|w| u16::try_from(w).ok())
                    .filter(|&w| (1..TILE_WIDTH).contains(&w))
                    .ok_or(invalid("a partial width is a decimal from 1 to 255"))?,
            ),
            None => (rest, TILE_WIDTH),
        };
        let index = parse_index(index).ok_or(invalid(
            "the index is not groups of three digits, x-prefixed but the last",
        ))?;
        let id = match level {
            Some(level) => Self::hashes(level, index, width)?,
            None => Self::entries(index, width)?,
        };
        // Every rule above aims at this; the check keeps any rule forgotten from letting two
        // paths name one tile.
        if id.path() != path {
            return Err(invalid("it is not the form the path is written in"));
        }
        Ok(id)
    }
}

impl fmt::Display for TileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TileKind::Hashes { level } => write!(f, "tile/{level}/")?,
            TileKind::Entries => f.write_str("tile/entries/")?,
        }
        f.write_str(&encode_index(self.index))?;
        if self.is_partial() {
            write!(f, ".p/{}", self.width)?;
        }
        Ok(())
    }
}

/// `1234067` → `x001/x234/067`; `5` → `005`.
fn encode_index(mut n: u64) -> String {
    let mut groups = vec![format!("{:03}", n % 1000)];
    while n >= 1000 {
        n /= 1000;
        groups.push(format!("x{:03}", n % 1000));
    }
    groups.reverse();
    groups.join("/")
}

fn parse_index(s: &str) -> Option<u64> {
    let groups: Vec<&str> = s.split('/').collect();
    let (last, leading) = groups.split_last()?;
    if leading.first() == Some(&"x000") {
        return None;
    }
    let three_digits = |g: &str| {
        (g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
            .then(|| g.parse::<u64>().ok())
            .flatten()
    };
    let mut n: u64 = 0;
    for g in leading {
        let d = three_digits(g.strip_prefix('x')?)?;
        n = n.checked_mul(1000)?.checked_add(d)?;
    }
    n.checked_mul(1000)?.checked_add(three_digits(last)?)
}
