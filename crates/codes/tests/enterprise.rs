//! 统一社会信用代码 (GB 32100) and 组织机构代码 (GB 11714).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::CodeError;
use yima_codes::enterprise::{CreditCode, OrganisationCode};

const CREDIT: &str = "统一社会信用代码 (unified social credit code)";
const ORG: &str = "组织机构代码 (organisation code)";

#[test]
fn credit_code_known_answers() {
    for s in ["91350100M000100Y43", "91310230MA1K314J7C"] {
        let c = CreditCode::parse(s).unwrap();
        assert_eq!(c.as_str(), s);
        assert_eq!(c.to_string(), s);
        assert_eq!(c.registering_authority(), '9');
        assert_eq!(c.category(), '1');
    }
    assert_eq!(
        CreditCode::parse("91350100M000100Y43").unwrap().region(),
        "350100"
    );
    // Lower case is folded.
    assert_eq!(
        CreditCode::parse("91310230ma1k314j7c").unwrap().as_str(),
        "91310230MA1K314J7C"
    );
    // The subject identifier of both examples is a valid organisation code.
    assert_eq!(
        CreditCode::parse("91350100M000100Y43")
            .unwrap()
            .organisation_code()
            .unwrap()
            .as_str(),
        "M000100Y4"
    );
    assert_eq!(
        CreditCode::parse("91310230MA1K314J7C")
            .unwrap()
            .organisation_code()
            .unwrap()
            .to_hyphenated(),
        "MA1K314J-7"
    );
}

#[test]
fn credit_code_rejections() {
    assert_eq!(
        CreditCode::parse("91350100M000100Y44"),
        Err(CodeError::CheckCharacter {
            what: CREDIT,
            found: '4',
            expected: '3'
        })
    );
    assert_eq!(
        CreditCode::parse("91350100M0001O0Y43"),
        Err(CodeError::InvalidCharacter {
            what: CREDIT,
            position: 14,
            found: 'O',
            rule: "digits 0-9 and letters A-Z except I, O, S, V, Z"
        })
    );
    assert_eq!(
        CreditCode::parse("913A0100M000100Y43"),
        Err(CodeError::InvalidCharacter {
            what: CREDIT,
            position: 4,
            found: 'A',
            rule: "positions 3-8 are the GB/T 2260 region code, digits only"
        })
    );
    assert_eq!(
        CreditCode::parse("91350100M000100Y4"),
        Err(CodeError::Length {
            what: CREDIT,
            found: 17,
            rule: "18 characters"
        })
    );
    assert_eq!(
        CreditCode::parse(""),
        Err(CodeError::Empty { what: CREDIT })
    );
}

#[test]
fn organisation_code() {
    let c = OrganisationCode::parse("M000100Y4").unwrap();
    assert_eq!(c.as_str(), "M000100Y4");
    assert_eq!(OrganisationCode::parse("m000100y-4").unwrap(), c);
    assert_eq!(c.to_hyphenated(), "M000100Y-4");
    assert_eq!(
        OrganisationCode::parse("M000100Y5"),
        Err(CodeError::CheckCharacter {
            what: ORG,
            found: '5',
            expected: '4'
        })
    );
    assert_eq!(
        OrganisationCode::parse("M000-00Y4"),
        Err(CodeError::InvalidCharacter {
            what: ORG,
            position: 5,
            found: '-',
            rule: "the body is digits 0-9 and letters A-Z"
        })
    );
    assert!(matches!(
        OrganisationCode::parse("M000100Y"),
        Err(CodeError::Length { found: 8, .. })
    ));
    // A check value of 10 is written X: find a body whose check is X and test both ways.
    let body = (0..100_000u32)
        .map(|n| format!("{n:08}"))
        .find(|b| OrganisationCode::parse(&format!("{b}X")).is_ok())
        .unwrap();
    assert!(OrganisationCode::parse(&format!("{body}0")).is_err());
}
