//! What a generation holds: the counts of each kind of record and event, and the anomalies
//! injected (which codes, which kind), so a test or a benchmark knows the answers.

use std::collections::BTreeMap;

use serde::Serialize;

use super::anomalies::InjectedAnomaly;
use super::flows::BatchFlows;
use super::parties::PartyKind;
use super::registry::GenBatch;
use super::{EVENTS_PER_DOCUMENT, Generator, Plan};

/// Counts of records and events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub enterprises: u64,
    pub producers: u64,
    pub distributors: u64,
    pub shops: u64,
    pub products: u64,
    pub batches: u64,
    pub units: u64,
    /// Units by scheme (`gs1`, `gs1_235`, `ecode`, `miit`, `oid`, `ccc_mark`).
    pub units_by_scheme: BTreeMap<String, u64>,
    /// Products by catalogue category.
    pub products_by_category: BTreeMap<String, u64>,
    pub cases: u64,
    pub events: u64,
    /// Events by flow action (`commission`, `pack`, `ship`, …).
    pub events_by_action: BTreeMap<String, u64>,
    /// EPCIS documents of at most `EVENTS_PER_DOCUMENT` events.
    pub documents: u64,
}

/// The manifest of a generation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub seed: u64,
    pub codes: u64,
    pub plan: Plan,
    pub counts: Counts,
    /// Injected anomalies per kind (`cloned_code`, `sale_without_purchase`).
    pub anomaly_counts: BTreeMap<String, u64>,
    pub anomalies: Vec<InjectedAnomaly>,
}

impl Manifest {
    /// A manifest with the registry's counts known up front; batches and flows are added as
    /// they are made.
    pub fn new(generator: &Generator) -> Self {
        let mut counts = Counts::default();
        for party in generator.parties() {
            counts.enterprises += 1;
            match party.kind {
                PartyKind::Producer => counts.producers += 1,
                PartyKind::Distributor => counts.distributors += 1,
                PartyKind::Shop => counts.shops += 1,
            }
        }
        for product in generator.products() {
            counts.products += 1;
            *counts
                .products_by_category
                .entry(product.product.category.clone())
                .or_default() += 1;
        }
        Self {
            seed: generator.config.seed,
            codes: generator.config.codes,
            plan: generator.plan,
            counts,
            anomaly_counts: BTreeMap::new(),
            anomalies: Vec::new(),
        }
    }

    /// Counts a batch and its units.
    pub fn add_batch(&mut self, generator: &Generator, batch: &GenBatch) {
        self.counts.batches += 1;
        self.counts.units += batch.units;
        if let Some(product) = generator.products().get(batch.product as usize) {
            *self
                .counts
                .units_by_scheme
                .entry(product.scheme.name().to_owned())
                .or_default() += batch.units;
        }
    }

    /// Counts a batch's flows and keeps its anomalies.
    pub fn add_flows(&mut self, flows: &BatchFlows) {
        self.counts.cases += flows.cases;
        self.counts.events += flows.events.len() as u64;
        self.counts.documents = self.counts.events.div_ceil(EVENTS_PER_DOCUMENT as u64);
        for d in &flows.drafts {
            *self
                .counts
                .events_by_action
                .entry(d.action.clone())
                .or_default() += 1;
        }
        for a in &flows.anomalies {
            *self
                .anomaly_counts
                .entry(a.kind.name().to_owned())
                .or_default() += 1;
        }
        self.anomalies.extend(flows.anomalies.iter().cloned());
    }
}
