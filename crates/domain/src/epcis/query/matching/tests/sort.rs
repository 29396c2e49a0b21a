//! `orderBy` an extension field or a measurement: the store's order for the rest.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::{object, query};
use crate::epcis::Event;
use crate::epcis::query::EventQuery;

/// The events' `example:label`s, in the order the query puts the events.
fn ordered(q: &EventQuery, mut events: Vec<Event>) -> Vec<String> {
    events.sort_by(|a, b| q.compare(a, b).unwrap());
    events
        .iter()
        .map(|e| match e.extensions.get("example:label") {
            Some(Value::String(label)) => label.clone(),
            _ => String::new(),
        })
        .collect()
}

fn ranked(label: &str, rank: Value) -> Event {
    let mut fields = json!({"example:label": label});
    if !rank.is_null() {
        fields["example:rank"] = rank;
    }
    object(fields)
}

#[test]
fn by_an_extension_field_missing_last_either_way() {
    let events = || {
        vec![
            ranked("three", json!(3)),
            ranked("none", Value::Null),
            ranked("ten", json!("10")),
            ranked("seven", json!(7.0)),
        ]
    };
    let asc = query(&[("orderBy", "example:rank"), ("orderDirection", "ASC")]);
    assert_eq!(ordered(&asc, events()), ["three", "seven", "ten", "none"]);
    let desc = query(&[("orderBy", "https://ns.example.com/epcis/#rank")]);
    assert_eq!(ordered(&desc, events()), ["ten", "seven", "three", "none"]);
}

#[test]
fn text_by_code_points_and_kinds_in_a_fixed_order() {
    let events = || {
        vec![
            ranked("a", json!("apple")),
            ranked("B", json!("Banana")),
            ranked("time", json!("2025-03-01T00:00:00Z")),
            ranked("number", json!(1)),
        ]
    };
    let asc = query(&[("orderBy", "example:rank"), ("orderDirection", "ASC")]);
    assert_eq!(ordered(&asc, events()), ["number", "time", "B", "a"]);
}

fn measured(label: &str, temperatures: &[f64]) -> Event {
    let reports: Vec<Value> = temperatures
        .iter()
        .map(|t| json!({"type": "gs1:Temperature", "value": t, "uom": "CEL"}))
        .collect();
    let mut fields = json!({"example:label": label});
    if !reports.is_empty() {
        fields["sensorElementList"] = json!([{"sensorReport": reports}]);
    }
    object(fields)
}

#[test]
fn by_a_measurement_lowest_first_or_highest_first() {
    let events = || {
        vec![
            measured("spread", &[5.0, 9.0]),
            measured("none", &[]),
            measured("steady", &[7.0]),
        ]
    };
    let desc = query(&[("orderBy", "Temperature"), ("orderDirection", "DESC")]);
    assert_eq!(ordered(&desc, events()), ["spread", "steady", "none"]);
    let asc = query(&[
        ("orderBy", "https://gs1.org/voc/Temperature"),
        ("orderDirection", "ASC"),
    ]);
    assert_eq!(ordered(&asc, events()), ["spread", "steady", "none"]);
    let other = query(&[("orderBy", "RelativeHumidity")]);
    assert_eq!(
        other.compare(&measured("a", &[1.0]), &measured("b", &[2.0])),
        Some(Ordering::Equal)
    );
}

#[test]
fn times_and_no_order_are_the_stores() {
    let (a, b) = (ranked("a", json!(1)), ranked("b", json!(2)));
    for pairs in [
        vec![("orderBy", "eventTime")],
        vec![("orderBy", "recordTime"), ("orderDirection", "ASC")],
        vec![],
    ] {
        assert_eq!(query(&pairs).compare(&a, &b), None, "{pairs:?}");
    }
}
