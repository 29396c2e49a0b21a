//! EPCIS capture over HTTP, sustained: documents of JSON-LD events (shipments of 10 units
//! each, half written as EPC URNs and half as Digital Links) sent to `POST /epcis/capture` by
//! several clients (4 unless `YIMA_CAPTURE_CLIENTS` says otherwise), each waiting for its job
//! to end (`Prefer: wait`, as `yima import` waits) before sending the next; an event counts when
//! its job has stored it with its ledger leaf. The server runs as `yima serve` runs it (audit
//! trail and sequencer on) over each engine: SQLite, then PostgreSQL in a schema of its own
//! (dropped at the end). The same-run baseline, before each engine's run, is the same
//! documents read (every event checked and hashed) and discarded by two threads, one per
//! core, for a quarter of the measured time.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-server --bench epcis_capture`
//! (PostgreSQL at `YIMA_TEST_POSTGRES_URL`; `YIMA_CAPTURE_EVENTS` sets the events per
//! document, default 1,000; `YIMA_CAPTURE_SECONDS` the measured time per engine, default 10
//! in the `small` profile and 60 in `large`; `YIMA_CAPTURE_POLL_MS` how soon a client asks
//! again if an answer came before its job ended, default 5.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::bench::{Engine, Fresh, Profile, engines, median, row};
use serde_json::{Value, json};
use yima_domain::Catalogue;
use yima_domain::epcis::sample::{EPCS_PER_SHIPMENT, shipments};
use yima_domain::epcis::{event_hash_id, read_document};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Reads, checks and hashes every event of `bytes`, then drops them: the baseline.
fn read_and_discard(bytes: &[u8]) -> usize {
    let document = read_document(bytes).unwrap();
    document
        .events
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            event_hash_id(&e.to_json(), e.namespace_map()).unwrap();
        })
        .count()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let profile = Profile::from_env();
    let settings = Settings {
        per_document: setting("YIMA_CAPTURE_EVENTS", 1_000),
        clients: setting("YIMA_CAPTURE_CLIENTS", 4) as usize,
        seconds: setting("YIMA_CAPTURE_SECONDS", profile.pick(10, 60)),
        poll: Duration::from_millis(setting("YIMA_CAPTURE_POLL_MS", 5)),
    };
    for engine in engines() {
        measure(engine, &settings).await;
    }
}

#[derive(Clone, Copy)]
struct Settings {
    per_document: u64,
    clients: usize,
    seconds: u64,
    poll: Duration,
}

async fn measure(engine: Engine, settings: &Settings) {
    let Settings {
        per_document,
        clients,
        seconds,
        poll,
    } = *settings;
    let fresh = Fresh::new(engine).await;
    let store = fresh.store();
    let dir = fresh.dir.path();
    yima_server::bootstrap::ensure_admin_token(store.as_ref(), dir)
        .await
        .unwrap();
    let token = std::fs::read_to_string(dir.join(yima_server::bootstrap::TOKEN_FILE))
        .unwrap()
        .trim()
        .to_owned();
    let servers = http::start(store.clone(), Catalogue::builtin().unwrap(), dir).await;
    let client = reqwest::Client::new();
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let measure = Duration::from_secs(seconds);

    // Baseline: the same documents read and discarded, two threads at once.
    let sample = Arc::new(shipments(999_999, per_document).into_bytes());
    let started = Instant::now();
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let sample = sample.clone();
            std::thread::spawn(move || {
                let mut events = 0;
                while started.elapsed() < measure / 4 {
                    events += read_and_discard(&sample);
                }
                events
            })
        })
        .collect();
    let read: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let baseline = read as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, token, base, next) = (
                client.clone(),
                token.clone(),
                servers.base.clone(),
                next.clone(),
            );
            tokio::spawn(async move {
                let mut stored = 0u64;
                let mut latencies = Vec::new();
                while started.elapsed() < measure {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let body = shipments(n, per_document).into_bytes();
                    let t = Instant::now();
                    let r = client
                        .post(format!("{base}/epcis/capture"))
                        .bearer_auth(&token)
                        .header("Content-Type", "application/ld+json")
                        .body(body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
                    let location = r.headers()["location"].to_str().unwrap().to_owned();
                    loop {
                        let job: Value = client
                            .get(format!("{base}{location}"))
                            .bearer_auth(&token)
                            .header("Prefer", "wait=30")
                            .send()
                            .await
                            .unwrap()
                            .json()
                            .await
                            .unwrap();
                        if job["running"] == json!(false) {
                            assert_eq!(job["success"], json!(true), "{job}");
                            stored += job["storedEvents"].as_u64().unwrap();
                            break;
                        }
                        tokio::time::sleep(poll).await;
                    }
                    latencies.push(t.elapsed().as_millis() as u64);
                }
                (stored, latencies)
            })
        })
        .collect();
    let mut stored = 0;
    let mut latencies = Vec::new();
    for t in tasks {
        let (s, l) = t.await.unwrap();
        stored += s;
        latencies.extend(l);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rate = stored as f64 / elapsed;
    eprintln!(
        "{}: {stored} events stored in {elapsed:.1} s",
        engine.name()
    );
    row(
        &format!(
            "EPCIS capture over HTTP, {}, ledger leaves included: {clients} clients, documents of {per_document} events of {EPCS_PER_SHIPMENT} EPCs, {seconds} s",
            engine.name()
        ),
        if engine == Engine::Sqlite {
            "≥ 20,000 events/s"
        } else {
            "—"
        },
        &format!(
            "{rate:.0} events/s (median document {} ms)",
            median(latencies)
        ),
        &format!(
            "the same documents read, checked, hashed and discarded on two threads: {baseline:.0} events/s"
        ),
        Some(rate / baseline),
    );
    servers.stop().await;
    fresh.remove().await;
}
