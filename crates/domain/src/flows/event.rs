//! A flow as the EPCIS 2.0 event it is (domain.md §4):
//!
//! | action | event | action | bizStep | disposition | source / destination (owning_party) |
//! |---|---|---|---|---|---|
//! | commission | ObjectEvent | ADD | commissioning | active | — (ILMD: lot, production date, inspection certificate) |
//! | inspect | ObjectEvent | OBSERVE | inspecting | conformant / non_conformant | — |
//! | pack | AggregationEvent | ADD | packing | — | — (parentID = the SSCC) |
//! | unpack | AggregationEvent | DELETE | unpacking | — | — (parentID = the SSCC) |
//! | ship | ObjectEvent | OBSERVE | shipping | in_transit | recorder → `to` |
//! | receive | ObjectEvent | OBSERVE | receiving | sellable_accessible (non_conformant if the check failed) | `from` → recorder |
//! | sell | ObjectEvent | OBSERVE | retail_selling | retail_sold | recorder → |
//! | sell_to_business | ObjectEvent | OBSERVE | shipping | in_transit | recorder → `to` |
//! | return | ObjectEvent | OBSERVE | receiving | returned | `from` (if any) → recorder |
//! | hold | ObjectEvent | OBSERVE | holding | non_sellable_other | — |
//! | recall | ObjectEvent | OBSERVE | holding | recalled | — |
//! | scrap | ObjectEvent | DELETE | destroying | destroyed | — |
//!
//! A sale to a business is a shipment to its buyer with an invoice: its receipt is checked
//! against it like any other (a retail sale, by contrast, hands goods to consumers). A hold is
//! `holding` with `non_sellable_other`, a recall `holding` with `recalled`: a quality hold is
//! not a recall, and a regulator counting recalled goods must not count it. A retail sale names
//! the shop as its source, so whose stock the goods left is known even when they are counted by
//! batch.
//!
//! Every flow's event also says who recorded it, `ym:recordedBy` (namespace
//! `urn:yima:epcis:`): CBV has no field for it, and an inspection or a hold names no source or
//! destination. Goods counted by batch are a quantity of the batch's class. The event is read
//! back through `Event::from_json`, the reader of the EPCIS binding, so it is exactly the event
//! the binding would store had the client sent it there.

use serde_json::{Map, Value, json};

use super::action::{CheckResult, FlowAction};
use super::flow::{Amount, BatchRef, Flow, LotFacts};
use super::object::{batch_class_uri, lot_class_uri};
use super::party::party_uri;
use crate::epcis::cbv::Vocabulary;
use crate::epcis::{Action, BizStep, Disposition, Event, EventType, Namespaces};
use crate::validation::{FieldError, Invalid};

/// The prefix of the platform's own event fields.
pub const EXTENSION_PREFIX: &str = "ym";
/// The namespace of the platform's own event fields.
pub const EXTENSION_NAMESPACE: &str = "urn:yima:epcis:";
/// The field naming who recorded a flow: a party URI.
pub const RECORDED_BY: &str = "ym:recordedBy";

/// Units whose counts are items, written without `uom` (EPCIS counts items so): piece, one.
const COUNTS: [&str; 2] = ["H87", "C62"];

fn invalid(field: &str, problem: impl Into<String>) -> Invalid {
    Invalid {
        errors: vec![FieldError {
            field: field.to_owned(),
            problem: problem.into(),
        }],
    }
}

/// The event type, action, business step and disposition of `action`.
fn shape(
    action: FlowAction,
    result: Option<CheckResult>,
) -> (EventType, Action, BizStep, Option<Disposition>) {
    use FlowAction as F;
    let object = EventType::ObjectEvent;
    match action {
        F::Commission => (
            object,
            Action::Add,
            BizStep::Commissioning,
            Some(Disposition::Active),
        ),
        F::Inspect => (
            object,
            Action::Observe,
            BizStep::Inspecting,
            Some(match result {
                Some(CheckResult::NonConformant) => Disposition::NonConformant,
                _ => Disposition::Conformant,
            }),
        ),
        F::Pack => (
            EventType::AggregationEvent,
            Action::Add,
            BizStep::Packing,
            None,
        ),
        F::Unpack => (
            EventType::AggregationEvent,
            Action::Delete,
            BizStep::Unpacking,
            None,
        ),
        F::Ship | F::SellToBusiness => (
            object,
            Action::Observe,
            BizStep::Shipping,
            Some(Disposition::InTransit),
        ),
        F::Receive => (
            object,
            Action::Observe,
            BizStep::Receiving,
            Some(match result {
                Some(CheckResult::NonConformant) => Disposition::NonConformant,
                _ => Disposition::SellableAccessible,
            }),
        ),
        F::Sell => (
            object,
            Action::Observe,
            BizStep::RetailSelling,
            Some(Disposition::RetailSold),
        ),
        F::Return => (
            object,
            Action::Observe,
            BizStep::Receiving,
            Some(Disposition::Returned),
        ),
        F::Hold => (
            object,
            Action::Observe,
            BizStep::Holding,
            Some(Disposition::NonSellableOther),
        ),
        F::Recall => (
            object,
            Action::Observe,
            BizStep::Holding,
            Some(Disposition::Recalled),
        ),
        F::Scrap => (
            object,
            Action::Delete,
            BizStep::Destroying,
            Some(Disposition::Destroyed),
        ),
    }
}

