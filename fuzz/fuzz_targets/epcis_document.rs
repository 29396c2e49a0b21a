//! Whole EPCIS documents on arbitrary input: reading never panics, and every event read,
//! written back as a document and read again, is the same event.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::epcis::{DocumentType, read_document, write_document};

fuzz_target!(|data: &[u8]| {
    let Ok(document) = read_document(data) else {
        return;
    };
    let events: Vec<_> = document.events.into_iter().flatten().collect();
    let written = write_document(
        DocumentType::EpcisDocument,
        document.creation_date,
        &events,
        None,
    );
    let bytes = serde_json::to_vec(&written).unwrap();
    let again = read_document(&bytes).unwrap();
    let again: Vec<_> = again.events.into_iter().map(Result::unwrap).collect();
    assert_eq!(again, events);
});
