//! Records as leaves of the public log. Each record the platform accepts becomes one entry of
//! an RFC 6962 Merkle log; for privacy the entry holds only the record's kind, its time, a
//! salted SHA-256 commitment to its canonical bytes and a few public identifiers. Whoever
//! may see the record gets it with its salt (a [`RecordEvidence`]) and checks it offline.
//! The format is published in `docs/ledger-entries.md`.
//!
//! Pure: salts and times are arguments; nothing here reads a clock or draws randomness.

mod canonical;
mod entry;
mod error;
mod evidence;
mod kind;
mod public;
mod record_ref;
mod recorded;
mod records;
mod seal;
mod time;

pub use canonical::{MAX_SAFE_INTEGER, canonical_json};
pub use entry::{ENTRY_HEADER_LEN, ENTRY_VERSION, LeafEntry, MAX_ENTRY_LEN};
pub use error::LedgerError;
pub use evidence::RecordEvidence;
pub use kind::RecordKind;
pub use public::PublicFields;
pub use record_ref::RecordRef;
pub use recorded::Recorded;
pub use records::EventRecord;
pub use seal::{Sealed, check_sealed, commitment, seal};
pub use time::{canonical_date, canonical_time, to_micros};
