//! The ledger's text and binary formats on arbitrary input: never panic; whatever parses
//! writes back to exactly the input, so that one value has one encoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_ledger::{
    Checkpoint, NoteVerifier, SignatureLine, TileId, TlogProof, encode_bundle, open_note,
    parse_bundle,
};

/// The verifier key of golang.org/x/mod/sumdb/note's example, so that open_note reaches
/// signature verification on inputs that name it.
const PETER: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = parse_bundle(data) {
        assert_eq!(encode_bundle(&entries).as_deref(), Ok(data));
    }
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = Checkpoint::parse(input) {
        assert_eq!(c.to_body(), input);
    }
    if let Ok(id) = TileId::parse_path(input) {
        assert_eq!(id.path(), input);
    }
    if let Ok(p) = TlogProof::parse(input) {
        assert_eq!(p.format(), input);
    }
    if let Ok(line) = SignatureLine::parse(input) {
        assert_eq!(line.to_string(), input);
    }
    if let Ok(v) = NoteVerifier::parse(input) {
        assert_eq!(v.to_string(), input);
    }
    if let Ok(peter) = NoteVerifier::parse(PETER) {
        if let Ok(opened) = open_note(input, &[peter]) {
            assert!(input.starts_with(&opened.text));
        }
    }
});
