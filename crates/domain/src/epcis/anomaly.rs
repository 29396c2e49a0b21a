//! The checks a schema cannot make, because they need the goods' history: a code commissioned
//! twice, goods received that were never shipped (or shipped to someone else), goods sold that
//! nobody held or that were sold already, a case unpacked that was never packed, and time
//! running backwards along a unit's path.
//!
//! The rule (documented for submitters): an event that breaks one of these is **accepted and
//! flagged**, never refused or dropped. The physical world is the authority — a receipt may be
//! recorded before the late shipment record arrives, a clone is evidence a regulator needs to
//! see — so the event is stored as sent, and each violation is kept as an anomaly beside it,
//! visible to the submitter and to regulators. Checks look at what was stored when the event
//! arrived, and at the events before it in the same document.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use yima_codes::gs1::normalise_epcis_id;

use super::cbv::{BizStep, Disposition, SourceDestType, Term};
use super::event::{EpcRole, Event};
use super::kind::{Action, EventType};

/// What kind of violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    /// A code commissioned while it was already in use: a clone, or a reused code.
    CommissionedTwice,
    /// A receipt of goods no shipment carried.
    ReceivedWithoutShipment,
    /// A receipt of goods shipped to another party.
    ReceivedByAnotherParty,
    /// A retail sale of goods nobody commissioned or received.
    SoldWithoutHolding,
    /// A retail sale of goods sold already and not returned.
    SoldTwice,
    /// A case or pallet unpacked that was never packed.
    UnpackedUnknownParent,
    /// An event earlier than the step before it on the unit's path (received before shipped,
    /// shipped before made).
    TimeReversed,
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 7] = [
        Self::CommissionedTwice,
        Self::ReceivedWithoutShipment,
        Self::ReceivedByAnotherParty,
        Self::SoldWithoutHolding,
        Self::SoldTwice,
        Self::UnpackedUnknownParent,
        Self::TimeReversed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::CommissionedTwice => "commissioned_twice",
            Self::ReceivedWithoutShipment => "received_without_shipment",
            Self::ReceivedByAnotherParty => "received_by_another_party",
            Self::SoldWithoutHolding => "sold_without_holding",
            Self::SoldTwice => "sold_twice",
            Self::UnpackedUnknownParent => "unpacked_unknown_parent",
            Self::TimeReversed => "time_reversed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One violation by one event, about one identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    /// The identifier concerned (its matching key).
    pub epc: String,
    /// What was found, in a sentence.
    pub detail: String,
}

/// The history of the identifiers a batch of events names: every earlier event that names
/// them, in the order they were recorded.
#[derive(Debug, Default)]
pub struct History<'a> {
    by_key: HashMap<String, Vec<&'a Event>>,
}

