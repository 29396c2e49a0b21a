//! EPCIS capture over HTTP, sustained: documents of JSON-LD events (shipments of 10 units
//! each, half written as EPC URNs and half as Digital Links) sent to `POST /epcis/capture` by
//! several clients (4 unless `YIMA_CAPTURE_CLIENTS` says otherwise), each waiting for its job
//! to end before sending the next; an event counts when
//! its job has stored it with its ledger leaf. The same-run baseline is the same documents
//! read (every event checked and hashed) and discarded by two threads, one per core.
//!
//! `cargo bench -p yima-server --bench epcis_capture`
//! (`YIMA_CAPTURE_EVENTS` sets the events per document, default 1,000; `YIMA_CAPTURE_SECONDS`
//! the measured time, default 20; `YIMA_CAPTURE_POLL_MS` how often a client asks whether its
//! job has ended, default 5.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use yima_domain::Catalogue;
use yima_domain::epcis::sample::{EPCS_PER_SHIPMENT, shipments};
use yima_domain::epcis::{event_hash_id, read_document};
use yima_store::Store;

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
    let per_document = setting("YIMA_CAPTURE_EVENTS", 1_000);
    let clients = setting("YIMA_CAPTURE_CLIENTS", 4) as usize;
    let seconds = setting("YIMA_CAPTURE_SECONDS", 20);
    let poll = Duration::from_millis(setting("YIMA_CAPTURE_POLL_MS", 5));
    let (dir, sqlite) = yima_store::testing::sqlite_store().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(sqlite);
    yima_server::bootstrap::ensure_admin_token(store.as_ref(), dir.path())
        .await
        .unwrap();
    let token = std::fs::read_to_string(dir.path().join(yima_server::bootstrap::TOKEN_FILE))
        .unwrap()
        .trim()
        .to_owned();
    let servers = http::start(store.clone(), Catalogue::builtin().unwrap(), dir.path()).await;
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
    latencies.sort_unstable();
    let rate = stored as f64 / elapsed;
    println!(
        "| measurement ({clients} clients, documents of {per_document} events of {EPCS_PER_SHIPMENT} EPCs, {seconds} s) | events/s | ratio |"
    );
    println!("|---|---|---|");
    println!(
        "| capture over HTTP to the embedded store, ledger leaves included (median document {} ms) | {rate:.0} | {:.2} |",
        latencies[latencies.len() / 2],
        rate / baseline
    );
    println!(
        "| same-run baseline: the documents read, checked, hashed and discarded | {baseline:.0} | 1.00 |"
    );
    println!("(events stored: {stored})");
}
