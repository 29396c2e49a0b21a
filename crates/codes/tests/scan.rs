//! Scans: the same item, however it was delivered, gives the same key.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::gs1::{GS, check_digit};
use yima_codes::{CodeError, CodeLevel, Scan, Symbology, TraceCode};

fn key(input: &str) -> String {
    Scan::parse(input)
        .unwrap_or_else(|e| panic!("{input:?}: {e}"))
        .code
        .key()
}

#[test]
fn one_item_many_deliveries() {
    let expected = "gs1:01/09520123456788/21/12345";
    for input in [
        "(01)09520123456788(10)ABC1(21)12345",
        " (01)09520123456788(21)12345(10)ABC1\n",
        &format!("]C1010952012345678810ABC1{GS}2112345"),
        &format!("]d2{GS}0109520123456788172512312112345{GS}10ABC1"),
        &format!("]Q301095201234567882112345{GS}10ABC1{GS}"),
        "]Q1https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426",
        "https://brand.example.com/p/01/9520123456788/21/12345",
        &format!("01095201234567882112345{GS}10ABC1"),
    ] {
        assert_eq!(key(input), expected, "{input:?}");
    }
}

#[test]
fn levels_keys_and_uris() {
    let unit = Scan::parse("(01)09520123456788(10)ABC1(21)A/B%C").unwrap();
    assert_eq!(unit.code.level(), CodeLevel::Unit);
    assert_eq!(unit.code.key(), "gs1:01/09520123456788/21/A%2FB%25C");
    // The URI names what the key names: the serial identifies; the lot describes.
    assert_eq!(
        unit.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/09520123456788/21/A%2FB%25C"
    );
    assert_eq!(
        key("https://id.gs1.org/01/09520123456788/21/A%2fB%25C"),
        unit.code.key()
    );

    let batch = Scan::parse("(01)09520123456788(10)ABC1(17)251231").unwrap();
    assert_eq!(batch.code.level(), CodeLevel::Batch);
    assert_eq!(batch.code.key(), "gs1:01/09520123456788/10/ABC1");
    assert_eq!(
        batch.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/09520123456788/10/ABC1"
    );

    let class = Scan::parse("9520123456788").unwrap();
    assert_eq!(class.symbology, None);
    assert_eq!(class.code.level(), CodeLevel::Class);
    assert_eq!(class.code.key(), "gs1:01/09520123456788");
    assert_eq!(
        class.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/09520123456788"
    );

    let tpx = Scan::parse("(01)09520123456788(235)XYZ").unwrap();
    assert_eq!(tpx.code.level(), CodeLevel::Unit);
    assert_eq!(tpx.code.key(), "gs1:01/09520123456788/235/XYZ");
    assert_eq!(
        tpx.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/09520123456788/235/XYZ"
    );

    let TraceCode::Gs1(code) = &unit.code else {
        panic!("{unit:?}")
    };
    assert_eq!(code.gtin.as_str(), "09520123456788");
    assert_eq!(code.serial.as_deref(), Some("A/B%C"));
    assert_eq!(code.lot.as_deref(), Some("ABC1"));
}

#[test]
fn symbologies() {
    let ean8 = format!("9520123{}", check_digit("9520123").unwrap());
    for (input, symbology) in [
        ("]E09520123456788".to_owned(), Symbology::Ean13),
        (format!("]E4{ean8}"), Symbology::Ean8),
        ("]I109520123456788".to_owned(), Symbology::Itf),
        ("]C10109520123456788".to_owned(), Symbology::Gs1_128),
        ("]e00109520123456788".to_owned(), Symbology::Gs1DataBar),
        ("]J10109520123456788".to_owned(), Symbology::Gs1DotCode),
        (
            "]d1https://id.gs1.org/01/09520123456788".to_owned(),
            Symbology::DataMatrix,
        ),
        ("]Q1(01)09520123456788".to_owned(), Symbology::QrCode),
        ("]C09520123456788".to_owned(), Symbology::Code128),
    ] {
        let scan = Scan::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(scan.symbology, Some(symbology), "{input}");
        assert_eq!(symbology.identifier().len(), 3);
        let TraceCode::Gs1(code) = &scan.code else {
            panic!("{scan:?}")
        };
        assert_eq!(
            code.gtin.as_str(),
            format!("{:0>14}", code.gtin.as_str().trim_start_matches('0'))
        );
    }
}

