//! The embedded engine: one SQLite file in WAL mode, one writer connection and a pool of
//! read-only connections, so scans never wait for a registration.

mod checkpointer;
mod events;
mod log;
mod store;
mod trace;
mod units;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use self::checkpointer::Checkpointer;
use crate::StoreError;
use crate::common::{micros, with_retries};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for a lock another process holds before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Memory-mapped reads: fewer copies on the scan path. Bounded because an I/O error on a
/// mapped page is a signal, not an error code.
const MMAP_BYTES: u64 = 256 * 1024 * 1024;
/// Rows a connection's worker thread may hand over before it waits for the reader: with
/// sqlx's default of 50, a query of many rows (the sequencer's, a verification's) switches
/// threads every few rows and spends more time in the futex than in SQLite.
const ROW_BUFFER: usize = 8192;
/// Truncates the WAL after checkpoints so that a burst of registrations does not leave a
/// large file behind.
const JOURNAL_SIZE_LIMIT_BYTES: u64 = 64 * 1024 * 1024;

/// Where and how to open the SQLite database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteOptions {
    /// The database file; its directory is created if missing.
    pub path: PathBuf,
    /// Page cache of each connection, in MiB.
    pub cache_mib: u32,
    /// How many read-only connections serve lookups.
    pub readers: u32,
}

impl SqliteOptions {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            cache_mib: 64,
            readers: 4,
        }
    }
}

/// The SQLite engine.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// The only connection that writes: SQLite admits one writer at a time anyway, and one
    /// connection makes every write transaction run in turn without lock retries.
    writer: SqlitePool,
    readers: SqlitePool,
    checkpointer: Checkpointer,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file and applies the migrations.
    pub async fn open(options: &SqliteOptions) -> Result<Self, StoreError> {
        if let Some(dir) = options.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        let cache_kib = u64::from(options.cache_mib.max(1)) * 1024;
        let common = SqliteConnectOptions::new()
            .filename(&options.path)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // A negative cache_size is in KiB rather than pages.
            .pragma("cache_size", format!("-{cache_kib}"))
            .pragma("mmap_size", MMAP_BYTES.to_string())
            // So that INSERT OR REPLACE, which deletes what it replaces, fires the
            // append-only delete triggers (SQLite skips them otherwise).
            .pragma("recursive_triggers", "ON")
            .pragma("temp_store", "MEMORY")
            .row_buffer_size(ROW_BUFFER);
        let writer_options = common
            .clone()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: in WAL mode, NORMAL may lose the last commits on power loss; an
            // acknowledged registration must survive it.
            .synchronous(SqliteSynchronous::Full)
            .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT_BYTES.to_string())
            // The checkpointer copies the WAL into the database file, off the writer's path.
            .pragma("wal_autocheckpoint", "0");
        let checkpointer_options = writer_options.clone();
        let writer_options = writer_options.optimize_on_close(true, None);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(writer_options)
            .await?;
        // Another process opening a new file at the same moment may win the first migration;
        // the loser retries and finds it applied.
        with_retries(|| async { Ok(MIGRATOR.run(&writer).await?) }).await?;
        // Opened after the migrations: a read-only connection cannot create the file, and
        // must find WAL mode already set.
        let readers = SqlitePoolOptions::new()
            .max_connections(options.readers.max(1))
            .connect_with(common.read_only(true))
            .await?;
        let checkpointer = Checkpointer::start(
            SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(checkpointer_options.create_if_missing(false))
                .await?,
        );
        Ok(Self {
            writer,
            readers,
            checkpointer,
        })
    }

    /// Closes every connection; the last one checkpoints the WAL into the database file.
    pub async fn close(&self) {
        self.checkpointer.close().await;
        self.readers.close().await;
        self.writer.close().await;
    }

    /// The writer connection's pool, for benchmarks that write rows the store's API has no
    /// call for (bare leaves) through the same one writer the store's own writes queue on.
    #[doc(hidden)]
    pub fn writer_for_benches(&self) -> SqlitePool {
        self.writer.clone()
    }

    /// Runs one raw statement on the writer connection. For tests that prove what the schema
    /// refuses (the append-only triggers); the store itself never needs it.
    #[doc(hidden)]
    pub async fn raw_execute_for_tests(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }
}

