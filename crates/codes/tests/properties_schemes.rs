//! Property tests for Ecode, the recognisers of other schemes, their configuration, and
//! scans across schemes: no input makes them panic, errors point inside the input, and valid
//! codes survive every round trip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{any_input, position_in_bounds};
use proptest::prelude::*;
use yima_codes::ecode::{Ecode, EcodeTable, EcodeVersion, MdCharset};
use yima_codes::gs1::Gtin;
use yima_codes::schemes::{MAX_VALUE_CHARS, Recognisers};
use yima_codes::{Scan, TraceCode};

/// Fragments of Ecodes, foreign codes and GS1 codes glued together at random.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = vec![
        "1",
        "2",
        "3",
        "0",
        "9",
        "0064",
        "0096",
        "0128",
        "00121",
        "1234567890",
        "ABC",
        "xyz",
        "88",
        ".",
        "118",
        "/",
        "urn:oid:",
        "URN:OID:",
        "1.2.156",
        "2.25",
        "ccc-mark:",
        "miit:",
        "oid:",
        ":",
        "-",
        " ",
        "é",
        "追溯",
        "\u{1d}",
        "(01)",
        "09520123456788",
        "21",
        "10",
        "https://",
        "id.gs1.org/01/",
        "]Q1",
        "]C0",
        "]d2",
        "\\",
        "%",
        "\n",
    ];
    prop::collection::vec(prop::sample::select(tokens), 0..24).prop_map(|t| t.concat())
}

/// A valid Ecode by the built-in table: (version, NSI, MD).
fn valid_ecode() -> impl Strategy<Value = (u8, String, String)> {
    prop_oneof![
        ("[0-9]{4}", "[0-9]{1,20}").prop_map(|(n, m)| (1, n, m)),
        ("[0-9]{4}", "[0-9]{1,28}").prop_map(|(n, m)| (2, n, m)),
        ("[0-9]{5}", "[0-9A-Za-z]{1,39}").prop_map(|(n, m)| (3, n, m)),
    ]
}

/// A table entry with any lengths the rules allow.
fn version_entry() -> impl Strategy<Value = EcodeVersion> {
    (
        1u8..=9,
        1usize..=10,
        1usize..=30,
        0usize..=30,
        any::<bool>(),
    )
        .prop_map(|(version, nsi_length, md_min, extra, alnum)| EcodeVersion {
            version,
            nsi_length,
            md_min,
            md_max: md_min + extra,
            md_charset: if alnum {
                MdCharset::Alphanumeric
            } else {
                MdCharset::Digits
            },
            nsis: Vec::new(),
        })
}

/// A MIIT identifier: `88.{industry}.{enterprise}/{suffix}`.
fn miit() -> impl Strategy<Value = String> {
    ("[0-9]{1,8}", "[0-9A-Za-z]{1,32}", "[!-~]{1,60}")
        .prop_map(|(i, e, s)| format!("88.{i}.{e}/{s}"))
}

/// A dotted OID with at least three arcs and a valid start.
fn oid() -> impl Strategy<Value = String> {
    (
        0u8..=2,
        0u64..=39,
        prop::collection::vec(any::<u64>(), 1..8),
    )
        .prop_map(|(a, b, rest)| {
            let mut s = format!("{a}.{b}");
            for r in rest {
                s.push_str(&format!(".{r}"));
            }
            s
        })
}