#[test]
fn rejections() {
    let what = "scanned code";
    assert_eq!(Scan::parse("  \t "), Err(CodeError::Empty { what }));
    assert_eq!(
        Scan::parse("  ]X9123"),
        Err(CodeError::Rule {
            what,
            position: Some(3),
            rule: "\"]X9\" is not a supported AIM symbology identifier".into()
        })
    );
    // Positions count from the start of the input, white space and identifier included.
    assert_eq!(
        Scan::parse(" ]C10109520123456789"),
        Err(CodeError::Rule {
            what: "AI (01) GTIN",
            position: Some(20),
            rule: "check digit 9 is wrong, expected 8 (GS1 mod-10)".into()
        })
    );
    assert!(matches!(
        Scan::parse("]Q1https://id.gs1.org/01/0952012345678X"),
        Err(CodeError::InvalidCharacter {
            position: 39,
            found: 'X',
            ..
        })
    ));
    // An SSCC is a valid element string but not (yet) a trace code.
    assert_eq!(
        Scan::parse("(00)106141411234567897"),
        Err(CodeError::Rule {
            what,
            position: None,
            rule: "AI (00) SSCC is not yet supported as a trace code: trace codes are GTIN-based and must carry AI (01) GTIN".into()
        })
    );
    assert!(Scan::parse("https://id.gs1.org/00/952012345678912345").is_err());
    // Digits that are not a GTIN length.
    assert!(matches!(
        Scan::parse("12345"),
        Err(CodeError::Length {
            what: "GTIN",
            found: 5,
            ..
        })
    ));
    assert!(matches!(
        Scan::parse("hello"),
        Err(CodeError::InvalidCharacter {
            position: 1,
            found: 'h',
            ..
        })
    ));
    // After ]E0 only a GTIN will do.
    assert!(matches!(
        Scan::parse("]E0(01)09520123456788"),
        Err(CodeError::InvalidCharacter { position: 4, .. })
    ));
}

#[test]
fn tpx_with_lot_keeps_the_tpx_in_the_path() {
    let scan = Scan::parse("(01)09520123456788(10)LOT7(235)XYZ").unwrap();
    assert_eq!(scan.code.key(), "gs1:01/09520123456788/235/XYZ");
    assert_eq!(
        scan.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/09520123456788/235/XYZ"
    );
    let from_uri = Scan::parse("https://id.gs1.org/01/09520123456788/235/XYZ?10=LOT7").unwrap();
    assert_eq!(from_uri.code.key(), scan.code.key());
    // A code that carries an SSCC as well keeps the GTIN as its key.
    let both = Scan::parse("(00)106141411234567897(01)09520123456788(21)5").unwrap();
    assert_eq!(
        both.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/09520123456788/21/5"
    );
}

/// Found by the `scan` fuzz target: with a third-party serial (235) beside a lot and a
/// variant, the canonical URI once took the 22/10/21 path and named the lot, not the unit.
#[test]
fn canonical_uri_names_what_the_key_names() {
    let scan = Scan::parse("01191113409111112352114\u{1d}101;\u{1d}22?%").unwrap();
    assert_eq!(scan.code.key(), "gs1:01/19111340911111/235/2114");
    assert_eq!(
        scan.code.canonical_uri().unwrap(),
        "https://id.gs1.org/01/19111340911111/235/2114"
    );
    let again = Scan::parse(&scan.code.canonical_uri().unwrap()).unwrap();
    assert_eq!(again.code.key(), scan.code.key());
}
