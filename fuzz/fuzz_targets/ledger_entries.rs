//! The domain's ledger formats on arbitrary input: entries, record references, public fields
//! and evidence files never panic; what decodes re-encodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::ledger::{LeafEntry, PublicFields, RecordEvidence, RecordRef, canonical_json};

fuzz_target!(|data: &[u8]| {
    if let Ok(entry) = LeafEntry::decode(data) {
        assert_eq!(entry.encode(), data);
    }
    if let Ok(fields) = PublicFields::from_canonical(data) {
        assert_eq!(fields.canonical(), data);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(reference) = RecordRef::parse(text) {
        assert_eq!(reference.to_string(), text);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        if let Ok(bytes) = canonical_json(&value) {
            let again: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(canonical_json(&again).unwrap(), bytes);
        }
    }
    if let Ok(evidence) = serde_json::from_str::<RecordEvidence>(text) {
        let _ = evidence.verify_commitment();
    }
});
