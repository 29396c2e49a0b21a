//! The log's writes on PostgreSQL: the integration row-locks the lease, so a sequencer whose
//! lease was taken over cannot commit an integration; the primary keys of the index, tile and
//! head rows refuse a second one at the same place even so.

use sqlx::postgres::PgPool;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::StoreError;
use crate::common::micros;

crate::log::engine::log_fns!(
    pool: PgPool,
    database: sqlx::Postgres,
    begin: pool.begin(),
    lease_sql: "SELECT holder, expires_at FROM log_lease WHERE name = $1 FOR UPDATE",
    timestamp: micros,
);

/// The oldest queued leaves (ids are UUIDv7: by time of writing), with their entries.
/// Queued leaves are exactly those not integrated, whatever the head's size.
const QUEUED: &str = "SELECT l.id, l.entry FROM log_queue q \
     JOIN log_leaves l ON l.id = q.leaf_id ORDER BY q.leaf_id LIMIT $1";

/// Integrated leaves from an index on.
pub(crate) const LEAVES: &str = "SELECT i.idx, l.id, l.kind, l.record_ref, l.salt, l.entry \
     FROM log_index i JOIN log_leaves l ON l.id = i.leaf_id \
     WHERE i.idx >= $1 ORDER BY i.idx LIMIT $2";

/// The entry bundles (c2sp.org/tlog-tiles: each entry after its length, two bytes big-endian)
/// of the integrated leaves with indexes `$1 ≤ index < $2`, one row per bundle.
pub(crate) const BUNDLES: &str = "SELECT i.idx / 256, COUNT(*), \
     string_agg(substring(int4send(length(l.entry)) FROM 3 FOR 2) || l.entry, ''::bytea \
     ORDER BY i.idx) \
     FROM log_index i JOIN log_leaves l ON l.id = i.leaf_id \
     WHERE i.idx >= $1 AND i.idx < $2 GROUP BY i.idx / 256 ORDER BY 1";

/// Up to `max` queued leaves.
async fn queued(
    conn: &mut sqlx::PgConnection,
    _after: u64,
    max: usize,
) -> Result<crate::log::Queued, StoreError> {
    let rows: Vec<(Uuid, Vec<u8>)> = sqlx::query_as(QUEUED)
        .bind(i64::try_from(max).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?;
    let mut queued = crate::log::Queued::default();
    for (id, entry) in rows {
        queued.push(id, &entry);
    }
    Ok(queued)
}

async fn enqueue(tx: &mut Transaction<'static, Postgres>, id: Uuid) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO log_queue (leaf_id) VALUES ($1)")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Queues `ids`, in one statement.
async fn enqueue_many(
    tx: &mut Transaction<'static, Postgres>,
    ids: &[Uuid],
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO log_queue (leaf_id) SELECT * FROM UNNEST($1::uuid[])")
        .bind(ids)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Gives `ids` the indexes from `first` on, in one statement.
async fn insert_index(
    tx: &mut Transaction<'static, Postgres>,
    first: u64,
    ids: &[Uuid],
) -> Result<(), StoreError> {
    let first = crate::log::rows::to_i64(first)?;
    sqlx::query(
        "INSERT INTO log_index (idx, leaf_id) \
         SELECT $1 + n - 1, id FROM UNNEST($2::uuid[]) WITH ORDINALITY AS t(id, n)",
    )
    .bind(first)
    .bind(ids)
    .execute(&mut **tx)
    .await
    .map_err(crate::log::rows::raced)?;
    Ok(())
}

async fn dequeue(tx: &mut Transaction<'static, Postgres>, ids: &[Uuid]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM log_queue WHERE leaf_id = ANY($1::uuid[])")
        .bind(ids)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
