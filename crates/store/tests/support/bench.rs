//! What the store's and the server's benchmarks share: the scale profile, fresh stores of
//! either engine (removed when the bench is done with them), medians, and the one way a
//! result row is printed.
//!
//! A bench prints on stdout only rows of the results table, five cells each (measurement,
//! target, yima, baseline, ratio); everything else goes to stderr.

use std::sync::Arc;

use tempfile::TempDir;
use yima_store::{PostgresStore, SqliteStore, Store};

/// The scale a bench runs at, from `YIMA_BENCH_PROFILE`: `small` (the default, each bench
/// in about 30 s) or `large` (national scale, which may take long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Small,
    Large,
}

impl Profile {
    pub fn from_env() -> Self {
        let profile = match std::env::var("YIMA_BENCH_PROFILE").as_deref() {
            Err(_) | Ok("" | "small") => Self::Small,
            Ok("large") => Self::Large,
            Ok(other) => panic!("YIMA_BENCH_PROFILE is `small` or `large`, not `{other}`"),
        };
        eprintln!("profile: {}", profile.name());
        profile
    }

    /// `small` or `large`, as the profile says.
    pub fn pick<T>(self, small: T, large: T) -> T {
        match self {
            Self::Small => small,
            Self::Large => large,
        }
    }

    pub fn name(self) -> &'static str {
        self.pick("small", "large")
    }
}

/// The median of `v` (the upper one of an even count).
pub fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    assert!(!v.is_empty(), "the median of nothing");
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

/// One row of the results table on stdout: what was measured (engine and scale included),
/// the target an issue names (or "—"), yima's figure, the baseline's (what it is, and its
/// figure), and yima ÷ baseline in the same unit (or "—").
pub fn row(measurement: &str, target: &str, yima: &str, baseline: &str, ratio: Option<f64>) {
    let ratio = ratio.map_or_else(|| "—".to_owned(), |r| format!("{r:.2}"));
    println!("| {measurement} | {target} | {yima} | {baseline} | {ratio} |");
}

/// The engines a bench runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engines to run on: both, or those `YIMA_BENCH_ENGINES` names (`sqlite`, `postgres`,
/// comma-separated), so that one engine's half of a long run can be taken alone.
pub fn engines() -> Vec<Engine> {
    let chosen = std::env::var("YIMA_BENCH_ENGINES").unwrap_or_default();
    if chosen.trim().is_empty() {
        return vec![Engine::Sqlite, Engine::Postgres];
    }
    chosen
        .split(',')
        .map(|name| match name.trim() {
            "sqlite" => Engine::Sqlite,
            "postgres" => Engine::Postgres,
            other => panic!("YIMA_BENCH_ENGINES names `sqlite` and `postgres`, not `{other}`"),
        })
        .collect()
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// A fresh, empty store: SQLite in a temporary directory, or PostgreSQL (at
/// `YIMA_TEST_POSTGRES_URL`) in a schema of its own, dropped by [`Fresh::remove`]. `dir` is
/// a temporary directory either way (for SQLite it holds the database), for keys and tokens.
pub struct Fresh {
    pub engine: Engine,
    pub dir: TempDir,
    pub sqlite: Option<Arc<SqliteStore>>,
    pub postgres: Option<(Arc<PostgresStore>, String)>,
}

impl Fresh {
    pub async fn new(engine: Engine) -> Self {
        match engine {
            Engine::Sqlite => {
                let (dir, store) = yima_store::testing::sqlite_store().await.unwrap();
                Self {
                    engine,
                    dir,
                    sqlite: Some(Arc::new(store)),
                    postgres: None,
                }
            }
            Engine::Postgres => {
                let options = yima_store::testing::postgres_options();
                let store = PostgresStore::connect(&options)
                    .await
                    .expect("PostgreSQL must be reachable at YIMA_TEST_POSTGRES_URL");
                Self {
                    engine,
                    dir: tempfile::tempdir().unwrap(),
                    sqlite: None,
                    postgres: Some((Arc::new(store), options.schema.unwrap_or_default())),
                }
            }
        }
    }

    pub fn store(&self) -> Arc<dyn Store> {
        match (&self.sqlite, &self.postgres) {
            (Some(s), _) => s.clone(),
            (_, Some((p, _))) => p.clone(),
            _ => unreachable!("a fresh store has an engine"),
        }
    }

    /// Closes the store and drops its PostgreSQL schema, if any; the temporary directory goes
    /// with `self`.
    pub async fn remove(self) {
        if let Some((store, schema)) = &self.postgres {
            // `schema` is a plain identifier: the testing prefix and a UUID.
            store
                .raw_execute_for_tests(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                .await
                .unwrap();
            store.close().await;
        }
        if let Some(store) = &self.sqlite {
            store.close().await;
        }
    }
}
