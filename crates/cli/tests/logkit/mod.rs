//! What the ledger's tests share: a data directory on either engine, the real `yima log`
//! commands, waiting for the sequencer, raw SQL to tamper with, and a static HTTP mirror of
//! a log's tiles.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod mirror;
pub mod wal;
pub mod writers;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tokio::runtime::Runtime;
use yima_store::testing::RawSql;
use yima_store::{
    PostgresOptions, PostgresStore, SqliteOptions, SqliteStore, Store, StoredCheckpoint,
};

/// How long the sequencer may take to cover every leaf after a start.
const COVER_TIMEOUT: Duration = Duration::from_secs(30);

/// Which engine a test runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    /// The URL of a fresh schema of its own.
    Postgres(String),
}

/// A data directory, and the database when it is PostgreSQL.
pub struct Setup {
    pub dir: TempDir,
    pub engine: Engine,
    pub rt: Runtime,
    config: Option<PathBuf>,
}

impl Setup {
    pub fn sqlite() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            engine: Engine::Sqlite,
            rt: Runtime::new().unwrap(),
            config: None,
        }
    }

    pub fn postgres() -> Self {
        let rt = Runtime::new().unwrap();
        let url = rt
            .block_on(yima_store::testing::postgres_url_with_fresh_schema())
            .expect("PostgreSQL must be reachable for the PostgreSQL half");
        Self {
            dir: tempfile::tempdir().unwrap(),
            engine: Engine::Postgres(url),
            rt,
            config: None,
        }
    }

    pub fn of(engine: &str) -> Self {
        match engine {
            "sqlite" => Self::sqlite(),
            _ => Self::postgres(),
        }
    }

    /// Serves with a settings file of these lines.
    pub fn with_config(mut self, toml: &str) -> Self {
        let path = self.dir.path().join("yima.toml");
        std::fs::write(&path, toml).unwrap();
        self.config = Some(path);
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The flags `yima serve` needs besides the data directory.
    pub fn serve_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Engine::Postgres(url) = &self.engine {
            args.extend(["--database-url".to_owned(), url.clone()]);
        }
        if let Some(config) = &self.config {
            args.extend(["--config".to_owned(), config.display().to_string()]);
        }
        args
    }

    /// The flags that name the store to a `yima log` command.
    pub fn store_args(&self) -> Vec<String> {
        let mut args = vec!["--data-dir".to_owned(), self.path().display().to_string()];
        if let Engine::Postgres(url) = &self.engine {
            args.extend(["--database-url".to_owned(), url.clone()]);
        }
        args
    }

    /// Runs `f` on the store, opened for it and closed after, so that no connection of the
    /// test outlives the call (a kill or a WAL truncation must find none).
    pub fn with_store<T>(&self, f: impl AsyncFnOnce(&dyn Store, &dyn RawSql) -> T) -> T {
        self.rt.block_on(async {
            match &self.engine {
                Engine::Sqlite => {
                    let store = SqliteStore::open(&SqliteOptions::new(self.path().join("yima.db")))
                        .await
                        .unwrap();
                    let out = f(&store, &store).await;
                    store.close().await;
                    out
                }
                Engine::Postgres(url) => {
                    let store = PostgresStore::connect(&PostgresOptions::new(url))
                        .await
                        .unwrap();
                    let out = f(&store, &store).await;
                    store.close().await;
                    out
                }
            }
        })
    }

    /// Waits until the latest checkpoint covers every leaf written, and returns it.
    pub fn wait_for_checkpoint(&self) -> StoredCheckpoint {
        let started = Instant::now();
        loop {
            let covered = self.with_store(async |store, _| {
                let head = store.tree_head().await.unwrap();
                let queued = store.queued_leaves().await.unwrap();
                let latest = store.latest_checkpoint().await.unwrap();
                latest.filter(|c| queued == 0 && c.size == head.size && c.size > 0)
            });
            if let Some(checkpoint) = covered {
                return checkpoint;
            }
            assert!(
                started.elapsed() < COVER_TIMEOUT,
                "no checkpoint covered every leaf within {COVER_TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A BLOB literal of this engine's SQL.
    pub fn blob(&self, bytes: &[u8]) -> String {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        match self.engine {
            Engine::Sqlite => format!("X'{hex}'"),
            Engine::Postgres(_) => format!("'\\x{hex}'::bytea"),
        }
    }

    /// A UUID literal of this engine's SQL (SQLite keeps them as 16-byte BLOBs).
    pub fn uuid(&self, id: uuid::Uuid) -> String {
        match self.engine {
            Engine::Sqlite => self.blob(id.as_bytes()),
            Engine::Postgres(_) => format!("'{id}'"),
        }
    }

    /// Drops the append-only triggers of `table`, so that raw SQL can change a row as an
    /// attacker with the database's files could.
    pub fn drop_append_only(&self, table: &str) {
        let statements = match self.engine {
            Engine::Sqlite => vec![
                format!("DROP TRIGGER IF EXISTS {table}_no_update"),
                format!("DROP TRIGGER IF EXISTS {table}_no_delete"),
            ],
            Engine::Postgres(_) => {
                vec![format!(
                    "DROP TRIGGER IF EXISTS {table}_append_only ON {table}"
                )]
            }
        };
        self.with_store(async |_, raw| {
            for sql in statements {
                raw.raw_execute_for_tests(&sql).await.unwrap();
            }
        });
    }

    /// Runs one raw statement; it must change exactly one row.
    pub fn change_one_row(&self, sql: &str) {
        let changed = self.with_store(async |_, raw| raw.raw_execute_for_tests(sql).await);
        assert_eq!(changed.unwrap(), 1, "{sql}");
    }

    /// Sets a text column of the row with id `id`, behind the store's back.
    pub fn set_text(&self, table: &str, column: &str, id: uuid::Uuid, text: &str) {
        self.change_one_row(&format!(
            "UPDATE {table} SET {column} = '{}' WHERE id = {}",
            text.replace('\'', "''"),
            self.uuid(id)
        ));
    }
}

/// What a `yima log` command did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, Some(0), "{}\n{}", self.stdout, self.stderr);
        self
    }

    /// Exit code 3 (not verified), with `needle` in the message.
    pub fn not_verified(&self, needle: &str) -> &Self {
        assert_eq!(self.code, Some(3), "{}\n{}", self.stdout, self.stderr);
        assert!(
            self.stderr.contains(needle),
            "expected {needle:?} in:\n{}",
            self.stderr
        );
        self
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Self {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// `yima log <args>`.
pub fn yima_log<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_yima"))
        .arg("log")
        .args(args)
        .env_remove("YIMA_DATABASE_URL")
        .env_remove("YIMA_CONFIG")
        .env_remove("YIMA_DATA_DIR")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
        .into()
}

/// `yima log verify` on the store of `setup`.
pub fn verify_store(setup: &Setup) -> Run {
    let mut args = vec!["verify".to_owned()];
    args.extend(setup.store_args());
    yima_log(&args)
}

/// The size a successful `yima log verify` reports.
pub fn verified_size(run: &Run) -> u64 {
    run.ok();
    run.stdout
        .lines()
        .find_map(|l| l.split(" verified: ").nth(1))
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no size in {}", run.stdout))
}

/// A small, seedable generator: the seed is printed, so a failing run can be replayed with
/// `YIMA_TEST_SEED`.
pub struct Rng(u64);

impl Rng {
    pub fn new(what: &str) -> Self {
        let seed = std::env::var("YIMA_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                use std::hash::{BuildHasher, RandomState};
                RandomState::new().hash_one(what)
            });
        eprintln!("{what}: YIMA_TEST_SEED={seed}");
        Self(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}
