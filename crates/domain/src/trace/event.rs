//! What a trace reads of an event: who and what it names, when, where and why, every
//! identifier already keyed as the store indexes it (`normalise_epcis_id`), so that a unit
//! written as a URN in one event and as a Digital Link in the next is one object.
//!
//! The store builds these from its index rows without reading every event through the full
//! EPCIS parser (a trace reads thousands of events); [`TraceEvent::of`] builds the same from a
//! parsed event, for tests and for callers that hold events in memory.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::gs1::normalise_epcis_id;

use crate::epcis::{
    Action, BizStep, CapturedEvent, Disposition, EpcRole, EventType, SourceDestType, Term,
};

/// The key an identifier is matched by: its canonical Digital Link for a GS1 key, itself
/// otherwise (the same rule the store indexes events by).
pub fn key(identifier: &str) -> String {
    normalise_epcis_id(identifier).map_or_else(|_| identifier.to_owned(), |id| id.key)
}

/// Who recorded `event`: the platform's `recordedBy` field, under whatever prefix the event
/// declares for its namespace.
pub(crate) fn recorded_by(event: &crate::epcis::Event) -> Option<String> {
    let prefix = event
        .namespace_map()
        .iter()
        .find(|(_, uri)| uri.as_str() == crate::flows::event::EXTENSION_NAMESPACE)
        .map(|(prefix, _)| prefix.as_str())?;
    event
        .extensions
        .get(&format!("{prefix}:recordedBy"))
        .and_then(|v| v.as_str())
        .map(key)
}

/// What a trace follows: one object (a unit, a case, a pallet) by its EPC, or a class of
/// goods counted by quantity (a lot: `https://id.gs1.org/01/{gtin}/10/{lot}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKey {
    Epc(String),
    Class(String),
}

impl ObjectKey {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Epc(k) | Self::Class(k) => k,
        }
    }
}

/// A class-level quantity an event names.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassAmount {
    /// `Epc` for `quantityList` and `childQuantityList`, else `Input` or `Output`.
    pub role: EpcRole,
    /// The class's key.
    pub class: String,
    /// Absent when the event does not say how much.
    pub quantity: Option<f64>,
    /// UN/CEFACT unit; absent for a count of items.
    pub uom: Option<String>,
}

/// One end of a movement: a source or a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRef {
    pub kind: Term<SourceDestType>,
    /// The party's or location's key.
    pub id: String,
}

/// A business document an event refers to (an order, a despatch advice), as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentRef {
    /// The business transaction type as EPCIS JSON writes it (`po`, `desadv`, a URI).
    pub kind: Option<String>,
    pub id: String,
}

/// An event as a trace reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEvent {
    /// The stored event's id (UUIDv7: ids sort by capture, which breaks ties of time).
    pub id: Uuid,
    pub hash_id: String,
    pub event_type: EventType,
    pub action: Option<Action>,
    pub time: DateTime<Utc>,
    pub biz_step: Option<Term<BizStep>>,
    pub disposition: Option<Term<Disposition>>,
    /// Keys of the read point and business location.
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    /// Keys of the EPCs the event names, with their roles. For aggregations and
    /// transformations every EPC; for other events possibly only those the trace asked about
    /// (the rest do not move the traced goods), merged as further questions find more.
    pub epcs: Vec<(EpcRole, String)>,
    pub classes: Vec<ClassAmount>,
    pub sources: Vec<PartyRef>,
    pub destinations: Vec<PartyRef>,
    pub documents: Vec<DocumentRef>,
    /// Who recorded it (`ym:recordedBy`, which every flow carries), a party's key: the
    /// holder of goods an event shows without naming a party.
    pub recorded_by: Option<String>,
}

impl TraceEvent {
    /// The trace's view of a captured event, with every identifier it names.
    pub fn of(captured: &CapturedEvent) -> Self {
        let event = &captured.event;
        Self {
            id: captured.id,
            hash_id: captured.hash_id.clone(),
            event_type: event.event_type,
            action: event.action,
            time: event.event_time.utc(),
            biz_step: event.biz_step.clone(),
            disposition: event.disposition.clone(),
            read_point: event.read_point.as_ref().map(|p| key(&p.id)),
            biz_location: event.biz_location.as_ref().map(|p| key(&p.id)),
            epcs: event.epcs().map(|(role, epc)| (role, key(epc))).collect(),
            classes: event
                .quantities()
                .map(|(role, q)| ClassAmount {
                    role,
                    class: key(&q.epc_class),
                    quantity: q.quantity,
                    uom: q.uom.clone(),
                })
                .collect(),
            sources: event
                .source_list
                .iter()
                .map(|s| PartyRef {
                    kind: s.kind.clone(),
                    id: key(&s.id),
                })
                .collect(),
            destinations: event
                .destination_list
                .iter()
                .map(|d| PartyRef {
                    kind: d.kind.clone(),
                    id: key(&d.id),
                })
                .collect(),
            documents: event
                .biz_transaction_list
                .iter()
                .map(|t| DocumentRef {
                    kind: t.kind.as_ref().map(Term::as_json),
                    id: t.id.clone(),
                })
                .collect(),
            recorded_by: recorded_by(event),
        }
    }

    /// Whether every EPC the event names is listed (aggregations and transformations, whose
    /// other objects a trace follows), rather than only those a question matched.
    pub fn lists_every_epc(&self) -> bool {
        matches!(
            self.event_type,
            EventType::AggregationEvent | EventType::TransformationEvent
        )
    }

    /// Every object the event names, with its role.
    pub fn objects(&self) -> impl Iterator<Item = (EpcRole, ObjectKey)> + '_ {
        let epcs = self
            .epcs
            .iter()
            .map(|(role, k)| (*role, ObjectKey::Epc(k.clone())));
        let classes = self
            .classes
            .iter()
            .map(|c| (c.role, ObjectKey::Class(c.class.clone())));
        epcs.chain(classes)
    }

    /// The aggregation's parent, if this is an aggregation that has one.
    pub fn parent(&self) -> Option<&str> {
        if self.event_type != EventType::AggregationEvent {
            return None;
        }
        self.epcs
            .iter()
            .find(|(role, _)| *role == EpcRole::Parent)
            .map(|(_, k)| k.as_str())
    }

    /// The aggregation's children: EPCs and classes.
    pub fn children(&self) -> impl Iterator<Item = ObjectKey> + '_ {
        self.objects()
            .filter(|(role, _)| *role == EpcRole::Epc)
            .map(|(_, k)| k)
    }

    /// Whether the event names `step`.
    pub fn is_step(&self, step: BizStep) -> bool {
        self.biz_step == Some(Term::Standard(step))
    }

    /// Whether the event names `disposition`.
    pub fn is_disposition(&self, disposition: Disposition) -> bool {
        self.disposition == Some(Term::Standard(disposition))
    }

    /// Merges what another answer said of the same event: EPC rows it did not list yet.
    pub fn merge_epcs(&mut self, rows: impl IntoIterator<Item = (EpcRole, String)>) {
        let mut listed: std::collections::HashSet<(EpcRole, String)> =
            self.epcs.iter().cloned().collect();
        for row in rows {
            if listed.insert(row.clone()) {
                self.epcs.push(row);
            }
        }
    }
}
