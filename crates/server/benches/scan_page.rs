//! The consumer's scan page (`GET /scan?code=…`, what a QR code opens on a phone): its weight,
//! the page and everything it loads, and its time to first byte under load at a fixed
//! concurrency, on the embedded store loaded with the demo dataset, against a same-run
//! baseline: a bare endpoint on the same runtime and loopback that returns a constant. The
//! weight's baseline is the bound, 51,200 B. Embedded store only: the page costs what
//! the resolve API costs, which `--bench resolve` measures on both engines.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-server --bench scan_page` (the load
//! runs 5 s in `small`, 30 s in `large`)

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;

use http::bench::{Engine, Profile, row};
use http::{load, load_times};

const CONCURRENCY: usize = 32;
/// The bound on the scan page's weight.
const WEIGHT_BOUND_BYTES: usize = 50 * 1024;

/// The paths of the style sheets, scripts and images `html` loads.
fn subresources(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for part in html.split(attribute).skip(1) {
            let target = part.split('"').next().unwrap_or("");
            if target.starts_with("/assets/") {
                found.push(target.to_owned());
            }
        }
    }
    found
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (warm_up, duration) = load_times(Profile::from_env());
    let demo = http::demo(Engine::Sqlite).await;
    let base = demo.servers.base.clone();
    let pages: Arc<Vec<String>> = Arc::new(
        http::demo_units(&demo.dataset)
            .iter()
            .map(|(gtin, serial)| format!("{base}/scan?code=%2801%29{gtin}%2821%29{serial}"))
            .collect(),
    );

    // The weight: the page of a registered code in each language, and what it loads.
    let client = reqwest::Client::new();
    for lang in ["zh", "en"] {
        let page = client
            .get(format!("{}&lang={lang}", pages[0]))
            .send()
            .await
            .unwrap();
        assert!(page.status().is_success());
        let html = page.text().await.unwrap();
        assert!(html.contains("data-verdict=\"registered\""), "{html}");
        let mut total = html.len();
        let mut parts = vec![format!("page {} B", html.len())];
        for path in subresources(&html) {
            let body = client
                .get(format!("{base}{path}"))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            total += body.len();
            parts.push(format!("{path} {} B", body.len()));
        }
        let language = if lang == "zh" { "Chinese" } else { "English" };
        row(
            &format!(
                "scan page weight, a registered code, {language}: the page and what it loads, uncompressed"
            ),
            "< 50 KB",
            &format!("{total} B ({})", parts.join(", ")),
            &format!("the bound, {WEIGHT_BOUND_BYTES} B"),
            Some(total as f64 / WEIGHT_BOUND_BYTES as f64),
        );
    }

    let bare_urls = Arc::new(vec![demo.servers.bare_url.clone()]);
    load(pages.clone(), CONCURRENCY, None, warm_up).await;
    load(bare_urls.clone(), CONCURRENCY, None, warm_up).await;
    let ours = load(pages, CONCURRENCY, None, duration).await;
    let bare = load(bare_urls, CONCURRENCY, None, duration).await;
    row(
        &format!(
            "scan page under load, SQLite, {} demo codes, {CONCURRENCY} clients, {} s: throughput and time to first byte (whole answer p50 {:.2} ms)",
            demo.dataset.units.len(),
            duration.as_secs(),
            ours.percentile(0.5)
        ),
        "—",
        &format!(
            "{:.0} req/s; TTFB p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms",
            ours.rate(),
            ours.first_byte_percentile(0.5),
            ours.first_byte_percentile(0.99),
            ours.first_byte_percentile(0.999)
        ),
        &format!(
            "bare endpoint returning a constant: {:.0} req/s; TTFB p50 {:.2} ms, p99 {:.2} ms",
            bare.rate(),
            bare.first_byte_percentile(0.5),
            bare.first_byte_percentile(0.99)
        ),
        Some(ours.rate() / bare.rate()),
    );
    demo.remove().await;
}
