//! Extension fields found in an event by namespace and local name, and tested.
//!
//! An event writes a field `prefix:local`, the prefix standing for a namespace its document
//! declared (`Event::namespaces`; the prefixes of the standard's own context, such as
//! `cbvmda`, need no declaration), or writes the namespace out (`https://ns.example.com/#f`).
//! Namespaces compare without the separator they end in (`#`, `/` or `:`), since XML
//! (`urn:epcglobal:cbv:mda`) and JSON-LD (`urn:epcglobal:cbv:mda:`) write the same namespace
//! with and without one. A key without prefix, below a field of one's own, is in no namespace
//! (JSON-LD drops it: the EPCIS context declares no default vocabulary), so no parameter names
//! it, though fields below it are still searched by `INNER_`.
//!
//! Without `INNER_` a parameter looks at the top level of its scope; with it, at every level
//! below the top (EPCIS 2.0 §8.2.7.1: "nested at any level within a top-level extension
//! field"). A field holding a list holds each of its values.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::super::super::event::Event;
use super::super::super::extension::Namespaces;
use super::super::values;
use super::super::{ExtensionField, ExtensionFilter, ExtensionScope, ExtensionTest, Scalar};

/// The namespaces of the prefixes EPCIS 2.0's own JSON-LD context declares, which an event's
/// document need not.
const PREDEFINED: [(&str, &str); 11] = [
    ("epcis", "https://ref.gs1.org/epcis/"),
    ("cbv", "https://ref.gs1.org/cbv/"),
    ("cbvmda", "urn:epcglobal:cbv:mda:"),
    ("gs1", "https://gs1.org/voc/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("schema", "http://schema.org/"),
];

pub(super) fn matches(filter: &ExtensionFilter, event: &Event) -> bool {
    let mut found = Vec::new();
    for map in scopes(event, filter.scope) {
        if filter.inner {
            for value in map.values() {
                nested(value, &mut found);
            }
        } else {
            found.extend(map);
        }
    }
    found
        .into_iter()
        .filter(|(key, _)| names_field(key, &filter.field, &event.namespaces))
        .any(|(_, value)| passes(&filter.test, value))
}

/// The maps whose top level is the scope's: one for the event, its ILMD and its error
/// declaration, one per sensor element, metadata or report. A read point or business location
/// is kept as its `id` alone (capture refuses other fields in it), so those scopes hold none.
fn scopes(event: &Event, scope: ExtensionScope) -> Vec<&Map<String, Value>> {
    let elements = event.sensor_element_list.iter();
    match scope {
        ExtensionScope::Event => vec![&event.extensions],
        ExtensionScope::Ilmd => event.ilmd.iter().collect(),
        ExtensionScope::ErrorDeclaration => event
            .error_declaration
            .iter()
            .map(|d| &d.extensions)
            .collect(),
        ExtensionScope::SensorElement => elements.map(|e| &e.extensions).collect(),
        ExtensionScope::SensorMetadata => elements
            .filter_map(|e| e.sensor_metadata.as_ref())
            .map(|m| &m.extensions)
            .collect(),
        ExtensionScope::SensorReport => elements
            .flat_map(|e| &e.sensor_report)
            .map(|r| &r.extensions)
            .collect(),
        ExtensionScope::ReadPoint | ExtensionScope::BizLocation => Vec::new(),
    }
}

/// Every field below `value`, at any depth: the keys of its objects and of the objects in its
/// lists. (serde_json's reader bounds the depth.)
fn nested<'a>(value: &'a Value, found: &mut Vec<(&'a String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                found.push((key, inner));
                nested(inner, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| nested(item, found)),
        _ => {}
    }
}

