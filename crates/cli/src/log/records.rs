//! What only the store can show: that each record, read back and put in canonical form, is
//! what its leaf's commitment was made over. (The store publishes its leaf rows' entries as
//! the entry bundles, so the bundles' check against the tiles covers the rows' entries.)

use futures_util::{StreamExt, TryStreamExt, stream};
use yima_domain::ledger::{LedgerError, RecordEvidence, RecordKind, RecordRef};
use yima_ledger::parse_bundle;
use yima_store::{Store, StoreError, StoredLeaf};

use super::failure::{CheckError, Failure};
use super::hashing::BundleWork;

/// Records loaded at once: enough to keep a pool of connections busy.
const RECORD_CONCURRENCY: usize = 16;

/// The leaf rows of a chunk, and the first failure among them and their records.
pub struct RowsChecked {
    pub rows: Vec<StoredLeaf>,
    pub failure: Option<Failure>,
}

impl RowsChecked {
    /// The row of leaf `index`, if the chunk read it.
    pub fn row(&self, index: u64) -> Option<&StoredLeaf> {
        let first = self.rows.first()?.index;
        let row = self
            .rows
            .get(usize::try_from(index.checked_sub(first)?).ok()?)?;
        (row.index == index).then_some(row)
    }
}

/// Checks the rows of the leaves of `bundles` against the entries the bundles publish, and
/// every record against its leaf. Leaves of a bundle that does not parse are left to the
/// tree's check, which reports the bundle.
pub async fn check_rows(
    store: &dyn Store,
    bundles: &[BundleWork],
) -> Result<RowsChecked, CheckError> {
    let Some(first) = bundles.first().map(BundleWork::first_leaf) else {
        return Ok(RowsChecked {
            rows: Vec::new(),
            failure: None,
        });
    };
    let count: u64 = bundles.iter().map(|b| u64::from(b.id.width())).sum();
    let limit = u32::try_from(count).map_err(anyhow::Error::from)?;
    let rows = match store.leaves(first, limit).await {
        Ok(rows) => rows,
        Err(e @ StoreError::Corrupt { .. }) => {
            return Ok(RowsChecked {
                rows: Vec::new(),
                failure: Some(Failure::leaf(
                    first,
                    None,
                    format!("the leaf rows from this index on cannot be read: {e}"),
                )),
            });
        }
        Err(e) => {
            return Err(anyhow::Error::from(e)
                .context("cannot read leaf rows")
                .into());
        }
    };
    let mut failure: Option<Failure> = None;
    let mut to_check = Vec::new();
    let mut rows_at = rows.iter().peekable();
    for bundle in bundles {
        let entries = bundle
            .bundle
            .as_deref()
            .and_then(|b| parse_bundle(b).ok())
            .filter(|e| e.len() == usize::from(bundle.id.width()));
        for position in 0..u64::from(bundle.id.width()) {
            let index = bundle.first_leaf() + position;
            let Some(row) = rows_at.next_if(|r| r.index == index) else {
                failure = Some(Failure::leaf(
                    index,
                    None,
                    "the store has no leaf at this index (no log_index row)",
                ));
                break;
            };
            let Some(entry) = entries.as_ref().and_then(|e| e.get(position as usize)) else {
                continue;
            };
            to_check.push((row, *entry));
        }
        if failure.is_some() {
            break;
        }
    }
    let record_failure = stream::iter(to_check)
        .map(|(row, entry)| check_record(store, row, entry))
        .buffered(RECORD_CONCURRENCY)
        .try_filter_map(|f| async move { Ok(f) })
        .boxed()
        .try_next()
        .await?;
    let failure = match (failure, record_failure) {
        (Some(a), Some(b)) => Some(a.first(b)),
        (a, b) => a.or(b),
    };
    Ok(RowsChecked { rows, failure })
}

/// Whether the leaf's record, read back from the store, is what `entry` commits to, with the
/// kind, reference and public fields the entry gives.
async fn check_record(
    store: &dyn Store,
    leaf: &StoredLeaf,
    entry: &[u8],
) -> Result<Option<Failure>, CheckError> {
    let fail = |problem: String| {
        Ok(Some(Failure::leaf(
            leaf.index,
            Some(&leaf.record_ref),
            problem,
        )))
    };
    let Some(kind) = RecordKind::from_code(leaf.kind) else {
        return fail(format!(
            "the leaf's kind code {} is no record kind",
            leaf.kind
        ));
    };
    let reference = match RecordRef::parse(&leaf.record_ref) {
        Ok(r) => r,
        Err(e) => return fail(e.to_string()),
    };
    if reference.kind() != kind {
        return fail(format!(
            "the leaf is of kind {kind}, its reference names a {} record",
            reference.kind()
        ));
    }
    let canonical = match yima_store::canonical_record(store, &reference).await {
        Ok(Some(Ok(canonical))) => canonical,
        Ok(Some(Err(e))) => return fail(format!("the record has no canonical form: {e}")),
        Ok(None) => return fail("the record is not in the store".to_owned()),
        Err(e @ StoreError::Corrupt { .. }) => {
            return fail(format!("the record cannot be read: {e}"));
        }
        Err(e) => {
            return Err(anyhow::Error::from(e)
                .context(format!("cannot read {}", leaf.record_ref))
                .into());
        }
    };
    let record = match serde_json::from_slice(&canonical) {
        Ok(record) => record,
        Err(e) => return fail(format!("the record's canonical form is not JSON: {e}")),
    };
    let evidence = RecordEvidence {
        kind,
        record_ref: leaf.record_ref.clone(),
        salt: hex::encode(leaf.salt),
        record,
        entry: hex::encode(entry),
    };
    match evidence.verify_commitment() {
        Ok(_) => Ok(None),
        Err(LedgerError::CommitmentMismatch) => {
            fail("the record does not match its commitment".to_owned())
        }
        Err(e) => fail(format!("the record does not match its leaf: {e}")),
    }
}
