//! Issuing platform codes to a batch, shared by the API and the CLI: allocating an issuance
//! number, storing the issuance, and writing its codes out again from the key.

use yima_codes::platform::{IssuingKey, PlatformCode};
use yima_domain::{Batch, Issuance};
use yima_store::{Store, StoreError};

/// Random issuance numbers tried before giving up; a collision needs tens of thousands of
/// issuances under one key to become likely at all.
const NUMBER_ATTEMPTS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The request cannot be an issuance (count, batch measured otherwise).
    #[error("count: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot draw a random issuance number: {0}")]
    Random(getrandom::Error),
    #[error("no free issuance number found after {NUMBER_ATTEMPTS} attempts")]
    NoFreeNumber,
}

/// How codes are written, one per line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CodeForm {
    /// Grouped with hyphens, for labels and typing.
    #[default]
    Printed,
    /// As the platform indexes them.
    Canonical,
}

fn random_number() -> Result<u64, IssueError> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(IssueError::Random)?;
    Ok(u64::from(u32::from_be_bytes(bytes)).min(PlatformCode::MAX_ISSUANCE))
}

/// Issues `count` codes of `batch` under `key`: draws a random free issuance number (no
/// sequence, so any number of servers may issue at once) and stores the issuance, which
/// counts against the batch's quantity.
pub async fn issue(
    store: &dyn Store,
    key: &IssuingKey,
    batch: &Batch,
    count: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Issuance, uuid::Uuid), IssueError> {
    for _ in 0..NUMBER_ATTEMPTS {
        let issuance = Issuance::new(key.id(), random_number()?, batch, count, now)
            .map_err(IssueError::Invalid)?;
        match store.insert_issuance(batch, &issuance).await {
            Ok(leaf) => return Ok((issuance, leaf)),
            // Another issuance took the number: draw again.
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(IssueError::NoFreeNumber)
}

/// Appends the codes `range` of issuance `number` to `out`, one per line.
pub fn write_codes(
    key: &IssuingKey,
    number: u64,
    range: std::ops::Range<u64>,
    form: CodeForm,
    out: &mut String,
) -> Result<(), yima_codes::CodeError> {
    for code in PlatformCode::issue_range(key, number, range)? {
        match form {
            CodeForm::Printed => {
                // Writing into a String cannot fail.
                let _ = code.write_printed(out);
            }
            CodeForm::Canonical => out.push_str(code.canonical()),
        }
        out.push('\n');
    }
    Ok(())
}
