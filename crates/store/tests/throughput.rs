//! Rough bulk-registration throughput, for humans: no timed assertions, ignored by default.
//!
//! `cargo test --release -p yima-store --test throughput -- --ignored --nocapture`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::Instant;

use support::*;
use yima_store::Store;

const CALLS: u64 = 20;
const PER_CALL: u64 = 10_000;

async fn measure(name: &str, store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let big = batch(&w.product, "BIG", CALLS * PER_CALL);
    store.insert_batch(&big).await.unwrap();
    // Codes are made before the clock starts: this measures the store, not the parser.
    let calls: Vec<_> = (0..CALLS)
        .map(|c| units(&w.product, &big, "P", c * PER_CALL..(c + 1) * PER_CALL))
        .collect();
    let started = Instant::now();
    let mut each = Vec::new();
    for call in &calls {
        let t = Instant::now();
        store.register_units(&big, call).await.unwrap();
        each.push(t.elapsed().as_millis());
    }
    let secs = started.elapsed().as_secs_f64();
    let total = CALLS * PER_CALL;
    assert_eq!(store.unit_count(big.id).await.unwrap(), total);
    println!(
        "{name}: {total} codes in {CALLS} calls of {PER_CALL}: {secs:.2} s, {:.0} codes/s \
         (ms per call: {each:?})",
        total as f64 / secs
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, run by hand"]
async fn sqlite_bulk_registration() {
    let (_dir, store) = yima_store::testing::sqlite().await.unwrap();
    measure("sqlite", store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, run by hand"]
async fn postgres_bulk_registration() {
    let store = yima_store::testing::postgres().await.unwrap();
    measure("postgres", store).await;
}
