//! DigitalLink::parse on arbitrary input: never panics; the canonical URI is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::gs1::DigitalLink;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(dl) = DigitalLink::parse(input) {
        let canonical = dl.canonical_uri();
        let again = DigitalLink::parse(&canonical).expect("canonical URI re-parses");
        assert_eq!(again.canonical_uri(), canonical);
    }
});
