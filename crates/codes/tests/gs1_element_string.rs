//! Element strings: known answers from the GS1 General Specifications and the GS1 Barcode
//! Syntax Engine's test vectors, and rejections that name position and rule.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::CodeError;
use yima_codes::gs1::{ElementString, GS, Gtin, check_digit, lookup_ai, verify_check_digit};

fn pairs(es: &ElementString) -> Vec<(&str, &str)> {
    es.elements()
        .iter()
        .map(|(a, v)| (a.as_str(), v.as_str()))
        .collect()
}

#[test]
fn gtin_known_answers() {
    assert_eq!(check_digit("952012345678"), Ok('8'));
    let g = Gtin::parse("09520123456788").unwrap();
    assert_eq!(g.as_str(), "09520123456788");
    assert_eq!(Gtin::parse("9520123456788").unwrap(), g); // GTIN-13
    assert_eq!(
        Gtin::parse("416000336108").unwrap().as_str(),
        "00416000336108"
    ); // GTIN-12
    assert_eq!(Gtin::parse("02345673").unwrap().as_str(), "00000002345673"); // GTIN-8
    assert_eq!(
        "09520123456788".parse::<Gtin>().unwrap().to_string(),
        "09520123456788"
    );
    assert!(verify_check_digit("SSCC", "106141411234567897").is_ok());
}

#[test]
fn gtin_rejections() {
    assert_eq!(
        Gtin::parse("09520123456789"),
        Err(CodeError::CheckCharacter {
            what: "GTIN",
            found: '9',
            expected: '8'
        })
    );
    assert_eq!(
        Gtin::parse("0952012345678A"),
        Err(CodeError::InvalidCharacter {
            what: "GTIN",
            position: 14,
            found: 'A',
            rule: "digits 0-9 only"
        })
    );
    assert!(matches!(
        Gtin::parse("0952012345"),
        Err(CodeError::Length {
            what: "GTIN",
            found: 10,
            ..
        })
    ));
    assert_eq!(Gtin::parse(""), Err(CodeError::Empty { what: "GTIN" }));
}

