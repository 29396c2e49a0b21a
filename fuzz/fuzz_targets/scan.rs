//! Scan::parse on arbitrary input: must never panic; a successful scan must re-parse from its
//! canonical Digital Link to the same key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::Scan;

fuzz_target!(|data: &[u8]| {
    // Latin-1, so that every byte (GS included) is one character.
    let input: String = data.iter().map(|&b| char::from(b)).collect();
    for text in [
        input.as_str(),
        std::str::from_utf8(data).unwrap_or_default(),
    ] {
        if let Ok(scan) = Scan::parse(text) {
            let again = Scan::parse(&scan.code.canonical_uri()).expect("canonical URI re-parses");
            assert_eq!(again.code.key(), scan.code.key());
        }
    }
});
