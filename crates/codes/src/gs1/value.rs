//! Checks one AI value against its entry in the AI table: length, character set of each
//! component, and the content checks (check digits, dates, …).

use super::ai::{AiSpec, Charset};
use super::lint::lint;
use crate::CodeError;

/// Validates `value` as the value of `spec`'s AI. Positions in the error count characters
/// of `value` from 1; the caller moves them into its own input.
///
/// Every element of every parse comes through here, so the success path allocates nothing:
/// messages are only built for errors.
pub(crate) fn validate_value(spec: &AiSpec, value: &str) -> Result<(), CodeError> {
    let what = spec.label;
    let ascii = value.is_ascii();
    let n = if ascii {
        value.len()
    } else {
        value.chars().count()
    };
    let (min, max) = (spec.min_length(), spec.max_length());
    if n == 0 {
        return Err(CodeError::rule_at(what, 1, "the value is empty"));
    }
    if n > max || n < min {
        let expected = if min == max {
            format!("exactly {min}")
        } else {
            format!("{min} to {max}")
        };
        let position = if n > max { max + 1 } else { 1 };
        return Err(CodeError::rule_at(
            what,
            position,
            format!(
                "the value has {n} characters; {expected} are allowed ({})",
                spec.format()
            ),
        ));
    }
    let mut p = 0;
    for comp in spec.components {
        let len = (n - p).min(usize::from(comp.max));
        if comp.optional && len == 0 {
            continue;
        }
        if len < usize::from(comp.min) {
            return Err(CodeError::rule_at(
                what,
                p + 1,
                format!(
                    "the value is too short: {} more characters are needed ({})",
                    usize::from(comp.min) - len,
                    spec.format()
                ),
            ));
        }
        // Every earlier component passed its character set, all of which are ASCII, so `p`
        // counts bytes as well as characters.
        let rest = value.get(p..).unwrap_or_default();
        let end = if ascii {
            len
        } else {
            rest.char_indices().nth(len).map_or(rest.len(), |(b, _)| b)
        };
        let part = rest.get(..end).unwrap_or_default();
        check_charset(comp.charset, part, len).map_err(|(i, found)| {
            CodeError::InvalidCharacter {
                what,
                position: p + i + 1,
                found,
                rule: comp.charset.rule(),
            }
        })?;
        for linter in comp.linters {
            lint(*linter, part)
                .map_err(|(offset, rule)| CodeError::rule_at(what, p + offset + 1, rule))?;
        }
        p += len;
    }
    Ok(())
}

/// The first character of `part` (`len` characters) outside `charset`, with its 0-based
/// index.
fn check_charset(charset: Charset, part: &str, len: usize) -> Result<(), (usize, char)> {
    let body_len = if charset == Charset::Cset64 {
        // Up to two '=' of padding at the end, as GS1 defines it for CSET 64.
        let pads = part.chars().rev().take_while(|&c| c == '=').count();
        let body = len - pads;
        if pads > 2 || (pads > 0 && !(body + pads).is_multiple_of(3)) {
            return Err((body, '='));
        }
        body
    } else {
        len
    };
    match part
        .chars()
        .take(body_len)
        .enumerate()
        .find(|(_, c)| !charset.contains(*c))
    {
        Some((i, c)) => Err((i, c)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::gs1::lookup_ai;

    fn check(ai: &str, value: &str) -> Result<(), CodeError> {
        validate_value(lookup_ai(ai).unwrap(), value)
    }

    #[test]
    fn values() {
        assert!(check("01", "09520123456788").is_ok());
        assert!(check("17", "180426").is_ok());
        assert!(check("17", "180400").is_ok());
        assert!(check("8013", "1987654Ad4X4bL5ttr2310c2K").is_ok());
        assert!(check("8007", "GB82WEST12345698765432").is_ok());
        assert!(check("8007", "GB82WEST12345698765433").is_err());
        assert!(check("253", "9520123456788").is_ok());
        assert!(check("253", "9520123456788ABC").is_ok());
        assert!(check("8030", "MEUCIQCtx-9d_=").is_err());
        assert!(check("8030", "12=").is_ok());
        assert!(check("8006", "095201234567880102").is_ok());
        assert!(check("8006", "095201234567880302").is_err());
        assert!(check("7258", "1/2").is_ok());
        assert!(check("7258", "3/2").is_err());
        assert!(check("8008", "18042612").is_ok());
        assert!(check("8008", "1804261261").is_err());
        assert!(check("4321", "2").is_err());
    }

    #[test]
    fn errors_point_into_the_value() {
        assert_eq!(
            check("17", "181332"),
            Err(CodeError::rule_at(
                "AI (17) USE BY or EXPIRY",
                3,
                "month 13 is not 01-12 (YYMMDD)"
            ))
        );
        assert_eq!(
            check("01", "09520123456789"),
            Err(CodeError::rule_at(
                "AI (01) GTIN",
                14,
                "check digit 9 is wrong, expected 8 (GS1 mod-10)"
            ))
        );
        assert_eq!(
            check("10", "AB C"),
            Err(CodeError::InvalidCharacter {
                what: "AI (10) BATCH/LOT",
                position: 3,
                found: ' ',
                rule: Charset::Cset82.rule()
            })
        );
    }
}
