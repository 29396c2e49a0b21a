//! Storing captured EPCIS events in the store, as a capture job does once it has read
//! and identified a document: `Store::complete_capture` of documents of shipments (ten units
//! each, half as EPC URNs and half as Digital Links, with a read point, a source, a
//! destination and a despatch advice): each event with its served text, index rows and ledger
//! leaf, the job's outcome, one durable transaction per document.
//!
//! The same-run baseline writes the same rows — the event rows, ten EPC rows and three link
//! rows an event, its leaf — into the same tables of a second database (same schema, indexes
//! and connection settings) with raw multi-row INSERTs, one transaction per document: the
//! database's own work, without what the store does around it (sealing, index keys, the
//! duplicate check, the outcome). Documents alternate between the two so both see the same
//! machine. Both engines: SQLite, and PostgreSQL in a schema of its own (the baseline's in a
//! second one, where each leaf also has its queue row, as the store writes it), both dropped
//! at the end.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-store --bench event_capture`
//! (documents of 1,000 events, `YIMA_CAPTURE_EVENTS` to change it; 30 documents each in the
//! `small` profile, 200 in `large`, `YIMA_CAPTURE_DOCUMENTS` to change it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

// The allocator the `yima` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, QueryBuilder, Sqlite, SqlitePool};
use support::bench::{Engine, Fresh, Profile, engines, median, row};
use uuid::Uuid;
use yima_codes::gs1::normalise_epcis_id;
use yima_domain::epcis::sample::{EPCS_PER_SHIPMENT, shipments};
use yima_domain::epcis::{CaptureJob, CapturedEvent, ErrorBehaviour, event_hash_id, read_document};
use yima_domain::ledger::{EventRecord, Recorded, seal};
use yima_store::{SqliteOptions, SqliteStore};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn job() -> CaptureJob {
    CaptureJob {
        id: Uuid::now_v7(),
        received_at: chrono::Utc::now(),
        submitter: Some("bench".into()),
        error_behaviour: ErrorBehaviour::Rollback,
        document_bytes: 0,
        document_sha256: "0".repeat(64),
    }
}

/// Document `n` read and identified as a capture job does before storing it.
fn identified(n: u64, events: u64, job: &CaptureJob) -> Vec<CapturedEvent> {
    read_document(shipments(n, events).as_bytes())
        .unwrap()
        .events
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let hash = event_hash_id(&e.to_json(), e.namespace_map()).unwrap();
            CapturedEvent::new(
                Uuid::now_v7(),
                hash.to_string(),
                e,
                job.received_at,
                job.submitter.clone(),
                Some(job.id),
            )
        })
        .collect()
}

fn key(id: &str) -> String {
    normalise_epcis_id(id).unwrap().key
}

