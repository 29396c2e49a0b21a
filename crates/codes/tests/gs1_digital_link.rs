//! GS1 Digital Link: the standard's examples, the GS1 Barcode Syntax Engine's test vectors,
//! canonical URIs, and conversions to and from element strings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::CodeError;
use yima_codes::gs1::{DigitalLink, ElementString};

fn bracketed(uri: &str) -> String {
    DigitalLink::parse(uri)
        .unwrap_or_else(|e| panic!("{uri}: {e}"))
        .elements
        .to_bracketed()
}

#[test]
fn standard_examples() {
    for (uri, expected) in [
        ("https://id.gs1.org/01/09520123456788", "(01)09520123456788"),
        (
            "https://brand.example.com/01/9520123456788",
            "(01)09520123456788",
        ),
        (
            "https://brand.example.com/some-extra/pathinfo/01/9520123456788",
            "(01)09520123456788",
        ),
        (
            "https://id.gs1.org/01/09520123456788/22/2A",
            "(01)09520123456788(22)2A",
        ),
        (
            "https://id.gs1.org/01/09520123456788/10/ABC123",
            "(01)09520123456788(10)ABC123",
        ),
        (
            "https://id.gs1.org/01/09520123456788/21/12345",
            "(01)09520123456788(21)12345",
        ),
        (
            "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426",
            "(01)09520123456788(10)ABC1(21)12345(17)180426",
        ),
        (
            "https://id.gs1.org/01/09520123456788?3103=000195",
            "(01)09520123456788(3103)000195",
        ),
        (
            "https://example.com/01/9520123456788?3103=000195&3922=0299&17=201225",
            "(01)09520123456788(3103)000195(3922)0299(17)201225",
        ),
        (
            "https://id.gs1.org/00/952012345678912345",
            "(00)952012345678912345",
        ),
        (
            "https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123",
            "(00)952012345678912345(02)09520123456788(37)25(10)ABC123",
        ),
        ("https://id.gs1.org/414/9520123456788", "(414)9520123456788"),
        (
            "https://id.gs1.org/414/9520123456788/254/32a%2Fb",
            "(414)9520123456788(254)32a/b",
        ),
        (
            "https://example.com/8004/9520614141234567?01=9520123456788",
            "(8004)9520614141234567(01)09520123456788",
        ),
        (
            "https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123",
            "(01)09520123456788(235)XYZ(10)ABC123",
        ),
        (
            "https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ",
            "(01)12312312312333(22)TEST(10)ABC(21)XYZ",
        ),
        (
            "https://a/253/1231231231232TEST5678901234567",
            "(253)1231231231232TEST5678901234567",
        ),
        (
            "https://a/8018/123456789012345675/8019/123",
            "(8018)123456789012345675(8019)123",
        ),
        ("HTTP://a/00/006141411234567890", "(00)006141411234567890"),
    ] {
        assert_eq!(bracketed(uri), expected, "{uri}");
    }
}

#[test]
fn stems_query_noise_and_encoding() {
    // A stem that looks like AIs: the rightmost primary key wins.
    assert_eq!(
        bracketed("https://a/00/faux/00/006141411234567890"),
        "(00)006141411234567890"
    );
    assert_eq!(
        bracketed("https://example.com/01/00000000000000/x/01/09520123456788/21/7"),
        "(01)09520123456788(21)7"
    );
    // Non-AI query parameters, singletons, empty parameters and fragments are ignored.
    assert_eq!(
        bracketed("https://a/01/12312312312333?&linkType=gs1:pip&99=ABC&&singleton&98=XYZ#frag"),
        "(01)12312312312333(99)ABC(98)XYZ"
    );
    // Percent-decoding in the path and the query; "+" is literal in the path.
    assert_eq!(
        bracketed("https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987"),
        "(01)12312312312333(22)ABC-123(99)ABC(98)XYZ/987"
    );
    assert_eq!(
        bracketed("https://a/01/12312312312333/22/ABC+123"),
        "(01)12312312312333(22)ABC+123"
    );
}

#[test]
fn canonical_uris() {
    let canonical = |uri: &str| DigitalLink::parse(uri).unwrap().canonical_uri();
    assert_eq!(
        canonical("https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426"),
        "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426"
    );
    assert_eq!(
        canonical("https://brand.example.com/some-extra/pathinfo/01/9520123456788?linkType=all"),
        "https://id.gs1.org/01/09520123456788"
    );
    assert_eq!(
        canonical("https://id.gs1.org/414/9520123456788/254/32a%2fb"),
        "https://id.gs1.org/414/9520123456788/254/32a%2Fb"
    );
    // Predefined-length attributes first, then the rest, each in the order given.
    assert_eq!(
        canonical("https://example.com/01/09520123456788?99=X&3103=000195&17=201225&98=Y"),
        "https://id.gs1.org/01/09520123456788?3103=000195&17=201225&99=X&98=Y"
    );
    let dl =
        DigitalLink::parse("https://example.com/01/09520123456788/21/A%2FB?17=201225").unwrap();
    assert_eq!(
        dl.key_uri(),
        "https://id.gs1.org/01/09520123456788/21/A%2FB"
    );
    assert_eq!(
        dl.uri_with_stem("https://brand.example.com/p/"),
        "https://brand.example.com/p/01/09520123456788/21/A%2FB?17=201225"
    );
}

