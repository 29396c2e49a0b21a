//! The log's writes on SQLite: the integration runs under the write lock (IMMEDIATE), so it
//! reads the queue and the tree's edge as no one else can change them.

use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use super::timestamp;
use crate::StoreError;

/// Rows per multi-row statement: 2 parameters each, far under SQLite's limit.
const CHUNK: usize = 500;

crate::log::engine::log_fns!(
    writer: SqlitePool,
    database: sqlx::Sqlite,
    begin: writer.begin_with("BEGIN IMMEDIATE"),
    lease_sql: "SELECT holder, expires_at FROM log_lease WHERE name = $1",
    timestamp: timestamp,
);

/// Gives `ids` the indexes from `first` on.
async fn insert_index(
    tx: &mut Transaction<'static, Sqlite>,
    first: u64,
    ids: &[Uuid],
) -> Result<(), StoreError> {
    let mut next = crate::log::rows::to_i64(first)?;
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO log_index (idx, leaf_id) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(next).bind(*id);
            next += 1;
        }
        query
            .execute(&mut **tx)
            .await
            .map_err(crate::log::rows::raced)?;
    }
    Ok(())
}

async fn dequeue(tx: &mut Transaction<'static, Sqlite>, ids: &[Uuid]) -> Result<(), StoreError> {
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "DELETE FROM log_queue WHERE leaf_id IN ({})",
            vec!["?"; chunk.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
