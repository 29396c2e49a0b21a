//! Appending to the ledger durably: leaves written (the rows every record write adds to its
//! transaction — the leaf, and on PostgreSQL its queue entry — committed 1,000 at a time, as a
//! bulk capture would), then integrated by the
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

/// The engine's own connection for the bench's writes, with the store's durability.
enum Writer {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Writer {
    async fn sqlite(path: &std::path::Path) -> Self {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        Self::Sqlite(
            sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .unwrap(),
        )
    }

    async fn postgres(url: &str, schema: &str) -> Self {
        let options = url
            .parse::<sqlx::postgres::PgConnectOptions>()
            .unwrap()
            .options([("search_path", schema)]);
        Self::Postgres(
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .unwrap(),
        )
    }

    /// Writes the leaves as record writes do (on PostgreSQL also their queue rows),
    /// `ROWS_PER_COMMIT` per durable transaction, with bound parameters.
    async fn write(&self, leaves: &[(Uuid, Vec<u8>)], round: usize) {
        let salt = vec![7u8; 32];
        for (n, chunk) in leaves.chunks(ROWS_PER_COMMIT).enumerate() {
            let refs: Vec<String> = (0..chunk.len())
                .map(|i| format!("bench:{round}/{n}/{i}"))
                .collect();
            match self {
                Self::Sqlite(pool) => {
                    let mut tx = pool.begin().await.unwrap();
                    let now = Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
                    for (rows, refs) in chunk.chunks(500).zip(refs.chunks(500)) {
                        let sql = format!(
                            "INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) VALUES {}",
                            vec!["(?, 3, ?, ?, ?, ?)"; rows.len()].join(", ")
                        );
                        let mut q = sqlx::query(&sql);
                        for ((id, entry), r) in rows.iter().zip(refs) {
                            q = q.bind(*id).bind(r).bind(&salt).bind(entry).bind(&now);
                        }
                        q.execute(&mut *tx).await.unwrap();
                    }
                    tx.commit().await.unwrap();
                }
                Self::Postgres(pool) => {
                    let ids: Vec<Uuid> = chunk.iter().map(|(id, _)| *id).collect();
                    let entries: Vec<Vec<u8>> = chunk.iter().map(|(_, e)| e.clone()).collect();
                    let salts = vec![salt.clone(); chunk.len()];
                    sqlx::query(
                        "WITH l AS (INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) \
                         SELECT id, 3, r, s, e, now() FROM UNNEST($1::uuid[], $2::text[], $3::bytea[], $4::bytea[]) AS t(id, r, s, e) \
                         RETURNING id) INSERT INTO log_queue SELECT id FROM l",
                    )
                    .bind(ids)
                    .bind(refs)
                    .bind(salts)
                    .bind(entries)
                    .execute(pool)
                    .await
                    .unwrap();
                }
            }
        }
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
    /// Median time to compute an inclusion proof from the stored tiles, in the final tree.
    proof: Duration,
    write: f64,
    integrate: f64,
    append: f64,
    sha256: f64,
}

async fn measure(store: Arc<dyn Store>, writer: Writer) -> Rates {
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
        writer.write(&leaves, round).await;
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
    let size = store.tree_head().await.unwrap().size;
    assert_eq!(size, (ROUNDS * LEAVES) as u64);
    let mut proofs = Vec::new();
    for i in 0..201u64 {
        let index = i.wrapping_mul(2_654_435_761) % size;
        let started = Instant::now();
        yima_store::proofs::inclusion_proof(store.as_ref(), index, size)
            .await
            .unwrap();
        proofs.push(started.elapsed().as_secs_f64());
    }
    Rates {
        proof: Duration::from_secs_f64(median(proofs)),
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
    println!(
        "| inclusion proof from the stored tiles, {engine}, tree of {} leaves | {:.0} µs | — | — |",
        ROUNDS * LEAVES,
        r.proof.as_secs_f64() * 1e6
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!(
        "| measurement | yima (median of {ROUNDS} × {LEAVES}) | same-run baseline (median) | ratio |"
    );
    println!("|---|---|---|---|");
    let (dir, store) = yima_store::testing::sqlite_store().await.unwrap();
    let writer = Writer::sqlite(&dir.path().join("yima.db")).await;
    report("SQLite", &measure(Arc::new(store), writer).await);
    let options = yima_store::testing::postgres_options();
    let store = yima_store::PostgresStore::connect(&options)
        .await
        .expect("PostgreSQL must be reachable");
    let schema = options.schema.clone().unwrap_or_default();
    let writer = Writer::postgres(&options.url, &schema).await;
    report("PostgreSQL", &measure(Arc::new(store), writer).await);
}
