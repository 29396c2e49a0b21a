//! How fast `yima log verify` checks a large log: a synthetic log of `YIMA_VERIFY_LEAVES`
//! leaves (default a million) built in a SQLite store — random 128-byte entries (the demo's
//! average entry is 128 bytes) queued by raw SQL, then integrated by the store's own
//! sequencing code and signed — verified by the real binary with `--tree-only` (the entries
//! commit to no records). Ignored by default; for figures that mean anything, run it on a
//! release build:
//!
//! ```text
//! YIMA_VERIFY_LEAVES=4000000 cargo test --release -p yima --test log_throughput -- --ignored --nocapture
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use yima_ledger::NoteSigner;
use yima_store::{SqliteOptions, SqliteStore, Store};

#[test]
#[ignore = "builds a large log; run on a release build to measure"]
fn verify_throughput() {
    let leaves: u64 = std::env::var("YIMA_VERIFY_LEAVES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    // YIMA_VERIFY_DIR keeps the log (in a directory that must not exist yet) for profiling.
    let temp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("YIMA_VERIFY_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => temp.path().to_owned(),
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let started = Instant::now();
    rt.block_on(async {
        let store = SqliteStore::open(&SqliteOptions::new(dir.join("yima.db")))
            .await
            .unwrap();
        yima_store::testing::insert_filler_leaves(&store, leaves)
            .await
            .unwrap();
        // On SQLite the leaves wait for integration by being above the latest head: no queue
        // rows to write.
        let holder = uuid::Uuid::now_v7();
        assert!(
            store
                .take_sequencer_lease(holder, Duration::from_secs(3600))
                .await
                .unwrap()
        );
        let mut head = None;
        while let Some(h) = store.integrate(holder, 100_000).await.unwrap() {
            head = Some(h);
        }
        let head = head.unwrap();
        assert_eq!(head.size, leaves);
        let signer = NoteSigner::new("throughput.example/log", &[5; 32]).unwrap();
        yima_store::testing::sign_and_store_checkpoint(&store, &signer, head)
            .await
            .unwrap();
        std::fs::write(dir.join("log.key"), signer.to_key_string()).unwrap();
        store.close().await;
    });
    eprintln!("built a log of {leaves} leaves in {:?}", started.elapsed());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yima"))
        .args(["log", "verify", "--tree-only", "--data-dir"])
        .arg(&dir)
        .env_remove("YIMA_DATABASE_URL")
        .env_remove("YIMA_CONFIG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());
    assert!(stdout.contains(&format!("verified: {leaves} leaves")));
}