impl<'a> History<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `event` (the next in record order) to the history of each identifier it names.
    pub fn record(&mut self, event: &'a Event) {
        let mut keys: Vec<String> = event.epcs().map(|(_, id)| key(id)).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            self.by_key.entry(k).or_default().push(event);
        }
    }

    fn of(&self, key: &str) -> &[&'a Event] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The keys of every identifier `events` name, to fetch their history with.
pub fn keys_named<'e>(events: impl IntoIterator<Item = &'e Event>) -> Vec<String> {
    let mut keys: Vec<String> = events
        .into_iter()
        .flat_map(|e| e.epcs().map(|(_, id)| key(id)))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn key(id: &str) -> String {
    normalise_epcis_id(id).map_or_else(|_| id.to_owned(), |n| n.key)
}

fn step(event: &Event) -> Option<BizStep> {
    match &event.biz_step {
        Some(Term::Standard(step)) => Some(*step),
        _ => None,
    }
}

fn disposition(event: &Event) -> Option<Disposition> {
    match &event.disposition {
        Some(Term::Standard(d)) => Some(*d),
        _ => None,
    }
}

fn owning(list: impl IntoIterator<Item = (Term<SourceDestType>, String)>) -> Option<String> {
    list.into_iter()
        .find(|(kind, _)| *kind == Term::Standard(SourceDestType::OwningParty))
        .map(|(_, id)| key(&id))
}

fn destination_owner(event: &Event) -> Option<String> {
    owning(
        event
            .destination_list
            .iter()
            .map(|d| (d.kind.clone(), d.id.clone())),
    )
}

fn source_owner(event: &Event) -> Option<String> {
    owning(
        event
            .source_list
            .iter()
            .map(|s| (s.kind.clone(), s.id.clone())),
    )
}

fn is_commissioning(event: &Event) -> bool {
    event.event_type == EventType::ObjectEvent
        && event.action == Some(Action::Add)
        && matches!(step(event), Some(BizStep::Commissioning) | None)
}

fn ends_life(event: &Event) -> bool {
    event.action == Some(Action::Delete)
        || matches!(
            step(event),
            Some(BizStep::Decommissioning | BizStep::Destroying)
        )
}

fn is_shipment(event: &Event) -> bool {
    matches!(step(event), Some(BizStep::Shipping | BizStep::Departing))
}

fn is_receipt(event: &Event) -> bool {
    matches!(
        step(event),
        Some(BizStep::Receiving | BizStep::Arriving | BizStep::Accepting)
    ) && disposition(event) != Some(Disposition::Returned)
}

fn is_sale(event: &Event) -> bool {
    step(event) == Some(BizStep::RetailSelling)
        || disposition(event) == Some(Disposition::RetailSold)
}

fn is_return(event: &Event) -> bool {
    disposition(event) == Some(Disposition::Returned)
}

/// The violations `event` commits, given the history of what it names (events before it).
pub fn check(event: &Event, history: &History<'_>) -> Vec<Anomaly> {
    let mut found = Vec::new();
    let mut flag = |kind: AnomalyKind, epc: &str, detail: String| {
        found.push(Anomaly {
            kind,
            epc: epc.to_owned(),
            detail,
        });
    };
    let at = event.event_time.utc();
    for (role, id) in event.epcs() {
        let k = key(id);
        let past = history.of(&k);
        if role == EpcRole::Parent
            && event.event_type == EventType::AggregationEvent
            && event.action == Some(Action::Delete)
            && !past.iter().any(|e| {
                e.event_type == EventType::AggregationEvent
                    && e.action == Some(Action::Add)
                    && e.parent_id.as_deref().map(key).as_deref() == Some(k.as_str())
            })
        {
            flag(
                AnomalyKind::UnpackedUnknownParent,
                &k,
                format!("{id} is unpacked but no event packed anything into it"),
            );
        }
        if role != EpcRole::Epc {
            continue;
        }
        if is_commissioning(event) {
            let live = past
                .iter()
                .rev()
                .take_while(|e| !ends_life(e))
                .any(|e| is_commissioning(e));
            if live {
                flag(
                    AnomalyKind::CommissionedTwice,
                    &k,
                    format!("{id} is commissioned again while an earlier commissioning stands"),
                );
            }
        }
        if let Some(made) = past.iter().find(|e| is_commissioning(e))
            && at < made.event_time.utc()
        {
            flag(
                AnomalyKind::TimeReversed,
                &k,
                format!(
                    "{id} is seen at {} but was commissioned at {}",
                    event.event_time, made.event_time
                ),
            );
        }
        if is_receipt(event) {
            let shipments: Vec<&&Event> = past.iter().filter(|e| is_shipment(e)).collect();
            match shipments.last() {
                None => flag(
                    AnomalyKind::ReceivedWithoutShipment,
                    &k,
                    format!("{id} is received but no shipment of it is recorded"),
                ),
                Some(shipment) => {
                    if let (Some(to), Some(receiver)) =
                        (destination_owner(shipment), destination_owner(event))
                        && to != receiver
                    {
                        flag(
                            AnomalyKind::ReceivedByAnotherParty,
                            &k,
                            format!("{id} was shipped to {to} but is received by {receiver}"),
                        );
                    }
                    if let (Some(from), Some(supplier)) =
                        (source_owner(shipment), source_owner(event))
                        && from != supplier
                    {
                        flag(
                            AnomalyKind::ReceivedByAnotherParty,
                            &k,
                            format!("{id} was shipped by {from} but is received from {supplier}"),
                        );
                    }
                    if at < shipment.event_time.utc() {
                        flag(
                            AnomalyKind::TimeReversed,
                            &k,
                            format!(
                                "{id} is received at {} but was shipped at {}",
                                event.event_time, shipment.event_time
                            ),
                        );
                    }
                }
            }
        }
        if is_sale(event) {
            let held = past
                .iter()
                .any(|e| is_commissioning(e) || is_receipt(e) || is_return(e));
            let last_sale_or_return = past.iter().rev().find(|e| is_sale(e) || is_return(e));
            if last_sale_or_return.is_some_and(|e| is_sale(e)) {
                flag(
                    AnomalyKind::SoldTwice,
                    &k,
                    format!("{id} is sold but was sold already and not returned"),
                );
            } else if !held {
                flag(
                    AnomalyKind::SoldWithoutHolding,
                    &k,
                    format!("{id} is sold but nobody recorded making or receiving it"),
                );
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::epcis::Namespaces;

    fn event(json: serde_json::Value) -> Event {
        let serde_json::Value::Object(map) = json else {
            unreachable!()
        };
        Event::from_json(map, &Namespaces::default()).unwrap()
    }

    const UNIT: &str = "urn:epc:id:sgtin:0614141.107346.1";
    const UNIT_LINK: &str = "https://id.gs1.org/01/10614141073464/21/1";
    const SHOP: &str = "urn:epc:id:pgln:0614141.00888";
    const OTHER_SHOP: &str = "urn:epc:id:pgln:0614141.00999";

    fn object(
        step: &str,
        disposition: &str,
        action: &str,
        time: &str,
        epc: &str,
    ) -> serde_json::Value {
        serde_json::json!({
            "type": "ObjectEvent", "action": action,
            "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "epcList": [epc], "bizStep": step, "disposition": disposition
        })
    }

    fn commission(time: &str) -> Event {
        event(object("commissioning", "active", "ADD", time, UNIT))
    }

    fn ship(time: &str, to: &str) -> Event {
        let mut e = object("shipping", "in_transit", "OBSERVE", time, UNIT);
        e["destinationList"] = serde_json::json!([{"type": "owning_party", "destination": to}]);
        event(e)
    }

    fn receive(time: &str, by: &str) -> Event {
        let mut e = object(
            "receiving",
            "sellable_accessible",
            "OBSERVE",
            time,
            UNIT_LINK,
        );
        e["destinationList"] = serde_json::json!([{"type": "owning_party", "destination": by}]);
        event(e)
    }

    fn sell(time: &str) -> Event {
        event(object(
            "retail_selling",
            "retail_sold",
            "OBSERVE",
            time,
            UNIT_LINK,
        ))
    }

    fn kinds(event: &Event, past: &[&Event]) -> Vec<AnomalyKind> {
        let mut history = History::new();
        for e in past {
            history.record(e);
        }
        check(event, &history).into_iter().map(|a| a.kind).collect()
    }

    #[test]
    fn a_clean_path_has_no_anomaly() {
        let (c, s, r, sale) = (
            commission("2025-03-01T08:00:00+08:00"),
            ship("2025-03-01T09:00:00+08:00", SHOP),
            receive("2025-03-02T09:00:00+08:00", SHOP),
            sell("2025-03-03T09:00:00+08:00"),
        );
        assert!(kinds(&c, &[]).is_empty());
        assert!(kinds(&s, &[&c]).is_empty());
        assert!(kinds(&r, &[&c, &s]).is_empty());
        assert!(kinds(&sale, &[&c, &s, &r]).is_empty());
    }

    #[test]
    fn each_violation_is_named() {
        let c = commission("2025-03-01T08:00:00+08:00");
        let s = ship("2025-03-01T09:00:00+08:00", SHOP);
        assert_eq!(
            kinds(&commission("2025-03-05T08:00:00+08:00"), &[&c]),
            [AnomalyKind::CommissionedTwice]
        );
        assert_eq!(
            kinds(&receive("2025-03-02T09:00:00+08:00", SHOP), &[&c]),
            [AnomalyKind::ReceivedWithoutShipment]
        );
        assert_eq!(
            kinds(&receive("2025-03-02T09:00:00+08:00", OTHER_SHOP), &[&c, &s]),
            [AnomalyKind::ReceivedByAnotherParty]
        );
        assert_eq!(
            kinds(&receive("2025-03-01T08:30:00+08:00", SHOP), &[&c, &s]),
            [AnomalyKind::TimeReversed]
        );
        assert_eq!(
            kinds(&sell("2025-03-03T09:00:00+08:00"), &[]),
            [AnomalyKind::SoldWithoutHolding]
        );
        let sold = sell("2025-03-03T09:00:00+08:00");
        assert_eq!(
            kinds(&sell("2025-03-04T09:00:00+08:00"), &[&c, &sold]),
            [AnomalyKind::SoldTwice]
        );
        assert_eq!(
            kinds(&ship("2025-02-01T09:00:00+08:00", SHOP), &[&c]),
            [AnomalyKind::TimeReversed]
        );
        let unpack = event(serde_json::json!({
            "type": "AggregationEvent", "action": "DELETE",
            "eventTime": "2025-03-02T09:00:00+08:00", "eventTimeZoneOffset": "+08:00",
            "parentID": "urn:epc:id:sscc:0614141.1234567890", "bizStep": "unpacking"
        }));
        assert_eq!(kinds(&unpack, &[]), [AnomalyKind::UnpackedUnknownParent]);
    }

    #[test]
    fn a_returned_unit_may_be_sold_again_and_a_decommissioned_code_reused() {
        let c = commission("2025-03-01T08:00:00+08:00");
        let sold = sell("2025-03-03T09:00:00+08:00");
        let returned = event(object(
            "receiving",
            "returned",
            "OBSERVE",
            "2025-03-04T09:00:00+08:00",
            UNIT,
        ));
        assert!(kinds(&sell("2025-03-05T09:00:00+08:00"), &[&c, &sold, &returned]).is_empty());
        let ended = event(object(
            "decommissioning",
            "inactive",
            "DELETE",
            "2025-03-06T09:00:00+08:00",
            UNIT,
        ));
        assert!(kinds(&commission("2025-03-07T08:00:00+08:00"), &[&c, &ended]).is_empty());
    }
}
