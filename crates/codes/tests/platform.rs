//! Platform codes (数字身份码): the format pinned by known answers and by an independent
//! reading of the specification, the check character's guarantee proved exhaustively, and
//! issue ⇄ parse ⇄ verify under random keys and inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sha2::{Digest, Sha256};
use siphasher::sip::SipHasher24;
use yima_codes::CodeError;
use yima_codes::platform::{IssuingKey, PlatformCode};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn counting_key(id: u16) -> IssuingKey {
    IssuingKey::new(id, &std::array::from_fn(|i| i as u8))
}

// ---------------------------------------------------------------------------------------
// The specification, written again from the module documentation without the crate's code.

fn symbol_value(c: u8) -> u8 {
    ALPHABET.iter().position(|&a| a == c).unwrap() as u8
}

/// GF(32) product, modulo x⁵ + x² + 1, by shift-and-add.
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0x25;
        }
    }
    product
}

fn gf_pow_alpha(k: usize) -> u8 {
    (0..k).fold(1, |p, _| gf_mul(p, 2))
}

/// The check symbol that makes Σ cᵢ·α^(23−i) = 0.
fn spec_check(data: &[u8]) -> u8 {
    assert_eq!(data.len(), 23);
    data.iter()
        .enumerate()
        .fold(0, |s, (i, &c)| s ^ gf_mul(c, gf_pow_alpha(24 - 1 - i)))
}

fn spec_tag(secret: &[u8; 32], fields: u128) -> u64 {
    let digest = Sha256::new()
        .chain_update([0, 0, 0, 1])
        .chain_update(secret)
        .chain_update(b"yima platform code v1 SipHash-2-4")
        .finalize();
    let key: [u8; 16] = digest[..16].try_into().unwrap();
    let message = &fields.to_be_bytes()[6..];
    SipHasher24::new_with_key(&key).hash(message) >> 24
}

fn spec_fields(version: u8, key_id: u16, issuance: u32, index: u32) -> u128 {
    (u128::from(version) << 72)
        | (u128::from(key_id) << 56)
        | (u128::from(issuance) << 24)
        | u128::from(index)
}

/// The canonical text of a body whose data is `fields` and `tag`, with its check symbol.
fn spec_encode(fields: u128, tag: u64) -> String {
    let payload = (fields << 40) | u128::from(tag & ((1 << 40) - 1));
    let data: Vec<u8> = (0..23)
        .map(|i| ((payload >> (5 * (22 - i))) & 31) as u8)
        .collect();
    let check = spec_check(&data);
    let body: String = data
        .iter()
        .chain([&check])
        .map(|&v| char::from(ALPHABET[usize::from(v)]))
        .collect();
    format!("YM{body}")
}

/// (version, key id, issuance, index, tag) read from a canonical code by the specification.
fn spec_decode(canonical: &str) -> (u8, u16, u32, u32, u64) {
    let bytes = canonical.as_bytes();
    assert_eq!(&bytes[..2], b"YM");
    let values: Vec<u8> = bytes[2..].iter().map(|&c| symbol_value(c)).collect();
    assert_eq!(values.len(), 24);
    assert_eq!(
        spec_check(&values[..23]),
        values[23],
        "check of {canonical}"
    );
    let payload = values[..23]
        .iter()
        .fold(0u128, |acc, &v| (acc << 5) | u128::from(v));
    let fields = payload >> 40;
    (
        (fields >> 72) as u8,
        (fields >> 56) as u16,
        (fields >> 24) as u32,
        (fields & 0xFF_FFFF) as u32,
        (payload & ((1 << 40) - 1)) as u64,
    )
}

// ---------------------------------------------------------------------------------------
// Known answers: the format may not change without these changing.

/// A code issued under a fixed key, as it must always come out.
struct Known {
    id: u16,
    secret: [u8; 32],
    issuance: u64,
    index: u64,
    canonical: &'static str,
    printed: &'static str,
}

