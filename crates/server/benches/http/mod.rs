//! What the HTTP benchmarks share: a load of keep-alive clients and a table row of its
//! throughput and latency percentiles.

use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Run {
    pub requests: usize,
    pub seconds: f64,
    pub latencies_us: Vec<u64>,
}

impl Run {
    pub fn percentile(&self, p: f64) -> f64 {
        let i = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_us[i] as f64 / 1000.0
    }
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
                let mut latencies = Vec::new();
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
