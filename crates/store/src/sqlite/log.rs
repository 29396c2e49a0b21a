//! The log on SQLite. A leaf's `seq` (its rowid) is given in commit order without gaps, so
//! its index is fixed when its record commits (`seq - 1`) and the waiting leaves are those
//! above the latest head: the integration writes only tiles and the head, under the write
//! lock (IMMEDIATE) that the records' writes share; it reads the leaves and computes the tiles
//! on a reader connection beforehand.

use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use super::timestamp;
use crate::StoreError;

/// Up to `$2` waiting leaves after a tree of `$1` leaves, in the order their records
/// committed, as bundles of up to 256 entries (one row each, as `BUNDLES` reads them): far
/// fewer rows to hand over than one per leaf.
const QUEUED: &str = "WITH RECURSIVE \
     waiting(last) AS (SELECT MIN($1 + $2, (SELECT COALESCE(MAX(seq), 0) FROM log_leaves))), \
     segment(first, last) AS ( \
         SELECT $1, MIN($1 + 256, w.last) FROM waiting w WHERE $1 < w.last \
         UNION ALL SELECT s.last, MIN(s.last + 256, w.last) FROM segment s, waiting w \
         WHERE s.last < w.last) \
     SELECT last - first, (SELECT CAST(group_concat( \
         unhex(printf('%04X', length(entry))) || entry, x'' ORDER BY seq) AS BLOB) \
         FROM log_leaves WHERE seq > first AND seq <= last) \
     FROM segment ORDER BY first";

/// The entry bundles (c2sp.org/tlog-tiles: each entry after its length, two bytes big-endian)
/// of the integrated leaves with indexes `$1 ≤ index < $2` (`$1` a multiple of 256), one row
/// per bundle, so that a read of many leaves costs a row per 256. Each bundle is a range of
/// the rowid (`seq`), read in order; SQLite concatenates BLOBs as text of the same bytes
/// (lengths are kept, NULs included), hence the cast back. (Aggregate ORDER BY and unhex
/// need SQLite 3.44, which sqlx bundles.)
pub(crate) const BUNDLES: &str = "WITH RECURSIVE \
     tree(size) AS (SELECT MIN($2, (SELECT COALESCE(MAX(size), 0) FROM log_heads))), \
     bundle(i, first, last) AS ( \
         SELECT $1 / 256, $1, MIN($1 + 256, size) FROM tree WHERE $1 < size \
         UNION ALL SELECT i + 1, last, MIN(last + 256, size) FROM bundle, tree WHERE last < size) \
     SELECT i, last - first, (SELECT CAST(group_concat( \
         unhex(printf('%04X', length(entry))) || entry, x'' ORDER BY seq) AS BLOB) \
         FROM log_leaves WHERE seq > first AND seq <= last) \
     FROM bundle ORDER BY i";

/// Integrated leaves from index `$1` on: a range of the rowid.
pub(crate) const LEAVES: &str = "SELECT seq - 1, id, kind, record_ref, salt, entry \
     FROM log_leaves WHERE seq > $1 AND seq <= (SELECT COALESCE(MAX(size), 0) FROM log_heads) \
     ORDER BY seq LIMIT $2";

crate::log::engine::log_fns!(
    writer: SqlitePool,
    database: sqlx::Sqlite,
    begin: writer.begin_with("BEGIN IMMEDIATE"),
    lease_sql: "SELECT holder, expires_at FROM log_lease WHERE name = $1",
    timestamp: timestamp,
);

/// Up to `max` leaves waiting after the tree of `after` leaves. Their ids are not needed:
/// nothing is dequeued.
async fn queued(
    conn: &mut sqlx::SqliteConnection,
    after: u64,
    max: usize,
) -> Result<crate::log::Queued, StoreError> {
    let max = i64::try_from(max.min(1 << 24)).unwrap_or(1 << 24);
    let segments: Vec<(i64, Vec<u8>)> = sqlx::query_as(QUEUED)
        .bind(crate::log::rows::to_i64(after)?)
        .bind(max)
        .fetch_all(conn)
        .await?;
    let mut queued = crate::log::Queued::default();
    for (count, bundle) in segments {
        let entries = yima_ledger::parse_bundle(&bundle).map_err(crate::log::rows::corrupt_log)?;
        if i64::try_from(entries.len()) != Ok(count) {
            return Err(StoreError::Corrupt {
                what: "log_leaves".to_owned(),
                problem: format!(
                    "{} leaves where {count} follow one another after leaf {after}",
                    entries.len()
                ),
            });
        }
        queued
            .leaf_hashes
            .extend(entries.into_iter().map(yima_ledger::leaf_hash));
    }
    Ok(queued)
}

/// Nothing to do: the leaf waits by being above the latest head.
async fn enqueue(_tx: &mut Transaction<'static, Sqlite>, _id: Uuid) -> Result<(), StoreError> {
    Ok(())
}

/// Nothing to do, as for one leaf.
async fn enqueue_many(
    _tx: &mut Transaction<'static, Sqlite>,
    _ids: &[Uuid],
) -> Result<(), StoreError> {
    Ok(())
}

/// Nothing to do: the leaves' indexes were fixed as they committed (`seq - 1`), and the
/// integration reads them in that order.
async fn insert_index(
    _tx: &mut Transaction<'static, Sqlite>,
    _first: u64,
    _ids: &[Uuid],
) -> Result<(), StoreError> {
    Ok(())
}

/// Nothing to do: the new head's size is what marks the leaves integrated.
async fn dequeue(_tx: &mut Transaction<'static, Sqlite>, _ids: &[Uuid]) -> Result<(), StoreError> {
    Ok(())
}
