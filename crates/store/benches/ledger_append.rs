//! Appending to the ledger durably, on SQLite and on PostgreSQL (a
//! schema of its own, dropped at the end). Leaves are written (the rows every record write
//! adds to its transaction — the leaf, and on PostgreSQL its queue entry — committed 10,000 at
//! a time, as a bulk capture would) and integrated by the sequencer's path
//! (`Store::integrate`: indexes, tiles and tree head in one durable transaction per 20,000
//! leaves at most), a checkpoint signed and stored for each head. End to end, the writer and
//! the sequencer run at once, as in the server: the time runs from the first write to the
//! checkpoint covering the last leaf. Each part is also timed alone, and inclusion proofs
//! are made from the stored tiles. (`scripts/bench-verify` measures `yima log verify` of a
//! whole log.)
//! Baseline, in the same run: raw SHA-256 leaf hashes (`leaf_hash`) of the same entries on
//! one core. Rounds of 50,000 leaves written after one another and 50,000 at once: 3 in the
//! `small` profile, 5 of 200,000 and 200,000 in `large`.
//!
//! `YIMA_BENCH_PROFILE=small|large cargo bench -p yima-store --bench ledger_append`
//! (PostgreSQL at `YIMA_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test)

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

// The allocator the `yima` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use support::bench::{Engine, Fresh, Profile, median, row};
use uuid::Uuid;
use yima_domain::ledger::{LeafEntry, PublicFields, RecordKind};
use yima_ledger::{NoteSigner, leaf_hash};
use yima_store::Store;

const ROWS_PER_COMMIT: usize = 10_000;
const INTEGRATION_BATCH: usize = 20_000;
/// The server sequencer's default interval.
const SEQUENCER_INTERVAL: Duration = Duration::from_millis(250);

