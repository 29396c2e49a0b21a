//! The configuration parsers (an Ecode table, a list of recognisers) on arbitrary text: never
//! panic; what they accept then parses codes without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::ecode::{Ecode, EcodeTable};
use yima_codes::schemes::Recognisers;

const PROBES: [&str; 6] = [
    "10064000000000000012345",
    "300121ABCdef",
    "88.118.8/ABC",
    "urn:oid:1.2.156.1",
    "SC-2024-0001",
    "x:y",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(table) = EcodeTable::from_toml(text) {
        for probe in PROBES {
            let _ = Ecode::parse_with(&table, probe);
        }
    }
    if let Ok(recognisers) = Recognisers::from_toml(text) {
        for probe in PROBES {
            let _ = recognisers.recognise(probe);
        }
    }
});
