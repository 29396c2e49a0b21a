//! Signed submissions' and disclosure's parsers on arbitrary input: never panic; a parsed
//! signature header writes back to a header that parses to the same; a parsed public key is a
//! 32-byte point; a disclosure table that reads answers for every field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::disclosure::{Field, Policy, Relations};
use yima_domain::signing::{SignatureHeader, check_label, parse_public_key};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(header) = SignatureHeader::parse(input) {
        assert_eq!(SignatureHeader::parse(&header.to_string()), Ok(header));
    }
    if let Ok(key) = parse_public_key(input) {
        assert_eq!(parse_public_key(&hex::encode(key)), Ok(key));
    }
    if let Ok(label) = check_label(input) {
        assert_eq!(check_label(&label), Ok(label.clone()));
    }
    if let Ok(policy) = Policy::from_toml(input) {
        let public = Relations::public();
        for field in Field::ALL {
            let _ = policy.allows(field, &public);
        }
    }
});
