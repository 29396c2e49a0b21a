//! Scheme names: what keys of other systems' codes start with (`{scheme}:{value}`).

use super::RecogniserError;
use crate::ecode::Ecode;
use crate::platform::PlatformCode;

/// The schemes the platform parses itself; no recogniser may claim their names, so that a
/// key always says which parser produced it.
pub const RESERVED_SCHEMES: [&str; 3] = ["gs1", Ecode::SCHEME, PlatformCode::SCHEME];

/// Longest scheme name.
const MAX_LEN: usize = 32;

/// Checks a scheme name: `a-z`, `0-9` and `-`, 1 to 32 characters, not a reserved name.
pub fn check_scheme_name(name: &str) -> Result<(), RecogniserError> {
    let fail = |rule| {
        Err(RecogniserError::SchemeName {
            name: name.to_owned(),
            rule,
        })
    };
    if name.is_empty() || name.len() > MAX_LEN {
        return fail("must have 1 to 32 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return fail("only lower-case letters a-z, digits 0-9 and '-' are allowed");
    }
    if RESERVED_SCHEMES.contains(&name) {
        return fail("gs1, ecode and yima are the platform's own schemes");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn names() {
        for ok in ["miit", "oid", "ccc-mark", "sc-2024", "a", &"x".repeat(32)] {
            assert_eq!(check_scheme_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "Miit",
            "m_i",
            "m i",
            "é",
            "gs1",
            "ecode",
            "yima",
            &"x".repeat(33),
        ] {
            assert!(check_scheme_name(bad).is_err(), "{bad}");
        }
    }
}