/// Whether the key an event writes names `field`.
pub(in crate::epcis::query) fn names_field(
    key: &str,
    field: &ExtensionField,
    namespaces: &Namespaces,
) -> bool {
    let Some((prefix, local)) = key.split_once(':') else {
        return false;
    };
    if matches!(prefix, "http" | "https" | "urn") {
        return key
            .strip_suffix(field.local_name.as_str())
            .is_some_and(|namespace| same_namespace(namespace, &field.namespace));
    }
    let namespace = namespaces.get(prefix).or_else(|| {
        PREDEFINED
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, uri)| *uri)
    });
    local == field.local_name && namespace.is_some_and(|ns| same_namespace(ns, &field.namespace))
}

fn same_namespace(a: &str, b: &str) -> bool {
    let bare = |ns: &str| ns.trim_end_matches(['#', '/', ':']).to_owned();
    bare(a) == bare(b)
}

/// Whether a field's value passes the test: any value of a list, the `@value` of a JSON-LD
/// value object; a structure only exists.
fn passes(test: &ExtensionTest, value: &Value) -> bool {
    if *test == ExtensionTest::Exists {
        return true;
    }
    match value {
        Value::Array(items) => items.iter().any(|v| passes(test, v)),
        Value::Object(map) => map.get("@value").is_some_and(|v| passes(test, v)),
        _ => {
            let order = |bound: &Scalar| compare(value, bound);
            match test {
                ExtensionTest::Exists => true,
                ExtensionTest::Eq(list) => list.iter().any(|wanted| equals(value, wanted)),
                ExtensionTest::Gt(s) => order(s) == Some(Ordering::Greater),
                ExtensionTest::Ge(s) => order(s).is_some_and(Ordering::is_ge),
                ExtensionTest::Lt(s) => order(s) == Some(Ordering::Less),
                ExtensionTest::Le(s) => order(s).is_some_and(Ordering::is_le),
            }
        }
    }
}

/// `EQ_`: the query cannot say the field's type, so the value given is read in the field's:
/// text equal as written, or a number or an instant equal as such (`"20"` and `20.0`, or two
/// spellings of one instant).
fn equals(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(text) => {
            text == wanted
                || both(text, wanted, values::number).is_some_and(|(a, b)| a == b)
                || both(text, wanted, values::time).is_some_and(|(a, b)| a == b)
        }
        Value::Number(n) => n
            .as_f64()
            .zip(values::number(wanted).ok())
            .is_some_and(|(a, b)| a == b),
        Value::Bool(b) => wanted == if *b { "true" } else { "false" },
        _ => false,
    }
}

fn both<T>(a: &str, b: &str, read: fn(&str) -> Result<T, String>) -> Option<(T, T)> {
    read(a).ok().zip(read(b).ok())
}

/// The value against a bound of its kind: a number (a JSON number, or text that reads as
/// one), or an instant (text with an offset). Other values are not ordered.
fn compare(value: &Value, bound: &Scalar) -> Option<Ordering> {
    match (sort_scalar(value)?, bound) {
        (SortScalar::Number(n), Scalar::Number(b)) => n.partial_cmp(b),
        (SortScalar::Time(t), Scalar::Time(b)) => Some(t.cmp(b)),
        _ => None,
    }
}

/// A value as `orderBy` and the comparisons read it: a number, an instant, or other text.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::epcis::query) enum SortScalar {
    Number(f64),
    Time(DateTime<Utc>),
    Text(String),
}

/// Reads a scalar value (or a value object's `@value`, or a list's first value); `None` for
/// other structures and null.
pub(in crate::epcis::query) fn sort_scalar(value: &Value) -> Option<SortScalar> {
    match value {
        Value::Number(n) => n.as_f64().map(SortScalar::Number),
        Value::String(text) => Some(
            values::number(text)
                .map(SortScalar::Number)
                .or_else(|_| values::time(text).map(SortScalar::Time))
                .unwrap_or_else(|_| SortScalar::Text(text.clone())),
        ),
        Value::Bool(b) => Some(SortScalar::Text(b.to_string())),
        Value::Array(items) => items.first().and_then(sort_scalar),
        Value::Object(map) => map.get("@value").and_then(sort_scalar),
        Value::Null => None,
    }
}
