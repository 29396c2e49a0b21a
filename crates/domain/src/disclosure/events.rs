//! EPCIS events under the disclosure table: which data group an event belongs to, whom it
//! involves, and what of it a viewer may see.

use yima_codes::enterprise::CreditCode;

use super::{Field, Policy, Relations};
use crate::epcis::{BizStep, Event, Term};
use crate::flows::party::parse_party_uri;
use crate::trace::{Edge, Node};

/// The data group of domain.md §2 an event belongs to, by its business step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventGroup {
    /// Commissioning, inspection, packing, holds, recalls, scrapping, and steps the platform
    /// does not name.
    Production,
    /// Shipping (流向), a sale to a business included.
    Flow,
    /// Receiving (进货), returns included.
    Purchase,
    /// Retail selling (销售).
    Sale,
}

impl EventGroup {
    pub fn of(event: &Event) -> Self {
        Self::of_step(event.biz_step.as_ref())
    }

    fn of_step(step: Option<&Term<BizStep>>) -> Self {
        match step {
            Some(Term::Standard(BizStep::Shipping)) => Self::Flow,
            Some(Term::Standard(BizStep::Receiving)) => Self::Purchase,
            Some(Term::Standard(BizStep::RetailSelling)) => Self::Sale,
            _ => Self::Production,
        }
    }

    /// The group of a step as EPCIS JSON writes it (`shipping`, or a URI).
    pub fn of_step_text(step: Option<&str>) -> Self {
        Self::of_step(step.and_then(|s| Term::<BizStep>::parse(s).ok()).as_ref())
    }

    /// The field naming the other end of a movement of the group, where the table may hide
    /// it: a shipment's consignee, a receipt's supplier, a sale's buyer.
    fn other_end(self) -> Option<Field> {
        match self {
            Self::Flow => Some(Field::FlowConsignee),
            Self::Purchase => Some(Field::PurchaseSupplier),
            Self::Sale => Some(Field::SaleBuyer),
            Self::Production => None,
        }
    }

    /// The field that says who sees events of the group at all.
    pub fn field(self) -> Field {
        match self {
            Self::Production => Field::ProductionEvents,
            Self::Flow => Field::FlowEvents,
            Self::Purchase => Field::PurchaseEvents,
            Self::Sale => Field::SaleEvents,
        }
    }
}

/// Who an event involves: its recorder (the owner), and the registered parties its source
/// and destination lists name (other sources and destinations name no enterprise).
pub fn event_parties(event: &Event) -> (Option<CreditCode>, Vec<CreditCode>) {
    let owner = crate::trace::event::recorded_by(event).and_then(|uri| parse_party_uri(&uri).ok());
    let mut parties: Vec<CreditCode> = event
        .source_list
        .iter()
        .map(|s| s.id.as_str())
        .chain(event.destination_list.iter().map(|d| d.id.as_str()))
        .filter_map(|uri| parse_party_uri(uri).ok())
        .collect();
    parties.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    parties.dedup();
    (owner, parties)
}

/// Whether `event` is `enterprise`'s to submit: it says the enterprise recorded it
/// (`ym:recordedBy`), or, saying nobody did, names the enterprise as a source or destination.
/// An enterprise captures only such events, so every event it submits is one it is owner or
/// party of, and so sees.
pub fn attributable_to(event: &Event, enterprise: &CreditCode) -> bool {
    let (owner, parties) = event_parties(event);
    match owner {
        Some(owner) => owner == *enterprise,
        None => crate::trace::event::recorded_by(event).is_none() && parties.contains(enterprise),
    }
}

/// Whether a viewer with `relations` may see `event` at all; if it may, `event` is cut to
/// what it may see: the consignee, supplier or buyer and the business documents are taken
/// out where the table does not show them.
pub fn redact_event(event: &mut Event, policy: &Policy, relations: &Relations) -> bool {
    let group = EventGroup::of(event);
    if !policy.allows(group.field(), relations) {
        return false;
    }
    let hidden_end = group
        .other_end()
        .filter(|field| !policy.allows(*field, relations));
    match (group, hidden_end) {
        (EventGroup::Purchase, Some(_)) => event.source_list.clear(),
        (_, Some(_)) => event.destination_list.clear(),
        (_, None) => {}
    }
    if !policy.allows(Field::EventDocuments, relations) {
        event.biz_transaction_list.clear();
    }
    true
}

/// Who a movement of a trace involves: its owner is the party whose record the movement is
/// (the shipper of a shipment or sale, the receiver of a receipt, the holder after anything
/// else), and its parties are both ends that are registered enterprises.
pub fn edge_parties(edge: &Edge) -> (Option<CreditCode>, Vec<CreditCode>) {
    let party = |node: Option<&Node>| match node {
        Some(Node::Id(id)) => parse_party_uri(id).ok(),
        _ => None,
    };
    let from = party(edge.from.as_ref());
    let to = party(Some(&edge.to));
    let owner = match EventGroup::of_step_text(edge.biz_step.as_deref()) {
        EventGroup::Flow | EventGroup::Sale => from.clone(),
        EventGroup::Purchase | EventGroup::Production => to.clone(),
    };
    (owner, from.into_iter().chain(to).collect())
}

/// Whether a viewer with `relations` may see a trace's movement; if it may, its documents are
/// taken out where the table does not show them. A movement whose other end is hidden is not
/// shown at all: a movement without its end would be a different statement.
pub fn redact_edge(edge: &mut Edge, policy: &Policy, relations: &Relations) -> bool {
    let group = EventGroup::of_step_text(edge.biz_step.as_deref());
    let shown = policy.allows(group.field(), relations)
        && group
            .other_end()
            .is_none_or(|field| policy.allows(field, relations));
    if shown && !policy.allows(Field::EventDocuments, relations) {
        edge.documents.clear();
    }
    shown
}

/// The field that says who sees a party's line in a recall's scope (what it received, sold
/// and holds of the affected goods): its receipts'.
pub const RECALL_LINE: Field = Field::PurchaseEvents;
