//! Sealing a record into its leaf: a fresh random salt and the domain's entry encoding.

use yima_domain::ledger::{Recorded, Sealed};

use crate::StoreError;

/// Seals `record` with a salt from the operating system's generator.
pub(crate) fn seal<R: Recorded + ?Sized>(record: &R) -> Result<Sealed, StoreError> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Invalid {
        problem: format!("no randomness for a commitment salt: {e}"),
    })?;
    yima_domain::ledger::seal(record, salt).map_err(|e| StoreError::Invalid {
        problem: format!("cannot seal {}: {e}", record.record_ref()),
    })
}
