//! Loading the demo dataset into a fresh store, with a progress bar.

use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use yima_domain::Catalogue;
use yima_domain::demo::{DemoDataset, dataset};
use yima_store::Store;

/// Codes registered per store call while loading.
const UNITS_PER_CALL: usize = 5_000;

/// What `load` did.
pub enum Loaded {
    Fresh(DemoDataset),
    AlreadyThere(DemoDataset),
}

/// Fills `store` with the demo dataset unless it is there already (then changes nothing).
pub async fn load(store: &dyn Store, catalogue: &Catalogue) -> anyhow::Result<Loaded> {
    let now = chrono::Utc::now();
    let demo = dataset(catalogue, now).context("the demo dataset does not fit the catalogue")?;
    if let Some(marker) = demo.marker() {
        if store.enterprise(marker).await?.is_some() {
            return Ok(Loaded::AlreadyThere(demo));
        }
    }
    let total =
        (demo.enterprises.len() + demo.products.len() + demo.batches.len() + demo.units.len())
            as u64;
    let bar = ProgressBar::new(total).with_message("loading demo data");
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} records ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(100));
    for e in &demo.enterprises {
        store.insert_enterprise(e).await?;
        bar.inc(1);
    }
    for p in &demo.products {
        store.insert_product(p).await?;
        bar.inc(1);
    }
    for b in &demo.batches {
        store.insert_batch(b).await?;
        bar.inc(1);
        let units: Vec<_> = demo
            .units
            .iter()
            .filter(|u| u.batch_id == b.id)
            .cloned()
            .collect();
        for chunk in units.chunks(UNITS_PER_CALL) {
            store.register_units(b, chunk).await?;
            bar.inc(chunk.len() as u64);
        }
    }
    bar.finish_and_clear();
    Ok(Loaded::Fresh(demo))
}
