//! The log on SQLite. A leaf's `seq` (its rowid) is given in commit order without gaps, so
//! its index is fixed when its record commits (`seq - 1`) and the waiting leaves are those
//! above the latest head: the integration writes only tiles, bundles and the head. It runs
//! under the write lock (IMMEDIATE), so it reads the waiting leaves and the tree's edge as no
//! one else can change them.

use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use super::timestamp;
use crate::StoreError;

/// The oldest waiting leaves, in the order their records committed.
const QUEUED: &str = "SELECT id, entry FROM log_leaves \
     WHERE seq > (SELECT COALESCE(MAX(size), 0) FROM log_heads) ORDER BY seq LIMIT $1";

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
