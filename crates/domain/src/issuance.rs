//! Issuances of platform codes (数字身份码): the platform issues `count` codes to a batch
//! under one of its keys and stores this one record, not a row per code. Each code carries
//! the key id, the issuance number and its index, and a MAC that only the key can make.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::batch::Batch;

/// The most codes one issuance may hold: as many as a platform code's index can number
/// (16,777,216); a larger batch gets several issuances.
pub const MAX_CODES_PER_ISSUANCE: u64 = yima_codes::platform::PlatformCode::MAX_INDEX + 1;

/// A key the platform issues codes with, as the database knows it: its id and a fingerprint
/// (SHA-256 of the secret, lower-case hex), never the secret itself, which stays in the data
/// directory. The registry keeps key ids unique for the platform's whole life, since every
/// code carries one, and lets a server refuse a key file that does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuingKeyRecord {
    pub id: u16,
    pub fingerprint: String,
    pub created_at: DateTime<Utc>,
}

/// One issuing of platform codes to a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuance {
    /// The id of the issuing key; with `number`, what every code of the issuance carries.
    pub key_id: u16,
    /// The issuance's number under that key, unique per key.
    pub number: u64,
    pub batch_id: Uuid,
    /// Codes with index `0..count` belong to the issuance.
    pub count: u64,
    pub issued_at: DateTime<Utc>,
}

impl Issuance {
    /// An issuance of `count` codes to `batch`, or why it cannot be.
    pub fn new(
        key_id: u16,
        number: u64,
        batch: &Batch,
        count: u64,
        now: DateTime<Utc>,
    ) -> Result<Self, String> {
        if count == 0 || count > MAX_CODES_PER_ISSUANCE {
            return Err(format!(
                "count {count} is not between 1 and {MAX_CODES_PER_ISSUANCE}"
            ));
        }
        if !batch.counted_in_pieces() {
            return Err(format!(
                "batch {:?} is measured in {}, not pieces: codes are issued to a batch counted in pieces (H87)",
                batch.lot, batch.unit_of_measure
            ));
        }
        Ok(Self {
            key_id,
            number,
            batch_id: batch.id,
            count,
            issued_at: now,
        })
    }

    /// Whether the code with `index` belongs to this issuance.
    pub fn holds(&self, index: u64) -> bool {
        index < self.count
    }
}
