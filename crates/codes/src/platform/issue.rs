//! Issuing codes: one, or a whole range of an issuance streamed without allocating.

use std::iter::FusedIterator;
use std::ops::Range;

use super::layout::{Fields, INDEX_BITS, VERSION};
use super::{IssuingKey, PlatformCode, WHAT};
use crate::CodeError;

/// The largest issuance number a code can carry.
pub(super) const MAX_ISSUANCE: u64 = u32::MAX as u64;
/// The largest unit index a code can carry: an issuance holds up to 16,777,216 codes.
pub(super) const MAX_INDEX: u64 = (1 << INDEX_BITS) - 1;

fn issuance_field(issuance: u64) -> Result<u32, CodeError> {
    u32::try_from(issuance).map_err(|_| CodeError::Rule {
        what: WHAT,
        position: None,
        rule: format!("issuance {issuance} is beyond the largest a code carries, {MAX_ISSUANCE}"),
    })
}

fn index_beyond(index: u64) -> CodeError {
    CodeError::Rule {
        what: WHAT,
        position: None,
        rule: format!(
            "index {index} is beyond the largest a code carries, {MAX_INDEX}: \
             issue further codes under another issuance"
        ),
    }
}

/// The fields of the code `index` of `issuance` under `key`, refused if out of range.
pub(super) fn fields(key: &IssuingKey, issuance: u64, index: u64) -> Result<Fields, CodeError> {
    let issuance = issuance_field(issuance)?;
    let index = u32::try_from(index)
        .ok()
        .filter(|&i| u64::from(i) <= MAX_INDEX)
        .ok_or_else(|| index_beyond(index))?;
    Ok(Fields {
        version: VERSION,
        key_id: key.id(),
        issuance,
        index,
    })
}

/// The codes of a range of indexes of one issuance, in order; see
/// [`PlatformCode::issue_range`].
#[derive(Debug, Clone)]
pub struct IssueRange<'k> {
    key: &'k IssuingKey,
    issuance: u32,
    indexes: Range<u32>,
}

impl<'k> IssueRange<'k> {
    pub(super) fn new(
        key: &'k IssuingKey,
        issuance: u64,
        range: Range<u64>,
    ) -> Result<Self, CodeError> {
        let issuance = issuance_field(issuance)?;
        // The end is exclusive, so it may be one past the largest index.
        let end = u32::try_from(range.end)
            .ok()
            .filter(|&e| u64::from(e) <= MAX_INDEX + 1)
            .ok_or_else(|| index_beyond(range.end.saturating_sub(1)))?;
        // A start at or past the end is an empty range, as with `Range` itself.
        let start = u32::try_from(range.start).unwrap_or(end).min(end);
        Ok(Self {
            key,
            issuance,
            indexes: start..end,
        })
    }
}

impl Iterator for IssueRange<'_> {
    type Item = PlatformCode;

    fn next(&mut self) -> Option<PlatformCode> {
        let index = self.indexes.next()?;
        Some(PlatformCode::sign(
            self.key,
            Fields {
                version: VERSION,
                key_id: self.key.id(),
                issuance: self.issuance,
                index,
            },
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indexes.size_hint()
    }
}

impl ExactSizeIterator for IssueRange<'_> {}
impl FusedIterator for IssueRange<'_> {}