#[test]
fn bracketed_known_answers() {
    let es = ElementString::parse_bracketed("(01)09520123456788(10)ABC1(21)12345").unwrap();
    assert_eq!(
        pairs(&es),
        [("01", "09520123456788"), ("10", "ABC1"), ("21", "12345")]
    );
    assert_eq!(es.get("21"), Some("12345"));
    assert_eq!(es.primary_key(), Some(("01", "09520123456788")));
    assert_eq!(es.to_bracketed(), "(01)09520123456788(10)ABC1(21)12345");
    assert_eq!(
        es.to_unbracketed(),
        format!("010952012345678810ABC1{GS}2112345")
    );

    // General Specifications examples: SSCC, GTIN with net weight and expiry, GLN extension.
    for s in [
        "(00)106141411234567897",
        "(01)09520123456788(3103)000195(17)201225",
        "(414)9520123456788(254)32a/b",
        "(253)9520123456788ABC123",
        "(8013)1987654Ad4X4bL5ttr2310c2K",
        "(00)952012345678912345(02)09520123456788(37)25(10)ABC123",
        "(01)09520123456788(17)240200", // DD = 00: day not given
        "(01)09520123456788(8008)24022812",
        "(01)09520123456788(7240)ABC-PROTOCOL",
        "(01)09520123456788(7230)EMCERT-0042",
        "(01)09520123456788(422)156",
        "(01)09520123456788(91)internal",
    ] {
        let es = ElementString::parse_bracketed(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(es.to_bracketed(), s);
    }
}

#[test]
fn bracketed_escapes_and_spaces() {
    let es = ElementString::parse_bracketed("(01)09520123456788(10)12345\\(11)991225").unwrap();
    assert_eq!(es.get("10"), Some("12345(11)991225"));
    assert_eq!(es.to_bracketed(), "(01)09520123456788(10)12345\\(11)991225");
    let spaced = ElementString::parse_bracketed(" (01) 09520123456788 (10) ABC1 ").unwrap();
    assert_eq!(pairs(&spaced), [("01", "09520123456788"), ("10", "ABC1")]);
}

#[test]
fn unbracketed_known_answers() {
    // Predefined-length AIs need no separator; variable-length ones do unless last.
    let es =
        ElementString::parse_unbracketed(&format!("010952012345678810ABC1{GS}2112345{GS}17180426"))
            .unwrap();
    assert_eq!(
        pairs(&es),
        [
            ("01", "09520123456788"),
            ("10", "ABC1"),
            ("21", "12345"),
            ("17", "180426")
        ]
    );
    let es = ElementString::parse_unbracketed("01095201234567881718042610ABC1").unwrap();
    assert_eq!(
        pairs(&es),
        [("01", "09520123456788"), ("17", "180426"), ("10", "ABC1")]
    );
    // A separator after a predefined-length value and one at the very end are tolerated.
    let es = ElementString::parse_unbracketed(&format!("0109520123456788{GS}10ABC1{GS}")).unwrap();
    assert_eq!(pairs(&es), [("01", "09520123456788"), ("10", "ABC1")]);
    assert_eq!(es.to_unbracketed(), "010952012345678810ABC1");
}

#[test]
fn from_pairs_matches_parsing() {
    let es = ElementString::from_pairs([("01", "09520123456788"), ("21", "12345")]).unwrap();
    assert_eq!(
        es,
        ElementString::parse_bracketed("(01)09520123456788(21)12345").unwrap()
    );
    assert_eq!(es.to_string(), "(01)09520123456788(21)12345");
}

#[test]
fn ai_table_entries() {
    let gtin = lookup_ai("01").unwrap();
    assert_eq!(
        (gtin.title, gtin.format().as_str(), gtin.predefined_length),
        ("GTIN", "N14", true)
    );
    assert_eq!(
        gtin.dl_qualifiers,
        Some(&[&["22", "10", "21"][..], &["235"][..]][..])
    );
    let lot = lookup_ai("10").unwrap();
    assert_eq!(
        (lot.format().as_str(), lot.predefined_length),
        ("X..20", false)
    );
    assert_eq!(lookup_ai("21").unwrap().excludes, ["235"]);
    assert_eq!(
        lookup_ai("414").unwrap().dl_qualifiers,
        Some(&[&["254"][..], &["7040"][..]][..])
    );
    assert_eq!(
        lookup_ai("8006").unwrap().dl_qualifiers,
        Some(&[&["22", "10", "21"][..]][..])
    );
    for key in ["00", "253", "8003", "8013"] {
        assert_eq!(
            lookup_ai(key).unwrap().dl_qualifiers,
            Some(&[&[][..]][..]),
            "{key}"
        );
    }
    for ai in [
        "00", "01", "02", "10", "11", "12", "13", "15", "16", "17", "20", "21", "22", "235", "240",
        "241", "242", "250", "251", "253", "254", "255", "30", "37", "3100", "3695", "400", "401",
        "402", "403", "410", "417", "420", "427", "7001", "7010", "7020", "7023", "7030", "7039",
        "7040", "710", "715", "7230", "7239", "7240", "8001", "8020", "8026", "8030", "90", "99",
    ] {
        assert!(lookup_ai(ai).is_some(), "{ai}");
    }
    assert!(lookup_ai("23").is_none());
    assert!(lookup_ai("0").is_none());
    assert!(lookup_ai("3106").is_none());
}

// ---- rejections ----

#[test]
fn value_errors_point_into_the_input() {
    // The check digit of (01) is character 17 of the input.
    assert_eq!(
        ElementString::parse_bracketed("(01)09520123456789"),
        Err(CodeError::Rule {
            what: "AI (01) GTIN",
            position: Some(18),
            rule: "check digit 9 is wrong, expected 8 (GS1 mod-10)".into()
        })
    );
    // Month 13 in (17): the month starts at character 23.
    assert_eq!(
        ElementString::parse_bracketed("(01)09520123456788(17)181326"),
        Err(CodeError::Rule {
            what: "AI (17) USE BY or EXPIRY",
            position: Some(25),
            rule: "month 13 is not 01-12 (YYMMDD)".into()
        })
    );
    // Day 30 of February.
    let e = ElementString::parse_bracketed("(01)09520123456788(11)240230").unwrap_err();
    assert_eq!(e.position(), Some(27));
    assert_eq!(e.what(), "AI (11) PROD DATE");
    // A space inside a value is outside CSET 82.
    assert_eq!(
        ElementString::parse_bracketed("(01)09520123456788(10)AB C"),
        Err(CodeError::InvalidCharacter {
            what: "AI (10) BATCH/LOT",
            position: 25,
            found: ' ',
            rule: "GS1 CSET 82: !\"%&'()*+,-./0-9:;<=>?A-Z_a-z"
        })
    );
    // 21 characters of lot: the 21st is at fault.
    assert_eq!(
        ElementString::parse_bracketed("(01)09520123456788(10)ABCDEFGHIJKLMNOPQRSTU")
            .unwrap_err()
            .position(),
        Some(43)
    );
    // Too short a GTIN.
    assert_eq!(
        ElementString::parse_bracketed("(01)0952012345678"),
        Err(CodeError::Rule {
            what: "AI (01) GTIN",
            position: Some(5),
            rule: "the value has 13 characters; exactly 14 are allowed (N14)".into()
        })
    );
}

#[test]
fn structure_errors() {
    assert_eq!(
        ElementString::parse_bracketed("01)123"),
        Err(CodeError::InvalidCharacter {
            what: "GS1 element string",
            position: 1,
            found: '0',
            rule: "each element starts with its AI in brackets, like (01)"
        })
    );
    assert_eq!(
        ElementString::parse_bracketed("(23)123"),
        Err(CodeError::Rule {
            what: "GS1 element string",
            position: Some(2),
            rule: "(23) is not a known AI".into()
        })
    );
    assert!(matches!(
        ElementString::parse_bracketed("(01)09520123456788(10"),
        Err(CodeError::Rule {
            position: Some(19),
            ..
        })
    ));
    assert!(matches!(
        ElementString::parse_bracketed("(1A)12345"),
        Err(CodeError::Rule {
            position: Some(2),
            ..
        })
    ));
    assert_eq!(
        ElementString::parse_bracketed("(10)(11)980000"),
        Err(CodeError::Rule {
            what: "AI (10) BATCH/LOT",
            position: Some(5),
            rule: "the value is empty".into()
        })
    );
    assert_eq!(
        ElementString::parse_bracketed(""),
        Err(CodeError::Empty {
            what: "GS1 element string"
        })
    );
    // Unbracketed: the GS at position 17 ends nothing.
    assert_eq!(
        ElementString::parse_unbracketed(&format!("0109520123456788{GS}{GS}10A")),
        Err(CodeError::Rule {
            what: "GS1 element string",
            position: Some(18),
            rule: "a GS separator may only follow a value (empty element)".into()
        })
    );
    assert!(matches!(
        ElementString::parse_unbracketed("2345"),
        Err(CodeError::Rule {
            position: Some(1),
            ..
        })
    ));
    // A GS inside a predefined-length value.
    assert!(matches!(
        ElementString::parse_unbracketed(&format!("01095201234567{GS}8")),
        Err(CodeError::InvalidCharacter {
            position: 15,
            found: GS,
            ..
        })
    ));
}

#[test]
fn pairing_rules() {
    let rule = |s: &str| match ElementString::parse_bracketed(s) {
        Err(CodeError::Rule {
            what,
            position,
            rule,
        }) => (what, position, rule),
        other => panic!("{s}: {other:?}"),
    };
    // 21 needs 01 (or 03 / 8006).
    assert_eq!(
        rule("(21)12345"),
        (
            "AI (21) SERIAL",
            Some(2),
            "requires AI (01), (03) or (8006) in the same code".into()
        )
    );
    // 10 needs a GTIN-like key.
    assert_eq!(
        rule("(10)ABC").2,
        "requires AI (01), (02), (03), (8006) or (8026) in the same code"
    );
    // 37 needs 00, and 02 or 8026.
    assert_eq!(rule("(02)09520123456788(37)25").0, "AI (37) COUNT");
    // 21 and 235 exclude each other.
    assert_eq!(
        rule("(01)09520123456788(21)1(235)X"),
        (
            "AI (21) SERIAL",
            Some(20),
            "must not be used together with AI (235) TPX".into()
        )
    );
    // Two net weights in kg with different decimals.
    assert_eq!(
        rule("(01)09520123456788(3103)000195(3102)001950").2,
        "must not be used together with AI (3102) NET WEIGHT (kg)"
    );
    // A repeated AI must repeat its value.
    assert_eq!(
        rule("(01)09520123456788(10)A(10)B"),
        (
            "AI (10) BATCH/LOT",
            Some(25),
            "appears more than once with different values".into()
        )
    );
    assert!(ElementString::parse_bracketed("(01)09520123456788(10)A(10)A").is_ok());
    // 8030 needs 01 together with 21.
    assert!(ElementString::parse_bracketed("(01)09520123456788(8030)ABC").is_err());
    assert!(ElementString::parse_bracketed("(01)09520123456788(21)1(8030)ABC").is_ok());
}
