//! Whether an event satisfies a query: each [`Filter`] answered over a parsed [`Event`] as
//! EPCIS 2.0 §8.2.7.1 defines its parameter, so that the store can check what its indexes
//! selected, and subscriptions can test events one at a time, without either re-reading the
//! standard.
//!
//! The filters are conjunctive and the values of one filter alternatives (§8.2.7.1): an event
//! passes a filter when any of the places the parameter names in it holds any of the values.
//! A filter on a field the event lacks never passes. Identifiers are compared by the key
//! [`normalise_epcis_id`](yima_codes::gs1::normalise_epcis_id) gives them, so an EPC URN and
//! a Digital Link of the same object match each other; CBV terms were read into one value
//! whatever their form, so they compare as values.
//!
//! Where the standard leaves a choice, it is made here and said where it is made:
//!
//! - `GE_recordTime`/`LT_recordTime` bound the time the repository recorded the event (the
//!   caller's `recorded_at`), not a `recordTime` a submitter may have written.
//! - `WD_readPoint` and `WD_bizLocation` ("with descendants") need the places' hierarchy,
//!   which master data would give. None is kept, so a place is its own only descendant and
//!   `WD_` passes exactly the events `EQ_` passes.
//! - A GTIN named without lot in a class list (`MATCH_epcClass=https://id.gs1.org/01/…`)
//!   stands for the product, so it also matches the lots of that GTIN, as
//!   `urn:epc:idpat:sgtin:{company}.{reference}.*` does.
//! - A Digital Link does not say where its GS1 Company Prefix ends, so an identifier is held
//!   against a pattern with the pattern's prefix length, whichever form it was written in
//!   (GS1 prefixes being prefix-free, this is the Tag Data Standard's answer for real ones).
//! - Extension fields of a read point or business location (`readPoint_`, `bizLocation_`)
//!   are never there: capture keeps a place as its `id` alone, so those filters pass nothing.

mod compare;
mod extension;
mod fields;
mod identifiers;
mod sensor;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

use super::super::event::Event;
use super::{EventQuery, Filter, TimeBound};

pub(in crate::epcis::query) use extension::{SortScalar, names_field, sort_scalar};
pub(in crate::epcis::query) use sensor::{reading, reports_of};

impl EventQuery {
    /// Whether `event` (stored at `recorded_at`) satisfies every filter, as EPCIS 2.0
    /// §8.2.7.1 defines each parameter. A query without filters matches every event.
    pub fn matches(&self, event: &Event, recorded_at: DateTime<Utc>) -> bool {
        self.filters.iter().all(|f| f.matches(event, recorded_at))
    }
}

impl Filter {
    /// Whether `event` (stored at `recorded_at`) passes this one parameter.
    pub fn matches(&self, event: &Event, recorded_at: DateTime<Utc>) -> bool {
        match self {
            Self::EventType(types) => types.contains(&event.event_type),
            Self::Time { field, bound, at } => fields::times(event, *field, recorded_at)
                .into_iter()
                .any(|t| keeps(*bound, t, *at)),
            Self::Action(actions) => event.action.is_some_and(|a| actions.contains(&a)),
            Self::BizStep(steps) => event.biz_step.as_ref().is_some_and(|s| steps.contains(s)),
            Self::Disposition { field, values } => fields::dispositions(event, *field)
                .iter()
                .any(|d| values.contains(d)),
            // `within` is answered as `EQ_`: see the module's documentation.
            Self::Place { field, ids, .. } => fields::place(event, *field)
                .is_some_and(|place| identifiers::is_any_of(&place.id, ids)),
            Self::Uri { field, uris } => fields::uris(event, *field)
                .into_iter()
                .any(|u| uris.iter().any(|wanted| wanted == u)),
            Self::Match { field, patterns } => identifiers::matches(event, *field, patterns),
            Self::Quantity { uom, test } => event.quantities().any(|(_, q)| {
                let in_unit = uom
                    .as_ref()
                    .is_none_or(|u| q.uom.as_deref() == Some(u.code()));
                in_unit && q.quantity.is_some_and(|n| test.passes(n))
            }),
            Self::ErrorDeclarationExists => event.error_declaration.is_some(),
            Self::ErrorReason(reasons) => event
                .error_declaration
                .as_ref()
                .and_then(|d| d.reason.as_ref())
                .is_some_and(|r| reasons.contains(r)),
            Self::BizTransaction { kind, ids } => event
                .biz_transaction_list
                .iter()
                .any(|t| t.kind.as_ref() == Some(kind) && identifiers::is_any_of(&t.id, ids)),
            Self::Source { kind, ids } => event
                .source_list
                .iter()
                .any(|s| &s.kind == kind && identifiers::is_any_of(&s.id, ids)),
            Self::Destination { kind, ids } => event
                .destination_list
                .iter()
                .any(|d| &d.kind == kind && identifiers::is_any_of(&d.id, ids)),
            Self::Extension(filter) => extension::matches(filter, event),
            Self::Sensor(filter) => sensor::matches(filter, event),
        }
    }
}

/// `GE_` keeps instants at or after the bound, `LT_` those before it.
fn keeps(bound: TimeBound, t: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    match bound {
        TimeBound::AtOrAfter => t >= at,
        TimeBound::Before => t < at,
    }
}
