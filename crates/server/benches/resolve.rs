//! Scan resolution over HTTP: requests per second and latency percentiles of
//! `GET /api/v1/resolve` at a fixed concurrency, on the embedded store loaded with the demo
//! dataset, against a same-run baseline: a bare endpoint on the same runtime and loopback
//! that returns a constant. Client and server share the machine, alike for both.
//!
//! `cargo bench -p yima-server --bench resolve`

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::Duration;

use http::{load, row};

const CONCURRENCY: usize = 32;
const DURATION: Duration = Duration::from_secs(5);
const WARM_UP: Duration = Duration::from_secs(1);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let demo = http::demo().await;
    let base = &demo.servers.base;
    let scans: Arc<Vec<String>> = Arc::new(
        http::demo_units(&demo.dataset)
            .iter()
            .map(|(gtin, serial)| {
                format!("{base}/api/v1/resolve?code=%2801%29{gtin}%2821%29{serial}")
            })
            .collect(),
    );
    let bare_urls = Arc::new(vec![demo.servers.bare_url.clone()]);
    load(scans.clone(), CONCURRENCY, None, WARM_UP).await;
    load(bare_urls.clone(), CONCURRENCY, None, WARM_UP).await;
    println!(
        "| measurement ({} demo codes, {CONCURRENCY} concurrent clients, {}s) | throughput | latency |",
        demo.dataset.units.len(),
        DURATION.as_secs()
    );
    println!("|---|---|---|");
    let ours = row(
        "resolve a unit code, SQLite",
        &load(scans, CONCURRENCY, None, DURATION).await,
    );
    let baseline = row(
        "same-run baseline: bare endpoint returning a constant",
        &load(bare_urls, CONCURRENCY, None, DURATION).await,
    );
    println!("ratio (resolve / bare endpoint): {:.2}", ours / baseline);
}
