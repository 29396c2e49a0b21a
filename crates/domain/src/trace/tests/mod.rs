//! The trace's pure logic on small chains whose answers can be read off by hand, and
//! property tests on random events.

#![allow(clippy::unwrap_used)]

mod chains;
mod properties;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::event::{ClassAmount, DocumentRef, PartyRef, TraceEvent};
use super::{Direction, MemoryEvents, ObjectKey, TraceQuery, Traced, Traversal};
use crate::epcis::{Action, BizStep, Disposition, EpcRole, EventType, SourceDestType, Term};

pub(super) fn hour(h: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(1_740_000_000 + i64::from(h) * 3600, 0).unwrap()
}

/// Builds events for tests; ids follow the order of building.
pub(super) struct Events {
    pub list: Vec<TraceEvent>,
}

impl Events {
    pub fn new() -> Self {
        Self { list: Vec::new() }
    }

    fn push(&mut self, event_type: EventType, action: Option<Action>, h: u32) -> &mut TraceEvent {
        let n = self.list.len() as u128 + 1;
        self.list.push(TraceEvent {
            id: Uuid::from_u128(n),
            hash_id: format!("ni:///sha-256;{n:064x}?ver=CBV2.0"),
            event_type,
            action,
            time: hour(h),
            biz_step: None,
            disposition: None,
            read_point: None,
            biz_location: None,
            epcs: Vec::new(),
            classes: Vec::new(),
            sources: Vec::new(),
            destinations: Vec::new(),
            documents: Vec::new(),
            recorded_by: None,
        });
        self.list.last_mut().unwrap()
    }

    pub fn commission(&mut self, h: u32, site: &str, epcs: &[&str]) -> &mut TraceEvent {
        let e = self.push(EventType::ObjectEvent, Some(Action::Add), h);
        e.biz_step = Some(Term::Standard(BizStep::Commissioning));
        e.biz_location = Some(site.into());
        e.epcs = epcs
            .iter()
            .map(|k| (EpcRole::Epc, (*k).to_owned()))
            .collect();
        e
    }

    pub fn commission_class(
        &mut self,
        h: u32,
        site: &str,
        class: &str,
        q: f64,
        uom: Option<&str>,
    ) -> &mut TraceEvent {
        let e = self.push(EventType::ObjectEvent, Some(Action::Add), h);
        e.biz_step = Some(Term::Standard(BizStep::Commissioning));
        e.biz_location = Some(site.into());
        e.classes.push(ClassAmount {
            role: EpcRole::Epc,
            class: class.into(),
            quantity: Some(q),
            uom: uom.map(str::to_owned),
        });
        e
    }

    pub fn pack(&mut self, h: u32, parent: &str, children: &[&str]) -> &mut TraceEvent {
        self.aggregation(h, Action::Add, parent, children)
    }

    pub fn unpack(&mut self, h: u32, parent: &str, children: &[&str]) -> &mut TraceEvent {
        self.aggregation(h, Action::Delete, parent, children)
    }

    fn aggregation(
        &mut self,
        h: u32,
        action: Action,
        parent: &str,
        children: &[&str],
    ) -> &mut TraceEvent {
        let e = self.push(EventType::AggregationEvent, Some(action), h);
        e.biz_step = Some(Term::Standard(if action == Action::Add {
            BizStep::Packing
        } else {
            BizStep::Unpacking
        }));
        e.epcs.push((EpcRole::Parent, parent.into()));
        e.epcs
            .extend(children.iter().map(|k| (EpcRole::Epc, (*k).to_owned())));
        e
    }

    /// A shipment of `epcs` from `from` to `to`, with a despatch advice.
    pub fn ship(&mut self, h: u32, from: &str, to: &str, epcs: &[&str]) -> &mut TraceEvent {
        let e = self.observe(h, BizStep::Shipping, epcs);
        e.disposition = Some(Term::Standard(Disposition::InTransit));
        e.sources.push(owner(from));
        e.destinations.push(owner(to));
        e.documents.push(DocumentRef {
            kind: Some("desadv".into()),
            id: format!("urn:epcglobal:cbv:bt:0614141000005:D{h}"),
        });
        e
    }

    pub fn receive(&mut self, h: u32, from: &str, to: &str, epcs: &[&str]) -> &mut TraceEvent {
        let e = self.observe(h, BizStep::Receiving, epcs);
        e.disposition = Some(Term::Standard(Disposition::SellableAccessible));
        e.sources.push(owner(from));
        e.destinations.push(owner(to));
        e
    }

    pub fn sell(&mut self, h: u32, epcs: &[&str]) -> &mut TraceEvent {
        let e = self.observe(h, BizStep::RetailSelling, epcs);
        e.disposition = Some(Term::Standard(Disposition::RetailSold));
        e
    }

    pub fn observe(&mut self, h: u32, step: BizStep, epcs: &[&str]) -> &mut TraceEvent {
        let e = self.push(EventType::ObjectEvent, Some(Action::Observe), h);
        e.biz_step = Some(Term::Standard(step));
        e.epcs = epcs
            .iter()
            .map(|k| (EpcRole::Epc, (*k).to_owned()))
            .collect();
        e
    }

    pub fn transform(
        &mut self,
        h: u32,
        site: &str,
        inputs: &[&str],
        outputs: &[&str],
    ) -> &mut TraceEvent {
        let e = self.push(EventType::TransformationEvent, None, h);
        e.biz_step = Some(Term::Standard(BizStep::Commissioning));
        e.biz_location = Some(site.into());
        e.epcs
            .extend(inputs.iter().map(|k| (EpcRole::Input, (*k).to_owned())));
        e.epcs
            .extend(outputs.iter().map(|k| (EpcRole::Output, (*k).to_owned())));
        e
    }

    /// Traces through a store in memory that answers as the real ones do.
    pub fn trace(&self, start: &[ObjectKey], direction: Direction, depth: u32) -> Traced {
        let memory = MemoryEvents::new(self.list.clone());
        Traversal::new(TraceQuery {
            start: start.to_vec(),
            direction,
            depth,
        })
        .run(|request, known| memory.answer(request, known))
    }
}

pub(super) fn owner(id: &str) -> PartyRef {
    PartyRef {
        kind: Term::Standard(SourceDestType::OwningParty),
        id: id.into(),
    }
}

pub(super) fn epc(k: &str) -> ObjectKey {
    ObjectKey::Epc(k.into())
}

pub(super) fn class(k: &str) -> ObjectKey {
    ObjectKey::Class(k.into())
}
