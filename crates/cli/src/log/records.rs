//! What only the store can show: that each record, read back and put in canonical form, is
//! what its leaf's commitment was made over. (The store publishes its leaf rows' entries as
//! the entry bundles, so the bundles' check against the tiles covers the rows' entries.)

use std::collections::HashMap;

use futures_util::{StreamExt, TryStreamExt, stream};
use uuid::Uuid;
use yima_domain::ledger::{LedgerError, RecordEvidence, RecordKind, RecordRef, Recorded};
use yima_ledger::parse_bundle;
use yima_store::{Store, StoreError, StoredEvent, StoredLeaf};

use super::failure::{CheckError, Failure};
use super::hashing::BundleWork;

/// Records other than events loaded at once: enough to keep a pool of connections busy.
const RECORD_CONCURRENCY: usize = 16;

/// Events read with one call, and such calls at once.
const EVENTS_PER_READ: usize = 1_000;
const EVENT_READ_CONCURRENCY: usize = 4;

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
    let failure = match check_records(store, to_check).await? {
        Some(record_failure) => Some(earliest(failure, record_failure)),
        None => failure,
    };
    Ok(RowsChecked { rows, failure })
}

/// The first failure among the leaves' records. Events, most of a log, are read a thousand
/// at a time; the other kinds one by one, several at once.
async fn check_records(
    store: &dyn Store,
    leaves: Vec<(&StoredLeaf, &[u8])>,
) -> Result<Option<Failure>, CheckError> {
    let mut failure: Option<Failure> = None;
    let mut events = Vec::new();
    let mut others = Vec::new();
    for (leaf, entry) in leaves {
        match reference_of(leaf) {
            Err(f) => failure = Some(earliest(failure, f)),
            Ok(RecordRef::Event(id)) => events.push((leaf, entry, id)),
            Ok(reference) => others.push((leaf, entry, reference)),
        }
    }
    let event_failure = stream::iter(events.chunks(EVENTS_PER_READ))
        .map(|chunk| check_events(store, chunk))
        .buffered(EVENT_READ_CONCURRENCY)
        .try_filter_map(|f| async move { Ok(f) })
        .boxed()
        .try_next()
        .await?;
    let other_failure = stream::iter(others)
        .map(|(leaf, entry, reference)| async move {
            let canonical = yima_store::canonical_record(store, &reference).await;
            compare(leaf, entry, reference.kind(), canonical)
        })
        .buffered(RECORD_CONCURRENCY)
        .try_filter_map(|f| async move { Ok(f) })
        .boxed()
        .try_next()
        .await?;
    Ok([event_failure, other_failure]
        .into_iter()
        .flatten()
        .fold(failure, |first, f| Some(earliest(first, f))))
}

fn earliest(first: Option<Failure>, other: Failure) -> Failure {
    match first {
        Some(first) => first.first(other),
        None => other,
    }
}

/// The first failure among event leaves, their events read with one call.
async fn check_events(
    store: &dyn Store,
    leaves: &[(&StoredLeaf, &[u8], Uuid)],
) -> Result<Option<Failure>, CheckError> {
    let ids: Vec<Uuid> = leaves.iter().map(|(_, _, id)| *id).collect();
    let events = match store.events_by_id(&ids).await {
        Ok(events) => events,
        // Which of them cannot be read is for the one-by-one reads to say.
        Err(StoreError::Corrupt { .. }) => {
            for (leaf, entry, id) in leaves {
                let canonical = yima_store::canonical_record(store, &RecordRef::Event(*id)).await;
                if let Some(f) = compare(leaf, entry, RecordKind::Event, canonical)? {
                    return Ok(Some(f));
                }
            }
            return Ok(None);
        }
        Err(e) => {
            return Err(anyhow::Error::from(e)
                .context("cannot read the log's events")
                .into());
        }
    };
    let by_id: HashMap<Uuid, &StoredEvent> = events.iter().map(|e| (e.captured.id, e)).collect();
    for (leaf, entry, id) in leaves {
        let canonical = Ok(by_id.get(id).map(|e| e.record().canonical()));
        if let Some(f) = compare(leaf, entry, RecordKind::Event, canonical)? {
            return Ok(Some(f));
        }
    }
    Ok(None)
}

/// The reference the leaf names, if it is well formed and of the leaf's kind.
fn reference_of(leaf: &StoredLeaf) -> Result<RecordRef, Failure> {
    let fail = |problem: String| Failure::leaf(leaf.index, Some(&leaf.record_ref), problem);
    let Some(kind) = RecordKind::from_code(leaf.kind) else {
        return Err(fail(format!(
            "the leaf's kind code {} is no record kind",
            leaf.kind
        )));
    };
    let reference = RecordRef::parse(&leaf.record_ref).map_err(|e| fail(e.to_string()))?;
    if reference.kind() != kind {
        return Err(fail(format!(
            "the leaf is of kind {kind}, its reference names a {} record",
            reference.kind()
        )));
    }
    Ok(reference)
}

/// Whether the leaf's record, of `kind`, read back from the store (`canonical`, as
/// `yima_store::canonical_record` gives it), is what `entry` commits to, with the kind,
/// reference and public fields the entry gives.
fn compare(
    leaf: &StoredLeaf,
    entry: &[u8],
    kind: RecordKind,
    canonical: Result<Option<Result<Vec<u8>, LedgerError>>, StoreError>,
) -> Result<Option<Failure>, CheckError> {
    let fail = |problem: String| {
        Ok(Some(Failure::leaf(
            leaf.index,
            Some(&leaf.record_ref),
            problem,
        )))
    };
    let canonical = match canonical {
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
