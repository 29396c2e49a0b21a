//! The EPCIS 2.0 corpus (`tests/data/epcis/`): every valid document is read whole and comes
//! back equal when written and read again; every invalid one is refused at the path its
//! manifest names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use yima_domain::epcis::{DocumentType, Timestamp, event_hash_id, read_document, write_document};

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/epcis")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonld" || e == "json"));
    files.sort();
    files
}

#[test]
fn every_valid_document_is_read_and_comes_back_equal() {
    let extra = std::env::var("YIMA_EPCIS_DOC").ok().map(PathBuf::from);
    let files: Vec<PathBuf> = corpus("valid").into_iter().chain(extra).collect();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let document = read_document(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let events: Vec<_> = document
            .events
            .into_iter()
            .enumerate()
            .map(|(i, e)| e.unwrap_or_else(|e| panic!("{} event {i}: {e}", path.display())))
            .collect();
        assert!(!events.is_empty() || bytes.windows(11).any(|w| w == b"\"eventList\""));
        let written = write_document(
            DocumentType::EpcisQueryDocument,
            Timestamp::from(chrono::Utc::now()),
            &events,
            None,
        );
        let again = read_document(&serde_json::to_vec(&written).unwrap())
            .unwrap_or_else(|e| panic!("{} written back: {e}", path.display()));
        let again: Vec<_> = again.events.into_iter().map(Result::unwrap).collect();
        assert_eq!(again, events, "{}", path.display());
        // Every event has its hash ID, the same when read back.
        for (first, second) in events.iter().zip(&again) {
            let hash = |e: &yima_domain::epcis::Event| {
                event_hash_id(&e.to_json(), e.namespace_map())
                    .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
            };
            assert_eq!(hash(first), hash(second), "{}", path.display());
        }
    }
}

#[derive(serde::Deserialize)]
struct Expected {
    exception: String,
    status: u16,
    field: String,
    why: String,
    #[allow(dead_code)]
    schema: bool,
}

#[test]
fn every_invalid_document_is_refused_where_its_manifest_says() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/epcis/invalid");
    let manifest: std::collections::BTreeMap<String, Expected> =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    let files = corpus("invalid");
    assert_eq!(
        files.len(),
        manifest.len(),
        "one manifest entry per document"
    );
    for path in files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let expected = &manifest[name];
        assert_eq!(
            (expected.exception.as_str(), expected.status),
            ("ValidationException", 400)
        );
        let field = expected.field.replace("['", ".").replace("']", "");
        let field = field.trim_start_matches("$.").trim_start_matches('$');
        let bytes = std::fs::read(&path).unwrap();
        let refusal = match read_document(&bytes) {
            Err(e) => e.to_string(),
            Ok(document) => {
                let faults: Vec<String> = document
                    .events
                    .into_iter()
                    .filter_map(Result::err)
                    .map(|e| e.to_string())
                    .collect();
                assert_eq!(faults.len(), 1, "{name}: one fault ({})", expected.why);
                faults.into_iter().next().unwrap()
            }
        };
        // serde names a missing field from the object that lacks it: the path stops one step
        // short and the message names the field.
        let (path, rule) = refusal.split_once(": ").unwrap_or(("", &refusal));
        let last = field.rsplit(['.', '[']).next().unwrap_or(field);
        assert!(
            field.is_empty() || path == field || (field.starts_with(path) && rule.contains(last)),
            "{name}: refused as «{refusal}», expected at {field} ({})",
            expected.why
        );
    }
}
