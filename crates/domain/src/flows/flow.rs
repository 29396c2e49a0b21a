//! A validated flow: one everyday action on some goods, by one party, at one time — ready to
//! become an EPCIS event once the registry has said what it knows of its batch.

use chrono::{DateTime, FixedOffset, NaiveDate};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;

use super::action::{CheckResult, FlowAction};
use super::document::Document;
use super::object::Scanned;
use crate::batch::{Batch, InspectionProof};
use crate::product::Product;

/// A flow that passed every check its fields allow on their own.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub action: FlowAction,
    /// Who records it.
    pub by: CreditCode,
    pub goods: Goods,
    /// The buyer (ship, sell_to_business).
    pub to: Option<CreditCode>,
    /// The supplier (receive), or who returns the goods (return).
    pub from: Option<CreditCode>,
    /// When it happened, with the offset in force where it did.
    pub at: DateTime<FixedOffset>,
    pub document: Option<Document>,
    /// The check result (inspect, receive).
    pub result: Option<CheckResult>,
    /// The case or pallet (pack, unpack), as its SSCC's Digital Link.
    pub parent: Option<String>,
}

/// What the flow moves or sees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Goods {
    /// Units and cases, in the order given.
    pub units: Vec<Scanned>,
    /// The batch named: the goods' batch when a quantity is given, or, at commissioning, the
    /// batch the units belong to.
    pub batch: Option<BatchRef>,
    /// How much of the batch, when goods are counted by batch rather than by unit.
    pub amount: Option<Amount>,
}

/// How a flow names a batch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BatchRef {
    /// By its registry id.
    Id(Uuid),
    /// By its product's GTIN and its lot number.
    Lot { gtin: Gtin, lot: String },
}

/// A quantity of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub quantity: f64,
    /// The UN/CEFACT Rec 20 unit as given; absent, the batch's own unit, or a count of pieces.
    pub unit: Option<String>,
}

/// What the registry knows of a batch a flow names, as the caller found it.
#[derive(Debug, Clone, PartialEq)]
pub struct LotFacts {
    pub batch_id: Uuid,
    /// The product's GTIN, if it has one.
    pub gtin: Option<Gtin>,
    pub lot: String,
    pub production_date: NaiveDate,
    /// The unit the batch's quantity is counted in (`H87` for pieces).
    pub unit_of_measure: String,
    /// The batch's inspection-conformity proof (检验合格证明).
    pub inspection: InspectionProof,
}

impl LotFacts {
    pub fn of(batch: &Batch, product: &Product) -> Self {
        Self {
            batch_id: batch.id,
            gtin: product.gtin.clone(),
            lot: batch.lot.clone(),
            production_date: batch.production_date,
            unit_of_measure: batch.unit_of_measure.clone(),
            inspection: batch.inspection.clone(),
        }
    }
}

impl Flow {
    /// The batch the caller should look up in the registry before making the event: the one
    /// named, or at commissioning the one every unit's code carries (GTIN and lot).
    pub fn batch_to_find(&self) -> Option<BatchRef> {
        if let Some(batch) = &self.goods.batch {
            return Some(batch.clone());
        }
        if self.action != FlowAction::Commission {
            return None;
        }
        let mut carried = self
            .goods
            .units
            .iter()
            .map(|u| (u.gtin.as_ref(), u.lot.as_ref()));
        let (Some(gtin), Some(lot)) = carried.next()? else {
            return None;
        };
        carried
            .all(|(g, l)| g == Some(gtin) && l == Some(lot))
            .then(|| BatchRef::Lot {
                gtin: gtin.clone(),
                lot: lot.clone(),
            })
    }

    /// Whether the event cannot be made without what the registry knows of the batch: a
    /// commissioning (its lot master data) or a batch named by id (its class).
    pub fn needs_lot_facts(&self) -> bool {
        self.action == FlowAction::Commission || matches!(self.goods.batch, Some(BatchRef::Id(_)))
    }
}
