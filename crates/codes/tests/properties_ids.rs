//! Property tests for the enterprise and licence identifiers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::latin1;
use proptest::prelude::*;
use yima_codes::CodeError;
use yima_codes::enterprise::{CreditCode, OrganisationCode};
use yima_codes::licence::{CccCertificateNumber, LicenceNumber};

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

fn any_input() -> impl Strategy<Value = String> {
    let near = prop::collection::vec(
        prop::sample::select(vec![
            "9", "1", "M", "X", "K", "-", "(", "鄂", ")", "（", "）", "0", "a", "I",
        ]),
        0..24,
    )
    .prop_map(|t| t.concat());
    prop_oneof![any::<String>(), latin1(40), near]
}

fn in_bounds(input: &str, result: Result<(), CodeError>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        let _ = e.to_string();
        if let Some(p) = e.position() {
            prop_assert!(
                p >= 1 && p <= input.chars().count() + 1,
                "{p} for {input:?}: {e}"
            );
        }
    }
    Ok(())
}

/// GB 32100 check character, computed independently of the crate.
fn credit_check(body: &str) -> char {
    const W: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let sum: usize = body
        .chars()
        .zip(W)
        .map(|(c, w)| ALPHABET.find(c).unwrap() * w)
        .sum();
    ALPHABET.as_bytes()[(31 - sum % 31) % 31] as char
}

fn credit_code() -> impl Strategy<Value = String> {
    let alpha: Vec<char> = ALPHABET.chars().collect();
    (
        prop::collection::vec(prop::sample::select(alpha.clone()), 2),
        "[0-9]{6}",
        prop::collection::vec(prop::sample::select(alpha), 9),
    )
        .prop_map(|(head, region, subject)| {
            let body: String = head
                .into_iter()
                .chain(region.chars())
                .chain(subject)
                .collect();
            format!("{body}{}", credit_check(&body))
        })
}

/// GB 11714 check character, computed independently of the crate.
fn org_check(body: &str) -> char {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(36).unwrap() * w)
        .sum();
    match (11 - sum % 11) % 11 {
        10 => 'X',
        n => char::from_digit(n, 10).unwrap(),
    }
}

proptest! {
    #[test]
    fn parsers_never_panic_and_point_inside(input in any_input()) {
        in_bounds(&input, CreditCode::parse(&input).map(drop))?;
        in_bounds(&input, OrganisationCode::parse(&input).map(drop))?;
        in_bounds(&input, CccCertificateNumber::parse(&input).map(drop))?;
        in_bounds(&input, LicenceNumber::parse(&input).map(drop))?;
        if let Ok(c) = CreditCode::parse(&input) {
            prop_assert_eq!(CreditCode::parse(c.as_str()).unwrap(), c.clone());
            let _ = (c.region(), c.organisation_code());
        }
        if let Ok(l) = LicenceNumber::parse(&input) {
            prop_assert_eq!(LicenceNumber::parse(l.as_str()).unwrap(), l);
        }
    }

    #[test]
    fn generated_credit_codes_parse(code in credit_code()) {
        prop_assert_eq!(CreditCode::parse(&code).unwrap().to_string(), code.clone());
        prop_assert_eq!(CreditCode::parse(&code.to_lowercase()).unwrap().to_string(), code);
    }

    /// 31 is prime and no weight is a multiple of it, so every substitution by another
    /// character of the alphabet changes the sum mod 31.
    #[test]
    fn credit_code_substitutions_are_caught(code in credit_code(), pos in 0usize..18, shift in 1usize..31) {
        let mut chars: Vec<char> = code.chars().collect();
        let value = ALPHABET.find(chars[pos]).unwrap();
        chars[pos] = ALPHABET.as_bytes()[(value + shift) % 31] as char;
        prop_assert!(CreditCode::parse(&chars.iter().collect::<String>()).is_err());
    }

    /// Adjacent weights all differ mod 31 (and differ from the check character's weight 1),
    /// so every adjacent transposition of different characters is caught.
    #[test]
    fn credit_code_transpositions_are_caught(code in credit_code(), pick in any::<prop::sample::Index>()) {
        let mut chars: Vec<char> = code.chars().collect();
        let differing: Vec<usize> = (0..17).filter(|&i| chars[i] != chars[i + 1]).collect();
        let pos = differing[pick.index(differing.len())];
        chars.swap(pos, pos + 1);
        prop_assert!(CreditCode::parse(&chars.iter().collect::<String>()).is_err());
    }

    #[test]
    fn generated_organisation_codes_parse(body in "[0-9A-Z]{8}") {
        let code = format!("{body}{}", org_check(&body));
        prop_assert_eq!(OrganisationCode::parse(&code).unwrap().to_string(), code);
        let hyphenated = format!("{body}-{}", org_check(&body));
        prop_assert_eq!(OrganisationCode::parse(&hyphenated).unwrap().to_hyphenated(), hyphenated);
    }

    /// Mod 11 catches a substitution unless the values differ by a multiple of 11, which two
    /// digits never do; likewise for transpositions.
    #[test]
    fn organisation_code_digit_errors_are_caught(body in "[0-9]{8}", pos in 0usize..8, digit in 0u32..10) {
        let code: Vec<char> = format!("{body}{}", org_check(&body)).chars().collect();
        let mut substituted = code.clone();
        let replacement = char::from_digit(digit, 10).unwrap();
        if substituted[pos] != replacement {
            substituted[pos] = replacement;
            prop_assert!(OrganisationCode::parse(&substituted.iter().collect::<String>()).is_err());
        }
        let mut swapped = code.clone();
        if swapped[pos].is_ascii_digit() && swapped[pos + 1].is_ascii_digit() && swapped[pos] != swapped[pos + 1] {
            swapped.swap(pos, pos + 1);
            prop_assert!(OrganisationCode::parse(&swapped.iter().collect::<String>()).is_err());
        }
    }

    #[test]
    fn licence_numbers_normalise(
        province in proptest::option::of(prop::sample::select(yima_codes::licence::PROVINCE_ABBREVIATIONS.to_vec())),
        full_width in any::<bool>(),
        digits in "[0-9]{10}",
        hyphens in any::<bool>(),
    ) {
        let (i, p, e) = (&digits[..2], &digits[2..5], &digits[5..]);
        let number = if hyphens { format!("XK{i}-{p}-{e}") } else { format!("XK{i}{p}{e}") };
        let prefix = match (province, full_width) {
            (Some(a), true) => format!("（{a}）"),
            (Some(a), false) => format!("({a})"),
            (None, _) => String::new(),
        };
        let l = LicenceNumber::parse(&format!("{prefix}{number}")).unwrap();
        prop_assert_eq!(l.province(), province);
        prop_assert_eq!((l.industry(), l.product(), l.enterprise()), (i, p, e));
        prop_assert_eq!(l.number(), format!("XK{i}-{p}-{e}"));
    }

    #[test]
    fn ccc_numbers(year in 2001u16..=2099, rest in "[0-9]{12}") {
        let n = CccCertificateNumber::parse(&format!("{year}{rest}")).unwrap();
        prop_assert_eq!(n.year(), year);
        prop_assert_eq!(format!("{}{}{}", n.body(), n.category(), n.sequence()), rest);
    }
}
