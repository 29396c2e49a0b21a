//! EPC URNs on arbitrary input: parsing never panics, and what parses is written back the
//! same once told the company prefix length the URN showed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::gs1::{parse_epc_urn, to_urn};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((scheme, elements)) = parse_epc_urn(text) {
        // `urn:epc:id:<scheme>:<company prefix>.…`
        let prefix = text.splitn(5, ':').nth(4).and_then(|b| b.split('.').next()).map(str::len);
        if let Some(prefix) = prefix {
            let again = to_urn(scheme, &elements, prefix).unwrap();
            assert_eq!(parse_epc_urn(&again).unwrap().1, elements);
        }
    }
});
