//! `yima serve`: open the store, make sure an administrator token exists, optionally load
//! the demo, then serve until SIGINT or SIGTERM.

use std::fs;
use std::num::NonZeroU32;
use std::time::Duration;

use anyhow::Context;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use tokio::net::TcpListener;
use yima_domain::Catalogue;
use yima_server::AppState;
use yima_server::access::RateLimitSettings;
use yima_server::bootstrap::{AdminToken, ensure_admin_token};
use yima_server::keys::ensure_issuing_keys;
use yima_server::log_key::{LogKeySource, ensure_log_key};
use yima_server::sequencer::{self, SequencerSettings};
use yima_server::witness::{WitnessPolicy, spawn_witnessing};
use yima_store::{PostgresOptions, SqliteOptions, StoreConfig};

use crate::config::{Settings, code_rules};
use crate::demo::{self, Loaded};

/// What a query value must escape: all but the unreserved characters of RFC 3986.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The embedded database's file name inside the data directory.
const SQLITE_FILE: &str = "yima.db";

pub fn catalogue(settings: &Settings) -> anyhow::Result<Catalogue> {
    match &settings.catalogue {
        None => Ok(Catalogue::builtin()?),
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read catalogue {}", path.display()))?;
            Catalogue::from_toml(&text).with_context(|| format!("catalogue {}", path.display()))
        }
    }
}

pub fn store_config(settings: &Settings) -> StoreConfig {
    match &settings.database_url {
        Some(url) => StoreConfig::Postgres(PostgresOptions::new(url)),
        None => {
            let mut options = SqliteOptions::new(settings.data_dir.join(SQLITE_FILE));
            options.cache_mib = settings.sqlite_cache_mib;
            StoreConfig::Sqlite(options)
        }
    }
}

pub async fn run(settings: Settings, load_demo: bool) -> anyhow::Result<()> {
    let catalogue = catalogue(&settings)?;
    fs::create_dir_all(&settings.data_dir).with_context(|| {
        format!(
            "cannot create data directory {}",
            settings.data_dir.display()
        )
    })?;
    let config = store_config(&settings);
    let store = yima_store::open(&config)
        .await
        .context("cannot open the store")?;
    let where_stored = match &config {
        StoreConfig::Sqlite(o) => format!("sqlite {}", o.path.display()),
        StoreConfig::Postgres(_) => "postgresql".to_owned(),
    };
    let token = ensure_admin_token(store.as_ref(), &settings.data_dir).await?;
    let keys = ensure_issuing_keys(store.as_ref(), &settings.data_dir).await?;
    let log_key = ensure_log_key(
        store.as_ref(),
        &settings.data_dir,
        &LogKeySource {
            configured: settings.log_key.clone(),
            origin: settings.log_origin.clone(),
        },
    )
    .await?;
    let ledger_line = format!(
        "ledger {} (verifier key {})",
        log_key.origin(),
        log_key.verifier()
    );
    let (ledger, sequencer) = sequencer::start(
        store.clone(),
        log_key,
        SequencerSettings {
            interval: Duration::from_millis(settings.sequencer_interval_ms.max(1)),
            batch: settings.sequencer_batch.max(1),
            ..SequencerSettings::default()
        },
    )
    .await
    .context("cannot start the ledger's sequencer")?;
    let demo = if load_demo {
        Some(demo::load(store.as_ref(), &catalogue).await?)
    } else {
        None
    };

    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let address = listener.local_addr()?;
    let base = format!("http://{address}");
    // From the moment the server says it listens, a signal stops it cleanly; before, it ends
    // the start at once, which leaves nothing half-done (every write is one transaction).
    let shutdown = shutdown_signal();
    println!("{ledger_line}");
    println!(
        "yima {} listening on {base} (store: {where_stored})",
        env!("CARGO_PKG_VERSION")
    );
    match &token {
        AdminToken::Created(path) => println!("administrator token created in {}", path.display()),
        AdminToken::Existing(path) => println!("administrator token in {}", path.display()),
        AdminToken::ElsewhereOrRemoved => println!(
            "administrator token exists but is not in {}: use the data directory of the server that made it",
            settings.data_dir.display()
        ),
    }
    if let Some(loaded) = &demo {
        let dataset = match loaded {
            Loaded::Fresh(d) => {
                println!(
                    "demo data loaded: {} enterprises, {} products, {} batches, {} unit codes",
                    d.enterprises.len(),
                    d.products.len(),
                    d.batches.len(),
                    d.units.len()
                );
                d
            }
            Loaded::Completed(d) => {
                println!("demo data completed: an earlier load had been cut short");
                d
            }
            Loaded::AlreadyThere(d) => {
                println!("demo data already present");
                d
            }
        };
        let mut scans = dataset.sample_scans();
        // A platform code (数字身份码), as the platform issues to producers without codes.
        scans.extend(demo::platform_code(store.as_ref(), &keys, dataset).await?);
        println!("resolve demo codes:");
        for scan in &scans {
            println!(
                "{base}/api/v1/resolve?code={}",
                utf8_percent_encode(scan, QUERY_VALUE)
            );
        }
        if let Some(first) = scans.first() {
            println!(
                "open in a browser: {base}/scan?code={} (the scan page), {base}/login (the console and the dashboard)",
                utf8_percent_encode(first, QUERY_VALUE)
            );
        }
    }
    tracing::info!(%address, store = %where_stored, "serving");
    let rules = code_rules(settings.schemes.as_deref(), settings.ecode_table.as_deref())?;
    let (state, audit) = AppState::new(store, catalogue, keys, ledger).with_audit_trail();
    let mut state = state
        .with_rules(rules)
        .with_trusted_proxies(settings.trusted_proxies.clone())
        .with_rate_limits(RateLimitSettings {
            per_key: NonZeroU32::new(settings.rate_limit_per_key),
            per_address: NonZeroU32::new(settings.rate_limit_per_address),
        });
    if let Some(path) = &settings.disclosure_policy {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read the disclosure table {}", path.display()))?;
        let policy = yima_domain::disclosure::Policy::from_toml(&text)
            .with_context(|| format!("invalid disclosure table {}", path.display()))?;
        state = state.with_disclosure(policy);
    }
    let witnessing = match &settings.witnesses {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read the witness policy {}", path.display()))?;
            let policy = WitnessPolicy::parse(&text)
                .with_context(|| format!("invalid witness policy {}", path.display()))?;
            state = state.with_witnesses(policy);
            Some(spawn_witnessing(state.clone(), state.witnesses.clone())?)
        }
        None => None,
    };
    yima_server::serve(listener, state, shutdown).await?;
    if let Some(witnessing) = witnessing {
        witnessing.stop();
    }
    // The requests answered before the shutdown are in the trail before the ledger stops.
    audit.finish().await;
    sequencer.stop().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are registered when this is called,
/// not when the future is first polled: until a handler is registered a signal has its
/// default action, which ends the process without a clean shutdown, and a supervisor (or a
/// test) may send one as soon as the server says it listens, before it serves.
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let term = signal(SignalKind::terminate());
        async move {
            match (interrupt, term) {
                (Ok(mut interrupt), Ok(mut term)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {},
                        _ = term.recv() => {},
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