/// A timestamp as the TEXT columns hold it: fixed width, microseconds, UTC, so that stored
/// values sort as they compare and read back as the instant PostgreSQL would keep.
fn timestamp(t: DateTime<Utc>) -> String {
    micros(t).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// The writer never checkpoints, so the database file grows only by the background
    /// checkpointer's work.
    #[tokio::test]
    async fn the_wal_is_checkpointed_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("yima.db");
        let store = SqliteStore::open(&SqliteOptions::new(&path)).await.unwrap();
        let autocheckpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(autocheckpoint, 0);
        tokio::time::sleep(checkpointer::INTERVAL * 3).await;
        let before = std::fs::metadata(&path).unwrap().len();
        store
            .raw_execute_for_tests(
                "CREATE TABLE filler AS WITH RECURSIVE c(n) AS \
                 (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000) \
                 SELECT n, randomblob(100) AS b FROM c",
            )
            .await
            .unwrap();
        let mut grown = false;
        for _ in 0..50 {
            tokio::time::sleep(checkpointer::INTERVAL).await;
            if std::fs::metadata(&path).unwrap().len() > before + 1_000_000 {
                grown = true;
                break;
            }
        }
        assert!(grown, "the WAL was not copied into the database file");
    }

    #[tokio::test]
    async fn connections_are_durable_and_readers_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&SqliteOptions::new(dir.path().join("a/b/yima.db")))
            .await
            .unwrap();
        let w = &store.writer;
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(w)
            .await
            .unwrap();
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(w)
            .await
            .unwrap();
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(w)
            .await
            .unwrap();
        let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(w)
            .await
            .unwrap();
        assert_eq!(journal, "wal");
        assert_eq!(sync, 2, "synchronous must be FULL");
        assert_eq!(fk, 1);
        assert_eq!(cache, -64 * 1024);
        let refused = sqlx::query("CREATE TABLE x (a INTEGER)")
            .execute(&store.readers)
            .await;
        assert!(refused.is_err(), "reader connections must be read-only");
        store.close().await;
    }

    /// REPLACE deletes the row it replaces; the delete trigger must fire for it too.
    #[tokio::test]
    async fn insert_or_replace_cannot_rewrite_a_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&SqliteOptions::new(dir.path().join("yima.db")))
            .await
            .unwrap();
        let row = |day: &str| {
            format!(
                "INTO accounts (id, kind, created_at) \
                 VALUES ('t', 'admin', '2025-01-{day}T00:00:00.000000Z')"
            )
        };
        store
            .raw_execute_for_tests(&format!("INSERT {}", row("01")))
            .await
            .unwrap();
        let err = store
            .raw_execute_for_tests(&format!("INSERT OR REPLACE {}", row("02")))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }

    /// That every foreign key of the store's database holds.
    async fn assert_no_broken_references(store: &SqliteStore) {
        let violations: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&store.readers)
                .await
                .unwrap();
        assert!(violations.is_empty(), "{violations:?}");
    }

    /// A database at `path` with the migrations before `version` applied, as an older
    /// release left it.
    async fn migrated_before(path: &std::path::Path, version: i64) -> sqlx::SqlitePool {
        let before = Migrator {
            migrations: MIGRATOR
                .migrations
                .iter()
                .filter(|m| m.version < version)
                .cloned()
                .collect(),
            ..Migrator::DEFAULT
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(
                SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .foreign_keys(true),
            )
            .await
            .unwrap();
        before.run(&pool).await.unwrap();
        pool
    }

    /// Migration 0007 rebuilds the event tables: what a database held before keeps every
    /// row, its children keep their references, and the rebuilt tables keep their rules.
    #[tokio::test]
    async fn the_event_tables_keep_their_rows_through_their_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("yima.db");
        let pool = migrated_before(&path, 7).await;
        let hash = format!("ni:///sha-256;{}?ver=CBV2.0", "ab".repeat(32));
        for sql in [
            format!(
                "INSERT INTO epcis_events (id, hash_id, declares_error, event_type, action, \
                 event_time, record_time, document) VALUES (x'0102030405060708090a0b0c0d0e0f10', \
                 '{hash}', 0, 'ObjectEvent', 'OBSERVE', '2025-03-01T00:00:00.000000Z', \
                 '2025-03-01T00:00:01.000000Z', '{{}}')"
            ),
            "INSERT INTO epcis_event_epcs VALUES ('urn:x:1', x'0102030405060708090a0b0c0d0e0f10', 'epc')".into(),
            "INSERT INTO epcis_event_classes VALUES ('urn:x:c', x'0102030405060708090a0b0c0d0e0f10', 'epc', 0, 5.0, 'KGM')".into(),
            "INSERT INTO epcis_event_links VALUES ('source', 'owning_party', 'urn:x:p', x'0102030405060708090a0b0c0d0e0f10')".into(),
            "INSERT INTO epcis_anomalies VALUES (x'0102030405060708090a0b0c0d0e0f10', 0, 'k', 'urn:x:1', 'd')".into(),
        ] {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
        pool.close().await;

        let store = SqliteStore::open(&SqliteOptions::new(&path)).await.unwrap();
        for table in [
            "epcis_events",
            "epcis_event_epcs",
            "epcis_event_classes",
            "epcis_event_links",
            "epcis_anomalies",
        ] {
            let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(&store.readers)
                .await
                .unwrap();
            assert_eq!(rows, 1, "{table}");
        }
        assert_no_broken_references(&store).await;
        let refused = [
            "UPDATE epcis_event_epcs SET role = 'parent'".to_owned(),
            "DELETE FROM epcis_anomalies".to_owned(),
            format!(
                "INSERT INTO epcis_events (id, hash_id, declares_error, event_type, event_time, \
                 record_time, document) VALUES (randomblob(16), '{hash}', 0, 'ObjectEvent', \
                 '2025-03-02T00:00:00.000000Z', '2025-03-02T00:00:01.000000Z', '{{}}')"
            ),
            "INSERT INTO epcis_event_epcs VALUES ('urn:x:2', x'0102030405060708090a0b0c0d0e0f10', 'child')".into(),
        ];
        for sql in refused {
            assert!(store.raw_execute_for_tests(&sql).await.is_err(), "{sql}");
        }
    }

    /// Migration 0008 turns each API token into an administrator account and a write-scoped
    /// key with the token's digest, so that a token's secret (the bootstrap administrator's
    /// admin.token) keeps working, and drops the tokens' table.
    #[tokio::test]
    async fn api_tokens_become_admin_accounts_with_write_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("yima.db");
        let pool = migrated_before(&path, 8).await;
        let digest = "3c".repeat(32);
        sqlx::query(&format!(
            "INSERT INTO api_tokens VALUES ('bootstrap-admin', '{digest}', 'admin', \
             '2025-01-02T03:04:05.678901Z')"
        ))
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let store = SqliteStore::open(&SqliteOptions::new(&path)).await.unwrap();
        crate::upgrade_checks::token_became_an_admin_key(&store, &digest).await;
        let tables: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'api_tokens%'")
                .fetch_one(&store.readers)
                .await
                .unwrap();
        assert_eq!(tables, 0, "api_tokens and its triggers are gone");
        assert_no_broken_references(&store).await;
        for sql in [
            "UPDATE accounts SET kind = 'admin'",
            "DELETE FROM api_keys",
            "INSERT INTO api_keys VALUES ('other', 'bootstrap-admin', 'x', 'write', \
             '2025-01-02T03:04:05.678901Z', NULL)",
        ] {
            assert!(store.raw_execute_for_tests(sql).await.is_err(), "{sql}");
        }
    }

    #[test]
    fn timestamps_are_fixed_width() {
        let t = DateTime::parse_from_rfc3339("2025-03-01T10:20:30.100000999Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(t), "2025-03-01T10:20:30.100000Z");
    }
}
