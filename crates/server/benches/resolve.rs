//! Scan resolution over HTTP at scale: requests per second and latency percentiles (p50, p99,
//! p99.9) of `GET /api/v1/resolve` at a fixed concurrency of 32 keep-alive clients, on each
//! engine (SQLite, and PostgreSQL in a schema of its own, dropped at the end). The store holds
//! the demo dataset and a batch of a demo product with as many unit codes as the profile says
//! — 10⁵ in `small`, 10⁸ in `large` — registered through `Store::register_units` 10,000 a
//! call, serials from a counter (the loading rate goes to stderr). Each request resolves a
//! code picked pseudo-randomly (deterministic) over all the registered ones, in bracketed
//! form. Same-run baseline: a bare endpoint on the same runtime and loopback that returns a
//! constant, loaded by the same clients. Client and server share the machine, alike for both.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-server --bench resolve` (PostgreSQL at
//! `YIMA_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test), with
//! `YIMA_RESOLVE_CODES` codes instead of the profile's (e.g. 10_000_000) and
//! `YIMA_BENCH_ENGINES` (`sqlite`, `postgres`) to run on one engine only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;

use http::bench::{Profile, engines};
use http::{http_row, load, load_times, register_at_scale};

const CONCURRENCY: usize = 32;
/// Codes the requests go round, picked over all the registered ones.
const PICKS: usize = 1 << 18;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let profile = Profile::from_env();
    let codes: u64 = std::env::var("YIMA_RESOLVE_CODES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(profile.pick(100_000, 100_000_000));
    let (warm_up, duration) = load_times(profile);
    for engine in engines() {
        let demo = http::demo(engine).await;
        let registered =
            register_at_scale(demo.fresh.store().as_ref(), &demo.dataset, codes, engine).await;
        let base = &demo.servers.base;
        let scans: Arc<Vec<String>> = Arc::new(
            registered
                .spread(PICKS)
                .iter()
                .map(|(gtin, serial)| {
                    format!("{base}/api/v1/resolve?code=%2801%29{gtin}%2821%29{serial}")
                })
                .collect(),
        );
        // The picked codes are the registered ones.
        for url in scans.iter().take(3) {
            let answer: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
            assert_eq!(answer["verdict"], "registered", "{url}: {answer}");
        }
        let bare_urls = Arc::new(vec![demo.servers.bare_url.clone()]);
        load(scans.clone(), CONCURRENCY, None, warm_up).await;
        load(bare_urls.clone(), CONCURRENCY, None, warm_up).await;
        let ours = load(scans, CONCURRENCY, None, duration).await;
        let bare = load(bare_urls, CONCURRENCY, None, duration).await;
        http_row(
            &format!(
                "resolve a unit code over HTTP, {}, {codes} registered codes (+ {} demo codes), {CONCURRENCY} concurrent clients, {} s",
                engine.name(),
                demo.dataset.units.len(),
                duration.as_secs()
            ),
            "—",
            &ours,
            &bare,
        );
        demo.remove().await;
    }
}
