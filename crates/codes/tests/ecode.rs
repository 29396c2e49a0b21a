//! Ecode: V + NSI + MD by the table; the raw string kept exactly; errors name position and rule.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::CodeError;
use yima_codes::ecode::{Ecode, EcodeTable, MdCharset};

const WHAT: &str = "Ecode";

fn rule(position: usize, rule: &str) -> CodeError {
    CodeError::Rule {
        what: WHAT,
        position: Some(position),
        rule: rule.into(),
    }
}

#[test]
fn known_answers() {
    for (input, version, nsi, md) in [
        ("10064000000000000012345", 1, "0064", "000000000000012345"),
        ("100960000123", 1, "0096", "0000123"),
        (
            "201280000000000000000000000000001",
            2,
            "0128",
            "0000000000000000000000000001",
        ),
        ("300121ABCdef0123456789", 3, "00121", "ABCdef0123456789"),
        (
            "1006401234567890123456789",
            1,
            "0064",
            "01234567890123456789",
        ),
        ("100641", 1, "0064", "1"),
    ] {
        let code = Ecode::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(code.raw(), input);
        assert_eq!(code.to_string(), input);
        assert_eq!(
            (code.version(), code.nsi(), code.master_data()),
            (version, nsi, md)
        );
        assert_eq!(input.parse::<Ecode>().unwrap(), code);
    }
    // Surrounding white space is not part of the code; nothing else is changed.
    let code = Ecode::parse("\t 300121abcXYZ \n").unwrap();
    assert_eq!(code.raw(), "300121abcXYZ");
    assert_eq!(Ecode::SCHEME, "ecode");
}

#[test]
fn rejections_name_position_and_rule() {
    assert_eq!(Ecode::parse(" \t"), Err(CodeError::Empty { what: WHAT }));
    assert_eq!(
        Ecode::parse("X0064123"),
        Err(CodeError::InvalidCharacter {
            what: WHAT,
            position: 1,
            found: 'X',
            rule: "an Ecode starts with its version V, one digit"
        })
    );
    assert_eq!(
        Ecode::parse("  009520123456788"),
        Err(rule(
            3,
            "version 0 (Ecode-V0) is reserved for GS1 codes: give the GS1 code itself (GTIN, element string or Digital Link URI)"
        ))
    );
    assert_eq!(
        Ecode::parse("40064123"),
        Err(rule(
            1,
            "version 4 is not in the Ecode table (known: V1, V2, V3)"
        ))
    );
    assert_eq!(
        Ecode::parse("1006"),
        Err(rule(
            5,
            "the code ends inside the NSI: version 1 has a 4-digit NSI after V"
        ))
    );
    assert_eq!(
        Ecode::parse("10A64123"),
        Err(CodeError::InvalidCharacter {
            what: WHAT,
            position: 3,
            found: 'A',
            rule: "the NSI (numbering-system identifier) has digits 0-9 only"
        })
    );
    assert_eq!(
        Ecode::parse("10064"),
        Err(rule(
            6,
            "version 1 master data needs at least 1 characters; this has 0"
        ))
    );
    assert_eq!(
        Ecode::parse("10064123A5"),
        Err(CodeError::InvalidCharacter {
            what: WHAT,
            position: 9,
            found: 'A',
            rule: MdCharset::Digits.rule()
        })
    );
    assert_eq!(
        Ecode::parse("300121ABC-1"),
        Err(CodeError::InvalidCharacter {
            what: WHAT,
            position: 10,
            found: '-',
            rule: MdCharset::Alphanumeric.rule()
        })
    );
    assert_eq!(
        Ecode::parse(&format!("10064{}", "1".repeat(21))),
        Err(rule(
            26,
            "version 1 master data has at most 20 characters; this has 21"
        ))
    );
    assert_eq!(
        Ecode::parse(&format!("20128{}", "1".repeat(29))),
        Err(rule(
            34,
            "version 2 master data has at most 28 characters; this has 29"
        ))
    );
    assert_eq!(
        Ecode::parse(&format!("300121{}", "A".repeat(40))),
        Err(rule(
            46,
            "version 3 master data has at most 39 characters; this has 40"
        ))
    );
    // Positions count characters, not bytes.
    assert!(matches!(
        Ecode::parse("é"),
        Err(CodeError::InvalidCharacter {
            position: 1,
            found: 'é',
            ..
        })
    ));
    assert!(matches!(
        Ecode::parse("300121AéB"),
        Err(CodeError::InvalidCharacter {
            position: 8,
            found: 'é',
            ..
        })
    ));
}

#[test]
fn a_configured_table_replaces_the_lengths() {
    let table = EcodeTable::from_toml(
        r#"
        [[version]]
        version = 1
        nsi_length = 4
        md_min = 8
        md_max = 8
        md_charset = "digits"
        nsis = ["0064"]

        [[version]]
        version = 5
        nsi_length = 2
        md_max = 3
        md_charset = "alphanumeric"
        "#,
    )
    .unwrap();
    let code = Ecode::parse_with(&table, "1006412345678").unwrap();
    assert_eq!((code.nsi(), code.master_data()), ("0064", "12345678"));
    let code = Ecode::parse_with(&table, "512AbC").unwrap();
    assert_eq!(
        (code.version(), code.nsi(), code.master_data()),
        (5, "12", "AbC")
    );
    assert_eq!(
        Ecode::parse_with(&table, "1009612345678"),
        Err(rule(
            2,
            "NSI 0096 is not allocated for version 1 (Ecode table)"
        ))
    );
    assert_eq!(
        Ecode::parse_with(&table, "100641234567"),
        Err(rule(
            13,
            "version 1 master data needs at least 8 characters; this has 7"
        ))
    );
    assert!(Ecode::parse_with(&table, "2012812345678").is_err());
    assert_eq!(
        Ecode::parse_with(&EcodeTable::empty(), "10064123"),
        Err(rule(1, "version 1 is not in the Ecode table (known: none)"))
    );
}
