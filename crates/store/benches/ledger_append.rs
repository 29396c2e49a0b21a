//! Appending to the ledger durably: leaves written (the rows every record write adds: the
//! leaf and its queue entry, committed in transactions of 1,000), then integrated by the
//! sequencer's path (`Store::integrate`: indexes, tiles, bundles and tree head in one durable
//! transaction per 20,000 leaves) and a checkpoint signed and stored for the head. Baseline,
//! in the same run: raw SHA-256 leaf hashes of the same entries on one core.
//!
//! `cargo bench -p yima-store --bench ledger_append`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use uuid::Uuid;
use yima_domain::ledger::{LeafEntry, PublicFields, RecordKind};
use yima_ledger::{Checkpoint, NoteSigner, leaf_hash};
use yima_store::testing::RawSql;
use yima_store::{Store, StoredCheckpoint};

const ROUNDS: usize = 5;
const LEAVES: usize = 100_000;
const ROWS_PER_COMMIT: usize = 1_000;
const INTEGRATION_BATCH: usize = 20_000;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Entries as a batch's would be: kind, time, commitment, the batch's public identifiers.
fn entries(round: usize) -> Vec<(Uuid, Vec<u8>)> {
    (0..LEAVES)
        .map(|i| {
            let id = Uuid::now_v7();
            let mut commitment = [0u8; 32];
            commitment[..8].copy_from_slice(&((round * LEAVES + i) as u64).to_be_bytes());
            let entry = LeafEntry {
                kind: RecordKind::Batch,
                time: Utc::now(),
                commitment,
                public: PublicFields::new().with("id", id.to_string()),
            };
            (id, entry.encode())
        })
        .collect()
}

fn blob(engine: &str, bytes: &[u8]) -> String {
    if engine == "sqlite" {
        format!("X'{}'", hex(bytes))
    } else {
        format!("'\\x{}'::bytea", hex(bytes))
    }
}

/// A leaf id as each engine's column takes it.
fn id_literal(engine: &str, id: &Uuid) -> String {
    if engine == "sqlite" {
        blob(engine, id.as_bytes())
    } else {
        format!("'{id}'::uuid")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the leaves as record writes do (leaf row and queue row), `ROWS_PER_COMMIT` per
/// durable transaction.
async fn write_leaves(engine: &str, raw: &dyn RawSql, leaves: &[(Uuid, Vec<u8>)], round: usize) {
    let now = if engine == "sqlite" {
        format!("'{}'", Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ"))
    } else {
        "now()".to_owned()
    };
    for (n, chunk) in leaves.chunks(ROWS_PER_COMMIT).enumerate() {
        let rows: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(i, (id, entry))| {
                let salt = [7u8; 32];
                format!(
                    "({}, 3, 'bench:{round}/{n}/{i}', {}, {}, {now})",
                    id_literal(engine, id),
                    blob(engine, &salt),
                    blob(engine, entry)
                )
            })
            .collect();
        let queue: Vec<String> = chunk
            .iter()
            .map(|(id, _)| format!("({})", id_literal(engine, id)))
            .collect();
        // The leaves and their queue rows in one transaction.
        let leaves = format!(
            "INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) VALUES {}",
            rows.join(", ")
        );
        let sql = if engine == "sqlite" {
            format!(
                "BEGIN; {leaves}; INSERT INTO log_queue (leaf_id) VALUES {}; COMMIT",
                queue.join(", ")
            )
        } else {
            format!("WITH l AS ({leaves} RETURNING id) INSERT INTO log_queue SELECT id FROM l")
        };
        raw.raw_execute_for_tests(&sql).await.unwrap();
    }
}

/// Integrates everything queued and signs and stores a checkpoint of the head.
async fn integrate(store: &dyn Store, holder: Uuid, signer: &NoteSigner) {
    let mut last = None;
    while let Some(head) = store.integrate(holder, INTEGRATION_BATCH).await.unwrap() {
        last = Some(head);
    }
    let head = last.unwrap();
    let note = Checkpoint::new(signer.name(), head.size, head.root)
        .sign(signer)
        .unwrap();
    store
        .insert_checkpoint(&StoredCheckpoint {
            size: head.size,
            root: head.root,
            note,
        })
        .await
        .unwrap();
}

struct Rates {
    write: f64,
    integrate: f64,
    append: f64,
    sha256: f64,
}

async fn measure(engine: &str, store: Arc<dyn Store>, raw: &dyn RawSql) -> Rates {
    let holder = Uuid::now_v7();
    assert!(
        store
            .take_sequencer_lease(holder, Duration::from_secs(3_600))
            .await
            .unwrap()
    );
    let signer = NoteSigner::new("bench.example/log", &[9u8; 32]).unwrap();
    let (mut write, mut integration, mut append, mut sha) = (vec![], vec![], vec![], vec![]);
    for round in 0..ROUNDS {
        let leaves = entries(round);
        let started = Instant::now();
        write_leaves(engine, raw, &leaves, round).await;
        let wrote = started.elapsed().as_secs_f64();
        let started = Instant::now();
        integrate(store.as_ref(), holder, &signer).await;
        let integrated = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut acc = 0u8;
        for (_, entry) in &leaves {
            acc ^= leaf_hash(entry)[0];
        }
        std::hint::black_box(acc);
        sha.push(LEAVES as f64 / started.elapsed().as_secs_f64());
        write.push(LEAVES as f64 / wrote);
        integration.push(LEAVES as f64 / integrated);
        append.push(LEAVES as f64 / (wrote + integrated));
    }
    assert_eq!(
        store.tree_head().await.unwrap().size,
        (ROUNDS * LEAVES) as u64
    );
    Rates {
        write: median(write),
        integrate: median(integration),
        append: median(append),
        sha256: median(sha),
    }
}

fn report(engine: &str, r: &Rates) {
    let base = format!("raw SHA-256 leaf hashes: {:.0}/s", r.sha256);
    println!(
        "| ledger append end to end (leaves written + integrated + checkpoint), {engine} | {:.0} leaves/s | {base} | {:.2} |",
        r.append,
        r.append / r.sha256
    );
    println!(
        "| ledger integration (sequencer), {engine}, {INTEGRATION_BATCH} per transaction | {:.0} leaves/s | {base} | {:.2} |",
        r.integrate,
        r.integrate / r.sha256
    );
    println!(
        "| ledger leaf rows written, {engine}, {ROWS_PER_COMMIT} per commit | {:.0} leaves/s | {base} | {:.2} |",
        r.write,
        r.write / r.sha256
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!(
        "| measurement | yima (median of {ROUNDS} × {LEAVES}) | same-run baseline (median) | ratio |"
    );
    println!("|---|---|---|---|");
    let (_dir, store) = yima_store::testing::sqlite_store().await.unwrap();
    let store = Arc::new(store);
    let rates = measure("sqlite", store.clone(), store.as_ref()).await;
    report("SQLite", &rates);
    let store = Arc::new(
        yima_store::testing::postgres_store()
            .await
            .expect("PostgreSQL must be reachable"),
    );
    let rates = measure("postgres", store.clone(), store.as_ref()).await;
    report("PostgreSQL", &rates);
}
