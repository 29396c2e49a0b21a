//! Scans of every scheme: which parser reads what, the keys, levels and parts, and whose
//! error is reported when nothing reads the input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::ecode::EcodeTable;
use yima_codes::gs1::GS;
use yima_codes::schemes::Recognisers;
use yima_codes::{CodeError, CodeLevel, Scan, Symbology, TraceCode};

fn scan(input: &str) -> Scan {
    Scan::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"))
}

fn parts(code: &TraceCode) -> Vec<(&str, &str)> {
    // Leaked only in tests, to compare with literals.
    code.parts()
        .into_iter()
        .map(|(k, v)| (&*k.leak(), &*v.leak()))
        .collect()
}

#[test]
fn ecodes() {
    let s = scan(" 10064000000000000012345 ");
    let TraceCode::Ecode(code) = &s.code else {
        panic!("{s:?}")
    };
    assert_eq!(code.raw(), "10064000000000000012345");
    assert_eq!(s.code.scheme(), "ecode");
    assert_eq!(s.code.key(), "ecode:10064000000000000012345");
    assert_eq!(s.code.level(), CodeLevel::Unit);
    assert_eq!(s.code.canonical_uri(), None);
    assert_eq!(
        parts(&s.code),
        [
            ("version", "1"),
            ("nsi", "0064"),
            ("md", "000000000000012345")
        ]
    );
    // From a plain QR code or Code 128, and in the alphanumeric version.
    assert_eq!(scan("]Q1300121ABCdef").code.key(), "ecode:300121ABCdef");
    assert_eq!(scan("]C020128123").code.key(), "ecode:20128123");
    assert_eq!(scan("]Q1300121ABCdef").symbology, Some(Symbology::QrCode));
}

#[test]
fn digits_are_a_gtin_only_with_a_valid_check_digit() {
    // A valid GTIN-13 that happens to start with an Ecode version stays a GTIN.
    let gtin13 = "1234567890128";
    assert_eq!(scan(gtin13).code.key(), "gs1:01/01234567890128");
    // With a wrong check digit the same digits are an Ecode.
    assert_eq!(scan("1234567890123").code.key(), "ecode:1234567890123");
    // Digits that are neither.
    assert!(matches!(
        Scan::parse("12345"),
        Err(CodeError::Length {
            what: "GTIN",
            found: 5,
            ..
        })
    ));
    assert!(matches!(
        Scan::parse("9520123456789"),
        Err(CodeError::CheckCharacter { what: "GTIN", .. })
    ));
    // Too long for V1 and not a GTIN length: the Ecode error, pointing past the limit.
    let long = format!("10064{}", "1".repeat(21));
    assert_eq!(
        Scan::parse(&format!(" {long}")),
        Err(CodeError::Rule {
            what: "Ecode",
            position: Some(27),
            rule: "version 1 master data has at most 20 characters; this has 21".into()
        })
    );
    // Found by the scan fuzz target: white space after a symbology identifier makes no code,
    // rather than an Ecode of digits that are a GTIN without it.
    assert!(Scan::parse("]C0\u{c}11151201281203").is_err());
    assert!(Scan::parse("]Q1 10064123").is_err());
    assert!(Scan::parse("]Q1 88.118.8/X").is_err());
    assert_eq!(scan("]C011151201281203").code.scheme(), "gs1");
    // Version 0 is GS1's: digits starting with 0 are never read as an Ecode.
    assert!(matches!(
        Scan::parse("0095201234567880"),
        Err(CodeError::Length { what: "GTIN", .. })
    ));
}

#[test]
fn other_schemes() {
    for (input, key, scheme) in [
        ("88.118.8/ABC-123", "miit:88.118.8/ABC-123", "miit"),
        ("]Q188.118.8/ABC-123", "miit:88.118.8/ABC-123", "miit"),
        ("urn:oid:1.2.156.112604.1", "oid:1.2.156.112604.1", "oid"),
        ("1.2.156.112604.1", "oid:1.2.156.112604.1", "oid"),
        ("ccc-mark:A1B2C3D4E5", "ccc-mark:A1B2C3D4E5", "ccc-mark"),
    ] {
        let s = scan(input);
        assert_eq!(s.code.key(), key, "{input}");
        assert_eq!(s.code.scheme(), scheme);
        assert_eq!(s.code.level(), CodeLevel::Unit);
        assert_eq!(s.code.canonical_uri(), None);
        // A foreign code's key is itself a way to write the code.
        assert_eq!(scan(key).code.key(), key);
    }
    assert_eq!(
        parts(&scan("88.118.8/X").code),
        [("scheme", "miit"), ("value", "88.118.8/X")]
    );
}