impl Flow {
    /// The flow's EPCIS event. `lot` is what the registry knows of the batch
    /// `batch_to_find` named, if it found it; a commissioning and a batch named by id need it.
    pub fn event(&self, lot: Option<&LotFacts>) -> Result<Event, Invalid> {
        let (event_type, action, step, disposition) = shape(self.action, self.result);
        let mut e = Map::new();
        e.insert("type".into(), json!(event_type.name()));
        e.insert(
            "eventTime".into(),
            json!(
                self.at
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
            ),
        );
        e.insert(
            "eventTimeZoneOffset".into(),
            json!(self.at.format("%:z").to_string()),
        );
        e.insert("action".into(), json!(action.name()));
        e.insert("bizStep".into(), json!(step.name()));
        if let Some(d) = disposition {
            e.insert("disposition".into(), json!(d.name()));
        }
        let aggregation = event_type == EventType::AggregationEvent;
        if let Some(parent) = &self.parent {
            e.insert("parentID".into(), json!(parent));
        }
        let epcs: Vec<&str> = self.goods.units.iter().map(|u| u.epc.as_str()).collect();
        if !epcs.is_empty() {
            let list = if aggregation { "childEPCs" } else { "epcList" };
            e.insert(list.into(), json!(epcs));
        }
        if let Some(amount) = &self.goods.amount {
            let element = self.quantity_element(amount, lot)?;
            let list = if aggregation {
                "childQuantityList"
            } else {
                "quantityList"
            };
            e.insert(list.into(), json!([element]));
        }
        let (source, destination) = self.ends();
        if let Some(source) = source {
            e.insert(
                "sourceList".into(),
                json!([{"type": "owning_party", "source": source}]),
            );
        }
        if let Some(destination) = destination {
            e.insert(
                "destinationList".into(),
                json!([{"type": "owning_party", "destination": destination}]),
            );
        }
        if let Some(document) = &self.document {
            let issuer = self.from.as_ref().unwrap_or(&self.by);
            let mut t = Map::new();
            if let Some(kind) = document.kind {
                t.insert("type".into(), json!(kind.name()));
            }
            t.insert("bizTransaction".into(), json!(document.uri(issuer)));
            e.insert("bizTransactionList".into(), json!([t]));
        }
        if self.action == FlowAction::Commission {
            e.insert("ilmd".into(), self.lot_master_data(lot)?);
        }
        e.insert(RECORDED_BY.into(), json!(party_uri(&self.by)));
        let namespaces: Namespaces =
            [(EXTENSION_PREFIX.to_owned(), EXTENSION_NAMESPACE.to_owned())]
                .into_iter()
                .collect();
        Event::from_json(e, &namespaces).map_err(|err| invalid(&field_of(&err.path), err.rule))
    }

    /// The owning parties the goods leave and reach, as party URIs.
    fn ends(&self) -> (Option<String>, Option<String>) {
        let by = Some(party_uri(&self.by));
        let to = self.to.as_ref().map(party_uri);
        let from = self.from.as_ref().map(party_uri);
        match self.action {
            FlowAction::Ship | FlowAction::SellToBusiness => (by, to),
            FlowAction::Receive | FlowAction::Return => (from, by),
            FlowAction::Sell => (by, None),
            _ => (None, None),
        }
    }

