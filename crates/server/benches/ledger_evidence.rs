//! A record's evidence over HTTP — the record, its salt, its leaf and an inclusion proof in a
//! c2sp.org/tlog-proof, computed from the stored tiles — in a log of a million leaves (ten
//! million in the `large` profile): the latency of `GET /api/v1/ledger/records/{ref}` one
//! request at a time, on the embedded store loaded with the demo dataset, against a same-run
//! baseline: a bare endpoint on the same runtime and loopback that returns a constant.
//! Embedded store only (the filler leaves are queued by one SQLite statement); the proofs'
//! cost on PostgreSQL is in `ledger_append`.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-server --bench ledger_evidence`
//! (a log of 10⁶ filler leaves and 5 s of load in `small`; 10⁷ and 30 s in `large`)

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/mod.rs"]
mod http;

use std::sync::Arc;
use std::time::Duration;

use yima_domain::Catalogue;
use yima_domain::demo::dataset;
use yima_store::Store;

use http::bench::Profile;
use http::{http_row, load, load_times};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let profile = Profile::from_env();
    // Leaves besides the demo's, so that each proof climbs three levels of tiles (four in
    // `large`).
    let filler_leaves: u64 = profile.pick(1_000_000, 10_000_000);
    let (warm_up, duration) = load_times(profile);
    let loading = std::time::Instant::now();
    let (dir, sqlite) = yima_store::testing::sqlite_store().await.unwrap();
    let catalogue = Catalogue::builtin().unwrap();
    let demo = dataset(&catalogue, chrono::Utc::now()).unwrap();
    yima_store::insert_dataset(&sqlite, &demo, yima_store::OnConflict::Fail, |_| {})
        .await
        .unwrap();
    yima_store::testing::insert_filler_leaves(&sqlite, filler_leaves)
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
    eprintln!(
        "log of {size} leaves loaded and integrated in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
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
    load(evidence.clone(), 1, Some(&token), warm_up).await;
    load(bare_urls.clone(), 1, None, warm_up).await;
    let ours = load(evidence, 1, Some(&token), duration).await;
    let bare = load(bare_urls, 1, None, duration).await;
    http_row(
        &format!(
            "a record's evidence over HTTP (the record, its salt and leaf, and a tlog-proof from the stored tiles), SQLite, log of {size} leaves, one client with keep-alive, {} s",
            duration.as_secs()
        ),
        "< 1 ms",
        &ours,
        &bare,
    );
    drop(dir);
}
