//! Trace and recall of one batch, on the embedded store and on PostgreSQL (a schema of its
//! own, dropped at the end): a 10,000-unit batch commissioned, packed 25 to a case and 20
//! cases to a pallet, through distributors, wholesalers and shops (four tiers of parties) to
//! consumers (`ChainConfig::four_tiers`), among filler events naming other goods. Reports the
//! median latency of the downstream trace of the batch from its registered units
//! (`run_trace` + `graph`, as `GET /api/v1/trace?batch=` does when the registry accounts for
//! every piece) and of its recall scope (`lot_units`, `run_trace` + `ledger`, as the recall
//! endpoint does), against a same-run baseline: the first hop alone, one `trace_events` call
//! for the batch's own keys, which every trace of the batch makes. After loading, the SQLite
//! store is closed and reopened (as a running server's checkpointer leaves it) and
//! PostgreSQL's tables are analysed (as its autovacuum would).
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-store --bench trace` (PostgreSQL at
//! `YIMA_TEST_POSTGRES_URL`), with
//! - the profile choosing the filler events: 20,000 in `small`, 10,000,000 in `large` (each
//!   names ten units of its own and moves them between two of a thousand parties);
//!   `YIMA_TRACE_FILLER_EVENTS` overrides it,
//! - `YIMA_TRACE_UNITS` units in the batch (default 10,000),
//! - `YIMA_TRACE_PROFILE` set: also where the time of a trace goes, hop by hop (stderr).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

// The allocator the `yima` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use support::bench::{Engine, Fresh, Profile, engines, median, row};
use support::chain::{Chain, ChainConfig, chain};
use support::{captured, epcis_document};
use yima_domain::trace::{
    Direction, ObjectKey, TraceQuery, TraceRequest, Traversal, batch_start, graph, ledger,
};
use yima_store::{SqliteOptions, SqliteStore, Store, run_trace};

/// Events per insert call while loading.
const PER_CALL: usize = 5_000;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Filler events `from..to`: shipments and receipts of ten units each between a thousand
/// parties, spread over a year.
fn filler(from: usize, to: usize) -> serde_json::Value {
    let events: Vec<serde_json::Value> = (from..to)
        .map(|n| {
            let epcs: Vec<String> = (0..10)
                .map(|i| format!("https://id.gs1.org/01/06901234000016/21/F{n}-{i}"))
                .collect();
            let minute = n % (365 * 24 * 60);
            let time = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+08:00").unwrap()
                + chrono::TimeDelta::minutes(minute as i64);
            json!({
                "type": "ObjectEvent", "action": "OBSERVE",
                "eventTime": time.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
                "eventTimeZoneOffset": "+08:00",
                "epcList": epcs,
                "bizStep": if n % 2 == 0 { "shipping" } else { "receiving" },
                "sourceList": [{"type": "owning_party", "source": format!("urn:epc:id:pgln:6901236.{:05}", n % 1000)}],
                "destinationList": [{"type": "owning_party", "destination": format!("urn:epc:id:pgln:6901236.{:05}", (n * 7 + 1) % 1000)}]
            })
        })
        .collect();
    epcis_document(json!(events))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let profile = Profile::from_env();
    let fillers = env("YIMA_TRACE_FILLER_EVENTS", profile.pick(20_000, 10_000_000));
    let units = env("YIMA_TRACE_UNITS", 10_000);
    let rounds = profile.pick(7, 11);
    let chain = chain(ChainConfig::four_tiers(units));
    for engine in engines() {
        measure(engine, &chain, fillers, units, rounds).await;
    }
}

async fn measure(engine: Engine, chain: &Chain, fillers: usize, units: usize, rounds: usize) {
    let fresh = Fresh::new(engine).await;
    let loader = fresh.store();
    let store: &dyn Store = loader.as_ref();

    let loading = Instant::now();
    chain.store(store, 1, PER_CALL).await;
    let mut n = 0;
    while n < fillers {
        let to = (n + PER_CALL).min(fillers);
        let events = captured(&filler(n, to), 10_000_000 + n as u64, "filler");
        store.insert_events(&events).await.unwrap();
        n = to;
        if n.is_multiple_of(1_000_000) {
            eprintln!("{}: {n} filler events stored", engine.name());
        }
    }
    let seconds = loading.elapsed().as_secs_f64();
    eprintln!(
        "{}: loaded {} chain events and {fillers} filler events in {seconds:.1} s ({:.0} events/s)",
        engine.name(),
        chain.events.len(),
        (chain.events.len() + fillers) as f64 / seconds
    );

    // As a server that has been running: on SQLite the WAL checkpointed into the database
    // file (the last connection to close does it), then the store opened afresh; on
    // PostgreSQL the statistics its autovacuum would have gathered.
    drop(loader);
    let (reopened_sqlite, reopened): (Option<Arc<SqliteStore>>, Arc<dyn Store>) = match engine {
        Engine::Sqlite => {
            fresh.sqlite.as_ref().unwrap().close().await;
            let sqlite = Arc::new(
                SqliteStore::open(&SqliteOptions::new(fresh.dir.path().join("yima.db")))
                    .await
                    .unwrap(),
            );
            (Some(sqlite.clone()), sqlite)
        }
        Engine::Postgres => {
            let (pg, _) = fresh.postgres.as_ref().unwrap();
            pg.raw_execute_for_tests("ANALYZE").await.unwrap();
            (None, fresh.store())
        }
    };
    let store: &dyn Store = reopened.as_ref();
    let lot = &chain.lots[0];
    let registered = store.batch_units(lot.batch.id).await.unwrap();
    let start = batch_start(&lot.batch, lot.product.gtin.as_ref(), &registered);
    let query = TraceQuery {
        start: start.clone(),
        direction: Direction::Downstream,
        depth: 10,
    };
    let first_hop = {
        let mut t = Traversal::new(query.clone());
        t.next_request().unwrap()
    };

    if std::env::var("YIMA_TRACE_PROFILE").is_ok() {
        for _ in 0..3 {
            let c = Instant::now();
            let units = store
                .lot_units(lot.product.gtin.as_ref().unwrap(), &lot.batch.lot)
                .await
                .unwrap();
            eprintln!("lot_units: {} units in {}", units.len(), ms(c.elapsed()));
        }
        for _ in 0..3 {
            let mut t = Traversal::new(query.clone());
            let mut line = String::new();
            loop {
                let c = Instant::now();
                let Some(request) = t.next_request() else {
                    break;
                };
                let plan = c.elapsed();
                let c = Instant::now();
                let answer = store.trace_events(&request, t.known()).await.unwrap();
                let fetch = c.elapsed();
                let c = Instant::now();
                let n = answer.events.len();
                t.absorb(answer);
                line += &format!(
                    " [plan {} fetch {} ({} keys, {n} events) absorb {}]",
                    ms(plan),
                    ms(fetch),
                    request.epcs.len() + request.classes.len(),
                    ms(c.elapsed())
                );
            }
            let c = Instant::now();
            let traced = t.finish();
            let finish = c.elapsed();
            let c = Instant::now();
            let _g = graph(&traced);
            eprintln!("{line} finish {} graph {}", ms(finish), ms(c.elapsed()));
        }
    }
    let (mut traces, mut recalls, mut hops) = (Vec::new(), Vec::new(), Vec::new());
    let mut summary = String::new();
    for round in 0..=rounds {
        let t = Instant::now();
        let request: &TraceRequest = &first_hop;
        let answer = store.trace_events(request, &HashSet::new()).await.unwrap();
        let hop = t.elapsed();

        let t = Instant::now();
        let traced = run_trace(store, Traversal::new(query.clone()))
            .await
            .unwrap();
        let g = graph(&traced);
        let trace = t.elapsed();

        // A recall also reads the units the events commissioned with the lot, as the API's
        // does, so that none commissioned beyond the registry is missed.
        let t = Instant::now();
        let mut start = query.start.clone();
        let commissioned = store
            .lot_units(lot.product.gtin.as_ref().unwrap(), &lot.batch.lot)
            .await
            .unwrap();
        start.extend(commissioned.into_iter().map(ObjectKey::Epc));
        let traced = run_trace(
            store,
            Traversal::new(TraceQuery {
                start,
                ..query.clone()
            }),
        )
        .await
        .unwrap();
        let l = ledger(&traced);
        let recall = t.elapsed();

        if round == 0 {
            // Warm-up; and what was found, once.
            summary = format!(
                "first hop: {} events; trace: {} hops, {} objects, {} events, {} nodes, {} edges; \
                 recall: {} party lines, {} with consumers",
                answer.events.len(),
                traced.hops,
                g.objects,
                g.events,
                g.nodes.len(),
                g.edges.len(),
                l.lines.len(),
                l.with_consumers.first().map_or(0.0, |(_, q)| *q),
            );
            continue;
        }
        hops.push(hop);
        traces.push(trace);
        recalls.push(recall);
    }
    let (hop, trace, recall) = (median(hops), median(traces), median(recalls));
    eprintln!("{}: {summary}", engine.name());
    let stored = chain.events.len() + fillers;
    let baseline = format!(
        "its first hop alone (one `trace_events` call for the batch's own keys): {}",
        ms(hop)
    );
    row(
        &format!(
            "downstream trace of a {units}-unit batch across 4 tiers, {}, {stored} events stored (median of {rounds})",
            engine.name()
        ),
        "≤ 100 ms",
        &ms(trace),
        &baseline,
        Some(trace.as_secs_f64() / hop.as_secs_f64()),
    );
    row(
        &format!(
            "recall scope of the batch (`lot_units`, trace, ledger), {}, {stored} events stored (median of {rounds})",
            engine.name()
        ),
        "≤ 1 s",
        &ms(recall),
        &baseline,
        Some(recall.as_secs_f64() / hop.as_secs_f64()),
    );
    if let Some(sqlite) = reopened_sqlite {
        sqlite.close().await;
    }
    drop(reopened);
    fresh.remove().await;
}
