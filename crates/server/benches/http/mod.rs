//! What the HTTP benchmarks share: the server started as `yima serve` starts it on a store of
//! either engine, beside a bare endpoint for the baseline; the demo dataset, and unit codes
//! registered at scale; a load of keep-alive clients; and a table row of its throughput and
//! latency percentiles against the bare endpoint's. The profile, fresh stores, medians and
//! the row printer are the store benches' (`crates/store/tests/support/bench.rs`).

// Each bench compiles this module on its own and uses only part of it.
#![allow(dead_code)]

#[path = "../../../store/tests/support/bench.rs"]
pub mod bench;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use bench::{Engine, Fresh, Profile, row};
use yima_codes::Scan;
use yima_domain::batch::InspectionDraft;
use yima_domain::{BatchDraft, Catalogue, UnitCode};
use yima_server::AppState;
use yima_server::sequencer::Ledger;
use yima_store::Store;

// The allocator the `yima` binary runs with, for every benchmark that includes this module.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The running servers: ours at `base`, the baseline's constant at `bare_url`.
pub struct Servers {
    pub base: String,
    pub bare_url: String,
    pub ledger: Ledger,
    shutdown: tokio::sync::oneshot::Sender<()>,
    serving: tokio::task::JoinHandle<std::io::Result<()>>,
    bare: tokio::task::JoinHandle<()>,
    sequencer: yima_server::sequencer::SequencerHandle,
    audit: yima_server::audit::AuditWriter,
}

impl Servers {
    /// Stops both servers, the audit writer and the sequencer, so that nothing of this run
    /// is left working beside the next.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        self.bare.abort();
        // Keep-alive connections close as they go idle; a lingering one is not waited for.
        let _ = tokio::time::timeout(Duration::from_secs(5), self.serving).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.audit.finish()).await;
        self.sequencer.stop().await;
    }
}

