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

/// The oldest waiting leaves after a tree of `$1` leaves, in the order their records
/// committed.
const QUEUED: &str = "SELECT id, entry FROM log_leaves WHERE seq > $1 ORDER BY seq LIMIT $2";

/// The entry bundles (c2sp.org/tlog-tiles: each entry after its length, two bytes big-endian)
/// of the integrated leaves with indexes `$1 ≤ index < $2` (`$1` a multiple of 256), one row
/// per bundle, so that a read of many leaves costs a row per 256. Each bundle is a range of
/// the rowid (`seq`), read in order; SQLite concatenates BLOBs as text of the same bytes
/// (lengths are kept, NULs included), hence the cast back.
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

/// Up to `max` leaves waiting after the tree of `after` leaves.
async fn queued(
    conn: &mut sqlx::SqliteConnection,
    after: u64,
    max: usize,
) -> Result<Vec<(Uuid, Vec<u8>)>, StoreError> {
    Ok(sqlx::query_as(QUEUED)
        .bind(crate::log::rows::to_i64(after)?)
        .bind(i64::try_from(max).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?)
}

/// Nothing to do: the leaf waits by being above the latest head.
async fn enqueue(_tx: &mut Transaction<'static, Sqlite>, _id: Uuid) -> Result<(), StoreError> {
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
