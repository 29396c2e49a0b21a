//! Scan::parse on arbitrary input: must never panic; a successful scan, given again in the
//! form its scheme allows (a GS1 code's canonical Digital Link, an Ecode's raw form, a
//! platform code's canonical form, another scheme's key), gives the same key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::{Scan, TraceCode};

fuzz_target!(|data: &[u8]| {
    // Latin-1, so that every byte (GS included) is one character.
    let input: String = data.iter().map(|&b| char::from(b)).collect();
    for text in [
        input.as_str(),
        std::str::from_utf8(data).unwrap_or_default(),
    ] {
        if let Ok(scan) = Scan::parse(text) {
            let again = match &scan.code {
                TraceCode::Gs1(_) => scan.code.canonical_uri().expect("GS1 codes have one"),
                TraceCode::Ecode(code) => code.raw().to_owned(),
                TraceCode::Platform(code) => code.canonical().to_owned(),
                TraceCode::Foreign(_) => scan.code.key(),
            };
            let again = Scan::parse(&again).expect("the code given again re-parses");
            assert_eq!(again.code.key(), scan.code.key());
        }
    }
});
