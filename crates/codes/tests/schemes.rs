//! Other schemes: the built-in recognisers, a province's own by configuration, and the rules
//! for scheme names.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::schemes::{
    ForeignCode, Recogniser, RecogniserError, Recognisers, check_scheme_name,
};

fn foreign(scheme: &str, value: &str) -> Option<ForeignCode> {
    Some(ForeignCode {
        scheme: scheme.into(),
        value: value.into(),
    })
}

#[test]
fn builtin_recognisers() {
    let r = Recognisers::builtin();
    for (input, expected) in [
        // MIIT industrial-internet identifiers keep the whole identifier.
        ("88.118.8/ABC-123.x", foreign("miit", "88.118.8/ABC-123.x")),
        (
            " 88.101.1000.a1/20240801/0001 ",
            foreign("miit", "88.101.1000.a1/20240801/0001"),
        ),
        ("88.118.8/追溯码", foreign("miit", "88.118.8/追溯码")),
        // OIDs: the URN wrapper is dropped, so both forms give the same value.
        (
            "urn:oid:1.2.156.112604.1",
            foreign("oid", "1.2.156.112604.1"),
        ),
        (
            "URN:OID:2.25.329800735698586629295641978511506172918",
            foreign("oid", "2.25.329800735698586629295641978511506172918"),
        ),
        ("urn:oid:1.2", foreign("oid", "1.2")),
        ("1.2.156.112604.1", foreign("oid", "1.2.156.112604.1")),
        ("0.39.1", foreign("oid", "0.39.1")),
        // CCC mark serials only when labelled: their format is not published.
        ("ccc-mark:A1B2C3D4E5", foreign("ccc-mark", "A1B2C3D4E5")),
        ("CCC-MARK:2024000123", foreign("ccc-mark", "2024000123")),
        // Any scheme may be written as its key.
        ("miit:88.118.8/ABC", foreign("miit", "88.118.8/ABC")),
        ("oid:1.2.156", foreign("oid", "1.2.156")),
        // Found by the scan fuzz target: the key of urn:oid:1.2 must read back as itself.
        ("oid:1.2", foreign("oid", "1.2")),
    ] {
        assert_eq!(r.recognise(input), expected, "{input:?}");
    }
    for input in [
        "",
        "88.118.8",           // no suffix
        "88.118.8/",          // empty suffix
        "88.118/ABC",         // no enterprise part
        "88.118.8/AB C",      // white space inside
        "88.118.8/AB\u{1d}C", // control character inside
        "89.118.8/ABC",       // not 88
        "1.2",                // a decimal number is not taken for an OID
        "3.1.2",              // first arc 0-2
        "1.40.2",             // second arc under 1 at most 39
        "1.02.3",             // leading zero
        "urn:oid:1",          // one arc
        "urn:oid:1.2.",       // trailing dot
        "A1B2C3D4E5",         // CCC mark serial without its label
        "ccc-mark:A1",        // too short
        "ccc-mark:A1B2-C3D4", // not alphanumeric
        "unknown:123456",
        "gs1:01/09520123456788",
    ] {
        assert_eq!(r.recognise(input), None, "{input:?}");
    }
    let long = format!("88.118.8/{}", "x".repeat(300));
    assert_eq!(r.recognise(&long), None);
    let schemes: Vec<&str> = r.recognisers().iter().map(Recogniser::scheme).collect();
    assert_eq!(schemes, ["miit", "oid", "oid", "oid", "ccc-mark"]);
}