#[test]
fn known_answers_pin_the_format() {
    let counting: [u8; 32] = std::array::from_fn(|i| i as u8);
    let known = |issuance, index, canonical, printed| Known {
        id: 1,
        secret: counting,
        issuance,
        index,
        canonical,
        printed,
    };
    let cases = [
        known(
            1,
            0,
            "YM4002000000G0000VAXM13Q56",
            "YM-4002-0000-00G0-000V-AXM1-3Q56",
        ),
        known(
            1,
            1,
            "YM4002000000G0001X9ZSDKM42",
            "YM-4002-0000-00G0-001X-9ZSD-KM42",
        ),
        known(
            20_250_803,
            10_000_000,
            "YM400209N02SSH5M01YREWAJ6V",
            "YM-4002-09N0-2SSH-5M01-YREW-AJ6V",
        ),
        known(
            PlatformCode::MAX_ISSUANCE,
            PlatformCode::MAX_INDEX,
            "YM4003ZZZZZZZZZZZ6JESYKT89",
            "YM-4003-ZZZZ-ZZZZ-ZZZ6-JESY-KT89",
        ),
        Known {
            id: 65535,
            secret: [0xFF; 32],
            issuance: 0,
            index: 0,
            canonical: "YM7ZZY000000000003CFJC13FT",
            printed: "YM-7ZZY-0000-0000-0003-CFJC-13FT",
        },
    ];
    for Known {
        id,
        secret,
        issuance,
        index,
        canonical,
        printed,
    } in cases
    {
        let key = IssuingKey::new(id, &secret);
        let code = PlatformCode::issue(&key, issuance, index).unwrap();
        assert_eq!(code.canonical(), canonical);
        assert_eq!(code.printed(), printed);
        assert_eq!(code.to_string(), canonical);

        // The same code, read by the specification rather than the crate.
        let (version, key_id, got_issuance, got_index, tag) = spec_decode(canonical);
        assert_eq!(
            (
                version,
                key_id,
                u64::from(got_issuance),
                u64::from(got_index)
            ),
            (1, id, issuance, index)
        );
        let fields = spec_fields(1, id, got_issuance, got_index);
        assert_eq!(tag, spec_tag(&secret, fields), "tag of {canonical}");
        assert_eq!(spec_encode(fields, tag), canonical);

        let parsed = PlatformCode::parse(printed).unwrap();
        assert_eq!(parsed, code);
        assert_eq!(
            (parsed.key_id(), parsed.issuance(), parsed.index()),
            (id, issuance, index)
        );
        assert_eq!(parsed.version(), 1);
        parsed.verify(&key).unwrap();
    }
}