#[test]
fn uris_that_are_not_digital_links() {
    let mut recognisers = Recognisers::builtin().clone();
    recognisers
        .extend_from_toml(
            "[[recogniser]]\nscheme = \"zj-trace\"\npattern = 'https://trace\\.zj\\.example\\.cn/c/[0-9A-Z]{10}'\n",
        )
        .unwrap();
    let table = EcodeTable::builtin();
    let uri = "https://trace.zj.example.cn/c/AB12CD34EF";
    let s = Scan::parse_with(uri, &recognisers, table).unwrap();
    assert_eq!(s.code.key(), format!("zj-trace:{uri}"));
    // Without that recogniser, the Digital Link error is reported.
    assert!(matches!(
        Scan::parse(uri),
        Err(CodeError::Rule {
            what: "GS1 Digital Link URI",
            ..
        })
    ));
    // A valid Digital Link is GS1 even if a recogniser would match it too.
    let mut greedy = Recognisers::empty();
    greedy
        .extend_from_toml("[[recogniser]]\nscheme = \"any\"\npattern = '.*'\n")
        .unwrap();
    let s = Scan::parse_with("https://id.gs1.org/01/09520123456788", &greedy, table).unwrap();
    assert_eq!(s.code.scheme(), "gs1");
    // … and so is an element string, and an Ecode is an Ecode.
    let s = Scan::parse_with("(01)09520123456788", &greedy, table).unwrap();
    assert_eq!(s.code.scheme(), "gs1");
    let s = Scan::parse_with("100641", &greedy, table).unwrap();
    assert_eq!(s.code.scheme(), "ecode");
    // With no Ecode table and no recognisers, only GS1 is read.
    let s = Scan::parse_with("100641", &Recognisers::empty(), &EcodeTable::empty());
    assert!(matches!(
        s,
        Err(CodeError::Length {
            what: "GTIN",
            found: 6,
            ..
        })
    ));
    let s = Scan::parse_with("88.118.8/X", &Recognisers::empty(), &EcodeTable::empty());
    assert!(matches!(
        s,
        Err(CodeError::Rule {
            what: "GS1 element string",
            position: Some(1),
            ..
        })
    ));
}

#[test]
fn gs1_parts_and_scheme() {
    let s = scan(&format!(
        "]d20109520123456788112408011524123117251231{GS}10LOT1{GS}2112345"
    ));
    assert_eq!(s.code.scheme(), "gs1");
    assert_eq!(
        parts(&s.code),
        [
            ("gtin", "09520123456788"),
            ("serial", "12345"),
            ("lot", "LOT1"),
            ("production_date", "240801"),
            ("best_before_date", "241231"),
            ("expiry_date", "251231"),
        ]
    );
    let s = scan("(01)09520123456788(235)TPX9(13)240102");
    assert_eq!(
        parts(&s.code),
        [
            ("gtin", "09520123456788"),
            ("third_party_serial", "TPX9"),
            ("packaging_date", "240102"),
        ]
    );
}

#[test]
fn errors_say_which_forms_were_tried() {
    let Err(CodeError::InvalidCharacter {
        position,
        found,
        rule,
        ..
    }) = Scan::parse("  hello")
    else {
        panic!()
    };
    assert_eq!((position, found), (3, 'h'));
    for form in [
        "platform code",
        "Digital Link",
        "element string",
        "GTIN",
        "Ecode",
        "other schemes",
    ] {
        assert!(rule.contains(form), "{rule}");
    }
    // Digits-led input that neither GS1 nor Ecode reads: a valid Ecode head (version and
    // NSI digits) says Ecode, unless a GS separator says element string.
    assert!(matches!(
        Scan::parse("300121ABC-DEF"),
        Err(CodeError::InvalidCharacter {
            what: "Ecode",
            position: 10,
            found: '-',
            ..
        })
    ));
    assert!(matches!(
        Scan::parse("0109520123456788X"),
        Err(CodeError::InvalidCharacter {
            what: "GS1 element string",
            position: 17,
            ..
        })
    ));
    assert!(matches!(
        Scan::parse("10ABC1"),
        Err(CodeError::Rule {
            what: "AI (10) BATCH/LOT",
            position: Some(1),
            ..
        })
    ));
    assert!(matches!(
        Scan::parse(&format!("30012{GS}1ABC")),
        Err(CodeError::InvalidCharacter {
            what: "GS1 element string",
            position: 8,
            ..
        })
    ));
}
