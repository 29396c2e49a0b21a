//! Strategies and checks shared by the property tests of every parser.

#![allow(dead_code)] // each test binary uses its own subset

use proptest::prelude::*;
use yima_codes::CodeError;

/// Bytes read as Latin-1, so that control characters such as GS come up often.
pub fn latin1(max_len: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..max_len)
        .prop_map(|b| b.into_iter().map(char::from).collect())
}

/// Arbitrary strings, Latin-1 bytes, and `soup`: fragments of real codes glued at random.
pub fn any_input(soup: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), latin1(80), soup]
}

/// An error's position, when it has one, is a character of the input or just past its end.
pub fn position_in_bounds(input: &str, result: Result<(), CodeError>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        let _ = e.to_string();
        if let Some(p) = e.position() {
            let len = input.chars().count();
            prop_assert!(
                p >= 1 && p <= len + 1,
                "position {p} outside 1..={} for {input:?}: {e}",
                len + 1
            );
        }
    }
    Ok(())
}
