//! Entry bundles: the entries of a level-0 tile, each as a big-endian uint16 length followed
//! by its bytes.

use super::{TILE_WIDTH, TileError};

fn check_count(count: usize) -> Result<(), TileError> {
    if count == 0 || count > usize::from(TILE_WIDTH) {
        return Err(TileError::BundleSize { count });
    }
    Ok(())
}

/// Encodes 1 to 256 entries of at most 65535 bytes each.
pub fn encode_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, TileError> {
    check_count(entries.len())?;
    let total = entries.iter().map(|e| 2 + e.as_ref().len()).sum();
    let mut out = Vec::with_capacity(total);
    for (index, entry) in entries.iter().enumerate() {
        let entry = entry.as_ref();
        let len = u16::try_from(entry.len()).map_err(|_| TileError::EntryTooLarge {
            index,
            len: entry.len(),
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(entry);
    }
    Ok(out)
}

/// Splits a bundle into its entries, borrowing from `bytes`.
pub fn parse_bundle(bytes: &[u8]) -> Result<Vec<&[u8]>, TileError> {
    let mut entries = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let offset = bytes.len() - rest.len();
        let truncated = TileError::TruncatedBundle { offset };
        let (len, tail) = rest.split_first_chunk::<2>().ok_or(truncated.clone())?;
        let len = usize::from(u16::from_be_bytes(*len));
        let (entry, tail) = tail.split_at_checked(len).ok_or(truncated)?;
        entries.push(entry);
        rest = tail;
        if entries.len() > usize::from(TILE_WIDTH) {
            return Err(TileError::BundleSize {
                count: entries.len(),
            });
        }
    }
    check_count(entries.len())?;
    Ok(entries)
}