proptest! {
    #[test]
    fn parsers_never_panic_and_point_inside(input in any_input(token_soup())) {
        position_in_bounds(&input, Ecode::parse(&input).map(drop))?;
        position_in_bounds(&input, Scan::parse(&input).map(drop))?;
        let _ = Recognisers::builtin().recognise(&input);
        let _ = EcodeTable::from_toml(&input);
        let _ = Recognisers::from_toml(&input);
    }

    #[test]
    fn configured_tables_never_panic(entries in prop::collection::vec(version_entry(), 0..4), input in any_input(token_soup())) {
        if let Ok(table) = EcodeTable::new(entries) {
            position_in_bounds(&input, Ecode::parse_with(&table, &input).map(drop))?;
            position_in_bounds(&input, Scan::parse_with(&input, Recognisers::builtin(), &table).map(drop))?;
        }
    }

    #[test]
    fn valid_ecodes_round_trip((version, nsi, md) in valid_ecode(), pad in "[ \t]{0,2}") {
        let raw = format!("{version}{nsi}{md}");
        let code = Ecode::parse(&format!("{pad}{raw}{pad}")).unwrap();
        prop_assert_eq!(code.raw(), raw.as_str());
        prop_assert_eq!((code.version(), code.nsi(), code.master_data()), (version, nsi.as_str(), md.as_str()));
        prop_assert_eq!(Ecode::parse(code.raw()).unwrap(), code.clone());
        // A scan reads it as an Ecode unless the digits are a valid GTIN.
        let scan = Scan::parse(&raw).unwrap();
        if Gtin::parse(&raw).is_ok() {
            prop_assert_eq!(scan.code.scheme(), "gs1");
        } else {
            prop_assert_eq!(scan.code.key(), format!("ecode:{raw}"));
            prop_assert_eq!(Scan::parse(&format!("]Q1{raw}")).unwrap().code, scan.code);
        }
    }

    #[test]
    fn configured_ecodes_round_trip(entry in version_entry(), seed in "[0-9A-Za-z]{80}") {
        let table = EcodeTable::new(vec![entry.clone()]).unwrap();
        let digits: String = seed.bytes().map(|b| char::from(b'0' + b % 10)).collect();
        let nsi = &digits[..entry.nsi_length];
        let md_source = if entry.md_charset == MdCharset::Digits { &digits } else { &seed };
        let md = &md_source[..entry.md_max];
        let code = Ecode::parse_with(&table, &format!("{}{nsi}{md}", entry.version)).unwrap();
        prop_assert_eq!((code.nsi(), code.master_data()), (nsi, md));
        // One character more is refused, naming where.
        let long = format!("{}{nsi}{md}0", entry.version);
        let e = Ecode::parse_with(&table, &long).unwrap_err();
        prop_assert_eq!(e.position(), Some(long.len()));
    }

    #[test]
    fn foreign_codes_round_trip(input in prop_oneof![miit(), oid(), oid().prop_map(|o| format!("urn:oid:{o}")), any_input(token_soup())]) {
        let r = Recognisers::builtin();
        if let Some(code) = r.recognise(&input) {
            prop_assert!(!code.value.is_empty() && code.value.chars().count() <= MAX_VALUE_CHARS);
            prop_assert!(!code.value.chars().any(|c| c.is_whitespace() || c.is_control()));
            // Written as its key, the code is recognised again as itself.
            let key = format!("{}:{}", code.scheme, code.value);
            prop_assert_eq!(r.recognise(&key), Some(code.clone()));
        }
    }

    #[test]
    fn generated_miit_and_oid_are_recognised(m in miit(), o in oid()) {
        let r = Recognisers::builtin();
        let code = r.recognise(&m).unwrap();
        prop_assert_eq!((code.scheme.as_str(), code.value.as_str()), ("miit", m.as_str()));
        let bare = r.recognise(&o).unwrap();
        let urn = r.recognise(&format!("urn:oid:{o}")).unwrap();
        prop_assert_eq!(&bare, &urn);
        prop_assert_eq!((bare.scheme.as_str(), bare.value.as_str()), ("oid", o.as_str()));
        // And a scan agrees.
        prop_assert_eq!(Scan::parse(&m).unwrap().code.key(), format!("miit:{m}"));
        prop_assert_eq!(Scan::parse(&o).unwrap().code.key(), format!("oid:{o}"));
    }

    /// Every successful scan can be given again, in the form its scheme allows, for the same key.
    #[test]
    fn scans_reparse_to_the_same_key(input in any_input(token_soup())) {
        if let Ok(scan) = Scan::parse(&input) {
            let again = match &scan.code {
                TraceCode::Gs1(_) => scan.code.canonical_uri().unwrap(),
                TraceCode::Ecode(code) => code.raw().to_owned(),
                TraceCode::Platform(code) => code.canonical().to_owned(),
                TraceCode::Foreign(_) => scan.code.key(),
            };
            prop_assert_eq!(Scan::parse(&again).unwrap().code.key(), scan.code.key());
            let prefix = format!("{}:", scan.code.scheme());
            prop_assert!(scan.code.key().starts_with(&prefix));
            prop_assert!(!scan.code.parts().is_empty());
        }
    }
}
