//! Canonical JSON: RFC 8785 (JSON Canonicalization Scheme) for the values records hold —
//! objects, arrays, strings, integers, booleans and null. One value has one byte string, so a
//! hash of it can be recomputed by anyone who holds the value, in any language with a JCS
//! library.
//!
//! The writer walks the value itself rather than trusting serde_json's map order, which
//! changes with the `preserve_order` feature any crate of a build may switch on.

use std::cmp::Ordering;

use serde_json::Value;

use super::error::LedgerError;

/// The largest integer an IEEE double holds exactly, 2^53 − 1: JCS numbers are doubles.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The canonical bytes of `value`, or why it has none (a float, an integer too large).
pub fn canonical_json(value: &Value) -> Result<Vec<u8>, LedgerError> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    write_value(&mut out, value, &mut path)?;
    Ok(out)
}

/// Where in the value the writer is, to name the place of a refused number.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path as a JSON Pointer (RFC 6901); the empty string is the whole value.
fn pointer(path: &[Step<'_>]) -> String {
    let mut s = String::new();
    for step in path {
        s.push('/');
        match step {
            Step::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

fn write_value<'a>(
    out: &mut Vec<u8>,
    value: &'a Value,
    path: &mut Vec<Step<'a>>,
) -> Result<(), LedgerError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_integer(out, n, path)?,
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                path.push(Step::Index(i));
                write_value(out, item, path)?;
                path.pop();
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| utf16_order(a.0, b.0));
            out.push(b'{');
            for (i, (key, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(out, key);
                out.push(b':');
                path.push(Step::Key(key));
                write_value(out, member, path)?;
                path.pop();
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_integer(
    out: &mut Vec<u8>,
    n: &serde_json::Number,
    path: &[Step<'_>],
) -> Result<(), LedgerError> {
    let magnitude = if let Some(u) = n.as_u64() {
        u
    } else if let Some(i) = n.as_i64() {
        i.unsigned_abs()
    } else {
        return Err(LedgerError::NotAnInteger {
            path: pointer(path),
        });
    };
    if magnitude > MAX_SAFE_INTEGER {
        return Err(LedgerError::IntegerOutOfRange {
            path: pointer(path),
            value: n.to_string(),
        });
    }
    // Within ±(2^53 − 1) the shortest double form JCS asks for is the plain decimal.
    out.extend_from_slice(n.to_string().as_bytes());
    Ok(())
}

/// JCS orders members by their names' UTF-16 code units, as JavaScript compares strings; for
/// names outside the Basic Multilingual Plane this differs from byte (code point) order.
pub(crate) fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A JSON string as JCS writes it: only `"`, `\` and the C0 controls are escaped, the five
/// with a short form by it, the rest as `\u00xx` in lower case; all else is raw UTF-8.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    // Every byte of a multi-byte UTF-8 sequence is ≥ 0x80, so a byte-wise walk never splits
    // a character when it escapes one of the ASCII bytes below. Runs of bytes that need no
    // escape, most of any text, are copied whole.
    let bytes = s.as_bytes();
    let mut run = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..at]);
        run = at + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0x0f)]);
        } else {
            out.extend_from_slice(escape);
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn canonical_of(json: &str) -> String {
        let value: Value = serde_json::from_str(json).unwrap();
        String::from_utf8(canonical_json(&value).unwrap()).unwrap()
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units, so the emoji (a surrogate pair
    /// starting 0xD83D) comes before U+FB33 though its code point is larger.
    #[test]
    fn rfc8785_sorting_example() {
        let input = r#"{
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        assert_eq!(
            canonical_of(input),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
             \"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\
             \"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    /// RFC 8785 §3.2.2 example without its floating-point numbers, which records never hold.
    #[test]
    fn rfc8785_string_and_literals_example() {
        let input = r#"{
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        assert_eq!(
            canonical_of(input),
            r#"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn every_control_character_has_its_escape() {
        let all: String = (0u8..0x20).map(char::from).collect();
        let out = canonical_json(&Value::String(all)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\
             \\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\
             \\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\""
        );
        // DEL and the C1 controls are not escaped by JCS.
        assert_eq!(canonical_of(r#""\u007f\u0085""#), "\"\u{7f}\u{85}\"");
    }

    #[test]
    fn nested_values_and_integers() {
        assert_eq!(
            canonical_of(r#"{ "b": [1, -2, {"z": 0, "a": []}], "a": {} }"#),
            r#"{"a":{},"b":[1,-2,{"a":[],"z":0}]}"#
        );
        assert_eq!(
            canonical_of("[9007199254740991, -9007199254740991]"),
            "[9007199254740991,-9007199254740991]"
        );
    }

    #[test]
    fn refuses_what_a_double_cannot_hold() {
        let big: Value = serde_json::from_str(r#"{"a": [0, 9007199254740992]}"#).unwrap();
        assert_eq!(
            canonical_json(&big),
            Err(LedgerError::IntegerOutOfRange {
                path: "/a/1".into(),
                value: "9007199254740992".into()
            })
        );
        let negative: Value = serde_json::from_str("-9007199254740992").unwrap();
        assert!(matches!(
            canonical_json(&negative),
            Err(LedgerError::IntegerOutOfRange { .. })
        ));
        let float: Value = serde_json::from_str(r#"{"x/y": 4.5}"#).unwrap();
        assert_eq!(
            canonical_json(&float),
            Err(LedgerError::NotAnInteger {
                path: "/x~1y".into()
            })
        );
    }
}
