//! The anomalies injected into the flows, at a known rate (one batch in a hundred, at least
//! two batches: `Plan::anomalous`), and what the history checks find for each.
//!
//! - A cloned code: a unit sold by its shop is sold again, later, by another shop that never
//!   received it — a copy of its label on a counterfeit. The checks find it `sold_twice`.
//! - A sale without purchase: a shop sells a unit nobody shipped to it, nor recorded making
//!   (its producer registered the code but the unit left the factory unrecorded). The checks
//!   find it `sold_without_holding`.

use serde::Serialize;

use crate::epcis::AnomalyKind;

/// A kind of anomaly the generator injects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InjectedKind {
    ClonedCode,
    SaleWithoutPurchase,
}

impl InjectedKind {
    pub const ALL: [Self; 2] = [Self::ClonedCode, Self::SaleWithoutPurchase];

    pub fn name(self) -> &'static str {
        match self {
            Self::ClonedCode => "cloned_code",
            Self::SaleWithoutPurchase => "sale_without_purchase",
        }
    }

    /// What the platform's history checks flag the injected event with.
    pub fn detected_as(self) -> AnomalyKind {
        match self {
            Self::ClonedCode => AnomalyKind::SoldTwice,
            Self::SaleWithoutPurchase => AnomalyKind::SoldWithoutHolding,
        }
    }
}

/// One injected anomaly: which unit, sold by whom, and what the checks will call it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InjectedAnomaly {
    pub kind: InjectedKind,
    /// The `AnomalyKind` name the history checks give it.
    pub detected_as: &'static str,
    /// The unit's code as printed (a key of `units.csv`'s `code` column).
    pub code: String,
    /// The unit's identifier in events.
    pub epc: String,
    /// The batch's number in the generation and its lot.
    pub batch: u64,
    pub lot: String,
    /// The credit code of the shop that sold it wrongly.
    pub shop: String,
    /// For a clone, the shop that sold the genuine unit first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_sold_by: Option<String>,
}
