//! Events built from EPCIS 2.0 JSON and queries read from parameters, as a client sends them:
//! each family of filters answered as the standard says, whatever form the event and the
//! query write an identifier in.

#![allow(clippy::unwrap_used)]

mod corpus;
mod extension;
mod fields;
mod identifiers;
mod properties;
mod sensor;
mod sort;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::epcis::query::EventQuery;
use crate::epcis::{Event, Namespaces, parse_event_time};

/// The namespace the test events and queries write `example:` for.
pub(super) const EXAMPLE: &str = "https://ns.example.com/epcis/";

/// When the repository recorded the test events.
pub(super) fn recorded() -> DateTime<Utc> {
    parse_event_time("2025-03-02T00:00:00Z").unwrap()
}

/// Reads an event as a document declaring `example:` would give it.
pub(super) fn event(json: Value) -> Event {
    let Value::Object(map) = json else {
        panic!("an event is a JSON object")
    };
    let namespaces: Namespaces = [("example".to_owned(), EXAMPLE.to_owned())]
        .into_iter()
        .collect();
    Event::from_json(map, &namespaces).unwrap()
}

/// An ObjectEvent that observes, at 2025-03-01T00:00:00Z, with `fields` added.
pub(super) fn object(fields: Value) -> Event {
    let mut base = json!({
        "type": "ObjectEvent",
        "eventTime": "2025-03-01T08:00:00.000+08:00",
        "eventTimeZoneOffset": "+08:00",
        "action": "OBSERVE",
    });
    if let (Value::Object(base), Value::Object(fields)) = (&mut base, fields) {
        base.extend(fields);
    }
    event(base)
}

/// A query read with `example:` declared as the REST binding's `GS1-Extensions` does.
pub(super) fn query(pairs: &[(&str, &str)]) -> EventQuery {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    EventQuery::parse_with_prefixes(&pairs, &[("example".to_owned(), EXAMPLE.to_owned())]).unwrap()
}

/// Whether the query of one parameter `name=value` matches `event`.
pub(super) fn hits(name: &str, value: &str, event: &Event) -> bool {
    query(&[(name, value)]).matches(event, recorded())
}

/// Asserts which of `(name, value, expected)` match `event`, naming the first wrong answer.
pub(super) fn expect(event: &Event, cases: &[(&str, &str, bool)]) {
    for (name, value, expected) in cases {
        assert_eq!(hits(name, value, event), *expected, "{name}={value}");
    }
}
