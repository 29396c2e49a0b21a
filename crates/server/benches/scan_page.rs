//! The consumer's scan page (`GET /scan?code=…`, what a QR code opens on a phone): its weight,
//! the page and everything it loads, and its time to first byte under load at a fixed
//! concurrency, on the embedded store loaded with the demo dataset, against a same-run
//! baseline: a bare endpoint on the same runtime and loopback that returns a constant.
//!
//! `cargo bench -p yima-server --bench scan_page`

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::Duration;

use http::load;

const CONCURRENCY: usize = 32;
const DURATION: Duration = Duration::from_secs(5);
const WARM_UP: Duration = Duration::from_secs(1);
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
    let demo = http::demo().await;
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
        println!(
            "scan page weight ({lang}): {total} B uncompressed ({}); bound {WEIGHT_BOUND_BYTES} B; ratio {:.2}",
            parts.join(", "),
            total as f64 / WEIGHT_BOUND_BYTES as f64
        );
    }

    let bare_urls = Arc::new(vec![demo.servers.bare_url.clone()]);
    load(pages.clone(), CONCURRENCY, None, WARM_UP).await;
    load(bare_urls.clone(), CONCURRENCY, None, WARM_UP).await;
    println!(
        "| measurement ({} demo codes, {CONCURRENCY} concurrent clients, {}s) | throughput | time to first byte | whole answer |",
        demo.dataset.units.len(),
        DURATION.as_secs()
    );
    println!("|---|---|---|---|");
    let ours = load(pages, CONCURRENCY, None, DURATION).await;
    let baseline = load(bare_urls, CONCURRENCY, None, DURATION).await;
    let mut rates = Vec::new();
    for (what, run) in [
        ("scan page of a unit code, SQLite", &ours),
        (
            "same-run baseline: bare endpoint returning a constant",
            &baseline,
        ),
    ] {
        let rps = run.requests as f64 / run.seconds;
        rates.push(rps);
        println!(
            "| {what} | {rps:.0} req/s | p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms | p50 {:.2} ms, p99 {:.2} ms |",
            run.first_byte_percentile(0.5),
            run.first_byte_percentile(0.99),
            run.first_byte_percentile(0.999),
            run.percentile(0.5),
            run.percentile(0.99),
        );
    }
    println!(
        "ratio (scan page / bare endpoint): throughput {:.2}, p50 time to first byte {:.2}",
        rates[0] / rates[1],
        ours.first_byte_percentile(0.5) / baseline.first_byte_percentile(0.5)
    );
}
