//! The GS1 mod-10 check digit shared by GTIN, GLN, SSCC, GDTI, GRAI …, and the alphanumeric
//! check character pair of the GMN and MUDI.

use crate::CodeError;

const BODY: &str = "GS1 check digit body";

/// The check digit for `body` (the digits before the check digit): weights 3,1,3,1… from the
/// rightmost digit of the body leftwards; check = (10 − sum mod 10) mod 10.
pub fn check_digit(body: &str) -> Result<char, CodeError> {
    if body.is_empty() {
        return Err(CodeError::Empty { what: BODY });
    }
    let digits = digits_of(BODY, body)?;
    Ok(mod10(&digits))
}

/// Verifies that the last digit of `digits` is the check digit of the rest.
pub fn verify_check_digit(what: &'static str, digits: &str) -> Result<(), CodeError> {
    let all = digits_of(what, digits)?;
    let Some((&last, body)) = all.split_last() else {
        return Err(CodeError::Empty { what });
    };
    if body.is_empty() {
        return Err(CodeError::Length {
            what,
            found: 1,
            rule: "at least one digit before the check digit",
        });
    }
    let expected = mod10(body);
    let found = char::from(b'0' + last);
    if found == expected {
        Ok(())
    } else {
        Err(CodeError::CheckCharacter {
            what,
            found,
            expected,
        })
    }
}

/// The digit values of `s`, or the first character that is not a digit.
fn digits_of(what: &'static str, s: &str) -> Result<Vec<u8>, CodeError> {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            c.to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .ok_or_else(|| invalid(what, i, c))
        })
        .collect()
}

fn invalid(what: &'static str, index: usize, found: char) -> CodeError {
    CodeError::InvalidCharacter {
        what,
        position: index + 1,
        found,
        rule: "digits 0-9 only",
    }
}

/// The mod-10 check digit of digit values (each 0–9).
pub(crate) fn mod10(body: &[u8]) -> char {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    let check = (10 - sum % 10) % 10;
    char::from_digit(check, 10).unwrap_or('0')
}

/// The mod-10 check digit of ASCII digits (`b'0'`–`b'9'`), without first copying them out.
pub(crate) fn mod10_ascii(body: &[u8]) -> char {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d.wrapping_sub(b'0')) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    let check = (10 - sum % 10) % 10;
    char::from_digit(check, 10).unwrap_or('0')
}

/// CSET 82 in the order that gives each character its value in the check pair sum.
const CSET82_ORDER: &[u8] =
    b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
/// The 32 characters the check pair is written in.
const CSET32: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The GS1 alphanumeric check character pair for `body` (CSET 82 characters): the sum of
/// the character values weighted by increasing primes from the right, modulo 1021, written as
/// two 5-bit CSET 32 characters. None when `body` has a character outside CSET 82 or is longer
/// than the 97 characters the prime table covers.
pub fn check_pair(body: &str) -> Option<[char; 2]> {
    const PRIMES: [u32; 97] = [
        2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
        97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181,
        191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281,
        283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397,
        401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503,
        509,
    ];
    let bytes = body.as_bytes();
    if bytes.len() > PRIMES.len() {
        return None;
    }
    let mut sum: u32 = 0;
    for (i, &b) in bytes.iter().rev().enumerate() {
        let value = CSET82_ORDER.iter().position(|&c| c == b)?;
        sum += u32::try_from(value).ok()? * PRIMES.get(i)?;
    }
    sum %= 1021;
    let hi = *CSET32.get(usize::try_from(sum >> 5).ok()?)?;
    let lo = *CSET32.get(usize::try_from(sum & 31).ok()?)?;
    Some([char::from(hi), char::from(lo)])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn known_check_digits() {
        assert_eq!(check_digit("0952012345678"), Ok('8'));
        assert_eq!(check_digit("952012345678"), Ok('8'));
        assert!(verify_check_digit("SSCC", "106141411234567897").is_ok());
        assert!(verify_check_digit("GLN", "9520123456788").is_ok());
    }

    #[test]
    fn check_pairs_from_the_syntax_tests() {
        for s in [
            "1987654Ad4X4bL5ttr2310c2K",
            "12345678901234567890123NT",
            "12345_ABCDEFGHIJKLMCP",
            "12345_!\"%&'()*+,-./LC",
            "7907665Bm8v2AB",
            "00000!HV",
            "22",
        ] {
            let (body, pair) = s.split_at(s.len() - 2);
            let got: String = check_pair(body).unwrap().iter().collect();
            assert_eq!(got, pair, "{s}");
        }
    }
}