    /// The batch's class and the quantity, in the batch's unit unless another was given.
    fn quantity_element(&self, amount: &Amount, lot: Option<&LotFacts>) -> Result<Value, Invalid> {
        let class = match (&self.goods.batch, lot) {
            (Some(BatchRef::Lot { gtin, lot }), _) => {
                lot_class_uri(gtin, lot).map_err(|e| invalid("lot", e))?
            }
            (Some(BatchRef::Id(_)), Some(facts)) => match &facts.gtin {
                Some(gtin) => lot_class_uri(gtin, &facts.lot).map_err(|e| invalid("lot", e))?,
                None => batch_class_uri(facts.batch_id),
            },
            (Some(BatchRef::Id(id)), None) => {
                return Err(invalid("batch_id", format!("no batch {id} is registered")));
            }
            (None, _) => return Err(invalid("batch_id", "a quantity is of a batch: name it")),
        };
        let unit = match (&amount.unit, lot) {
            (Some(given), Some(facts))
                if given != &facts.unit_of_measure
                    && !(COUNTS.contains(&given.as_str())
                        && COUNTS.contains(&facts.unit_of_measure.as_str())) =>
            {
                return Err(invalid(
                    "unit",
                    format!(
                        "the batch is counted in {}, not {given}",
                        facts.unit_of_measure
                    ),
                ));
            }
            (Some(given), _) => Some(given.clone()),
            (None, Some(facts)) => Some(facts.unit_of_measure.clone()),
            (None, None) => None,
        }
        .filter(|u| !COUNTS.contains(&u.as_str()));
        if unit.is_none() && amount.quantity.fract() != 0.0 {
            return Err(invalid(
                "quantity",
                format!(
                    "{} is not a whole number of pieces; give the unit it is measured in",
                    amount.quantity
                ),
            ));
        }
        let mut element = json!({"epcClass": class, "quantity": amount.quantity});
        if let (Some(unit), Value::Object(map)) = (unit, &mut element) {
            map.insert("uom".into(), json!(unit));
        }
        Ok(element)
    }

    /// The commissioned lot's master data: lot number, production date and inspection
    /// certificate, from the registry.
    fn lot_master_data(&self, lot: Option<&LotFacts>) -> Result<Value, Invalid> {
        let Some(facts) = lot else {
            let (field, problem) = match (&self.goods.batch, self.batch_to_find()) {
                (Some(BatchRef::Id(id)), _) => ("batch_id", format!("no batch {id} is registered")),
                (Some(BatchRef::Lot { gtin, lot }), _) => (
                    "lot",
                    format!("no batch of GTIN {gtin} with lot {lot} is registered"),
                ),
                (None, Some(_)) => (
                    "codes",
                    "the GTIN and lot the codes carry are no registered batch".to_owned(),
                ),
                (None, None) => (
                    "batch_id",
                    "commissioning records the lot's master data from its registered batch: \
                     name it (batch_id, or gtin and lot)"
                        .to_owned(),
                ),
            };
            return Err(invalid(field, problem));
        };
        for (i, unit) in self.goods.units.iter().enumerate() {
            let field = format!("codes[{i}]");
            if let (Some(code), Some(batch)) = (&unit.gtin, &facts.gtin)
                && code != batch
            {
                return Err(invalid(
                    &field,
                    format!("carries GTIN {code}, the batch's product has {batch}"),
                ));
            }
            if let Some(code_lot) = &unit.lot
                && code_lot != &facts.lot
            {
                return Err(invalid(
                    &field,
                    format!("carries lot {code_lot}, the batch is lot {}", facts.lot),
                ));
            }
        }
        let proof = &facts.inspection;
        Ok(json!({
            "cbvmda:lotNumber": facts.lot,
            "cbvmda:productionDate": facts.production_date.to_string(),
            "gs1:certification": {
                "gs1:certificationIdentification": proof.certificate_number,
                "gs1:certificationAgency": proof.issuer,
                "gs1:certificationAuditDate": proof.date.to_string(),
                "gs1:certificationValue": proof.result.as_str(),
            },
        }))
    }
}

/// The draft's field an event path comes from, for the rare refusal of the event reader.
fn field_of(path: &str) -> String {
    for (list, field) in [
        ("epcList", "codes"),
        ("childEPCs", "codes"),
        ("parentID", "parent"),
        ("quantityList", "quantity"),
        ("childQuantityList", "quantity"),
        ("bizTransactionList", "document"),
    ] {
        if let Some(rest) = path.strip_prefix(list) {
            let index = rest.split_once(']').map_or("", |(i, _)| i);
            return if field == "codes" && !index.is_empty() {
                format!("{field}{index}]")
            } else {
                field.to_owned()
            };
        }
    }
    format!("event.{path}")
}
