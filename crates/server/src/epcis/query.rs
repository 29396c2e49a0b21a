//! An EPCIS query in the store's terms. The store selects by what it indexes (types, times,
//! actions, steps, dispositions, places, identifiers, quantities, transactions, sources and
//! destinations); every filter, indexed or not, is then checked on each event by the domain's
//! own `EventQuery::matches`, so the answer is the standard's whatever the store narrows by.

use yima_domain::epcis::EventQuery;
use yima_domain::epcis::query::{
    DispositionField, Filter, IdPattern, Identifier, MatchField, NumberTest, OrderBy,
    OrderDirection, PlaceField, TimeBound, TimeField, UriField,
};
use yima_store::{EventOrder, EventSelection, IdMatch, QuantityBound, Roles};

/// The store's part of `query`: a selection that holds every event the query matches (and
/// perhaps more), in the query's order when that order is by a time.
pub fn selection(query: &EventQuery) -> EventSelection {
    let mut s = EventSelection::default();
    for filter in &query.filters {
        narrow(&mut s, filter);
    }
    s.order = order(query);
    s
}

/// The order the store returns events in: a time, ascending unless DESC is asked. (An order by
/// an extension field or a measurement is applied after selection.)
pub fn order(query: &EventQuery) -> EventOrder {
    let descending = query.result.order_direction == Some(OrderDirection::Desc);
    match (&query.result.order_by, descending) {
        (Some(OrderBy::EventTime), false) => EventOrder::EventTimeAscending,
        (Some(OrderBy::EventTime), true) => EventOrder::EventTimeDescending,
        (_, true) if matches!(query.result.order_by, Some(OrderBy::RecordTime) | None) => {
            EventOrder::RecordTimeDescending
        }
        _ => EventOrder::RecordTimeAscending,
    }
}

fn narrow(s: &mut EventSelection, filter: &Filter) {
    match filter {
        Filter::EventType(types) => s
            .event_types
            .extend(types.iter().map(|t| t.name().to_owned())),
        Filter::Time { field, bound, at } => {
            let slot = match (field, bound) {
                (TimeField::EventTime, TimeBound::AtOrAfter) => &mut s.event_time_ge,
                (TimeField::EventTime, TimeBound::Before) => &mut s.event_time_lt,
                (TimeField::RecordTime, TimeBound::AtOrAfter) => &mut s.record_time_ge,
                (TimeField::RecordTime, TimeBound::Before) => &mut s.record_time_lt,
                _ => return,
            };
            *slot = Some(*at);
        }
        Filter::Action(actions) => s
            .actions
            .extend(actions.iter().map(|a| a.name().to_owned())),
        Filter::BizStep(steps) => s.biz_steps.extend(steps.iter().map(|t| t.as_json())),
        Filter::Disposition {
            field: DispositionField::Disposition,
            values,
        } => s.dispositions.extend(values.iter().map(|t| t.as_json())),
        // Without a places' hierarchy a place's only descendant is itself, so WD_ is EQ_.
        Filter::Place { field, ids, .. } => {
            let keys = ids.iter().map(|id| id.as_uri());
            match field {
                PlaceField::ReadPoint => s.read_points.extend(keys),
                PlaceField::BizLocation => s.biz_locations.extend(keys),
            }
        }
        Filter::Uri {
            field: UriField::TransformationId,
            uris,
        } => s.transformation_ids.extend(uris.iter().cloned()),
        Filter::Uri {
            field: UriField::EventId,
            uris,
        } => s.event_ids.extend(uris.iter().cloned()),
        Filter::Match { field, patterns } => {
            // Patterns are matched by the domain alone; identifiers narrow the selection.
            let Some(ids) = patterns
                .iter()
                .map(|p| match p {
                    IdPattern::Id(id) => Some(IdMatch::Exact(id.as_uri())),
                    IdPattern::Pattern(_) => None,
                })
                .collect::<Option<Vec<_>>>()
            else {
                return;
            };
            let (classes, roles) = roles(*field);
            // A GTIN without a lot names every lot of it, and events may name that class in
            // forms the index keys apart (an EPCIS 1.x pattern): left to the domain.
            if classes
                && patterns.iter().any(|p| {
                    matches!(p, IdPattern::Id(Identifier::Gs1(link))
                        if link.elements.get("10").is_none())
                })
            {
                return;
            }
            if classes {
                s.classes.push((roles, ids));
            } else {
                s.epcs.push((roles, ids));
            }
        }
        Filter::Quantity { uom: None, test } => {
            if let Some(bound) = quantity_bound(test) {
                s.quantities.push(bound);
            }
        }
        Filter::ErrorDeclarationExists => s.error_declared = Some(true),
        Filter::BizTransaction { kind, ids } => s.links.push((
            "biz_transaction",
            kind.as_json(),
            ids.iter().map(|id| id.as_uri()).collect(),
        )),
        Filter::Source { kind, ids } => s.links.push((
            "source",
            kind.as_json(),
            ids.iter().map(|id| id.as_uri()).collect(),
        )),
        Filter::Destination { kind, ids } => s.links.push((
            "destination",
            kind.as_json(),
            ids.iter().map(|id| id.as_uri()).collect(),
        )),
        _ => {}
    }
}

/// Whether a MATCH_ field names classes, and the roles it looks in.
fn roles(field: MatchField) -> (bool, Roles) {
    match field {
        MatchField::Epc => (false, &["epc"]),
        MatchField::ParentId => (false, &["parent"]),
        MatchField::InputEpc => (false, &["input"]),
        MatchField::OutputEpc => (false, &["output"]),
        MatchField::AnyEpc => (false, &["epc", "parent", "input", "output"]),
        MatchField::EpcClass => (true, &["epc"]),
        MatchField::InputEpcClass => (true, &["input"]),
        MatchField::OutputEpcClass => (true, &["output"]),
        MatchField::AnyEpcClass => (true, &["epc", "input", "output"]),
    }
}

/// A single bound the store can test; an equality to one of several values is left to the
/// domain.
fn quantity_bound(test: &NumberTest) -> Option<QuantityBound> {
    let (operator, value) = match test {
        NumberTest::Eq(values) => match values.as_slice() {
            [one] => ("=", *one),
            _ => return None,
        },
        NumberTest::Gt(v) => (">", *v),
        NumberTest::Ge(v) => (">=", *v),
        NumberTest::Lt(v) => ("<", *v),
        NumberTest::Le(v) => ("<=", *v),
    };
    Some(QuantityBound { operator, value })
}
