//! Property tests for the GS1 parsers: no input makes them panic, errors point inside the
//! input, and valid data survives every conversion.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{any_input, position_in_bounds};
use proptest::prelude::*;
use yima_codes::Scan;
use yima_codes::gs1::{DigitalLink, ElementString, Gs1Date, Gtin, check_digit};

/// Fragments of real codes glued together at random, to get past the first checks.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = vec![
        "(",
        ")",
        "\\(",
        "01",
        "09520123456788",
        "9520123456788",
        "10",
        "21",
        "17",
        "180426",
        "3103",
        "000195",
        "00",
        "106141411234567897",
        "235",
        "8004",
        "414",
        "254",
        "22",
        "99",
        "\u{1d}",
        "]C1",
        "]Q1",
        "]d2",
        "]E0",
        "https://",
        "http://",
        "id.gs1.org",
        "a",
        "/",
        "?",
        "&",
        "=",
        "%2F",
        "%",
        "%FF",
        "+",
        "#",
        "ABC",
        " ",
        "é",
        "linkType",
        "7003",
        "8030",
        "01+",
        "(37)",
        "2",
    ];
    prop::collection::vec(prop::sample::select(tokens), 0..24).prop_map(|t| t.concat())
}

fn gtin_of(body: &str) -> String {
    format!("{body}{}", check_digit(body).unwrap())
}

const CSET82: &str =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

fn cset82(max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = CSET82.chars().collect();
    prop::collection::vec(prop::sample::select(chars), 1..=max)
        .prop_map(|c| c.into_iter().collect())
}

fn date() -> impl Strategy<Value = String> {
    (0u8..100, 1u8..=12, 0u8..=28).prop_map(|(y, m, d)| format!("{y:02}{m:02}{d:02}"))
}

/// Valid element strings built on a GTIN, in any order.
fn valid_element_string() -> impl Strategy<Value = ElementString> {
    let serialisation = prop_oneof![
        Just(None),
        cset82(20).prop_map(|s| Some(("21", s))),
        cset82(28).prop_map(|s| Some(("235", s))),
    ];
    (
        "[0-9]{13}",
        proptest::option::of(cset82(20)),
        serialisation,
        proptest::option::of(cset82(20)),
        proptest::option::of(date()),
        proptest::option::of(date()),
        proptest::option::of((0u8..=5, "[0-9]{6}")),
        proptest::option::of(cset82(30)),
        proptest::option::of(cset82(90)),
    )
        .prop_flat_map(
            |(body, lot, serial, cpv, expiry, produced, weight, order, internal)| {
                let mut pairs: Vec<(String, String)> = vec![("01".into(), gtin_of(&body))];
                let mut add = |ai: &str, v: Option<String>| {
                    if let Some(v) = v {
                        pairs.push((ai.to_owned(), v));
                    }
                };
                let tpx = matches!(serial, Some(("235", _)));
                add("10", lot);
                if let Some((ai, v)) = serial {
                    add(ai, Some(v));
                }
                add("22", cpv.filter(|_| !tpx));
                add("17", expiry);
                add("11", produced);
                add("400", order);
                add("91", internal);
                if let Some((decimals, w)) = weight {
                    pairs.push((format!("310{decimals}"), w));
                }
                Just(pairs).prop_shuffle()
            },
        )
        .prop_map(|pairs| ElementString::from_pairs(pairs).unwrap())
}

fn sorted(es: &ElementString) -> Vec<(String, String)> {
    let mut v = es.elements().to_vec();
    v.sort();
    v
}

