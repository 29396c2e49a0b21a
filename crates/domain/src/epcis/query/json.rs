//! The events query as the REST binding's JSON query schema writes it (`query-schema.json`):
//! the body of a named query (`POST /queries`). It is the same query as the URL's: each member
//! is one parameter, a list is a JSON array instead of `|`-separated text, numbers and
//! booleans are JSON's own, `EXISTS_` takes `null`, and the `@context` may declare the
//! prefixes extension fields are named with. It is read by turning it into the URL's pairs,
//! so that both forms are one query with one set of rules.

use serde_json::{Map, Value};

use super::values::SEPARATOR;
use super::{EventQuery, QueryParameterError};

/// The member that declares prefixes rather than being a parameter.
const CONTEXT: &str = "@context";

impl EventQuery {
    /// Reads a query written as a JSON object of the binding's query schema.
    pub fn from_json(object: &Map<String, Value>) -> Result<Self, QueryParameterError> {
        let mut pairs = Vec::with_capacity(object.len());
        let mut prefixes = Vec::new();
        for (name, value) in object {
            if name == CONTEXT {
                context_prefixes(value, &mut prefixes)?;
            } else {
                pairs.push((name.clone(), parameter_value(name, value)?));
            }
        }
        Self::parse_with_prefixes(&pairs, &prefixes)
    }
}

/// A member's value as the URL writes it.
fn parameter_value(name: &str, value: &Value) -> Result<String, QueryParameterError> {
    match value {
        Value::Array(items) => {
            let mut written = Vec::with_capacity(items.len());
            for item in items {
                let text = scalar(name, item)?;
                // A list element cannot carry the separator: it would read as two values.
                if text.contains(SEPARATOR) {
                    return Err(QueryParameterError::value(
                        name,
                        &text,
                        format!("contains {SEPARATOR}, which no value of a list may"),
                    ));
                }
                written.push(text);
            }
            if written.is_empty() {
                return Err(QueryParameterError::value(
                    name,
                    "[]",
                    "is an empty list: give at least one value, or leave the parameter out",
                ));
            }
            Ok(written.join(&SEPARATOR.to_string()))
        }
        // `EXISTS_` parameters have no value; the schema writes that as null.
        Value::Null => Ok(String::new()),
        other => scalar(name, other),
    }
}

/// A string, number or boolean as text.
fn scalar(name: &str, value: &Value) -> Result<String, QueryParameterError> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(QueryParameterError::value(
            name,
            &other.to_string(),
            "is neither a string, a number nor a boolean (nor, for a list, an array of these)",
        )),
    }
}

/// The (prefix, namespace) pairs a JSON-LD `@context` declares: the string members of its
/// objects; the URLs of whole contexts name no prefixes.
fn context_prefixes(
    context: &Value,
    prefixes: &mut Vec<(String, String)>,
) -> Result<(), QueryParameterError> {
    match context {
        Value::String(_) => Ok(()),
        Value::Object(map) => {
            prefixes.extend(
                map.iter()
                    .filter_map(|(k, v)| v.as_str().map(|ns| (k.clone(), ns.to_owned()))),
            );
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .try_for_each(|item| context_prefixes(item, prefixes)),
        other => Err(QueryParameterError::value(
            CONTEXT,
            &other.to_string(),
            "is not a JSON-LD context (a URL, an object of prefixes, or an array of these)",
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn read(value: Value) -> Result<EventQuery, QueryParameterError> {
        EventQuery::from_json(value.as_object().unwrap())
    }

    fn url(list: &[(&str, &str)]) -> EventQuery {
        let pairs: Vec<(String, String)> = list
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        EventQuery::parse(&pairs).unwrap()
    }

    #[test]
    fn the_json_form_is_the_urls_query() {
        let from_json = read(json!({
            "eventType": ["ObjectEvent"],
            "EQ_bizStep": ["shipping", "receiving"],
            "GE_eventTime": "2025-03-01T00:00:00Z",
            "GE_quantity": 5,
            "EXISTS_errorDeclaration": null,
            "eventCountLimit": 10
        }))
        .unwrap();
        let from_url = url(&[
            ("eventType", "ObjectEvent"),
            ("EQ_bizStep", "shipping|receiving"),
            ("GE_eventTime", "2025-03-01T00:00:00Z"),
            ("GE_quantity", "5"),
            ("EXISTS_errorDeclaration", ""),
            ("eventCountLimit", "10"),
        ]);
        // Members come in the object's order, which need not be the URL's.
        let mut a = from_json.filters.clone();
        let mut b = from_url.filters.clone();
        a.sort_by_key(|f| f.name());
        b.sort_by_key(|f| f.name());
        assert_eq!(a, b);
        assert_eq!(from_json.result, from_url.result);
    }

    #[test]
    fn the_context_declares_prefixes_of_extension_fields() {
        let q = read(json!({
            "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                         {"ex": "https://ns.example.com/epcis/"}],
            "EQ_ex:carrier": ["顺丰"]
        }))
        .unwrap();
        assert_eq!(q.filters.len(), 1);
        assert!(q.to_pairs()[0].0.contains("https://ns.example.com/epcis/"));
        // Without the declaration the prefix means nothing.
        assert!(read(json!({"EQ_ex:carrier": ["顺丰"]})).is_err());
    }

    #[test]
    fn what_the_url_cannot_carry_is_refused_by_name() {
        for (body, parameter) in [
            (json!({"EQ_bizStep": []}), "EQ_bizStep"),
            (json!({"EQ_bizStep": ["a|b"]}), "EQ_bizStep"),
            (json!({"EQ_bizStep": [{"x": 1}]}), "EQ_bizStep"),
            (json!({"GE_eventTime": {"at": "now"}}), "GE_eventTime"),
            (json!({"@context": 5}), "@context"),
            (json!({"colour": ["red"]}), "colour"),
        ] {
            assert_eq!(
                read(body.clone()).unwrap_err().parameter(),
                parameter,
                "{body}"
            );
        }
    }
}
