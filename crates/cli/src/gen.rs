//! `yima gen`: realistic data at any scale from `yima_domain::generate`, written out as files
//! (the registry as CSV, the flows as EPCIS documents and/or a flows CSV, a manifest) or loaded
//! straight into a store through the Store API and the capture's own preparation of events.
//!
//! The generator streams batch by batch, and so do both outputs: memory stays bounded by one
//! batch and one chunk of events whatever `--codes` is.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use yima_domain::Catalogue;
use yima_domain::epcis::CapturedEvent;
use yima_domain::generate::{
    self, BATCH_COLUMNS, Config, ENTERPRISE_COLUMNS, EVENTS_PER_DOCUMENT, FLOW_COLUMNS, Generator,
    Manifest, PRODUCT_COLUMNS, UNIT_COLUMNS,
};
use yima_store::{EventOutcome, Store, StoreConfig};

use crate::config::{Settings, StoreArgs};
use crate::serve::store_config;

/// Unit codes registered per store call (a batch holds at most 500, so calls gather none
/// across batches: each is one batch's codes).
const UNITS_PER_CALL: usize = 10_000;
/// Events identified, checked against their history and stored per store call.
const EVENTS_PER_CALL: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The registry CSVs and a flows CSV as `yima import` reads it.
    Csv,
    /// The registry CSVs and the events as EPCIS 2.0 JSON-LD documents.
    Epcis,
    /// Both.
    Both,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  yima gen --codes 100000 --seed 7 --out gen-data\n  \
    yima gen --codes 100000 --into --data-dir yima-data\n  \
    yima gen --codes 100000 --into --database-url postgres://user@host/db"
)]
pub struct GenArgs {
    /// How many unit codes to generate (1 to 10⁹); enterprises, products, batches and events
    /// grow with it.
    #[arg(long)]
    pub codes: u64,
    /// The seed: the same seed and --codes give byte-identical output.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write files into this directory (created if needed).
    #[arg(long, required_unless_present = "into", conflicts_with = "into")]
    pub out: Option<PathBuf>,
    /// What to write the flows as, with --out.
    #[arg(long, value_enum, default_value = "epcis", requires = "out")]
    pub format: Format,
    /// Load into the store (--data-dir or --database-url, as `yima serve` opens it).
    #[arg(long)]
    pub into: bool,
    /// With --into, load only the registry (enterprises, products, batches, unit codes), so
    /// that the flows can be sent to a server afterwards (`yima import` of the files --out
    /// writes for the same seed and codes).
    #[arg(long, requires = "into")]
    pub registry_only: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub async fn run(args: GenArgs) -> anyhow::Result<std::process::ExitCode> {
    let catalogue = Catalogue::builtin()?;
    let generator = Generator::new(
        &catalogue,
        Config {
            codes: args.codes,
            seed: args.seed,
        },
    )?;
    let started = Instant::now();
    let bar = progress(&generator);
    let manifest = match &args.out {
        Some(dir) => write_out(&generator, dir, args.format, &bar)?,
        None => load_into(&generator, &args.store, args.registry_only, &bar).await?,
    };
    bar.finish_and_clear();
    let c = &manifest.counts;
    eprintln!(
        "{} enterprises ({} producers, {} distributors, {} shops), {} products, {} batches, \
         {} unit codes, {} cases, {} events, {} anomalies injected, in {:.1}s",
        c.enterprises,
        c.producers,
        c.distributors,
        c.shops,
        c.products,
        c.batches,
        c.units,
        c.cases,
        c.events,
        manifest.anomalies.len(),
        started.elapsed().as_secs_f64()
    );
    if args.out.is_none() {
        // With --into there is no file to hold the manifest: it is the output.
        println!("{}", serde_json::to_string_pretty(&manifest)?);
    }
    Ok(std::process::ExitCode::SUCCESS)
}

fn progress(generator: &Generator) -> ProgressBar {
    let bar = ProgressBar::new(generator.plan.batches);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} batch {pos}/{len} [{bar:30}] {msg} ({elapsed}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Counts records for the progress bar's records/s.
struct Rate {
    started: Instant,
    records: u64,
}

impl Rate {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            records: 0,
        }
    }

    fn add(&mut self, bar: &ProgressBar, records: u64) {
        self.records += records;
        let per_sec = self.records as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!("{} records, {per_sec:.0} records/s", self.records));
    }
}