proptest! {
    #[test]
    fn parsers_never_panic_and_point_inside(input in any_input(token_soup())) {
        position_in_bounds(&input, ElementString::parse_bracketed(&input).map(drop))?;
        position_in_bounds(&input, ElementString::parse_unbracketed(&input).map(drop))?;
        position_in_bounds(&input, DigitalLink::parse(&input).map(drop))?;
        position_in_bounds(&input, Scan::parse(&input).map(drop))?;
        position_in_bounds(&input, Gtin::parse(&input).map(drop))?;
        position_in_bounds(&input, Gs1Date::parse(&input).map(drop))?;
        position_in_bounds(&input, check_digit(&input).map(drop))?;
    }

    #[test]
    fn successful_parses_render_and_reparse(input in any_input(token_soup())) {
        let parsed = [ElementString::parse_bracketed(&input), ElementString::parse_unbracketed(&input)];
        for es in parsed.into_iter().flatten() {
            prop_assert_eq!(ElementString::parse_bracketed(&es.to_bracketed()).unwrap(), es.clone());
            prop_assert_eq!(ElementString::parse_unbracketed(&es.to_unbracketed()).unwrap(), es);
        }
        if let Ok(dl) = DigitalLink::parse(&input) {
            let canonical = dl.canonical_uri();
            let again = DigitalLink::parse(&canonical).unwrap();
            prop_assert_eq!(again.canonical_uri(), canonical);
        }
        if let Some(uri) = Scan::parse(&input).ok().and_then(|s| s.code.canonical_uri()) {
            prop_assert_eq!(Scan::parse(&uri).unwrap().code.key(), Scan::parse(&input).unwrap().code.key());
        }
    }

    /// Valid codes in every form, then damaged: the parsers see input that gets past their
    /// first checks, and must still never panic and point inside.
    #[test]
    fn damaged_valid_inputs(
        es in valid_element_string(),
        form in 0usize..4,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(vec!['\u{1d}', '(', ')', '/', '?', '&', '=', '%', '0', '9', 'A', ' ', 'é', '\\'])), 1..4),
    ) {
        let mut chars: Vec<char> = match form {
            0 => es.to_bracketed(),
            1 => format!("]C1{}", es.to_unbracketed()),
            2 => DigitalLink::from_element_string(es.clone()).unwrap().canonical_uri(),
            _ => format!("]Q1{}", DigitalLink::from_element_string(es).unwrap().uri_with_stem("http://a.example/01/1/x")),
        }
        .chars()
        .collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len() + 1);
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => { chars.remove(i); }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        let input: String = chars.into_iter().collect();
        let body = input.get(3..).unwrap_or_default();
        position_in_bounds(&input, Scan::parse(&input).map(drop))?;
        position_in_bounds(&input, ElementString::parse_bracketed(&input).map(drop))?;
        position_in_bounds(&input, DigitalLink::parse(&input).map(drop))?;
        position_in_bounds(body, ElementString::parse_unbracketed(body).map(drop))?;
        if let Some(uri) = Scan::parse(&input).ok().and_then(|s| s.code.canonical_uri()) {
            prop_assert_eq!(Scan::parse(&uri).unwrap().code.key(), Scan::parse(&input).unwrap().code.key());
        }
        if let Ok(dl) = DigitalLink::parse(&input) {
            let canonical = dl.canonical_uri();
            prop_assert_eq!(DigitalLink::parse(&canonical).unwrap().canonical_uri(), canonical);
        }
    }

    #[test]
    fn bracketed_unbracketed_round_trip(es in valid_element_string()) {
        let bracketed = es.to_bracketed();
        prop_assert_eq!(ElementString::parse_bracketed(&bracketed).unwrap(), es.clone());
        let unbracketed = es.to_unbracketed();
        prop_assert_eq!(ElementString::parse_unbracketed(&unbracketed).unwrap(), es.clone());
        // bracketed → unbracketed → parse
        let via = ElementString::parse_bracketed(&bracketed).unwrap().to_unbracketed();
        prop_assert_eq!(ElementString::parse_unbracketed(&via).unwrap(), es);
    }

    #[test]
    fn element_string_digital_link_round_trip(es in valid_element_string()) {
        let dl = DigitalLink::from_element_string(es.clone()).unwrap();
        let uri = dl.canonical_uri();
        let parsed = DigitalLink::parse(&uri).unwrap();
        prop_assert_eq!(sorted(&parsed.elements), sorted(&es));
        prop_assert_eq!(parsed.canonical_uri(), uri.clone());
        // Any domain and stem give the same elements.
        let branded = dl.uri_with_stem("https://brand.example.com/01/00000000000000/x");
        prop_assert_eq!(sorted(&DigitalLink::parse(&branded).unwrap().elements), sorted(&es));
    }

    #[test]
    fn every_delivery_gives_the_same_key(es in valid_element_string()) {
        let key = Scan::parse(&es.to_bracketed()).unwrap().code.key();
        let uri = DigitalLink::from_element_string(es.clone()).unwrap().canonical_uri();
        for input in [
            format!("]C1{}", es.to_unbracketed()),
            format!("]d2{}", es.to_unbracketed()),
            format!("  ]Q1{uri}  "),
            uri,
        ] {
            prop_assert_eq!(Scan::parse(&input).unwrap().code.key(), key.clone(), "{:?}", input);
        }
    }

    #[test]
    fn generated_gtins_parse(len in prop::sample::select(vec![8usize, 12, 13, 14]), digits in "[0-9]{13}") {
        let gtin = gtin_of(&digits[..len - 1]);
        let parsed = Gtin::parse(&gtin).unwrap();
        prop_assert_eq!(parsed.as_str(), format!("{gtin:0>14}"));
    }

    /// Mod 10 with weights 3 and 1 catches every single-digit substitution.
    #[test]
    fn gtin_substitutions_are_caught(
        len in prop::sample::select(vec![8usize, 12, 13, 14]),
        digits in "[0-9]{13}",
        pos in 0usize..14,
        shift in 1u8..10,
    ) {
        let mut gtin = gtin_of(&digits[..len - 1]).into_bytes();
        let pos = pos % len;
        gtin[pos] = b'0' + (gtin[pos] - b'0' + shift) % 10;
        prop_assert!(Gtin::parse(std::str::from_utf8(&gtin).unwrap()).is_err());
    }

    /// … and every adjacent transposition except of digits that differ by 5.
    #[test]
    fn gtin_transpositions_are_caught(
        len in prop::sample::select(vec![8usize, 12, 13, 14]),
        digits in "[0-9]{13}",
        pick in any::<prop::sample::Index>(),
    ) {
        let mut gtin = gtin_of(&digits[..len - 1]).into_bytes();
        let caught: Vec<usize> = (0..len - 1)
            .filter(|&i| gtin[i] != gtin[i + 1] && gtin[i].abs_diff(gtin[i + 1]) != 5)
            .collect();
        if !caught.is_empty() {
            let pos = caught[pick.index(caught.len())];
            gtin.swap(pos, pos + 1);
            prop_assert!(Gtin::parse(std::str::from_utf8(&gtin).unwrap()).is_err());
        }
    }
}