/// Entries as a batch's would be: kind, time, commitment, the batch's public identifiers.
fn entries(round: usize, leaves: usize) -> Vec<(Uuid, Vec<u8>)> {
    (0..leaves)
        .map(|i| {
            let id = Uuid::now_v7();
            let mut commitment = [0u8; 32];
            commitment[..8].copy_from_slice(&((round * leaves + i) as u64).to_be_bytes());
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

/// The connection for the bench's writes: on SQLite the store's own writer, on PostgreSQL a
/// connection of the bench's.
enum Writer {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Writer {
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

    fn clone_pool(&self) -> Self {
        match self {
            Self::Sqlite(pool) => Self::Sqlite(pool.clone()),
            Self::Postgres(pool) => Self::Postgres(pool.clone()),
        }
    }

    /// Writes the leaves as record writes do (on PostgreSQL also their queue rows),
    /// `ROWS_PER_COMMIT` per durable transaction, with bound parameters.
    /// Counts the leaves committed in `written`, as the server's writers tell its sequencer.
    async fn write(&self, leaves: &[(Uuid, Vec<u8>)], round: usize, written: &AtomicU64) {
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
            written.fetch_add(chunk.len() as u64, Ordering::Release);
        }
    }
}

/// Integrates up to a batch and signs and stores a checkpoint of the new head, if any.
async fn integrate_once(store: &dyn Store, holder: Uuid, signer: &NoteSigner) -> Option<u64> {
    let head = store.integrate(holder, INTEGRATION_BATCH).await.unwrap()?;
    yima_store::testing::sign_and_store_checkpoint(store, signer, head)
        .await
        .unwrap();
    Some(head.size)
}

/// Integrates and signs until the log holds `size` leaves, at the server sequencer's
/// cadence: after a batch that was not full, it waits until a full batch has been written
/// (`written` counts the leaves committed) or its interval has passed.
async fn integrate_to(
    store: &dyn Store,
    holder: Uuid,
    signer: &NoteSigner,
    size: u64,
    written: &AtomicU64,
) {
    let mut head = store.tree_head().await.unwrap().size;
    loop {
        match integrate_once(store, holder, signer).await {
            Some(s) if s >= size => return,
            Some(s) if s - head >= INTEGRATION_BATCH as u64 => head = s,
            integrated => {
                head = integrated.unwrap_or(head);
                let waiting = Instant::now();
                while written.load(Ordering::Acquire) < head + INTEGRATION_BATCH as u64
                    && waiting.elapsed() < SEQUENCER_INTERVAL
                {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
        }
    }
}

/// The scale of a run.
#[derive(Clone, Copy)]
struct Scale {
    rounds: usize,
    /// Leaves written in each half of a round.
    leaves: usize,
}

struct Rates {
    /// Median time to compute an inclusion proof from the stored tiles, in the final tree.
    proof: Duration,
    /// Written and integrated at once.
    pipelined: f64,
    write: f64,
    integrate: f64,
    append: f64,
    sha256: f64,
    size: u64,
}

async fn measure(store: Arc<dyn Store>, writer: Writer, scale: Scale) -> Rates {
    let Scale { rounds, leaves: n } = scale;
    let holder = Uuid::now_v7();
    assert!(
        store
            .take_sequencer_lease(holder, Duration::from_secs(3_600))
            .await
            .unwrap()
    );
    let signer = NoteSigner::new("bench.example/log", &[9u8; 32]).unwrap();
    let (mut write, mut integration, mut append, mut sha) = (vec![], vec![], vec![], vec![]);
    let mut pipelined = vec![];
    let mut size = 0u64;
    let written = Arc::new(AtomicU64::new(0));
    for round in 0..rounds {
        let leaves = entries(2 * round, n);
        let started = Instant::now();
        writer.write(&leaves, 2 * round, &written).await;
        let wrote = started.elapsed().as_secs_f64();
        size += n as u64;
        let started = Instant::now();
        integrate_to(store.as_ref(), holder, &signer, size, &written).await;
        let integrated = started.elapsed().as_secs_f64();
        write.push(n as f64 / wrote);
        integration.push(n as f64 / integrated);
        append.push(n as f64 / (wrote + integrated));

        let leaves = Arc::new(entries(2 * round + 1, n));
        size += n as u64;
        let started = Instant::now();
        let writing = {
            let (writer, leaves, written) = (writer.clone_pool(), leaves.clone(), written.clone());
            tokio::spawn(async move { writer.write(&leaves, 2 * round + 1, &written).await })
        };
        integrate_to(store.as_ref(), holder, &signer, size, &written).await;
        writing.await.unwrap();
        pipelined.push(n as f64 / started.elapsed().as_secs_f64());

        let started = Instant::now();
        let mut acc = 0u8;
        for (_, entry) in leaves.iter() {
            acc ^= leaf_hash(entry)[0];
        }
        std::hint::black_box(acc);
        sha.push(n as f64 / started.elapsed().as_secs_f64());
        eprintln!("round {round}: log of {size} leaves");
    }
    assert_eq!(store.tree_head().await.unwrap().size, size);
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
        pipelined: median(pipelined),
        write: median(write),
        integrate: median(integration),
        append: median(append),
        sha256: median(sha),
        size,
    }
}

fn report(engine: Engine, scale: Scale, r: &Rates) {
    let engine_name = engine.name();
    let target = |t: &'static str| if engine == Engine::Sqlite { t } else { "—" };
    let base = format!(
        "raw SHA-256 leaf hashes of the same entries, one core: {:.0} /s",
        r.sha256
    );
    let per_round = format!("{} leaves a round, {} rounds", scale.leaves, scale.rounds);
    for (what, target_text, rate) in [
        (
            format!(
                "ledger append end to end, {engine_name}: leaves written {ROWS_PER_COMMIT} per commit while the sequencer integrates and signs ({per_round})"
            ),
            target("≥ 200,000 leaves/s"),
            r.pipelined,
        ),
        (
            format!(
                "ledger append, {engine_name}: leaves written, then integrated and signed ({per_round})"
            ),
            target("≥ 200,000 leaves/s"),
            r.append,
        ),
        (
            format!(
                "ledger integration (sequencer), {engine_name}, at most {INTEGRATION_BATCH} leaves per transaction"
            ),
            "—",
            r.integrate,
        ),
        (
            format!("ledger leaf rows written, {engine_name}, {ROWS_PER_COMMIT} per commit"),
            "—",
            r.write,
        ),
    ] {
        row(
            &what,
            target_text,
            &format!("{rate:.0} leaves/s"),
            &base,
            Some(rate / r.sha256),
        );
    }
    row(
        &format!(
            "inclusion proof from the stored tiles, {engine_name}, tree of {} leaves (median of 201)",
            r.size
        ),
        "< 1 ms",
        &format!("{:.0} µs", r.proof.as_secs_f64() * 1e6),
        "—",
        None,
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale = Profile::from_env().pick(
        Scale {
            rounds: 3,
            leaves: 50_000,
        },
        Scale {
            rounds: 5,
            leaves: 200_000,
        },
    );
    let fresh = Fresh::new(Engine::Sqlite).await;
    // The store's own writer connection: SQLite has one writer, which the sequencer's writes
    // share with the records', queued in the process as in the server.
    let writer = Writer::Sqlite(fresh.sqlite.as_ref().unwrap().writer_for_benches());
    let rates = measure(fresh.store(), writer, scale).await;
    report(Engine::Sqlite, scale, &rates);
    fresh.remove().await;

    let fresh = Fresh::new(Engine::Postgres).await;
    let schema = fresh.postgres.as_ref().unwrap().1.clone();
    let writer = Writer::postgres(&yima_store::testing::postgres_url(), &schema).await;
    let rates = measure(fresh.store(), writer.clone_pool(), scale).await;
    report(Engine::Postgres, scale, &rates);
    if let Writer::Postgres(pool) = writer {
        pool.close().await;
    }
    fresh.remove().await;
}