fn csv_file(dir: &Path, name: &str, header: &[&str]) -> anyhow::Result<csv::Writer<File>> {
    let path = dir.join(name);
    let mut writer = csv::Writer::from_path(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    writer.write_record(header)?;
    Ok(writer)
}

fn write_out(
    generator: &Generator,
    dir: &Path,
    format: Format,
    bar: &ProgressBar,
) -> anyhow::Result<Manifest> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut rate = Rate::new();
    let mut manifest = Manifest::new(generator);
    let mut enterprises = csv_file(dir, "enterprises.csv", &ENTERPRISE_COLUMNS)?;
    for party in generator.parties() {
        enterprises.write_record(generate::enterprise_row(party))?;
    }
    enterprises.flush()?;
    let mut products = csv_file(dir, "products.csv", &PRODUCT_COLUMNS)?;
    for product in generator.products() {
        products.write_record(generate::product_row(product))?;
    }
    products.flush()?;
    rate.add(
        bar,
        (generator.parties().len() + generator.products().len()) as u64,
    );
    let mut batches = csv_file(dir, "batches.csv", &BATCH_COLUMNS)?;
    let mut units = csv_file(dir, "units.csv", &UNIT_COLUMNS)?;
    let epcis = matches!(format, Format::Epcis | Format::Both);
    let mut flows = match format {
        Format::Csv | Format::Both => Some(csv_file(dir, "flows.csv", &FLOW_COLUMNS)?),
        Format::Epcis => None,
    };
    let mut pending = Vec::new();
    let mut documents = 0u64;
    for batch in generator.batches() {
        let batch = batch?;
        let product = generator
            .products()
            .get(batch.product as usize)
            .context("a batch of no product")?;
        batches.write_record(generate::batch_row(&batch, product))?;
        for unit in generator.units(&batch) {
            units.write_record(generate::unit_row(&unit?))?;
        }
        manifest.add_batch(generator, &batch);
        let batch_flows = generator.flows(&batch)?;
        manifest.add_flows(&batch_flows);
        if let Some(flows) = &mut flows {
            for draft in &batch_flows.drafts {
                flows.write_record(generate::flow_row(draft))?;
            }
        }
        rate.add(bar, 1 + batch.units + batch_flows.events.len() as u64);
        if epcis {
            pending.extend(batch_flows.events);
            while pending.len() >= EVENTS_PER_DOCUMENT {
                let rest = pending.split_off(EVENTS_PER_DOCUMENT);
                documents += 1;
                write_document(dir, documents, &pending)?;
                pending = rest;
            }
        }
        bar.inc(1);
    }
    if !pending.is_empty() {
        documents += 1;
        write_document(dir, documents, &pending)?;
    }
    if !epcis {
        manifest.counts.documents = 0;
    }
    for writer in [&mut batches, &mut units] {
        writer.flush()?;
    }
    if let Some(flows) = &mut flows {
        flows.flush()?;
    }
    let path = dir.join("manifest.json");
    let mut file = BufWriter::new(
        File::create(&path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    serde_json::to_writer_pretty(&mut file, &manifest)?;
    writeln!(file)?;
    file.flush()?;
    Ok(manifest)
}

fn write_document(
    dir: &Path,
    number: u64,
    events: &[yima_domain::epcis::Event],
) -> anyhow::Result<()> {
    let path = dir.join(format!("events-{number:06}.jsonld"));
    fs::write(&path, generate::document(events))
        .with_context(|| format!("cannot write {}", path.display()))
}

async fn load_into(
    generator: &Generator,
    store_args: &StoreArgs,
    registry_only: bool,
    bar: &ProgressBar,
) -> anyhow::Result<Manifest> {
    let settings = Settings::load_store(store_args)?;
    let config = store_config(&settings);
    if let StoreConfig::Sqlite(_) = &config {
        fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "cannot create data directory {}",
                settings.data_dir.display()
            )
        })?;
    }
    let store = yima_store::open(&config)
        .await
        .context("cannot open the store")?;
    let store = store.as_ref();
    let mut rate = Rate::new();
    let mut manifest = Manifest::new(generator);
    for party in generator.parties() {
        store
            .insert_enterprise(&party.enterprise)
            .await
            .with_context(|| format!("enterprise {}", party.enterprise.credit_code))?;
    }
    for product in generator.products() {
        store
            .insert_product(&product.product)
            .await
            .with_context(|| format!("product {}", product.product.id))?;
    }
    rate.add(
        bar,
        (generator.parties().len() + generator.products().len()) as u64,
    );
    let mut pending: Vec<CapturedEvent> = Vec::with_capacity(EVENTS_PER_CALL);
    let mut stored = 0u64;
    for batch in generator.batches() {
        let batch = batch?;
        store
            .insert_batch(&batch.batch)
            .await
            .with_context(|| format!("batch {}", batch.batch.lot))?;
        let units = generator
            .units(&batch)
            .map(|u| u.map(|u| u.unit))
            .collect::<Result<Vec<_>, _>>()?;
        for chunk in units.chunks(UNITS_PER_CALL) {
            store
                .register_units(&batch.batch, chunk)
                .await
                .with_context(|| format!("units of batch {}", batch.batch.lot))?;
        }
        manifest.add_batch(generator, &batch);
        rate.add(bar, 1 + batch.units);
        if registry_only {
            bar.inc(1);
            continue;
        }
        let flows = generator.flows(&batch)?;
        manifest.add_flows(&flows);
        let recorded_at = chrono::Utc::now();
        for (event, draft) in flows.events.into_iter().zip(&flows.drafts) {
            // As a capture by the recorder would: the event's hash ID, a record id, the time.
            let captured =
                yima_server::epcis::identify(event, recorded_at, Some(draft.by.clone()), None)
                    .map_err(|e| anyhow::anyhow!("event of batch {}: {e}", batch.index))?;
            pending.push(captured);
            if pending.len() >= EVENTS_PER_CALL {
                stored += store_events(store, &mut pending).await?;
                rate.add(bar, EVENTS_PER_CALL as u64);
            }
        }
        bar.inc(1);
    }
    let last = pending.len() as u64;
    stored += store_events(store, &mut pending).await?;
    rate.add(bar, last);
    anyhow::ensure!(
        stored == manifest.counts.events,
        "{stored} events stored of {}: the store held some already",
        manifest.counts.events
    );
    Ok(manifest)
}

/// Stores `events` as the server's capture does — history checks flag what they find, then
/// the events go in with their ledger leaves in one transaction — and empties the chunk.
async fn store_events(store: &dyn Store, events: &mut Vec<CapturedEvent>) -> anyhow::Result<u64> {
    if events.is_empty() {
        return Ok(0);
    }
    yima_server::epcis::flag_anomalies(store, events).await?;
    let outcomes = store.insert_events(events).await?;
    events.clear();
    Ok(outcomes
        .iter()
        .filter(|o| matches!(o, EventOutcome::Stored { .. }))
        .count() as u64)
}
