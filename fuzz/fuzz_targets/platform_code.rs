//! Platform codes on arbitrary input: parse never panics, a parsed code re-parses to itself
//! from both its forms and is recognised; and a code issued from the input's first bytes,
//! with one character replaced by the next byte, is refused or reads as the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::platform::{IssuingKey, PlatformCode};

fn check_parse(text: &str) {
    let recognised = PlatformCode::recognises(text);
    match PlatformCode::parse(text) {
        Ok(code) => {
            assert!(recognised, "{text:?} parses but is not recognised");
            assert_eq!(PlatformCode::parse(code.canonical()).as_ref(), Ok(&code));
            assert_eq!(PlatformCode::parse(&code.printed()).as_ref(), Ok(&code));
            let _ = (code.key_id(), code.issuance(), code.index());
        }
        Err(e) => {
            let _ = e.to_string();
            if let Some(p) = e.position() {
                assert!(p >= 1 && p <= text.chars().count() + 1, "{p} in {text:?}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Latin-1, so that every byte is one character, and UTF-8 where the bytes are that.
    let latin1: String = data.iter().map(|&b| char::from(b)).collect();
    check_parse(&latin1);
    check_parse(std::str::from_utf8(data).unwrap_or_default());

    let Some(b) = data.get(..11) else {
        return;
    };
    let key = IssuingKey::new(u16::from_be_bytes([b[0], b[1]]), &[b[0]; 32]);
    let issuance = u64::from(u32::from_be_bytes([b[2], b[3], b[4], b[5]]));
    let index = u64::from(u32::from_be_bytes([0, b[6], b[7], b[8]]));
    let (position, replacement) = (b[9], b[10]);
    let code = PlatformCode::issue(&key, issuance, index).expect("fields in range");
    code.verify(&key).expect("issued code verifies");
    let mut edited: Vec<char> = code.canonical().chars().collect();
    let at = usize::from(position) % edited.len();
    edited[at] = char::from(replacement);
    let edited: String = edited.into_iter().collect();
    if let Ok(other) = PlatformCode::parse(&edited) {
        assert_eq!(other, code, "{edited:?} read as another code");
    }
});
