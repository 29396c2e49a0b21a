//! The order `orderBy` and `orderDirection` ask for, where the store cannot give it from its
//! own columns: by an extension field or by a measurement. Ordering by `eventTime` or
//! `recordTime`, or in no order, is the store's to do.
//!
//! EPCIS 2.0 §8.2.7.1 orders by a top-level extension field of type Int, Float, Time or
//! String (strings by their code points, case-sensitively) and lets events lacking the field
//! come anywhere; here they come last in either direction, so a page never starts with them.
//! Values of different kinds (a number and text) order numbers first, then instants, then
//! text, so the order is total. The default direction is `DESC`.
//!
//! By a measurement type, an event's key is its reports' `value` (or `meanValue` where a
//! report states statistics only) of that type: the lowest ascending, the highest descending,
//! so that "hottest first" puts first the event with the hottest reading. Units are not
//! converted: a query that orders by a measurement reported in several units gets the
//! numbers as reported.

use std::cmp::Ordering;

use super::super::event::Event;
use super::matching::{SortScalar, names_field, reading, reports_of, sort_scalar};
use super::{EventQuery, ExtensionField, MeasurementType, OrderBy, OrderDirection, Statistic};

impl EventQuery {
    /// Orders two events as `orderBy`/`orderDirection` say when the order is by an extension
    /// field or a measurement; `None` when it is by `eventTime` or `recordTime`, or not given,
    /// which the store handles.
    pub fn compare(&self, a: &Event, b: &Event) -> Option<Ordering> {
        let descending = self.result.order_direction != Some(OrderDirection::Asc);
        let (ka, kb) = match self.result.order_by.as_ref()? {
            OrderBy::EventTime | OrderBy::RecordTime => return None,
            OrderBy::Extension(field) => (field_key(a, field), field_key(b, field)),
            OrderBy::Measurement(kind) => (
                measurement_key(a, kind, descending),
                measurement_key(b, kind, descending),
            ),
        };
        Some(match (ka, kb) {
            (Some(x), Some(y)) => {
                let order = compare_scalars(&x, &y);
                if descending { order.reverse() } else { order }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
    }
}

/// The value of the event's top-level extension field `field`.
fn field_key(event: &Event, field: &ExtensionField) -> Option<SortScalar> {
    event
        .extensions
        .iter()
        .find(|(key, _)| names_field(key, field, &event.namespaces))
        .and_then(|(_, value)| sort_scalar(value))
}

/// The lowest (ascending) or highest (descending) reading of measurement type `kind`.
fn measurement_key(event: &Event, kind: &MeasurementType, descending: bool) -> Option<SortScalar> {
    let figures = reports_of(event, kind)
        .filter_map(|r| reading(r, Statistic::Value).or_else(|| reading(r, Statistic::MeanValue)));
    let pick = if descending { f64::max } else { f64::min };
    figures.reduce(pick).map(SortScalar::Number)
}

/// Numbers before instants before text; within a kind, by value (text by code points).
fn compare_scalars(a: &SortScalar, b: &SortScalar) -> Ordering {
    let rank = |s: &SortScalar| match s {
        SortScalar::Number(_) => 0,
        SortScalar::Time(_) => 1,
        SortScalar::Text(_) => 2,
    };
    match (a, b) {
        (SortScalar::Number(x), SortScalar::Number(y)) => x.total_cmp(y),
        (SortScalar::Time(x), SortScalar::Time(y)) => x.cmp(y),
        (SortScalar::Text(x), SortScalar::Text(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}