/// The rows of `events` as the baseline writes them.
struct Rows {
    events: Vec<(Uuid, String, chrono::DateTime<chrono::Utc>, String, String)>,
    epcs: Vec<(Uuid, String)>,
    links: Vec<(&'static str, String, String, Uuid)>,
    leaves: Vec<(Uuid, String, Vec<u8>, Vec<u8>)>,
}

fn rows(events: &[CapturedEvent]) -> Rows {
    let mut rows = Rows {
        events: Vec::new(),
        epcs: Vec::new(),
        links: Vec::new(),
        leaves: Vec::new(),
    };
    for c in events {
        let document = c.document();
        let sealed = seal(
            &EventRecord {
                captured: c,
                document: &document,
            },
            [7; 32],
        )
        .unwrap();
        let e = &c.event;
        rows.epcs
            .extend(e.epc_list.iter().map(|epc| (c.id, key(epc))));
        for s in &e.source_list {
            rows.links
                .push(("source", s.kind.as_json(), key(&s.id), c.id));
        }
        for d in &e.destination_list {
            rows.links
                .push(("destination", d.kind.as_json(), key(&d.id), c.id));
        }
        for t in &e.biz_transaction_list {
            let kind = t.kind.as_ref().map(|k| k.as_json()).unwrap_or_default();
            rows.links.push(("biz_transaction", kind, key(&t.id), c.id));
        }
        rows.leaves.push((
            Uuid::now_v7(),
            EventRecord {
                captured: c,
                document: &document,
            }
            .record_ref(),
            sealed.salt.to_vec(),
            sealed.entry,
        ));
        rows.events.push((
            c.id,
            c.hash_id.clone(),
            c.recorded_at,
            key(&e.read_point.as_ref().unwrap().id),
            document,
        ));
    }
    rows
}

/// Writes `rows` in one transaction with multi-row INSERTs of the store's own sizes.
async fn raw_insert(pool: &SqlitePool, rows: &Rows) {
    let mut tx = pool.begin().await.unwrap();
    for chunk in rows.events.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO epcis_events (id, hash_id, declares_error, event_type, action, \
             event_time, record_time, biz_step, disposition, read_point, submitter, document) ",
        );
        q.push_values(
            chunk,
            |mut r, (id, hash, recorded, read_point, document)| {
                r.push_bind(*id)
                    .push_bind(hash.as_str())
                    .push_bind(false)
                    .push_bind("ObjectEvent")
                    .push_bind("OBSERVE")
                    .push_bind("2025-03-01T01:00:00.000000Z")
                    .push_bind(recorded.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string())
                    .push_bind("shipping")
                    .push_bind("in_transit")
                    .push_bind(read_point.as_str())
                    .push_bind("bench")
                    .push_bind(document.as_str());
            },
        );
        q.build().execute(&mut *tx).await.unwrap();
    }
    for chunk in rows.epcs.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO epcis_event_epcs (event, epc, role) ");
        q.push_values(chunk, |mut r, (id, epc)| {
            r.push_bind(*id).push_bind(epc.as_str()).push_bind("epc");
        });
        q.build().execute(&mut *tx).await.unwrap();
    }
    for chunk in rows.links.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO epcis_event_links (kind, type, value, event) ",
        );
        q.push_values(chunk, |mut r, (kind, kind_type, value, id)| {
            r.push_bind(*kind)
                .push_bind(kind_type.as_str())
                .push_bind(value.as_str())
                .push_bind(*id);
        });
        q.build().execute(&mut *tx).await.unwrap();
    }
    for chunk in rows.leaves.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) ",
        );
        q.push_values(chunk, |mut r, (id, record_ref, salt, entry)| {
            r.push_bind(*id)
                .push_bind(8_i16)
                .push_bind(record_ref.as_str())
                .push_bind(&salt[..])
                .push_bind(&entry[..])
                .push_bind("2025-03-01T01:00:00.000000Z");
        });
        q.build().execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// The same as [`raw_insert`] on PostgreSQL, where a leaf also has its queue row, as the
/// store writes it.
async fn raw_insert_postgres(pool: &PgPool, rows: &Rows) {
    let time = chrono::DateTime::parse_from_rfc3339("2025-03-01T01:00:00Z")
        .unwrap()
        .to_utc();
    let mut tx = pool.begin().await.unwrap();
    for chunk in rows.events.chunks(1_000) {
        let mut q = QueryBuilder::<Postgres>::new(
            "INSERT INTO epcis_events (id, hash_id, declares_error, event_type, action, \
             event_time, record_time, biz_step, disposition, read_point, submitter, document) ",
        );
        q.push_values(
            chunk,
            |mut r, (id, hash, recorded, read_point, document)| {
                r.push_bind(*id)
                    .push_bind(hash.as_str())
                    .push_bind(false)
                    .push_bind("ObjectEvent")
                    .push_bind("OBSERVE")
                    .push_bind(time)
                    .push_bind(*recorded)
                    .push_bind("shipping")
                    .push_bind("in_transit")
                    .push_bind(read_point.as_str())
                    .push_bind("bench")
                    .push_bind(document.as_str());
            },
        );
        q.build().execute(&mut *tx).await.unwrap();
    }
    for chunk in rows.epcs.chunks(5_000) {
        let mut q =
            QueryBuilder::<Postgres>::new("INSERT INTO epcis_event_epcs (event, epc, role) ");
        q.push_values(chunk, |mut r, (id, epc)| {
            r.push_bind(*id).push_bind(epc.as_str()).push_bind("epc");
        });
        q.build().execute(&mut *tx).await.unwrap();
    }
    for chunk in rows.links.chunks(5_000) {
        let mut q = QueryBuilder::<Postgres>::new(
            "INSERT INTO epcis_event_links (kind, type, value, event) ",
        );
        q.push_values(chunk, |mut r, (kind, kind_type, value, id)| {
            r.push_bind(*kind)
                .push_bind(kind_type.as_str())
                .push_bind(value.as_str())
                .push_bind(*id);
        });
        q.build().execute(&mut *tx).await.unwrap();
    }
    for chunk in rows.leaves.chunks(1_000) {
        let mut q = QueryBuilder::<Postgres>::new(
            "INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) ",
        );
        q.push_values(chunk, |mut r, (id, record_ref, salt, entry)| {
            r.push_bind(*id)
                .push_bind(8_i16)
                .push_bind(record_ref.as_str())
                .push_bind(&salt[..])
                .push_bind(&entry[..])
                .push_bind(time);
        });
        q.build().execute(&mut *tx).await.unwrap();
        let mut q = QueryBuilder::<Postgres>::new("INSERT INTO log_queue (leaf_id) ");
        q.push_values(chunk, |mut r, (id, ..)| {
            r.push_bind(*id);
        });
        q.build().execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// The baseline's second database: on SQLite a file beside the store's, on PostgreSQL a
/// second fresh schema; either with the store's schema, indexes and settings.
enum Raw {
    Sqlite(SqlitePool),
    Postgres(PgPool, Fresh),
}

impl Raw {
    async fn open(fresh: &Fresh) -> Self {
        match fresh.engine {
            Engine::Sqlite => Self::Sqlite(raw_database(fresh.dir.path()).await),
            Engine::Postgres => {
                let second = Fresh::new(Engine::Postgres).await;
                let schema = second.postgres.as_ref().unwrap().1.clone();
                let options = yima_store::testing::postgres_url()
                    .parse::<sqlx::postgres::PgConnectOptions>()
                    .unwrap()
                    .options([("search_path", schema.as_str())]);
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .connect_with(options)
                    .await
                    .unwrap();
                Self::Postgres(pool, second)
            }
        }
    }

    async fn insert(&self, rows: &Rows) {
        match self {
            Self::Sqlite(pool) => raw_insert(pool, rows).await,
            Self::Postgres(pool, _) => raw_insert_postgres(pool, rows).await,
        }
    }

    async fn remove(self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool, second) => {
                pool.close().await;
                second.remove().await;
            }
        }
    }
}

