//! What every logged record provides to be sealed into an entry.

use chrono::{DateTime, Utc};

use super::error::LedgerError;
use super::kind::RecordKind;
use super::public::PublicFields;

pub trait Recorded {
    fn kind(&self) -> RecordKind;

    /// The record's reference, `<kind>:<key>` (see [`crate::ledger::RecordRef`]).
    fn record_ref(&self) -> String;

    /// The time the entry carries: when the platform accepted the record.
    fn recorded_at(&self) -> DateTime<Utc>;

    /// The canonical JSON of every field of the record and its `kind`: the bytes the entry
    /// commits to. The same for the record before it is stored and after it is read back.
    fn canonical(&self) -> Result<Vec<u8>, LedgerError>;

    /// The identifiers anyone may read in the log; each is a copy of the canonical field of
    /// the same name, written as a string.
    fn public(&self) -> PublicFields;
}
