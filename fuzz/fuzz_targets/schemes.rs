//! The built-in recognisers of other schemes on arbitrary input: never panic; a recognised
//! value is plain (no white space or control characters, not too long), and the code written
//! as its key, `{scheme}:{value}`, is recognised as the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::schemes::{MAX_VALUE_CHARS, Recognisers};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let recognisers = Recognisers::builtin();
    if let Some(code) = recognisers.recognise(input) {
        assert!(!code.value.is_empty() && code.value.chars().count() <= MAX_VALUE_CHARS);
        assert!(
            !code
                .value
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        );
        let key = format!("{}:{}", code.scheme, code.value);
        assert_eq!(recognisers.recognise(&key), Some(code));
    }
});