/// Starts the server on `store` (issuing and log keys kept in `dir`, its sequencer running)
/// and a bare endpoint returning a constant, each on its own loopback port.
pub async fn start(store: Arc<dyn Store>, catalogue: Catalogue, dir: &Path) -> Servers {
    let keys = yima_server::keys::ensure_issuing_keys(store.as_ref(), dir)
        .await
        .unwrap();
    let log_key = yima_server::log_key::ensure_log_key(
        store.as_ref(),
        dir,
        &yima_server::log_key::LogKeySource::default(),
    )
    .await
    .unwrap();
    let (ledger, sequencer) =
        yima_server::sequencer::start(store.clone(), log_key, Default::default())
            .await
            .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // As `yima serve`: every write and keyed read goes to the audit trail (its writer runs
    // until `Servers::stop`). Rate limits stay off: the load is one key's, on purpose.
    let (state, audit) = AppState::new(store, catalogue, keys, ledger.clone()).with_audit_trail();
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(yima_server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let bare = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare_url = format!("http://{}/constant", bare.local_addr().unwrap());
    let constant = Router::new().route("/constant", get(|| async { "{\"ok\":true}" }));
    let bare = tokio::spawn(async move {
        let _ = axum::serve(bare, constant).await;
    });
    Servers {
        base,
        bare_url,
        ledger,
        shutdown,
        serving,
        bare,
        sequencer,
        audit,
    }
}

/// The demo dataset in a fresh store, with the servers started on it.
pub struct Demo {
    pub dataset: yima_domain::demo::DemoDataset,
    pub servers: Servers,
    pub fresh: Fresh,
    /// The keys' directory, removed when the bench ends.
    _keys: tempfile::TempDir,
}

impl Demo {
    /// Stops the servers and removes the store.
    pub async fn remove(self) {
        self.servers.stop().await;
        self.fresh.remove().await;
    }
}

/// Loads the demo dataset into a fresh store of `engine` and starts the servers on it.
pub async fn demo(engine: Engine) -> Demo {
    let fresh = Fresh::new(engine).await;
    let store = fresh.store();
    let catalogue = Catalogue::builtin().unwrap();
    let dataset = yima_domain::demo::dataset(&catalogue, chrono::Utc::now()).unwrap();
    yima_store::insert_dataset(
        store.as_ref(),
        &dataset,
        yima_store::OnConflict::Fail,
        |_| {},
    )
    .await
    .unwrap();
    if let Some((postgres, _)) = &fresh.postgres {
        // The statistics PostgreSQL's autovacuum gathers within a minute or so of the load:
        // without them the planner takes the fresh tables for empty.
        postgres.raw_execute_for_tests("ANALYZE").await.unwrap();
    }
    let keys = tempfile::tempdir().unwrap();
    let servers = start(store, catalogue, keys.path()).await;
    Demo {
        dataset,
        servers,
        fresh,
        _keys: keys,
    }
}

/// Codes registered per `register_units` call when loading at scale.
pub const REGISTER_CHUNK: u64 = 10_000;

/// The GTIN of a demo product and the serials `S000000000…` of the unit codes registered at
/// scale in a batch of its own, `count` of them.
pub struct Registered {
    pub gtin: String,
    pub count: u64,
}

impl Registered {
    pub fn serial(n: u64) -> String {
        format!("S{n:09}")
    }

    /// `picks` of the registered codes spread over all of them, deterministic pseudo-random
    /// (SplitMix64 of a counter), as `(gtin, serial)`.
    pub fn spread(&self, picks: usize) -> Vec<(String, String)> {
        (0..picks as u64)
            .map(|i| {
                let mut z = (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                (self.gtin.clone(), Self::serial(z % self.count))
            })
            .collect()
    }
}

/// Registers `count` unit codes in a new batch of a demo product with a GTIN, through
/// `Store::register_units` in calls of `REGISTER_CHUNK`, serials from a counter; prints the
/// loading rate to stderr.
pub async fn register_at_scale(
    store: &dyn Store,
    dataset: &yima_domain::demo::DemoDataset,
    count: u64,
    engine: Engine,
) -> Registered {
    let product = dataset
        .products
        .iter()
        .find(|p| p.gtin.is_some())
        .expect("a demo product with a GTIN");
    let gtin = product.gtin.as_ref().unwrap().to_string();
    let batch = BatchDraft {
        lot: "BENCH-SCALE".into(),
        production_date: chrono::NaiveDate::from_ymd_opt(2025, 3, 1),
        quantity: count,
        unit_of_measure: None,
        inspection: InspectionDraft {
            certificate_number: "JY2025030001".into(),
            issuer: "bench".into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 3),
            result: "conformant".into(),
            document_sha256: None,
        },
    }
    .validate(product, chrono::Utc::now())
    .unwrap();
    store.insert_batch(&batch).await.unwrap();
    let started = Instant::now();
    let mut from = 0;
    while from < count {
        let to = (from + REGISTER_CHUNK).min(count);
        let at = chrono::Utc::now();
        let units: Vec<UnitCode> = (from..to)
            .map(|n| {
                let code = Scan::parse(&format!("(01){gtin}(21){}", Registered::serial(n)))
                    .unwrap()
                    .code;
                UnitCode::for_batch(&code, product, &batch, at).unwrap()
            })
            .collect();
        store.register_units(&batch, &units).await.unwrap();
        from = to;
        if from.is_multiple_of(1_000_000) {
            eprintln!("{}: {from} codes registered", engine.name());
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{}: registered {count} codes in {seconds:.1} s ({:.0} codes/s, calls of {REGISTER_CHUNK})",
        engine.name(),
        count as f64 / seconds
    );
    Registered { gtin, count }
}

/// Warm-up and measured time of a load, as the profile says.
pub fn load_times(profile: Profile) -> (Duration, Duration) {
    profile.pick(
        (Duration::from_secs(1), Duration::from_secs(5)),
        (Duration::from_secs(5), Duration::from_secs(30)),
    )
}

/// The demo's unit codes with a GTIN and a serial, as `(gtin, serial)`.
pub fn demo_units(dataset: &yima_domain::demo::DemoDataset) -> Vec<(String, String)> {
    dataset
        .units
        .iter()
        .filter_map(|u| Some((u.gtin.as_ref()?.to_string(), u.serial.clone()?)))
        .collect()
}

pub struct Run {
    pub requests: usize,
    pub seconds: f64,
    /// Request sent to the whole body read, sorted.
    pub latencies_us: Vec<u64>,
    /// Request sent to the answer's status and headers read (time to first byte), sorted.
    pub first_bytes_us: Vec<u64>,
}

impl Run {
    pub fn percentile(&self, p: f64) -> f64 {
        percentile(&self.latencies_us, p)
    }

    pub fn first_byte_percentile(&self, p: f64) -> f64 {
        percentile(&self.first_bytes_us, p)
    }
}

/// The `p` quantile of sorted microseconds, in milliseconds.
fn percentile(sorted_us: &[u64], p: f64) -> f64 {
    let i = ((sorted_us.len() as f64 - 1.0) * p).round() as usize;
    sorted_us[i] as f64 / 1000.0
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
                let (mut latencies, mut first_bytes) = (Vec::new(), Vec::new());
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
                    first_bytes.push(t.elapsed().as_micros() as u64);
                    assert!(r.status().is_success(), "{url}: {}", r.status());
                    r.bytes().await.unwrap();
                    latencies.push(t.elapsed().as_micros() as u64);
                }
                (latencies, first_bytes)
            })
        })
        .collect();
    let (mut latencies_us, mut first_bytes_us) = (Vec::new(), Vec::new());
    for t in tasks {
        let (latencies, first_bytes) = t.await.unwrap();
        latencies_us.extend(latencies);
        first_bytes_us.extend(first_bytes);
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies_us.sort_unstable();
    first_bytes_us.sort_unstable();
    Run {
        requests: latencies_us.len(),
        seconds,
        latencies_us,
        first_bytes_us,
    }
}

impl Run {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    /// Throughput and whole-answer latency percentiles.
    pub fn summary(&self) -> String {
        format!(
            "{:.0} req/s; p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms",
            self.rate(),
            self.percentile(0.5),
            self.percentile(0.99),
            self.percentile(0.999)
        )
    }
}

/// A row of `ours` against the bare endpoint's run `bare`; the ratio is of throughputs.
pub fn http_row(measurement: &str, target: &str, ours: &Run, bare: &Run) {
    row(
        measurement,
        target,
        &ours.summary(),
        &format!(
            "bare endpoint returning a constant: {:.0} req/s; p50 {:.2} ms, p99 {:.2} ms",
            bare.rate(),
            bare.percentile(0.5),
            bare.percentile(0.99)
        ),
        Some(ours.rate() / bare.rate()),
    );
}
