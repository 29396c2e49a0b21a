//! Engine-specific: what survives closing a store, and concurrent first starts.

use std::sync::Arc;

use yima_store::{Counts, Store};

use crate::raw::everything;

/// Writes one record of every kind, closes, and checks a new store on the same data.
async fn check<F: std::future::Future<Output = Arc<dyn Store>>>(first: Arc<dyn Store>, reopen: F) {
    let before = everything(&*first).await;
    let e = first.enterprises(None, 10).await.unwrap();
    drop(first);
    let second = reopen.await;
    assert_eq!(second.counts().await.unwrap(), before);
    assert_eq!(second.enterprises(None, 10).await.unwrap(), e);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_file_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let options = yima_store::SqliteOptions::new(dir.path().join("data/yima.db"));
    // Dropped, not closed: what was acknowledged is in the file (or its WAL) already.
    let first = yima_store::SqliteStore::open(&options).await.unwrap();
    check(Arc::new(first), async {
        Arc::new(yima_store::SqliteStore::open(&options).await.unwrap()) as Arc<dyn Store>
    })
    .await;
    // Closed: the last connection checkpoints; a third open still finds everything.
    let closed = yima_store::SqliteStore::open(&options).await.unwrap();
    closed.close().await;
    let third = yima_store::SqliteStore::open(&options).await.unwrap();
    assert_eq!(third.counts().await.unwrap().unit_codes, 3); // two registered, one issued
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_schema_keeps_everything() {
    let options = yima_store::testing::postgres_options();
    let first = yima_store::PostgresStore::connect(&options).await.unwrap();
    let first_dyn: Arc<dyn Store> = Arc::new(first.clone());
    check(first_dyn, async {
        first.close().await;
        Arc::new(yima_store::PostgresStore::connect(&options).await.unwrap()) as Arc<dyn Store>
    })
    .await;
}

/// Instances starting at once on an empty schema race on the first migration (there is no
/// advisory lock); every one of them must come up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_concurrent_starts_all_migrate() {
    let options = yima_store::testing::postgres_options();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let options = options.clone();
            tokio::spawn(async move { yima_store::PostgresStore::connect(&options).await })
        })
        .collect();
    for start in starts {
        let store = start.await.unwrap().unwrap();
        assert_eq!(store.counts().await.unwrap(), Counts::default());
    }
}

/// The URL form of a fresh schema (for other processes) is migrated and isolated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_url_with_fresh_schema_is_isolated() {
    let url = yima_store::testing::postgres_url_with_fresh_schema()
        .await
        .unwrap();
    let options = yima_store::PostgresOptions::new(url);
    let first = yima_store::PostgresStore::connect(&options).await.unwrap();
    everything(&first).await;
    let again = yima_store::PostgresStore::connect(&options).await.unwrap();
    assert_eq!(again.counts().await.unwrap().unit_codes, 3); // two registered, one issued
    let other = yima_store::testing::postgres_url_with_fresh_schema()
        .await
        .unwrap();
    let other = yima_store::PostgresStore::connect(&yima_store::PostgresOptions::new(other))
        .await
        .unwrap();
    assert_eq!(other.counts().await.unwrap(), Counts::default());
}