/// A second database with the store's schema, opened as the store opens its writer.
async fn raw_database(dir: &std::path::Path) -> SqlitePool {
    let path = dir.join("raw.db");
    SqliteStore::open(&SqliteOptions::new(&path))
        .await
        .unwrap()
        .close()
        .await;
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&path)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .pragma("cache_size", "-65536")
                .pragma("wal_autocheckpoint", "0"),
        )
        .await
        .unwrap()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let per_document = setting("YIMA_CAPTURE_EVENTS", 1_000);
    let documents = setting("YIMA_CAPTURE_DOCUMENTS", Profile::from_env().pick(30, 200));
    for engine in engines() {
        measure(engine, per_document, documents).await;
    }
}

async fn measure(engine: Engine, per_document: u64, documents: u64) {
    let fresh = Fresh::new(engine).await;
    let store = fresh.store();
    let raw = Raw::open(&fresh).await;
    let (mut ours, mut baseline) = (Vec::new(), Vec::new());
    for n in 0..documents {
        let job = job();
        store.insert_capture(&job).await.unwrap();
        let events = identified(n, per_document, &job);
        let t = Instant::now();
        let outcome = store
            .complete_capture(job.id, chrono::Utc::now(), &[], &events)
            .await
            .unwrap();
        ours.push(t.elapsed());
        assert_eq!(outcome.stored, per_document);

        let rows = rows(&identified(documents + n, per_document, &job));
        let t = Instant::now();
        raw.insert(&rows).await;
        baseline.push(t.elapsed());
    }
    let rate = |d: Duration| per_document as f64 / d.as_secs_f64();
    let (ours, baseline) = (median(ours), median(baseline));
    let (ms, base_ms) = (ours.as_secs_f64() * 1e3, baseline.as_secs_f64() * 1e3);
    let queue = if engine == Engine::Postgres {
        " (with the leaves' queue rows)"
    } else {
        ""
    };
    row(
        &format!(
            "store a captured document (`complete_capture`: events, index rows, leaves and outcome in one durable transaction), {}, documents of {per_document} events of {EPCS_PER_SHIPMENT} EPCs (median of {documents})",
            engine.name()
        ),
        "—",
        &format!("{:.0} events/s ({ms:.1} ms a document)", rate(ours)),
        &format!(
            "raw multi-row INSERT of the same rows{queue} into the same tables of a second database: {:.0} events/s ({base_ms:.1} ms)",
            rate(baseline)
        ),
        Some(rate(ours) / rate(baseline)),
    );
    raw.remove().await;
    fresh.remove().await;
}
