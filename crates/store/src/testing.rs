//! Fresh, empty stores for tests, in this crate and in the crates built on it.
//!
//! Both helpers fail rather than skip: a run that quietly left out PostgreSQL would pass
//! without having tested it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use chrono::{TimeDelta, Utc};
use tempfile::TempDir;
use uuid::Uuid;

use crate::{PostgresOptions, PostgresStore, SqliteOptions, SqliteStore, Store, StoreError};

/// The variable that points the tests at a PostgreSQL database.
pub const POSTGRES_URL_VAR: &str = "YIMA_TEST_POSTGRES_URL";
/// Where the tests look for PostgreSQL when the variable is not set.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Prefix of the schemas test stores are made in; the rest is a UUIDv7, which dates them.
const SCHEMA_PREFIX: &str = "t_";
/// Test schemas older than this are dropped, so that the test database does not grow
/// forever. Far longer than any test run, so a schema in use is never touched.
const STALE_AFTER: TimeDelta = TimeDelta::hours(6);

/// The PostgreSQL URL tests use: `YIMA_TEST_POSTGRES_URL`, or the local default.
pub fn postgres_url() -> String {
    std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

/// Options for a store in a schema of its own, not yet created, so that tests running at
/// once never see each other's records.
pub fn postgres_options() -> PostgresOptions {
    PostgresOptions {
        max_connections: 8,
        schema: Some(format!("{SCHEMA_PREFIX}{}", Uuid::now_v7().simple())),
        ..PostgresOptions::new(postgres_url())
    }
}

/// A fresh SQLite store in a temporary directory, deleted when the `TempDir` is dropped.
pub async fn sqlite() -> Result<(TempDir, Arc<dyn Store>), StoreError> {
    let (dir, store) = sqlite_store().await?;
    Ok((dir, Arc::new(store)))
}

/// A fresh PostgreSQL store in a new schema; `Err` if PostgreSQL cannot be reached.
pub async fn postgres() -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(postgres_store().await?))
}

/// A URL for a fresh, migrated schema of its own, for tests that hand the database to another
/// process (`--database-url`): the schema travels in the libpq `options` parameter, which
/// sets `search_path` on every connection made from the URL.
pub async fn postgres_url_with_fresh_schema() -> Result<String, StoreError> {
    let options = postgres_options();
    let store = PostgresStore::connect(&options).await?;
    drop_stale_schemas(&store).await;
    store.close().await;
    let schema = options.schema.unwrap_or_default();
    let separator = if options.url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{}{separator}options=-c%20search_path%3D{schema}",
        options.url
    ))
}

/// Like [`sqlite`], with the concrete type (for engine-specific tests).
pub async fn sqlite_store() -> Result<(TempDir, SqliteStore), StoreError> {
    let dir = tempfile::tempdir().map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
    let store = SqliteStore::open(&SqliteOptions::new(dir.path().join("yima.db"))).await?;
    Ok((dir, store))
}

/// Queues `count` leaves of random 128-byte entries on a SQLite store, in one statement: a
/// large log to integrate, verify or prove from, for tests and benchmarks. Their references
/// (`filler:<n>`) name no record.
pub async fn insert_filler_leaves(store: &SqliteStore, count: u64) -> Result<(), StoreError> {
    if count == 0 {
        return Ok(());
    }
    store
        .raw_execute_for_tests(&format!(
            "INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) \
             SELECT randomblob(16), 2, 'filler:' || n, randomblob(32), randomblob(128), \
             '2025-03-01T00:00:00.000000Z' FROM (WITH RECURSIVE c(n) AS \
             (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {}) SELECT n FROM c)",
            count - 1
        ))
        .await?;
    Ok(())
}

/// Signs a checkpoint of `head` with `signer` and stores it, as the server's sequencer does.
pub async fn sign_and_store_checkpoint(
    store: &dyn Store,
    signer: &yima_ledger::NoteSigner,
    head: crate::TreeHead,
) -> Result<(), StoreError> {
    let note = yima_ledger::Checkpoint::new(signer.name(), head.size, head.root)
        .sign(signer)
        .map_err(|e| StoreError::Invalid {
            problem: format!("cannot sign the checkpoint of size {}: {e}", head.size),
        })?;
    store
        .insert_checkpoint(&crate::StoredCheckpoint {
            size: head.size,
            root: head.root,
            note,
        })
        .await
}

/// Like [`postgres`], with the concrete type (for engine-specific tests).
pub async fn postgres_store() -> Result<PostgresStore, StoreError> {
    let store = PostgresStore::connect(&postgres_options()).await?;
    drop_stale_schemas(&store).await;
    Ok(store)
}

/// Drops test schemas left by earlier runs, once per process. Best effort: another process
/// may be dropping the same schema, and a failure here must not fail a test.
async fn drop_stale_schemas(store: &PostgresStore) {
    static DONE: AtomicBool = AtomicBool::new(false);
    if DONE.swap(true, Ordering::SeqCst) {
        return;
    }
    let names: Vec<String> = match sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE starts_with(nspname, $1)",
    )
    .bind(SCHEMA_PREFIX)
    .fetch_all(store.pool())
    .await
    {
        Ok(names) => names,
        Err(e) => {
            tracing::debug!(error = %e, "listing test schemas failed");
            return;
        }
    };
    let cutoff = Utc::now() - STALE_AFTER;
    for name in names {
        let Some(created) = schema_created(&name) else {
            continue;
        };
        if created < cutoff {
            // `name` parsed as prefix + UUID: it is a plain identifier.
            let drop = format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
            if let Err(e) = sqlx::query(&drop).execute(store.pool()).await {
                tracing::debug!(schema = %name, error = %e, "dropping a stale test schema failed");
            }
        }
    }
}

/// When a test schema was made, from the UUIDv7 in its name; `None` for any other schema.
fn schema_created(name: &str) -> Option<chrono::DateTime<Utc>> {
    let id = Uuid::try_parse(name.strip_prefix(SCHEMA_PREFIX)?).ok()?;
    if id.simple().to_string() != name[SCHEMA_PREFIX.len()..] {
        return None;
    }
    let (secs, nanos) = id.get_timestamp()?.to_unix();
    chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, nanos)
}

/// Raw SQL on a store's own connections, to prove what its schema refuses.
#[doc(hidden)]
#[async_trait]
pub trait RawSql: Send + Sync {
    async fn raw_execute_for_tests(&self, sql: &str) -> Result<u64, StoreError>;
}

#[async_trait]
impl RawSql for SqliteStore {
    async fn raw_execute_for_tests(&self, sql: &str) -> Result<u64, StoreError> {
        SqliteStore::raw_execute_for_tests(self, sql).await
    }
}

#[async_trait]
impl RawSql for PostgresStore {
    async fn raw_execute_for_tests(&self, sql: &str) -> Result<u64, StoreError> {
        PostgresStore::raw_execute_for_tests(self, sql).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_test_schemas_are_dated() {
        let name = format!("{SCHEMA_PREFIX}{}", Uuid::now_v7().simple());
        let created = schema_created(&name);
        assert!(created.is_some_and(|c| (Utc::now() - c).num_seconds().abs() < 60));
        assert_eq!(schema_created("public"), None);
        assert_eq!(schema_created("t_yima"), None);
        assert_eq!(schema_created(&format!("t_{}", Uuid::nil())), None);
    }
}
