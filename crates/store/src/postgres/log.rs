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
