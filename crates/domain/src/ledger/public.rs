//! The fields of a record anyone may read in the public log: identifiers only, as strings,
//! written as one canonical JSON object (or nothing at all when there are none).

use std::collections::BTreeMap;

use serde_json::Value;

use super::canonical::{utf16_order, write_string};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicFields(BTreeMap<String, String>);

impl PublicFields {
    pub fn new() -> Self {
        Self::default()
    }

    /// These fields and `name` = `value`.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.insert(name, value);
        self
    }

    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), value.into());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The canonical JSON object of the fields; no bytes at all when there are none, so that
    /// an entry has exactly one encoding.
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.0.is_empty() {
            return out;
        }
        let mut members: Vec<(&String, &String)> = self.0.iter().collect();
        members.sort_by(|a, b| utf16_order(a.0, b.0));
        out.push(b'{');
        for (i, (name, value)) in members.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_string(&mut out, name);
            out.push(b':');
            write_string(&mut out, value);
        }
        out.push(b'}');
        out
    }

    /// Reads fields written by [`PublicFields::canonical`], refusing any other spelling of
    /// them; a failure is the offset within `bytes` and the rule broken.
    pub fn from_canonical(bytes: &[u8]) -> Result<Self, (usize, String)> {
        if bytes.is_empty() {
            return Ok(Self::new());
        }
        let value: Value = serde_json::from_slice(bytes).map_err(|e| {
            // Canonical JSON is one line, so on line 1 serde's column is the byte offset + 1.
            let offset = if e.is_eof() {
                bytes.len()
            } else if e.line() == 1 {
                e.column().saturating_sub(1)
            } else {
                0
            };
            (offset, format!("public fields are not JSON: {e}"))
        })?;
        let Value::Object(map) = value else {
            return Err((0, "public fields must be a JSON object".to_owned()));
        };
        if map.is_empty() {
            return Err((
                0,
                "an entry without public fields holds no bytes for them, not {}".to_owned(),
            ));
        }
        let mut fields = Self::new();
        for (name, value) in map {
            match value {
                Value::String(s) => fields.insert(name, s),
                _ => return Err((0, format!("public field {name:?} must be a string"))),
            }
        }
        let again = fields.canonical();
        if again != bytes {
            let offset = again
                .iter()
                .zip(bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(again.len().min(bytes.len()));
            return Err((
                offset,
                "public fields are not in canonical JSON (RFC 8785): sorted names, no spaces, minimal escapes, no repeated names".to_owned(),
            ));
        }
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn writes_sorted_canonical_json_or_nothing() {
        assert!(PublicFields::new().canonical().is_empty());
        let f = PublicFields::new()
            .with("lot", "L\"1")
            .with("id", "x")
            .with("batch_id", "b");
        assert_eq!(
            String::from_utf8(f.canonical()).unwrap(),
            r#"{"batch_id":"b","id":"x","lot":"L\"1"}"#
        );
        assert_eq!(PublicFields::from_canonical(&f.canonical()).unwrap(), f);
    }

    #[test]
    fn refuses_other_spellings_at_their_offset() {
        let cases: [(&[u8], usize); 6] = [
            (br#"{"b":"1", "a":"2"}"#, 2),
            (br#"{"b":"1","a":"2"}"#, 2),
            (br#"{"a":"1","a":"2"}"#, 6),
            (b"{}", 0),
            (br#"{"a":1}"#, 0),
            (br#"["a"]"#, 0),
        ];
        for (bytes, offset) in cases {
            let err = PublicFields::from_canonical(bytes).unwrap_err();
            assert_eq!(
                err.0,
                offset,
                "{:?}: {}",
                String::from_utf8_lossy(bytes),
                err.1
            );
        }
        let (offset, _) = PublicFields::from_canonical(br#"{"a":x}"#).unwrap_err();
        assert_eq!(offset, 5);
        let (offset, rule) = PublicFields::from_canonical(br#"{"a":"1"#).unwrap_err();
        assert_eq!(offset, 7);
        assert!(rule.contains("not JSON"));
    }
}