#[test]
fn a_province_adds_its_codes_by_configuration() {
    let mut r = Recognisers::builtin().clone();
    r.extend_from_toml(
        r#"
        [[recogniser]]
        scheme = "sc-food"
        prefix = "SCSP"

        [[recogniser]]
        scheme = "gd-trace"
        pattern = 'GD[0-9]{12}'

        [[recogniser]]
        scheme = "zj-trace"
        pattern = 'https://trace\.zj\.example\.cn/c/(?P<value>[0-9A-Z]{10})'
        "#,
    )
    .unwrap();
    assert_eq!(
        r.recognise("SCSP-2024-0001"),
        foreign("sc-food", "SCSP-2024-0001")
    );
    assert_eq!(r.recognise("SCSP"), None, "a prefix alone is not a code");
    assert_eq!(
        r.recognise("GD202408010001"),
        foreign("gd-trace", "GD202408010001")
    );
    assert_eq!(
        r.recognise("GD2024080100011"),
        None,
        "patterns match the whole code"
    );
    assert_eq!(r.recognise("xGD202408010001"), None);
    assert_eq!(
        r.recognise("https://trace.zj.example.cn/c/AB12CD34EF"),
        foreign("zj-trace", "AB12CD34EF")
    );
    // The built-in ones still come first.
    assert_eq!(r.recognise("88.1.2/x"), foreign("miit", "88.1.2/x"));

    let mut built = Recognisers::empty();
    built.push(Recogniser::prefix("hb", "HB").unwrap());
    built.push(
        Recogniser::pattern("hb-serial", "[0-9]{6,8}")
            .unwrap()
            .labelled(),
    );
    assert_eq!(built.recognise("HB1"), foreign("hb", "HB1"));
    assert_eq!(built.recognise("1234567"), None);
    assert_eq!(
        built.recognise("hb-serial:1234567"),
        foreign("hb-serial", "1234567")
    );
}

#[test]
fn a_pattern_that_escapes_its_anchors_still_matches_whole_codes_only() {
    let r = Recognisers::from_toml("[[recogniser]]\nscheme = \"x\"\npattern = 'a)|(b'\n").unwrap();
    assert_eq!(r.recognise("a"), foreign("x", "a"));
    assert_eq!(r.recognise("b"), foreign("x", "b"));
    assert_eq!(r.recognise("ab"), None);
    assert_eq!(r.recognise("xb"), None);
}

#[test]
fn bad_configurations_are_refused() {
    for (text, needle) in [
        (
            "[[recogniser]]\nscheme = \"x\"\n",
            "give either prefix or pattern",
        ),
        (
            "[[recogniser]]\nscheme = \"x\"\nprefix = \"A\"\npattern = \"B\"\n",
            "give either prefix or pattern",
        ),
        (
            "[[recogniser]]\nscheme = \"x\"\nprefix = \"\"\n",
            "a prefix is not empty",
        ),
        (
            "[[recogniser]]\nscheme = \"x\"\nprefix = \"A B\"\n",
            "white space",
        ),
        (
            "[[recogniser]]\nscheme = \"x\"\npattern = \"(\"\n",
            "recogniser 1 (scheme \"x\"): pattern",
        ),
        (
            "[[recogniser]]\nscheme = \"x\"\npattern = 'a{1000}{1000}'\n",
            "pattern",
        ),
        (
            "[[recogniser]]\nscheme = \"gs1\"\nprefix = \"A\"\n",
            "platform's own schemes",
        ),
        (
            "[[recogniser]]\nscheme = \"Yima\"\nprefix = \"A\"\n",
            "lower-case",
        ),
        (
            "[[recogniser]]\nscheme = \"x\"\nprefix = \"A\"\nflavour = 1\n",
            "unknown field",
        ),
        (
            "[[recogniser]]\nscheme = \"ok\"\nprefix = \"A\"\n[[recogniser]]\nscheme = \"x\"\n",
            "recogniser 2",
        ),
        ("recogniser = 3", "recognisers:"),
    ] {
        let e = Recognisers::from_toml(text).unwrap_err().to_string();
        assert!(e.contains(needle), "{text:?}: {e}");
    }
    assert!(Recognisers::from_toml("").unwrap().recognisers().is_empty());
    assert_eq!(
        check_scheme_name("ecode"),
        Err(RecogniserError::SchemeName {
            name: "ecode".into(),
            rule: "gs1, ecode and yima are the platform's own schemes"
        })
    );
    assert!(Recogniser::prefix("ok-name-2", "X").is_ok());
    assert!(Recogniser::prefix("no_underscore", "X").is_err());
    assert!(Recogniser::prefix(&"x".repeat(33), "X").is_err());
}
