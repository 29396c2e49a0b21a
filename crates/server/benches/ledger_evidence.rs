//! A record's evidence over HTTP — the record, its salt, its leaf and an inclusion proof in a
//! c2sp.org/tlog-proof, computed from the stored tiles — in a log of a million leaves: the
//! latency of `GET /api/v1/ledger/records/{ref}` one request at a time, on the embedded store
//! loaded with the demo dataset, against a same-run baseline: a bare endpoint on the same
//! runtime and loopback that returns a constant.
//!
//! `cargo bench -p yima-server --bench ledger_evidence`

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::Duration;

use yima_domain::Catalogue;
use yima_domain::demo::dataset;
use yima_store::Store;

use http::{load, row};

/// Leaves besides the demo's, so that each proof climbs three levels of tiles.
const FILLER_LEAVES: u64 = 1_000_000;
const DURATION: Duration = Duration::from_secs(5);
const WARM_UP: Duration = Duration::from_secs(1);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (dir, sqlite) = yima_store::testing::sqlite_store().await.unwrap();
    let catalogue = Catalogue::builtin().unwrap();
    let demo = dataset(&catalogue, chrono::Utc::now()).unwrap();
    yima_store::insert_dataset(&sqlite, &demo, yima_store::OnConflict::Fail, |_| {})
        .await
        .unwrap();
    yima_store::testing::insert_filler_leaves(&sqlite, FILLER_LEAVES)
        .await
        .unwrap();
    let store: Arc<dyn Store> = Arc::new(sqlite);
    yima_server::bootstrap::ensure_admin_token(store.as_ref(), dir.path())
        .await
        .unwrap();
    let token = std::fs::read_to_string(dir.path().join(yima_server::bootstrap::TOKEN_FILE))
        .unwrap()
        .trim()
        .to_owned();
    // Counted before the sequencer starts taking leaves off the queue.
    let size = store.queued_leaves().await.unwrap() + store.tree_head().await.unwrap().size;
    let servers = http::start(store, catalogue, dir.path()).await;
    while servers.ledger.latest().is_none_or(|c| c.size < size) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let base = servers.base;
    let evidence: Arc<Vec<String>> = Arc::new(
        demo.batches
            .iter()
            .map(|b| format!("{base}/api/v1/ledger/records/batch:{}", b.id))
            .chain(
                demo.products
                    .iter()
                    .map(|p| format!("{base}/api/v1/ledger/records/product:{}", p.id)),
            )
            .collect(),
    );
    let bare_urls = Arc::new(vec![servers.bare_url]);
    load(evidence.clone(), 1, Some(&token), WARM_UP).await;
    load(bare_urls.clone(), 1, None, WARM_UP).await;
    println!(
        "| measurement (a log of {size} leaves, one client, {}s) | throughput | latency |",
        DURATION.as_secs()
    );
    println!("|---|---|---|");
    row(
        "a record's evidence with its inclusion proof, SQLite",
        &load(evidence, 1, Some(&token), DURATION).await,
    );
    row(
        "same-run baseline: bare endpoint returning a constant",
        &load(bare_urls, 1, None, DURATION).await,
    );
}
