//! Scan resolution over HTTP: requests per second and latency percentiles of
//! `GET /api/v1/resolve` at a fixed concurrency, on the embedded store loaded with the demo
//! dataset, against a same-run baseline: a bare endpoint on the same runtime and loopback
//! that returns a constant. Client and server share the machine, alike for both.
//!
//! `cargo bench -p yima-server --bench resolve`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use yima_domain::Catalogue;
use yima_domain::demo::dataset;
use yima_server::AppState;

const CONCURRENCY: usize = 32;
const DURATION: Duration = Duration::from_secs(5);
const WARM_UP: Duration = Duration::from_secs(1);

struct Run {
    requests: usize,
    seconds: f64,
    latencies_us: Vec<u64>,
}

impl Run {
    fn percentile(&self, p: f64) -> f64 {
        let i = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_us[i] as f64 / 1000.0
    }
}

/// `CONCURRENCY` clients with keep-alive, each sending `urls` round-robin for `duration`.
async fn load(urls: Arc<Vec<String>>, duration: Duration) -> Run {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|c| {
            let (client, urls) = (client.clone(), urls.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = c * 7919;
                while started.elapsed() < duration {
                    let url = &urls[i % urls.len()];
                    i += 1;
                    let t = Instant::now();
                    let r = client.get(url).send().await.unwrap();
                    assert!(r.status().is_success(), "{url}: {}", r.status());
                    r.bytes().await.unwrap();
                    latencies.push(t.elapsed().as_micros() as u64);
                }
                latencies
            })
        })
        .collect();
    let mut latencies_us = Vec::new();
    for t in tasks {
        latencies_us.extend(t.await.unwrap());
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies_us.sort_unstable();
    Run {
        requests: latencies_us.len(),
        seconds,
        latencies_us,
    }
}

fn row(what: &str, run: &Run) -> f64 {
    let rps = run.requests as f64 / run.seconds;
    println!(
        "| {what} | {rps:.0} req/s | p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms |",
        run.percentile(0.5),
        run.percentile(0.99),
        run.percentile(0.999)
    );
    rps
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (_dir, store) = yima_store::testing::sqlite().await.unwrap();
    let catalogue = Catalogue::builtin().unwrap();
    let demo = dataset(&catalogue, chrono::Utc::now()).unwrap();
    yima_store::insert_dataset(store.as_ref(), &demo, yima_store::OnConflict::Fail, |_| {})
        .await
        .unwrap();

    let keys_dir = tempfile::tempdir().unwrap();
    let keys = yima_server::keys::ensure_issuing_keys(store.as_ref(), keys_dir.path())
        .await
        .unwrap();
    let log_key = yima_server::log_key::ensure_log_key(
        store.as_ref(),
        keys_dir.path(),
        &yima_server::log_key::LogKeySource::default(),
    )
    .await
    .unwrap();
    let (ledger, _sequencer) =
        yima_server::sequencer::start(store.clone(), log_key, Default::default())
            .await
            .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(yima_server::serve(
        listener,
        AppState::new(store, catalogue, keys, ledger),
        std::future::pending(),
    ));
    let bare = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare_url = format!("http://{}/constant", bare.local_addr().unwrap());
    let constant = Router::new().route(
        "/constant",
        get(|| async { "{\"verdict\":\"registered\"}" }),
    );
    tokio::spawn(async move { axum::serve(bare, constant).await });

    let scans: Arc<Vec<String>> = Arc::new(
        demo.units
            .iter()
            .filter_map(|u| Some((u.gtin.as_ref()?, u.serial.as_ref()?)))
            .map(|(gtin, serial)| {
                format!("{base}/api/v1/resolve?code=%2801%29{gtin}%2821%29{serial}")
            })
            .collect(),
    );
    let bare_urls = Arc::new(vec![bare_url]);
    load(scans.clone(), WARM_UP).await;
    load(bare_urls.clone(), WARM_UP).await;
    println!(
        "| measurement ({} demo codes, {CONCURRENCY} concurrent clients, {}s) | throughput | latency |",
        demo.units.len(),
        DURATION.as_secs()
    );
    println!("|---|---|---|");
    let ours = row("resolve a unit code, SQLite", &load(scans, DURATION).await);
    let baseline = row(
        "same-run baseline: bare endpoint returning a constant",
        &load(bare_urls, DURATION).await,
    );
    println!("ratio (resolve / bare endpoint): {:.2}", ours / baseline);
}
