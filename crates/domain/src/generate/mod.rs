//! A deterministic, streaming generator of realistic data at any scale (10³ to 10⁹ unit codes):
//! producers in every category of the catalogue, distributors and shops across the provinces,
//! products with their approvals, batches with inspection certificates, unit codes in every
//! scheme a unit can be registered in, and the flows of the goods as EPCIS 2.0 events —
//! commissioning, packing, shipping producer → distributor → shop, unpacking, retail sales,
//! returns — with anomalies injected at a small known rate (`anomalies.rs`).
//!
//! Everything is a function of the seed, the number of codes and the record's indices, so the
//! same seed and size give byte-identical output, and nothing needs what came before it: the
//! registry's small part (enterprises, products: about √ of the batches) is made up front,
//! batches, their units and their flows one batch at a time. Memory is bounded by the size of
//! one batch (at most [`MAX_UNITS_PER_BATCH`] units), whatever the scale.
//!
//! Records go through the same drafts and validation a client's would, and each flow through
//! `FlowDraft::validate` and `Flow::event`, so every event is one the flows API would store.
//! Pure: no I/O and no clock (the generation's "now" is the fixed [`epoch`]).

mod anomalies;
mod flows;
mod manifest;
mod parties;
mod registry;
mod rows;

#[cfg(test)]
mod tests;

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;
use yima_codes::CodeRules;

use crate::catalogue::Catalogue;
use crate::demo::mix;
use crate::epcis::{DocumentType, Event, Timestamp, write_document};
use crate::validation::Invalid;

pub use anomalies::{InjectedAnomaly, InjectedKind};
pub use flows::BatchFlows;
pub use manifest::{Counts, Manifest};
pub use parties::{Party, PartyKind};
pub use registry::{GenBatch, GenProduct, GenUnit, UnitScheme};
pub use rows::{
    BATCH_COLUMNS, ENTERPRISE_COLUMNS, FLOW_COLUMNS, PRODUCT_COLUMNS, UNIT_COLUMNS, batch_row,
    enterprise_row, flow_row, product_row, unit_row,
};

/// The most unit codes one generation makes: beyond it the SSCC serial references the
/// generator numbers cases with would run out.
pub const MAX_CODES: u64 = 1_000_000_000;
/// The most units of one batch; batches are smaller at small scales.
pub const MAX_UNITS_PER_BATCH: u64 = 500;
/// The most events in one EPCIS document written out.
pub const EVENTS_PER_DOCUMENT: usize = 10_000;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// How many unit codes in all.
    pub codes: u64,
    pub seed: u64,
}

/// Why a generation cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("--codes must be between 1 and {MAX_CODES}, not {0}")]
    Size(u64),
    #[error("the catalogue has no categories")]
    EmptyCatalogue,
    /// A generated record failed the domain's validation: a bug of the generator, named.
    #[error("generated {what} is invalid: {invalid}")]
    Invalid { what: String, invalid: Invalid },
    #[error("generated {what} is invalid: {problem}")]
    Code { what: String, problem: String },
}

impl GenError {
    fn invalid(what: impl Into<String>) -> impl FnOnce(Invalid) -> Self {
        let what = what.into();
        move |invalid| Self::Invalid { what, invalid }
    }

    fn code(what: impl Into<String>, problem: impl ToString) -> Self {
        Self::Code {
            what: what.into(),
            problem: problem.to_string(),
        }
    }
}

/// The generation's "now": registration times, the time approvals were checked, and the bound
/// every date lies before. Fixed, so output never depends on when it was made; all flows
/// happen in 2025.
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The sizes a number of codes gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Plan {
    pub codes: u64,
    pub batches: u64,
    pub producers: u64,
    pub products: u64,
    pub distributors: u64,
    pub shops: u64,
    /// Every `anomaly_stride`-th batch (from `anomaly_stride / 2`) carries one anomaly of
    /// each injected kind.
    pub anomaly_stride: u64,
}

impl Plan {
    /// Batches of at most [`MAX_UNITS_PER_BATCH`] units, at least five per category at small
    /// scales; about √batches producers (at least one per category), two products each;
    /// distributors and shops in proportion.
    pub fn new(codes: u64, categories: u64) -> Result<Self, GenError> {
        if codes == 0 || codes > MAX_CODES {
            return Err(GenError::Size(codes));
        }
        if categories == 0 {
            return Err(GenError::EmptyCatalogue);
        }
        let batches = codes
            .div_ceil(MAX_UNITS_PER_BATCH)
            .max((5 * categories).min(codes));
        let producers = categories.max(batches.isqrt());
        let distributors = (producers / 2).max(3);
        // One anomaly batch per hundred, and at least two, so that even 10³ codes have some.
        let anomaly_batches = (batches / 100).max(2).min(batches);
        Ok(Self {
            codes,
            batches,
            producers,
            products: 2 * producers,
            distributors,
            shops: (2 * producers).max(2 * distributors),
            anomaly_stride: batches / anomaly_batches,
        })
    }

    /// How many units batch `b` has: the codes spread evenly, adding up to `codes`.
    pub fn units_of(&self, b: u64) -> u64 {
        let at =
            |i: u64| (u128::from(self.codes) * u128::from(i) / u128::from(self.batches)) as u64;
        at(b + 1) - at(b)
    }

