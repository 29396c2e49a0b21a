//! Enterprise identifiers on arbitrary input: never panic; a parsed code re-parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::enterprise::{CreditCode, OrganisationCode};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = CreditCode::parse(input) {
        assert_eq!(CreditCode::parse(code.as_str()).as_ref(), Ok(&code));
        let _ = (code.region(), code.organisation_code());
    }
    if let Ok(code) = OrganisationCode::parse(input) {
        assert_eq!(OrganisationCode::parse(code.as_str()).as_ref(), Ok(&code));
    }
});