#[test]
fn element_string_to_digital_link() {
    let es =
        ElementString::parse_bracketed("(17)180426(21)12345(01)09520123456788(10)ABC1").unwrap();
    let dl = DigitalLink::from_element_string(es).unwrap();
    assert_eq!(
        dl.canonical_uri(),
        "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426"
    );
    // A CPV and a TPX: the first qualifier sequence that covers most wins, the rest must be
    // data attributes, and (235) cannot be one.
    let es = ElementString::parse_bracketed("(01)09520123456788(22)A(235)B").unwrap();
    assert_eq!(
        DigitalLink::from_element_string(es),
        Err(CodeError::Rule {
            what: "GS1 Digital Link URI",
            position: None,
            rule: "AI (235) TPX cannot be carried in a Digital Link URI".into()
        })
    );
    let es =
        ElementString::parse_bracketed("(02)09520123456788(37)25(00)952012345678912345").unwrap();
    assert_eq!(
        DigitalLink::from_element_string(es)
            .unwrap()
            .canonical_uri(),
        "https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25"
    );
    let es = ElementString::parse_bracketed("(400)ORDER1").unwrap();
    assert!(DigitalLink::from_element_string(es).is_err());
}

#[test]
fn rejections() {
    let err = |uri: &str| DigitalLink::parse(uri).expect_err(uri);
    let what = "GS1 Digital Link URI";
    assert_eq!(err(""), CodeError::Empty { what });
    assert_eq!(err("ftp://a/01/09520123456788").position(), Some(1));
    assert_eq!(
        err("https://a/01/0952012345678 8"),
        CodeError::InvalidCharacter {
            what,
            position: 27,
            found: ' ',
            rule: "only URI characters are allowed; others must be percent-encoded"
        }
    );
    assert!(matches!(
        err("https://a"),
        CodeError::Rule {
            position: Some(9),
            ..
        }
    ));
    assert!(matches!(
        err("https://a$/01/09520123456788"),
        CodeError::InvalidCharacter {
            position: 10,
            found: '$',
            ..
        }
    ));
    assert!(matches!(
        err("https://a/b/c"),
        CodeError::Rule {
            position: Some(10),
            ..
        }
    ));
    assert_eq!(
        err("https://a/stem/00/006141411234567890/"),
        CodeError::Rule {
            what,
            position: Some(37),
            rule: "the path must not end with '/'".into()
        }
    );
    // The check digit of the GTIN in the path (character 26 of the URI).
    assert_eq!(
        err("https://a/01/09520123456789"),
        CodeError::Rule {
            what: "AI (01) GTIN",
            position: Some(27),
            rule: "check digit 9 is wrong, expected 8 (GS1 mod-10)".into()
        }
    );
    // Qualifiers out of order.
    assert_eq!(
        err("https://a/01/09520123456788/21/1/10/A"),
        CodeError::Rule {
            what,
            position: Some(34),
            rule: "AI (10) cannot be a key qualifier here: AI (01) GTIN takes only the key qualifiers (22), (10), (21) in that order, or (235)".into()
        }
    );
    // 22, 10 then 235 mixes the two alternatives.
    assert!(err("https://a/01/09520123456788/22/A/10/B/235/C").position() == Some(39));
    // A key qualifier in the query belongs in the path.
    assert_eq!(
        err("https://example.com/01/09520123456788?10=ABC123"),
        CodeError::Rule {
            what,
            position: Some(39),
            rule:
                "AI (10) is a key qualifier of AI (01) GTIN and belongs in the path, not the query"
                    .into()
        }
    );
    // A numeric query parameter that is not an AI, an empty value, a repeated AI.
    assert!(matches!(
        err("https://a/01/12312312312333?99=ABC&999=faux"),
        CodeError::Rule {
            position: Some(36),
            ..
        }
    ));
    assert!(matches!(
        err("https://a/01/12312312312333?99="),
        CodeError::Rule {
            what: "AI (99) INTERNAL",
            ..
        }
    ));
    assert!(matches!(
        err("https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123"),
        CodeError::Rule {
            position: Some(58),
            ..
        }
    ));
    // "+" means space in the query, and space is not in CSET 82.
    assert!(matches!(
        err("https://a/01/12312312312333?98=XYZ+987"),
        CodeError::InvalidCharacter {
            position: 35,
            found: ' ',
            ..
        }
    ));
    // A GS1 key qualifier that is not a data attribute.
    assert!(
        err("https://a/01/12312312312333?254=A")
            .to_string()
            .contains("is not permitted")
    );
    // Pairing rules apply to the whole URI: 3922 needs a net measure.
    assert!(matches!(
        err("https://a/01/12312312312333?3922=0299"),
        CodeError::Rule {
            what: "AI (3922) PRICE",
            ..
        }
    ));
    // Percent-encoded bytes that are not UTF-8.
    assert!(matches!(
        err("https://a/01/12312312312333/21/%FF"),
        CodeError::Rule {
            position: Some(32),
            ..
        }
    ));
}
