//! Sealing a record: its log entry commits to the record's canonical bytes under a secret
//! salt, so the public log proves the record existed unchanged without showing it, and the
//! salt keeps a guessable record (a known enterprise's name and address) from being found by
//! hashing guesses.

use sha2::{Digest, Sha256};

use super::entry::{LeafEntry, MAX_ENTRY_LEN};
use super::error::LedgerError;
use super::kind::RecordKind;
use super::recorded::Recorded;
use super::time::to_micros;

/// SHA-256(salt ‖ canonical).
pub fn commitment(salt: &[u8; 32], canonical: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(canonical);
    h.finalize().into()
}

/// What the store keeps with a record in the same transaction: the salt and canonical bytes
/// (for whoever may see the record) and the entry to append to the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub kind: RecordKind,
    pub record_ref: String,
    pub salt: [u8; 32],
    /// The encoded [`LeafEntry`].
    pub entry: Vec<u8>,
    pub canonical: Vec<u8>,
}

/// Seals `record` with `salt`, which the caller draws from a secure random source.
pub fn seal<R: Recorded + ?Sized>(record: &R, salt: [u8; 32]) -> Result<Sealed, LedgerError> {
    let canonical = record.canonical()?;
    let entry = LeafEntry {
        kind: record.kind(),
        time: to_micros(record.recorded_at()),
        commitment: commitment(&salt, &canonical),
        public: record.public(),
    }
    .encode();
    if entry.len() > MAX_ENTRY_LEN {
        return Err(LedgerError::EntryTooLarge { size: entry.len() });
    }
    Ok(Sealed {
        kind: record.kind(),
        record_ref: record.record_ref(),
        salt,
        entry,
        canonical,
    })
}

/// Decodes `entry_bytes` and checks that it commits to `canonical` under `salt`.
pub fn check_sealed(
    entry_bytes: &[u8],
    salt: &[u8; 32],
    canonical: &[u8],
) -> Result<LeafEntry, LedgerError> {
    let entry = LeafEntry::decode(entry_bytes)?;
    if commitment(salt, canonical) != entry.commitment {
        return Err(LedgerError::CommitmentMismatch);
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn commitment_is_sha256_of_salt_then_bytes() {
        // SHA-256 of 32 zero bytes followed by "abc", computed independently
        // (printf '\0%.0s' {1..32}; printf abc) | sha256sum.
        assert_eq!(
            hex::encode(commitment(&[0; 32], b"abc")),
            "365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370"
        );
    }
}
