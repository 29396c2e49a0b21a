//! CCC certificate numbers and production-licence numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::CodeError;
use yima_codes::licence::{CccCertificateNumber, LicenceNumber};

#[test]
fn ccc_certificate_numbers() {
    let c = CccCertificateNumber::parse("2021010901234567").unwrap();
    assert_eq!(
        (c.year(), c.body(), c.category(), c.sequence()),
        (2021, "01", "0901", "234567")
    );
    assert_eq!(c.as_str(), "2021010901234567");
    assert_eq!(
        CccCertificateNumber::parse("1999010901234567"),
        Err(CodeError::Rule {
            what: "CCC certificate number",
            position: Some(1),
            rule: "issue year 1999 is not plausible (2001-2099)".into()
        })
    );
    assert!(matches!(
        CccCertificateNumber::parse("202101090123456"),
        Err(CodeError::Length { found: 15, .. })
    ));
    assert!(matches!(
        CccCertificateNumber::parse("20210109O1234567"),
        Err(CodeError::InvalidCharacter {
            position: 9,
            found: 'O',
            ..
        })
    ));
}

#[test]
fn licence_numbers() {
    let l = LicenceNumber::parse("XK12-001-00018").unwrap();
    assert_eq!(l.as_str(), "XK12-001-00018");
    assert_eq!(
        (l.province(), l.industry(), l.product(), l.enterprise()),
        (None, "12", "001", "00018")
    );
    assert_eq!(LicenceNumber::parse("xk1200100018").unwrap(), l);
    let p = LicenceNumber::parse("（鄂）XK1200100018").unwrap();
    assert_eq!(p.as_str(), "(鄂)XK12-001-00018");
    assert_eq!(p.province(), Some("鄂"));
    assert_eq!(p.number(), "XK12-001-00018");
    assert_eq!(p.enterprise(), "00018");
    assert_eq!(LicenceNumber::parse("(鄂)XK12-001-00018").unwrap(), p);
    assert_eq!(
        LicenceNumber::parse("(京)XK06-014-00123")
            .unwrap()
            .industry(),
        "06"
    );
}

#[test]
fn licence_rejections() {
    let what = "production licence number";
    assert_eq!(
        LicenceNumber::parse("(火)XK12-001-00018"),
        Err(CodeError::Rule {
            what,
            position: Some(2),
            rule: "\"火\" is not the abbreviation of a province-level division".into()
        })
    );
    assert!(matches!(
        LicenceNumber::parse("XY12-001-00018"),
        Err(CodeError::InvalidCharacter {
            position: 2,
            found: 'Y',
            ..
        })
    ));
    assert!(matches!(
        LicenceNumber::parse("XK12-0A1-00018"),
        Err(CodeError::InvalidCharacter {
            position: 7,
            found: 'A',
            ..
        })
    ));
    assert!(matches!(
        LicenceNumber::parse("XK12-001-000189"),
        Err(CodeError::InvalidCharacter {
            position: 15,
            found: '9',
            ..
        })
    ));
    assert!(matches!(
        LicenceNumber::parse("XK12-001-0001"),
        Err(CodeError::Length { .. })
    ));
    assert!(matches!(
        LicenceNumber::parse("(鄂XK12-001-00018"),
        Err(CodeError::Rule {
            position: Some(1),
            ..
        })
    ));
}
