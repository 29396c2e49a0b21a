//! Bulk registration of unit codes: `Store::register_units` (one transaction with duplicate
//! and quantity checks, multi-row inserts, append-only triggers) against a same-run baseline,
//! a raw multi-row INSERT of the same rows in one transaction into a bare table of the same
//! engine with the same durability settings. Calls alternate, so both see the same machine.
//! Both engines: SQLite, and PostgreSQL in a schema of its own (dropped at the end).
//! Calls of 10,000 codes: 11 in the `small` profile, 100 (10⁶ codes an engine) in `large`.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-store --bench bulk_registration`
//! (PostgreSQL at `YIMA_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test)

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

// The allocator the `yima` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::str::FromStr;
use std::time::Instant;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use support::bench::{Engine, Fresh, Profile, median, row};
use support::{batch, units, world};
use yima_domain::UnitCode;
use yima_store::Store;

const PER_CALL: u64 = 10_000;
/// Rows per statement: the engines' own chunk sizes.
const SQLITE_ROWS: usize = 500;
const POSTGRES_ROWS: usize = 5_000;

fn rate(n: usize, started: Instant) -> f64 {
    n as f64 / started.elapsed().as_secs_f64()
}

async fn raw_sqlite(dir: &std::path::Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(dir.join("raw.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE raw_units (key TEXT PRIMARY KEY, scheme TEXT, batch_id BLOB, gtin TEXT, serial TEXT, registered_at TEXT) STRICT, WITHOUT ROWID")
        .execute(&pool).await.unwrap();
    sqlx::query("CREATE INDEX raw_units_batch ON raw_units (batch_id)")
        .execute(&pool)
        .await
        .unwrap();
    pool
}

async fn insert_sqlite(pool: &SqlitePool, units: &[UnitCode]) {
    let mut tx = pool.begin().await.unwrap();
    for chunk in units.chunks(SQLITE_ROWS) {
        let sql = format!(
            "INSERT INTO raw_units VALUES {}",
            vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for u in chunk {
            q = q
                .bind(&u.key)
                .bind(&u.scheme)
                .bind(u.batch_id)
                .bind(u.gtin.as_ref().map(|g| g.as_str()))
                .bind(&u.serial)
                .bind(u.registered_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
        }
        q.execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn raw_postgres() -> (PgPool, String) {
    let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
    let url = yima_store::testing::postgres_url();
    let admin = PgPool::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let options = PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE raw_units (key TEXT COLLATE \"C\" PRIMARY KEY, scheme TEXT, batch_id UUID, gtin TEXT, serial TEXT, registered_at TIMESTAMPTZ)")
        .execute(&pool).await.unwrap();
    sqlx::query("CREATE INDEX raw_units_batch ON raw_units (batch_id)")
        .execute(&pool)
        .await
        .unwrap();
    (pool, schema)
}

async fn insert_postgres(pool: &PgPool, units: &[UnitCode]) {
    let mut tx = pool.begin().await.unwrap();
    for chunk in units.chunks(POSTGRES_ROWS) {
        sqlx::query("INSERT INTO raw_units SELECT * FROM UNNEST($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])")
            .bind(chunk.iter().map(|u| u.key.clone()).collect::<Vec<_>>())
            .bind(chunk.iter().map(|u| u.scheme.clone()).collect::<Vec<_>>())
            .bind(chunk.iter().map(|u| u.batch_id).collect::<Vec<_>>())
            .bind(chunk.iter().map(|u| u.gtin.as_ref().map(|g| g.to_string())).collect::<Vec<_>>())
            .bind(chunk.iter().map(|u| u.serial.clone()).collect::<Vec<_>>())
            .bind(chunk.iter().map(|u| u.registered_at).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Alternates store and baseline calls of the same rows; returns the medians (codes/s).
async fn measure<F, Fut>(store: &dyn Store, rounds: u64, baseline: F) -> (f64, f64)
where
    F: Fn(Vec<UnitCode>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let w = world(store).await;
    let big = batch(&w.product, "BENCH", rounds * PER_CALL);
    store.insert_batch(&big).await.unwrap();
    let (mut ours, mut raw) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Codes are made before the clock starts: this measures storage, not parsing.
        let call = units(
            &w.product,
            &big,
            "B",
            round * PER_CALL..(round + 1) * PER_CALL,
        );
        let started = Instant::now();
        store.register_units(&big, &call).await.unwrap();
        ours.push(rate(call.len(), started));
        let started = Instant::now();
        baseline(call).await;
        raw.push(rate(PER_CALL as usize, started));
    }
    assert_eq!(store.unit_count(big.id).await.unwrap(), rounds * PER_CALL);
    (median(ours), median(raw))
}

fn report(engine: &str, rounds: u64, (ours, raw): (f64, f64)) {
    let baseline = match engine {
        "PostgreSQL" => "raw multi-row INSERT (UNNEST) of the same rows, same engine",
        _ => "raw multi-row INSERT of the same rows, same engine and durability",
    };
    row(
        &format!("bulk code registration, {engine}, {PER_CALL} codes per call ({rounds} calls)"),
        "—",
        &format!("{ours:.0} codes/s"),
        &format!("{baseline}: {raw:.0} codes/s"),
        Some(ours / raw),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rounds = Profile::from_env().pick(11, 100);
    let fresh = Fresh::new(Engine::Sqlite).await;
    let raw = raw_sqlite(fresh.dir.path()).await;
    let rates = measure(fresh.store().as_ref(), rounds, |u| {
        let raw = raw.clone();
        async move { insert_sqlite(&raw, &u).await }
    })
    .await;
    report("SQLite", rounds, rates);
    raw.close().await;
    fresh.remove().await;

    let fresh = Fresh::new(Engine::Postgres).await;
    let (raw, schema) = raw_postgres().await;
    let rates = measure(fresh.store().as_ref(), rounds, |u| {
        let raw = raw.clone();
        async move { insert_postgres(&raw, &u).await }
    })
    .await;
    report("PostgreSQL", rounds, rates);
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&raw)
        .await
        .unwrap();
    fresh.remove().await;
}
