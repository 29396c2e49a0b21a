//! Element-string parsers on arbitrary input: never panic; whatever parses renders back to
//! the same elements in both forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::gs1::ElementString;

fuzz_target!(|data: &[u8]| {
    let input: String = data.iter().map(|&b| char::from(b)).collect();
    let parsed = [
        ElementString::parse_bracketed(&input),
        ElementString::parse_unbracketed(&input),
    ];
    for es in parsed.into_iter().flatten() {
        assert_eq!(
            ElementString::parse_bracketed(&es.to_bracketed()).as_ref(),
            Ok(&es)
        );
        assert_eq!(
            ElementString::parse_unbracketed(&es.to_unbracketed()).as_ref(),
            Ok(&es)
        );
    }
});
