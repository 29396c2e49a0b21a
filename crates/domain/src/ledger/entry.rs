//! The bytes of one leaf of the public log, format version 1:
//!
//! ```text
//! offset  size  field
//!      0     1  version, 0x01
//!      1     1  kind code (RecordKind::code)
//!      2     8  time, microseconds since the Unix epoch, signed, big-endian
//!     10    32  commitment, SHA-256(salt ‖ canonical record)
//!     42     …  public fields, canonical JSON object, or nothing
//! ```

use chrono::{DateTime, Utc};

use super::error::LedgerError;
use super::kind::RecordKind;
use super::public::PublicFields;

pub const ENTRY_VERSION: u8 = 1;

/// The bytes before the public fields.
pub const ENTRY_HEADER_LEN: usize = 42;

/// C2SP tlog-tiles entry bundles prefix each entry with a 16-bit length.
pub const MAX_ENTRY_LEN: usize = 65535;

const KIND_AT: usize = 1;
const TIME_AT: usize = 2;
const COMMITMENT_AT: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafEntry {
    pub kind: RecordKind,
    /// The record's time; encoded to the microsecond, so [`crate::ledger::seal`] truncates it.
    pub time: DateTime<Utc>,
    pub commitment: [u8; 32],
    pub public: PublicFields,
}

impl LeafEntry {
    /// The entry's bytes. An entry made by [`crate::ledger::seal`] or [`LeafEntry::decode`]
    /// fits [`MAX_ENTRY_LEN`]; one built by hand with huge public fields may not, and
    /// `decode` would refuse it.
    pub fn encode(&self) -> Vec<u8> {
        let public = self.public.canonical();
        let mut out = Vec::with_capacity(ENTRY_HEADER_LEN + public.len());
        out.push(ENTRY_VERSION);
        out.push(self.kind.code());
        out.extend_from_slice(&self.time.timestamp_micros().to_be_bytes());
        out.extend_from_slice(&self.commitment);
        out.extend_from_slice(&public);
        out
    }

    /// Reads an entry, refusing every byte string [`LeafEntry::encode`] would not write.
    pub fn decode(bytes: &[u8]) -> Result<LeafEntry, LedgerError> {
        let fail = |offset: usize, rule: &str| LedgerError::MalformedEntry {
            offset,
            rule: rule.to_owned(),
        };
        if bytes.len() > MAX_ENTRY_LEN {
            return Err(fail(
                MAX_ENTRY_LEN,
                "an entry is at most 65535 bytes (the entry-bundle limit)",
            ));
        }
        match bytes.first() {
            None => {
                return Err(fail(
                    0,
                    "an entry starts with its version byte; it is empty",
                ));
            }
            Some(&ENTRY_VERSION) => {}
            Some(_) => return Err(fail(0, "the version byte must be 0x01")),
        }
        let (Some(header), Some(public)) =
            (bytes.get(..ENTRY_HEADER_LEN), bytes.get(ENTRY_HEADER_LEN..))
        else {
            return Err(fail(
                bytes.len(),
                "the entry ends inside its 42-byte header (version, kind, time, commitment)",
            ));
        };
        let kind = RecordKind::from_code(header[KIND_AT])
            .ok_or_else(|| fail(KIND_AT, "the kind byte is no record kind (1 to 14)"))?;
        let mut time = [0u8; 8];
        time.copy_from_slice(&header[TIME_AT..COMMITMENT_AT]);
        let time = DateTime::from_timestamp_micros(i64::from_be_bytes(time))
            .ok_or_else(|| fail(TIME_AT, "the time is outside the calendar's range"))?;
        let mut commitment = [0u8; 32];
        commitment.copy_from_slice(&header[COMMITMENT_AT..ENTRY_HEADER_LEN]);
        let public = PublicFields::from_canonical(public)
            .map_err(|(offset, rule)| fail(ENTRY_HEADER_LEN + offset, &rule))?;
        Ok(LeafEntry {
            kind,
            time,
            commitment,
            public,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn example() -> LeafEntry {
        LeafEntry {
            kind: RecordKind::Batch,
            time: DateTime::from_timestamp_micros(1_740_824_430_123_456).unwrap(),
            commitment: [0xab; 32],
            public: PublicFields::new().with("lot", "L1"),
        }
    }

    #[test]
    fn known_answer() {
        let bytes = example().encode();
        assert_eq!(
            hex::encode(&bytes),
            concat!(
                "01",
                "03",
                "00062f4545c619c0",
                "abababababababababababababababababababababababababababababababab",
                "7b226c6f74223a224c31227d",
            )
        );
        assert_eq!(LeafEntry::decode(&bytes).unwrap(), example());
    }

    #[test]
    fn entry_without_public_fields_is_the_header() {
        let e = LeafEntry {
            public: PublicFields::new(),
            ..example()
        };
        let bytes = e.encode();
        assert_eq!(bytes.len(), ENTRY_HEADER_LEN);
        assert_eq!(LeafEntry::decode(&bytes).unwrap(), e);
    }

    #[test]
    fn times_before_the_epoch_are_negative() {
        let e = LeafEntry {
            time: DateTime::from_timestamp_micros(-1).unwrap(),
            ..example()
        };
        let bytes = e.encode();
        assert_eq!(&bytes[2..10], &[0xff; 8]);
        assert_eq!(LeafEntry::decode(&bytes).unwrap(), e);
    }

    #[test]
    fn every_break_names_its_byte() {
        let good = example().encode();
        let offset = |bytes: &[u8]| match LeafEntry::decode(bytes) {
            Err(LedgerError::MalformedEntry { offset, .. }) => offset,
            other => panic!("expected a malformed entry, got {other:?}"),
        };
        assert_eq!(offset(&[]), 0);
        let mut v2 = good.clone();
        v2[0] = 2;
        assert_eq!(offset(&v2), 0);
        let mut kind = good.clone();
        kind[1] = 0;
        assert_eq!(offset(&kind), 1);
        kind[1] = 15;
        assert_eq!(offset(&kind), 1);
        let mut time = good.clone();
        time[2..10].copy_from_slice(&i64::MAX.to_be_bytes());
        assert_eq!(offset(&time), 2);
        assert_eq!(offset(&good[..41]), 41);
        let mut spaced = good[..ENTRY_HEADER_LEN].to_vec();
        spaced.extend_from_slice(br#"{"lot": "L1"}"#);
        assert_eq!(offset(&spaced), ENTRY_HEADER_LEN + 7);
        let mut huge = good[..ENTRY_HEADER_LEN].to_vec();
        huge.resize(MAX_ENTRY_LEN + 1, b' ');
        assert_eq!(offset(&huge), MAX_ENTRY_LEN);
    }
}