    /// Whether batch `b` carries injected anomalies.
    pub fn anomalous(&self, b: u64) -> bool {
        self.anomaly_stride > 0 && b % self.anomaly_stride == self.anomaly_stride / 2
    }
}

/// A draw from the seeded sequence at `parts`: the same parts, the same number.
pub(crate) fn draw(seed: u64, parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(mix(seed ^ 0x5EED_0F71_A5E5), |acc, p| mix(acc ^ mix(*p)))
}

/// A fixed record id: a UUIDv8 from the seed, the record's kind and index.
pub(crate) fn record_id(seed: u64, kind: u64, index: u64) -> Uuid {
    let high = draw(seed, &[kind, index, 1]).to_be_bytes();
    let low = draw(seed, &[kind, index, 2]).to_be_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high);
    bytes[8..].copy_from_slice(&low);
    Uuid::new_v8(bytes)
}

/// One generation: its plan, the parties and products (made up front, a few thousand at
/// most), and the means to make each batch, its units and flows on demand.
#[derive(Debug)]
pub struct Generator {
    pub config: Config,
    pub plan: Plan,
    parties: Vec<Party>,
    products: Vec<GenProduct>,
    rules: CodeRules,
}

impl Generator {
    pub fn new(catalogue: &Catalogue, config: Config) -> Result<Self, GenError> {
        let plan = Plan::new(config.codes, catalogue.categories().len() as u64)?;
        let parties = parties::parties(&plan, config.seed, catalogue)?;
        let products = registry::products(&plan, config.seed, &parties, catalogue)?;
        Ok(Self {
            config,
            plan,
            parties,
            products,
            rules: CodeRules::default(),
        })
    }

    /// Every enterprise: producers, then distributors, then shops.
    pub fn parties(&self) -> &[Party] {
        &self.parties
    }

    pub fn products(&self) -> &[GenProduct] {
        &self.products
    }

    /// The batches, one at a time.
    pub fn batches(&self) -> impl Iterator<Item = Result<GenBatch, GenError>> + '_ {
        (0..self.plan.batches).map(move |b| self.batch(b))
    }

    /// Batch `b` (below `plan.batches`).
    pub fn batch(&self, b: u64) -> Result<GenBatch, GenError> {
        registry::batch(self, b)
    }

    /// The unit codes of `batch`, one at a time.
    pub fn units<'a>(
        &'a self,
        batch: &'a GenBatch,
    ) -> impl Iterator<Item = Result<GenUnit, GenError>> + 'a {
        (0..batch.units).map(move |u| registry::unit(self, batch, u))
    }

    /// The flows of `batch`'s goods, as drafts and as events, with the anomalies injected.
    pub fn flows(&self, batch: &GenBatch) -> Result<BatchFlows, GenError> {
        flows::of_batch(self, batch)
    }

    /// The anomalies batch `b` carries, without making its flows: what a manifest lists.
    pub fn anomalies_of(&self, batch: &GenBatch) -> Result<Vec<InjectedAnomaly>, GenError> {
        flows::anomalies_of(self, batch)
    }

    /// Every event, batch by batch, in the order they happen along each batch's path.
    pub fn flows_all(&self) -> impl Iterator<Item = Result<BatchFlows, GenError>> + '_ {
        self.batches()
            .map(move |batch| batch.and_then(|batch| self.flows(&batch)))
    }

    /// The events as EPCIS documents of at most [`EVENTS_PER_DOCUMENT`] events, as text.
    pub fn documents(&self) -> Documents<'_> {
        Documents {
            flows: Box::new(self.flows_all()),
            pending: Vec::new(),
            done: false,
        }
    }

    pub(crate) fn rules(&self) -> &CodeRules {
        &self.rules
    }

    pub(crate) fn party(&self, kind: PartyKind, index: u64) -> Option<&Party> {
        let offset = match kind {
            PartyKind::Producer => 0,
            PartyKind::Distributor => self.plan.producers,
            PartyKind::Shop => self.plan.producers + self.plan.distributors,
        };
        self.parties.get(usize::try_from(offset + index).ok()?)
    }
}

/// An EPCIS document of `events`, as text: what `read_document` and `POST /epcis/capture`
/// read. Its creation date is the generation's epoch, so the text is fixed.
pub fn document(events: &[Event]) -> String {
    write_document(
        DocumentType::EpcisDocument,
        Timestamp::from(epoch()),
        events,
        None,
    )
    .to_string()
}

/// The event documents of a generation, made as its batches' flows come.
pub struct Documents<'a> {
    flows: Box<dyn Iterator<Item = Result<BatchFlows, GenError>> + 'a>,
    pending: Vec<Event>,
    done: bool,
}

impl Iterator for Documents<'_> {
    type Item = Result<String, GenError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done && self.pending.len() < EVENTS_PER_DOCUMENT {
            match self.flows.next() {
                Some(Ok(flows)) => self.pending.extend(flows.events),
                Some(Err(e)) => return Some(Err(e)),
                None => self.done = true,
            }
        }
        if self.pending.is_empty() {
            return None;
        }
        let rest = self
            .pending
            .split_off(self.pending.len().min(EVENTS_PER_DOCUMENT));
        let text = document(&self.pending);
        self.pending = rest;
        Some(Ok(text))
    }
}
