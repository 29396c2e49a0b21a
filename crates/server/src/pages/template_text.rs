//! Every text of the pages comes from the message catalogue: no template holds words of its
//! own, in its text or in the attributes people read, and every key a template names exists.

use std::path::Path;

use super::messages::has;

/// Attributes whose values people read or hear.
const READ_ATTRIBUTES: [&str; 5] = ["alt", "title", "placeholder", "aria-label", "label"];

fn templates() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        out.push((path.display().to_string(), text));
    }
    assert!(
        out.len() >= 10,
        "templates are missing from {}",
        dir.display()
    );
    out
}

/// `text` without the spans from each `open` to the next `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = rest[start + open.len()..]
            .find(close)
            .map_or("", |end| &rest[start + open.len() + end + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// The literal keys of `t.get("…")` and `t.fill("…", …)` calls.
fn keys(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for call in ["t.get(\"", "t.fill(\""] {
        let mut rest = text;
        while let Some(start) = rest.find(call) {
            rest = &rest[start + call.len()..];
            if let Some(end) = rest.find('"') {
                found.push(&rest[..end]);
            }
        }
    }
    found
}

#[test]
fn every_key_a_template_names_is_in_the_catalogue() {
    for (name, text) in templates() {
        for key in keys(&text) {
            assert!(has(key), "{name} names {key}, which the catalogue lacks");
        }
    }
}

#[test]
fn templates_hold_no_words_of_their_own() {
    for (name, text) in templates() {
        let code = without(
            &without(&without(&text, "{#", "#}"), "{%", "%}"),
            "{{",
            "}}",
        );
        let code = without(
            &without(&code, "<script", "</script>"),
            "<style",
            "</style>",
        );
        // Attribute values people read.
        for attribute in READ_ATTRIBUTES {
            let marker = format!(" {attribute}=\"");
            let mut rest = code.as_str();
            while let Some(start) = rest.find(&marker) {
                rest = &rest[start + marker.len()..];
                let value = rest.split('"').next().unwrap_or("");
                assert!(
                    !value.chars().any(char::is_alphabetic),
                    "{name}: {attribute}=\"{value}\" holds words; use the catalogue"
                );
            }
        }
        // Text between tags.
        let text = without(&without(&code, "<", ">"), "&", ";");
        let words: String = text.chars().filter(|c| c.is_alphabetic()).collect();
        assert!(
            words.is_empty(),
            "{name} holds words of its own: {words:?}; use the catalogue"
        );
    }
}

#[test]
fn the_check_finds_words_where_they_are() {
    let page = "<p>{{ t.get(\"a.b\") }} 已登记</p><img alt=\"logo\">";
    let stripped = without(&without(page, "{{", "}}"), "<", ">");
    assert!(stripped.chars().any(char::is_alphabetic));
    assert_eq!(keys(page), ["a.b"]);
}
