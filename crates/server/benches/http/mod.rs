//! What the HTTP benchmarks share: the server started as `yima serve` starts it, beside a
//! bare endpoint for the baseline; a load of keep-alive clients; and a table row of its
//! throughput and latency percentiles.

// Each bench compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use yima_domain::Catalogue;
use yima_server::AppState;
use yima_server::sequencer::Ledger;
use yima_store::Store;

// The allocator the `yima` binary runs with, for every benchmark that includes this module.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The running servers: ours at `base`, the baseline's constant at `bare_url`.
pub struct Servers {
    pub base: String,
    pub bare_url: String,
    pub ledger: Ledger,
}

/// Starts the server on `store` (issuing and log keys kept in `dir`, its sequencer running)
/// and a bare endpoint returning a constant, each on its own loopback port.
pub async fn start(store: Arc<dyn Store>, catalogue: Catalogue, dir: &Path) -> Servers {
    let keys = yima_server::keys::ensure_issuing_keys(store.as_ref(), dir)
        .await
        .unwrap();
    let log_key = yima_server::log_key::ensure_log_key(
        store.as_ref(),
        dir,
        &yima_server::log_key::LogKeySource::default(),
    )
    .await
    .unwrap();
    // A dropped handle leaves the sequencer running for the bench's life.
    let (ledger, _) = yima_server::sequencer::start(store.clone(), log_key, Default::default())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // As `yima serve`: every write and keyed read goes to the audit trail (its writer runs
    // for the bench's life). Rate limits stay off: the load is one key's, on purpose.
    let (state, _audit) = AppState::new(store, catalogue, keys, ledger.clone()).with_audit_trail();
    tokio::spawn(yima_server::serve(listener, state, std::future::pending()));
    let bare = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare_url = format!("http://{}/constant", bare.local_addr().unwrap());
    let constant = Router::new().route("/constant", get(|| async { "{\"ok\":true}" }));
    tokio::spawn(async move { axum::serve(bare, constant).await });
    Servers {
        base,
        bare_url,
        ledger,
    }
}

/// The demo dataset in a fresh embedded store, with the servers started on it.
pub struct Demo {
    pub dataset: yima_domain::demo::DemoDataset,
    pub servers: Servers,
    /// The store's directory and the keys', removed when the bench ends.
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

/// Loads the demo dataset into a fresh SQLite store and starts the servers on it.
pub async fn demo() -> Demo {
    let (store_dir, store) = yima_store::testing::sqlite().await.unwrap();
    let catalogue = Catalogue::builtin().unwrap();
    let dataset = yima_domain::demo::dataset(&catalogue, chrono::Utc::now()).unwrap();
    yima_store::insert_dataset(
        store.as_ref(),
        &dataset,
        yima_store::OnConflict::Fail,
        |_| {},
    )
    .await
    .unwrap();
    let keys_dir = tempfile::tempdir().unwrap();
    let servers = start(store, catalogue, keys_dir.path()).await;
    Demo {
        dataset,
        servers,
        _dirs: (store_dir, keys_dir),
    }
}

/// The demo's unit codes with a GTIN and a serial, as `(gtin, serial)`.
pub fn demo_units(dataset: &yima_domain::demo::DemoDataset) -> Vec<(String, String)> {
    dataset
        .units
        .iter()
        .filter_map(|u| Some((u.gtin.as_ref()?.to_string(), u.serial.clone()?)))
        .collect()
}

pub struct Run {
    pub requests: usize,
    pub seconds: f64,
    /// Request sent to the whole body read, sorted.
    pub latencies_us: Vec<u64>,
    /// Request sent to the answer's status and headers read (time to first byte), sorted.
    pub first_bytes_us: Vec<u64>,
}

impl Run {
    pub fn percentile(&self, p: f64) -> f64 {
        percentile(&self.latencies_us, p)
    }

    pub fn first_byte_percentile(&self, p: f64) -> f64 {
        percentile(&self.first_bytes_us, p)
    }
}

/// The `p` quantile of sorted microseconds, in milliseconds.
fn percentile(sorted_us: &[u64], p: f64) -> f64 {
    let i = ((sorted_us.len() as f64 - 1.0) * p).round() as usize;
    sorted_us[i] as f64 / 1000.0
}

/// `concurrency` clients with keep-alive, each sending `urls` round-robin for `duration`,
/// with `bearer` as their token if given.
pub async fn load(
    urls: Arc<Vec<String>>,
    concurrency: usize,
    bearer: Option<&str>,
    duration: Duration,
) -> Run {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|c| {
            let (client, urls) = (client.clone(), urls.clone());
            let bearer = bearer.map(str::to_owned);
            tokio::spawn(async move {
                let (mut latencies, mut first_bytes) = (Vec::new(), Vec::new());
                let mut i = c * 7919;
                while started.elapsed() < duration {
                    let url = &urls[i % urls.len()];
                    i += 1;
                    let t = Instant::now();
                    let mut request = client.get(url);
                    if let Some(token) = &bearer {
                        request = request.bearer_auth(token);
                    }
                    let r = request.send().await.unwrap();
                    first_bytes.push(t.elapsed().as_micros() as u64);
                    assert!(r.status().is_success(), "{url}: {}", r.status());
                    r.bytes().await.unwrap();
                    latencies.push(t.elapsed().as_micros() as u64);
                }
                (latencies, first_bytes)
            })
        })
        .collect();
    let (mut latencies_us, mut first_bytes_us) = (Vec::new(), Vec::new());
    for t in tasks {
        let (latencies, first_bytes) = t.await.unwrap();
        latencies_us.extend(latencies);
        first_bytes_us.extend(first_bytes);
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies_us.sort_unstable();
    first_bytes_us.sort_unstable();
    Run {
        requests: latencies_us.len(),
        seconds,
        latencies_us,
        first_bytes_us,
    }
}

pub fn row(what: &str, run: &Run) -> f64 {
    let rps = run.requests as f64 / run.seconds;
    println!(
        "| {what} | {rps:.0} req/s | p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms |",
        run.percentile(0.5),
        run.percentile(0.99),
        run.percentile(0.999)
    );
    rps
}
