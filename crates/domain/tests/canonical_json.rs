//! Properties of the canonical JSON writer over arbitrary values of the kinds records hold.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::{Map, Value};
use yima_domain::ledger::MAX_SAFE_INTEGER;
use yima_domain::{LedgerError, canonical_json};

const SAFE: i64 = MAX_SAFE_INTEGER as i64;

/// Strings weighted towards what needs care: controls, quotes, backslashes, characters
/// beyond the Basic Multilingual Plane (whose UTF-16 order differs from code-point order).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\"\\\\a-z\u{7f}\u{e000}-\u{e002}\u{ffff}\u{10000}-\u{10002}€😀]{0,8}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-SAFE..=SAFE).prop_map(Value::from),
        Just(Value::from(MAX_SAFE_INTEGER)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn output_is_json_of_the_same_value(v in value()) {
        let bytes = canonical_json(&v).unwrap();
        let back: Value = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(back, v);
    }

    #[test]
    fn canonicalising_is_idempotent(v in value()) {
        let once = canonical_json(&v).unwrap();
        let back: Value = serde_json::from_slice(&once).unwrap();
        prop_assert_eq!(canonical_json(&back).unwrap(), once);
    }

    #[test]
    fn output_has_no_raw_controls_needless_escapes_or_unsorted_names(v in value()) {
        let text = String::from_utf8(canonical_json(&v).unwrap()).unwrap();
        prop_assert!(!text.chars().any(|c| c < ' '), "raw control character in {:?}", text);
        prop_assert!(escapes_are_minimal(&text), "needless escape in {:?}", text);
        prop_assert!(serde_json::from_str::<SortedMembers>(&text).unwrap().0);
    }

    /// serde_json's compact writer escapes as JCS does; its maps iterate in byte order,
    /// which is UTF-16 order unless names mix U+E000–U+FFFF with characters beyond the BMP.
    #[test]
    fn matches_serde_json_where_the_orders_agree(v in value()) {
        if names_below_e000(&v) {
            prop_assert_eq!(canonical_json(&v).unwrap(), serde_json::to_vec(&v).unwrap());
        }
    }

    #[test]
    fn integers_beyond_a_double_are_refused(n in (MAX_SAFE_INTEGER + 1)..=u64::MAX, neg in any::<bool>()) {
        let v = if neg && n <= i64::MAX as u64 + 1 {
            Value::from((n as i64).wrapping_neg())
        } else {
            Value::from(n)
        };
        let refused = matches!(
            canonical_json(&Value::Array(vec![v])),
            Err(LedgerError::IntegerOutOfRange { ref path, .. }) if path == "/0"
        );
        prop_assert!(refused);
    }
}

fn names_below_e000(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().all(names_below_e000),
        Value::Object(map) => map
            .iter()
            .all(|(k, v)| k.chars().all(|c| c < '\u{e000}') && names_below_e000(v)),
        _ => true,
    }
}

/// Whether every escape is one JCS writes: a short form, or `\u00xx` in lower case for a
/// control without one.
fn escapes_are_minimal(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            Some('"' | '\\' | 'b' | 't' | 'n' | 'f' | 'r') => {}
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let Ok(code) = u8::from_str_radix(&hex, 16) else {
                    return false;
                };
                let short = matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
                if hex.len() != 4 || code >= 0x20 || short || hex != hex.to_lowercase() {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Reads a JSON text and says whether the members of every object in it were written in
/// UTF-16 order of their names; read from the text itself, since a serde_json map sorts or
/// keeps order depending on a feature.
struct SortedMembers(bool);

impl<'de> serde::Deserialize<'de> for SortedMembers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SortedVisitor).map(SortedMembers)
    }
}

struct SortedVisitor;

impl<'de> serde::de::Visitor<'de> for SortedVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<bool, A::Error> {
        let mut all = true;
        while let Some(SortedMembers(ok)) = a.next_element()? {
            all &= ok;
        }
        Ok(all)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<bool, A::Error> {
        let mut all = true;
        let mut previous: Option<Vec<u16>> = None;
        while let Some((name, SortedMembers(ok))) = a.next_entry::<String, SortedMembers>()? {
            let name: Vec<u16> = name.encode_utf16().collect();
            all &= ok && previous.is_none_or(|p| p < name);
            previous = Some(name);
        }
        Ok(all)
    }
}
