//! Loading the demo dataset into a fresh store, with a progress bar.

use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use yima_codes::platform::PlatformCode;
use yima_domain::demo::{DemoDataset, PLATFORM_CODES, dataset};
use yima_domain::{Catalogue, Issuance};
use yima_server::keys::IssuingKeys;
use yima_store::{OnConflict, Store};

/// What `load` did.
pub enum Loaded {
    Fresh(DemoDataset),
    /// An earlier load was cut short; this one stored the rest.
    Completed(DemoDataset),
    AlreadyThere(DemoDataset),
}

/// Fills `store` with the demo dataset unless it is there already (then changes nothing).
pub async fn load(store: &dyn Store, catalogue: &Catalogue) -> anyhow::Result<Loaded> {
    let now = chrono::Utc::now();
    let demo = dataset(catalogue, now).context("the demo dataset does not fit the catalogue")?;
    if let Some(last) = demo.completion_marker()
        && store.unit(last).await?.is_some()
    {
        return Ok(Loaded::AlreadyThere(demo));
    }
    let started_before = match demo.enterprises.first() {
        Some(first) => store.enterprise(&first.credit_code).await?.is_some(),
        None => false,
    };
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
    let on_conflict = if started_before {
        OnConflict::Resume
    } else {
        OnConflict::Fail
    };
    yima_store::insert_dataset(store, &demo, on_conflict, |n| bar.inc(n)).await?;
    bar.finish_and_clear();
    Ok(if started_before {
        Loaded::Completed(demo)
    } else {
        Loaded::Fresh(demo)
    })
}

/// The issuance number of the demo's platform codes: fixed, so a later start finds them.
const DEMO_ISSUANCE: u64 = 1;

/// Issues the demo's platform codes (once) and returns one of them, printed; `None` when the
/// current key has an issuance with the demo's number for another batch.
pub async fn platform_code(
    store: &dyn Store,
    keys: &IssuingKeys,
    demo: &DemoDataset,
) -> anyhow::Result<Option<String>> {
    let Some(batch) = demo.batches.get(demo.platform_batch) else {
        return Ok(None);
    };
    let key = keys.current();
    match store.issuance(key.id(), DEMO_ISSUANCE).await? {
        Some((issuance, _)) if issuance.batch_id == batch.id => {}
        Some(_) => return Ok(None),
        None => {
            let issuance = Issuance::new(
                key.id(),
                DEMO_ISSUANCE,
                batch,
                PLATFORM_CODES,
                chrono::Utc::now(),
            )
            .map_err(anyhow::Error::msg)?;
            store.insert_issuance(batch, &issuance).await?;
        }
    }
    Ok(Some(PlatformCode::issue(key, DEMO_ISSUANCE, 0)?.printed()))
}