#[test]
fn typed_forms_read_as_the_canonical_one() {
    let canonical = "YM4002000000G0000VAXM13Q56";
    for typed in [
        "YM-4002-0000-00G0-000V-AXM1-3Q56",
        "ym-4002-0000-00g0-000v-axm1-3q56",
        "  YM 4002 0000 00G0 000V AXM1 3Q56\n",
        "YM4002OOOOOOGOOOOVAXMI3Q56",
        "ym4002ooo0o0g0000vaxml3q56",
        "ＹＭ－４００２－００００－００Ｇ０－０００Ｖ－ＡＸＭ１－３Ｑ５６",
        "YM\u{3000}4002\u{2013}0000\u{2010}00G0-000V-AXM1-3Q56",
        "-YM4002000000G0000VAXM13Q56-",
    ] {
        let code = PlatformCode::parse(typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(code.canonical(), canonical, "{typed:?}");
        assert!(PlatformCode::recognises(typed), "{typed:?}");
    }
}

// ---------------------------------------------------------------------------------------
// The check character: every single-character error and every adjacent transposition.
//
// The check is linear over GF(32), so whether an error is caught depends only on where it is
// and how the symbols differ, never on the rest of the code. The two tests below go through
// every position and every ordered pair of distinct symbols, through `PlatformCode::parse`
// itself, so together they cover every code.

fn text(values: &[u8; 24]) -> String {
    let body: String = values
        .iter()
        .map(|&v| char::from(ALPHABET[usize::from(v)]))
        .collect();
    format!("YM{body}")
}

/// Whether `parse` accepts the check character (it may still refuse the version).
fn check_passes(values: &[u8; 24]) -> bool {
    match PlatformCode::parse(&text(values)) {
        Ok(_) | Err(CodeError::Rule { .. }) => true,
        Err(CodeError::CheckCharacter { .. }) => false,
        Err(e) => panic!("{}: unexpected {e}", text(values)),
    }
}

/// Sets the symbol at `free` to the one value that makes the check pass, proving on the way
/// that there is exactly one (the weight of every position is invertible).
fn complete(values: &mut [u8; 24], free: usize) {
    let passing: Vec<u8> = (0..32)
        .filter(|&v| {
            values[free] = v;
            check_passes(values)
        })
        .collect();
    assert_eq!(passing.len(), 1, "position {free} of {}", text(values));
    values[free] = passing[0];
}

fn base() -> [u8; 24] {
    let code = PlatformCode::issue(&counting_key(9), 123_456, 7_654_321).unwrap();
    let bytes = code.canonical().as_bytes();
    std::array::from_fn(|i| symbol_value(bytes[2 + i]))
}

#[test]
fn every_single_substitution_is_caught_at_every_position() {
    let mut caught = 0;
    for position in 0..24 {
        let free = if position == 0 { 1 } else { 0 };
        for a in 0..32 {
            let mut valid = base();
            valid[position] = a;
            complete(&mut valid, free);
            for b in (0..32).filter(|&b| b != a) {
                let mut wrong = valid;
                wrong[position] = b;
                assert!(
                    matches!(
                        PlatformCode::parse(&text(&wrong)),
                        Err(CodeError::CheckCharacter { .. })
                    ),
                    "{} → {} at {position} not caught",
                    text(&valid),
                    text(&wrong)
                );
                caught += 1;
            }
        }
    }
    assert_eq!(caught, 24 * 32 * 31);
}

#[test]
fn every_adjacent_transposition_is_caught_at_every_position() {
    let mut caught = 0;
    for position in 0..23 {
        let free = if position < 2 { 5 } else { 0 };
        for a in 0..32 {
            for b in (0..32).filter(|&b| b != a) {
                let mut valid = base();
                valid[position] = a;
                valid[position + 1] = b;
                complete(&mut valid, free);
                let mut swapped = valid;
                swapped.swap(position, position + 1);
                assert!(
                    matches!(
                        PlatformCode::parse(&text(&swapped)),
                        Err(CodeError::CheckCharacter { .. })
                    ),
                    "{} → {} not caught",
                    text(&valid),
                    text(&swapped)
                );
                caught += 1;
            }
        }
    }
    assert_eq!(caught, 23 * 32 * 31);
}

/// Any printable ASCII character in place of any character, prefix included, is refused
/// unless it reads as the same symbol (case, I/L for 1, O for 0).
#[test]
fn every_printable_substitution_is_refused_or_means_the_same() {
    let code = PlatformCode::issue(&counting_key(2), 77, 1234).unwrap();
    let canonical = code.canonical();
    for position in 0..canonical.len() {
        for c in (0x20u8..0x7F).map(char::from) {
            let mut typed: Vec<char> = canonical.chars().collect();
            typed[position] = c;
            let typed: String = typed.into_iter().collect();
            if let Ok(other) = PlatformCode::parse(&typed) {
                assert_eq!(other, code, "{typed:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The MAC.

#[test]
fn a_code_of_another_key_or_issuance_fails_verify() {
    let key = counting_key(4);
    let code = PlatformCode::issue(&key, 10, 20).unwrap();
    code.verify(&key).unwrap();

    let same_id_other_secret = IssuingKey::new(4, &[9; 32]);
    let e = code.verify(&same_id_other_secret).unwrap_err();
    assert!(e.to_string().contains("not issued by the platform"), "{e}");

    let other_id = counting_key(5);
    let e = code.verify(&other_id).unwrap_err();
    assert!(e.to_string().contains("names issuing key 4"), "{e}");

    // The same tag on other fields, with a correct check character: well-formed, not issued.
    let (_, _, _, _, tag) = spec_decode(code.canonical());
    for (issuance, index) in [(11, 20), (10, 21), (0, 0)] {
        let forged = spec_encode(spec_fields(1, 4, issuance, index), tag);
        let parsed = PlatformCode::parse(&forged).unwrap();
        assert!(parsed.verify(&key).is_err(), "{forged}");
    }
}

#[test]
fn the_refusal_does_not_depend_on_how_the_tag_differs() {
    let key = counting_key(4);
    let code = PlatformCode::issue(&key, 10, 20).unwrap();
    let (_, _, _, _, tag) = spec_decode(code.canonical());
    let fields = spec_fields(1, 4, 10, 20);
    let errors: Vec<String> = [1u64, 1 << 20, 1 << 39, (1 << 40) - 1]
        .iter()
        .map(|flip| {
            let forged = PlatformCode::parse(&spec_encode(fields, tag ^ flip)).unwrap();
            forged.verify(&key).unwrap_err().to_string()
        })
        .collect();
    assert!(errors.windows(2).all(|w| w[0] == w[1]), "{errors:?}");
}

// ---------------------------------------------------------------------------------------
// Errors name the rule and the place.

#[test]
fn refusals_name_position_and_rule() {
    let e = PlatformCode::parse("").unwrap_err();
    assert!(matches!(e, CodeError::Empty { .. }), "{e}");
    let e = PlatformCode::parse(" - ").unwrap_err();
    assert!(matches!(e, CodeError::Empty { .. }), "{e}");

    let e = PlatformCode::parse("XM4002000000G0000VAXM13Q56").unwrap_err();
    assert_eq!(e.position(), Some(1), "{e}");
    assert!(e.to_string().contains("begins with YM"), "{e}");
    let e = PlatformCode::parse("Y").unwrap_err();
    assert_eq!(e.position(), Some(2), "{e}");

    let e = PlatformCode::parse("YM-4002-0000-00G0-000U-AXM1-3Q56").unwrap_err();
    assert!(
        matches!(
            e,
            CodeError::InvalidCharacter {
                position: 22,
                found: 'U',
                ..
            }
        ),
        "{e}"
    );

    let e = PlatformCode::parse("YM-4002-0000-00G0-000V-AXM1-3Q5").unwrap_err();
    assert!(matches!(e, CodeError::Length { found: 25, .. }), "{e}");
    let e = PlatformCode::parse("YM-4002-0000-00G0-000V-AXM1-3Q566").unwrap_err();
    assert!(matches!(e, CodeError::Length { found: 27, .. }), "{e}");

    let e = PlatformCode::parse("YM-4002-0000-00G0-000V-AXM1-3Q57").unwrap_err();
    assert_eq!(
        e,
        CodeError::CheckCharacter {
            what: e.what(),
            found: '7',
            expected: '6'
        }
    );

    let version_2 = spec_encode(spec_fields(2, 1, 1, 0), 0);
    let e = PlatformCode::parse(&format!("  {version_2}")).unwrap_err();
    assert_eq!(e.position(), Some(5), "{e}");
    assert!(e.to_string().contains("version 2 is not known"), "{e}");
    let version_0 = spec_encode(spec_fields(0, 1, 1, 0), 0);
    assert!(PlatformCode::parse(&version_0).is_err());
}

#[test]
fn issuing_beyond_the_fields_is_refused() {
    let key = counting_key(1);
    let max_issuance = PlatformCode::MAX_ISSUANCE;
    let max_index = PlatformCode::MAX_INDEX;
    assert_eq!(max_issuance, u64::from(u32::MAX));
    assert_eq!(max_index, 16_777_215);
    assert!(PlatformCode::issue(&key, max_issuance, max_index).is_ok());

    let e = PlatformCode::issue(&key, max_issuance + 1, 0).unwrap_err();
    assert!(e.to_string().contains("issuance 4294967296"), "{e}");
    let e = PlatformCode::issue(&key, 0, max_index + 1).unwrap_err();
    assert!(e.to_string().contains("index 16777216"), "{e}");
    assert!(PlatformCode::issue(&key, 0, u64::MAX).is_err());

    assert!(PlatformCode::issue_range(&key, 0, 0..max_index + 1).is_ok());
    let e = PlatformCode::issue_range(&key, 0, 0..max_index + 2).unwrap_err();
    assert!(e.to_string().contains("index 16777216"), "{e}");
    assert!(PlatformCode::issue_range(&key, max_issuance + 1, 0..1).is_err());
    assert!(PlatformCode::issue_range(&key, 0, 0..u64::MAX).is_err());
}

#[test]
fn a_range_is_the_codes_issued_one_by_one() {
    let key = counting_key(3);
    let range = PlatformCode::issue_range(&key, 42, 1000..1100).unwrap();
    assert_eq!(range.len(), 100);
    let codes: Vec<PlatformCode> = range.collect();
    for (code, index) in codes.iter().zip(1000..) {
        assert_eq!(code, &PlatformCode::issue(&key, 42, index).unwrap());
    }
    let end = PlatformCode::MAX_INDEX + 1;
    let last: Vec<_> = PlatformCode::issue_range(&key, 42, end - 2..end)
        .unwrap()
        .map(|c| c.index())
        .collect();
    assert_eq!(last, [end - 2, end - 1]);
    assert_eq!(
        PlatformCode::issue_range(&key, 42, 5..5).unwrap().count(),
        0
    );
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = PlatformCode::issue_range(&key, 42, 9..5).unwrap();
    assert_eq!(backwards.count(), 0);
}

// ---------------------------------------------------------------------------------------
// What `recognises` tells apart.

#[test]
fn recognises_only_platform_codes() {
    for yes in [
        "YM4002000000G0000VAXM13Q56",
        "ym-4002",
        " YM",
        "ＹＭ４",
        "YM-too-short",
    ] {
        assert!(PlatformCode::recognises(yes), "{yes:?}");
    }
    for no in [
        "",
        "Y",
        "(01)09520123456788(21)12345",
        "0109520123456788",
        "09520123456788",
        "]d2010690110200002510L250803A\u{1d}2148794A91DDB28C0D",
        "]Q1https://id.gs1.org/01/09520123456788",
        "https://id.gs1.org/01/09520123456788/21/YM1",
        "91350100M000100Y43",
        "Y1310230MA1K314J7C",
        "XK12-001-00018",
        "2024011234567890",
        "10064123456789",
        "88.101.1/YM",
        "yima:YM4002000000G0000VAXM13Q56",
        "MY4002000000G0000VAXM13Q56",
    ] {
        assert!(!PlatformCode::recognises(no), "{no:?}");
    }
}

#[test]
fn other_traits_agree_with_the_canonical_form() {
    let code = PlatformCode::issue(&counting_key(1), 1, 0).unwrap();
    assert_eq!(
        format!("{code:?}"),
        "PlatformCode(\"YM4002000000G0000VAXM13Q56\")"
    );
    assert_eq!(
        "ym-4002-0000-00g0-000v-axm1-3q56"
            .parse::<PlatformCode>()
            .unwrap(),
        code
    );
    let s: String = code.clone().into();
    assert_eq!(PlatformCode::try_from(s).unwrap(), code);
    let mut out = String::new();
    code.write_printed(&mut out).unwrap();
    assert_eq!(out, code.printed());
}

// ---------------------------------------------------------------------------------------
// Properties.

fn key_strategy() -> impl Strategy<Value = (u16, [u8; 32])> {
    (any::<u16>(), any::<[u8; 32]>())
}

fn near_miss() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Y", "M", "y", "m", "YM", "-", " ", "4", "0", "7", "Z", "I", "L", "O", "U", "ｙ", "Ｍ",
            "－", "\u{3000}", "é", "\u{1d}", "*",
        ]),
        0..40,
    )
    .prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn issue_parse_verify_round_trip(
        (id, secret) in key_strategy(),
        issuance in 0..=PlatformCode::MAX_ISSUANCE,
        index in 0..=PlatformCode::MAX_INDEX,
    ) {
        let key = IssuingKey::new(id, &secret);
        let code = PlatformCode::issue(&key, issuance, index).unwrap();
        prop_assert_eq!(code.canonical().len(), 26);
        prop_assert_eq!(code.printed().len(), 32);
        for form in [
            code.canonical().to_owned(),
            code.printed(),
            code.printed().to_lowercase(),
            code.printed().replace('-', " "),
        ] {
            let parsed = PlatformCode::parse(&form).unwrap();
            prop_assert_eq!(&parsed, &code);
            prop_assert!(PlatformCode::recognises(&form));
        }
        prop_assert_eq!((code.key_id(), code.issuance(), code.index()), (id, issuance, index));
        code.verify(&key).unwrap();

        let (_, _, _, _, tag) = spec_decode(code.canonical());
        prop_assert_eq!(tag, spec_tag(&secret, spec_fields(1, id, issuance as u32, index as u32)));
    }

    #[test]
    fn tampering_with_one_character_is_refused(
        issuance in 0..=PlatformCode::MAX_ISSUANCE,
        index in 0..=PlatformCode::MAX_INDEX,
        position in 0usize..26,
        replacement in prop::sample::select(ALPHABET.to_vec()),
    ) {
        let key = counting_key(6);
        let code = PlatformCode::issue(&key, issuance, index).unwrap();
        let mut bytes = code.canonical().as_bytes().to_vec();
        prop_assume!(bytes[position] != replacement);
        bytes[position] = replacement;
        let tampered = String::from_utf8(bytes).unwrap();
        prop_assert!(PlatformCode::parse(&tampered).is_err(), "{}", tampered);
    }

    /// Two changes and a recomputed check character get past `parse`; the MAC refuses them.
    #[test]
    fn tampering_past_the_check_character_fails_verify(
        issuance in 0..=PlatformCode::MAX_ISSUANCE,
        index in 0..=PlatformCode::MAX_INDEX,
        positions in prop::sample::subsequence((1usize..23).collect::<Vec<_>>(), 2),
        flips in (1u8..32, 1u8..32),
    ) {
        let key = counting_key(6);
        let code = PlatformCode::issue(&key, issuance, index).unwrap();
        let bytes = code.canonical().as_bytes();
        let mut values: [u8; 24] = std::array::from_fn(|i| symbol_value(bytes[2 + i]));
        values[positions[0]] ^= flips.0;
        values[positions[1]] ^= flips.1;
        values[23] = spec_check(&values[..23]);
        let forged = PlatformCode::parse(&text(&values)).unwrap();
        prop_assert!(forged.verify(&key).is_err(), "{}", text(&values));
    }

    #[test]
    fn never_panics_and_positions_are_in_the_input(
        input in prop_oneof![any::<String>(), near_miss()],
    ) {
        let recognised = PlatformCode::recognises(&input);
        match PlatformCode::parse(&input) {
            Ok(code) => {
                prop_assert!(recognised);
                prop_assert_eq!(PlatformCode::parse(code.canonical()), Ok(code.clone()));
                prop_assert_eq!(PlatformCode::parse(&code.printed()), Ok(code.clone()));
                prop_assert!(code.verify(&counting_key(code.key_id())).is_err());
            }
            Err(e) => {
                let _ = e.to_string();
                if let Some(p) = e.position() {
                    prop_assert!(p >= 1 && p <= input.chars().count() + 1, "{p} for {input:?}: {e}");
                }
            }
        }
    }
}
