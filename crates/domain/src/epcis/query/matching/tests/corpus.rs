//! Over the standard's examples (`tests/data/epcis/valid`): every event is found by its own
//! eventID and type, and by each identifier it names, in the form it wrote it.

use std::path::PathBuf;

use super::recorded;
use crate::epcis::query::EventQuery;
use crate::epcis::{EpcRole, Event, EventType, read_document};

fn corpus_events() -> Vec<(String, Event)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/epcis/valid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonld" || e == "json"))
        .collect();
    files.sort();
    let mut events = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let document = read_document(&std::fs::read(&path).unwrap()).unwrap();
        for (i, e) in document.events.into_iter().enumerate() {
            events.push((format!("{name} event {i}"), e.unwrap()));
        }
    }
    events
}

fn matches(pairs: &[(&str, &str)], e: &Event) -> bool {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    EventQuery::parse(&pairs).unwrap().matches(e, recorded())
}

#[test]
fn every_event_is_found_by_its_id_and_type() {
    let events = corpus_events();
    assert!(events.len() > 30, "the corpus is read");
    let mut with_ids = 0;
    for (at, e) in &events {
        let kind = e.event_type.name();
        assert!(matches(&[("eventType", kind)], e), "{at}");
        let others: Vec<&str> = EventType::ALL
            .iter()
            .map(|t| t.name())
            .filter(|t| *t != kind)
            .collect();
        assert!(!matches(&[("eventType", &others.join("|"))], e), "{at}");
        if let Some(id) = &e.event_id {
            with_ids += 1;
            assert!(
                matches(&[("EQ_eventID", id), ("eventType", kind)], e),
                "{at}"
            );
            assert!(
                !matches(
                    &[(
                        "EQ_eventID",
                        "urn:uuid:00000000-0000-4000-8000-000000000000"
                    )],
                    e
                ),
                "{at}"
            );
        }
        assert!(EventQuery::default().matches(e, recorded()), "{at}");
    }
    assert!(with_ids > 10, "the corpus has events with IDs");
}

#[test]
fn every_event_is_found_by_the_identifiers_it_names() {
    for (at, e) in corpus_events() {
        for (role, epc) in e.epcs() {
            let field = match role {
                EpcRole::Epc => "MATCH_epc",
                EpcRole::Parent => "MATCH_parentID",
                EpcRole::Input => "MATCH_inputEPC",
                EpcRole::Output => "MATCH_outputEPC",
            };
            assert!(matches(&[(field, epc)], &e), "{at}: {field}={epc}");
            assert!(matches(&[("MATCH_anyEPC", epc)], &e), "{at}: {epc}");
        }
        for (_, q) in e.quantities() {
            assert!(
                matches(&[("MATCH_anyEPCClass", &q.epc_class)], &e),
                "{at}: {}",
                q.epc_class
            );
        }
        if let Some(place) = &e.read_point {
            assert!(matches(&[("EQ_readPoint", &place.id)], &e), "{at}");
        }
        if let Some(place) = &e.biz_location {
            assert!(matches(&[("WD_bizLocation", &place.id)], &e), "{at}");
        }
        for t in &e.biz_transaction_list {
            if let Some(kind) = &t.kind {
                let name = format!("EQ_bizTransaction_{}", kind.as_json());
                assert!(matches(&[(&name, &t.id)], &e), "{at}: {name}");
            }
        }
        for s in &e.source_list {
            let name = format!("EQ_source_{}", s.kind.as_json());
            assert!(matches(&[(&name, &s.id)], &e), "{at}: {name}");
        }
        for d in &e.destination_list {
            let name = format!("EQ_destination_{}", d.kind.as_json());
            assert!(matches(&[(&name, &d.id)], &e), "{at}: {name}");
        }
    }
}
