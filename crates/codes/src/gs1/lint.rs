//! The content checks ("linters" of the GS1 Barcode Syntax Tests) applied to one component of
//! an AI value after its length and character set: check digits, dates, times, ranges.

use super::ai::Linter;
use super::{check, date};

/// A failed content check: 0-based offset in the component, and the rule.
pub(crate) type LintResult = Result<(), (usize, String)>;

/// Applies `linter` to the component `s`, which is ASCII (every GS1 character set is).
pub(crate) fn lint(linter: Linter, s: &str) -> LintResult {
    let b = s.as_bytes();
    let all_digits = || match b.iter().position(|c| !c.is_ascii_digit()) {
        Some(i) => Err((i, "digits 0-9 only".to_owned())),
        None => Ok(()),
    };
    let number = |range: std::ops::Range<usize>| -> u64 {
        s.get(range)
            .and_then(|f| f.parse().ok())
            .unwrap_or(u64::MAX)
    };
    let one_of = |allowed: &[&str], rule: &str| {
        if allowed.contains(&s) {
            Ok(())
        } else {
            Err((
                0,
                format!("{s:?} is not one of {} ({rule})", allowed.join(", ")),
            ))
        }
    };
    match linter {
        Linter::CheckDigit => check_digit(s),
        Linter::CheckPair => check_pair(s),
        Linter::CompanyPrefix => company_prefix(s, 0),
        Linter::CompanyPrefixAfterIndicator => company_prefix(s, 1),
        Linter::DateYymmd0 => all_digits().and_then(|()| date::check_yymmdd(s, true)),
        Linter::DateYymmdd => all_digits().and_then(|()| date::check_yymmdd(s, false)),
        Linter::DateYyyymmd0 => all_digits().and_then(|()| date::check_yyyymmdd(s, true)),
        Linter::DateYyyymmdd => all_digits().and_then(|()| date::check_yyyymmdd(s, false)),
        Linter::Hour => max_value(number(0..2), 23, 0, "hour"),
        Linter::Minute => max_value(number(0..2), 59, 0, "minute"),
        Linter::Second => max_value(number(0..2), 59, 0, "second"),
        Linter::HourMinute => max_value(number(0..2), 23, 0, "hour")
            .and_then(|()| max_value(number(2..4), 59, 2, "minute")),
        Linter::CountryNumericList if !b.len().is_multiple_of(3) => Err((
            0,
            "must be a list of three-digit ISO 3166 country codes".to_owned(),
        )),
        Linter::CountryAlpha2 if !(b.len() == 2 && b.iter().all(u8::is_ascii_uppercase)) => Err((
            0,
            "must be an ISO 3166-1 alpha-2 country code (two upper-case letters)".to_owned(),
        )),
        Linter::BiologicalSex => one_of(&["0", "1", "2", "9"], "ISO/IEC 5218"),
        Linter::PercentEncoding => percent_encoding(b),
        Linter::Latitude => max_value(number(0..10), 1_800_000_000, 0, "latitude"),
        Linter::Longitude => max_value(number(0..10), 3_600_000_000, 0, "longitude"),
        Linter::YesNo => one_of(&["0", "1"], "0 = no, 1 = yes"),
        Linter::Hyphen => one_of(&["-"], "a hyphen marks a negative value"),
        Linter::Zero if b.iter().any(|&c| c != b'0') => Err((0, "must be zero".to_owned())),
        Linter::NonZero if b.iter().all(|&c| c == b'0') => Err((0, "must not be zero".to_owned())),
        Linter::Winding => one_of(&["0", "1", "9"], "winding direction"),
        Linter::PieceOfTotal => piece_of_total(s),
        Linter::ImporterIndex
            if !(b.len() == 1
                && b.iter()
                    .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')) =>
        {
            Err((0, "importer index must be one of -0-9A-Z_a-z".to_owned()))
        }
        Linter::Iban => iban(s),
        Linter::NoZeroPrefix if b.first() == Some(&b'0') => {
            Err((0, "must not start with 0".to_owned()))
        }
        Linter::NoZeroPrefix => all_digits(),
        Linter::HasNonDigit if b.iter().all(u8::is_ascii_digit) => Err((
            0,
            "must contain at least one character that is not a digit".to_owned(),
        )),
        Linter::PositionInSequence => position_in_sequence(s),
        Linter::CountryNumeric
        | Linter::CountryNumericOr999
        | Linter::CountryNumericList
        | Linter::CountryAlpha2
        | Linter::Currency
        | Linter::Zero
        | Linter::NonZero
        | Linter::ImporterIndex
        | Linter::PackageType
        | Linter::MediaType
        | Linter::CouponCode
        | Linter::CouponPositiveOffer
        | Linter::HasNonDigit => Ok(()),
    }
}

fn max_value(value: u64, max: u64, offset: usize, name: &str) -> LintResult {
    if value <= max {
        Ok(())
    } else {
        Err((offset, format!("{name} must not exceed {max}")))
    }
}

fn check_digit(s: &str) -> LintResult {
    let b = s.as_bytes();
    let Some((&last, body)) = b.split_last().filter(|_| b.iter().all(u8::is_ascii_digit)) else {
        return Err((0, "digits 0-9 only".to_owned()));
    };
    let expected = check::mod10_ascii(body);
    let found = char::from(last);
    if found == expected {
        Ok(())
    } else {
        Err((
            body.len(),
            format!("check digit {found} is wrong, expected {expected} (GS1 mod-10)"),
        ))
    }
}

fn check_pair(s: &str) -> LintResult {
    if s.len() < 3 {
        return Err((0, "too short to carry a check character pair".to_owned()));
    }
    let (body, pair) = s.split_at(s.len() - 2);
    let Some(expected) = check::check_pair(body) else {
        return Err((0, "too long for the GS1 check character pair".to_owned()));
    };
    let expected: String = expected.iter().collect();
    if pair == expected {
        Ok(())
    } else {
        Err((
            body.len(),
            format!(
                "check character pair {pair} is wrong, expected {expected} (GS1 alphanumeric check pair)"
            ),
        ))
    }
}

fn company_prefix(s: &str, skip: usize) -> LintResult {
    const RULE: &str = "must begin with a GS1 Company Prefix (at least four digits)";
    let prefix = s.as_bytes().get(skip..).unwrap_or_default();
    if prefix.len() < 4 {
        return Err((skip, RULE.to_owned()));
    }
    match prefix.iter().take(4).position(|c| !c.is_ascii_digit()) {
        Some(i) => Err((skip + i, RULE.to_owned())),
        None => Ok(()),
    }
}

fn percent_encoding(b: &[u8]) -> LintResult {
    let mut i = 0;
    while i < b.len() {
        if b.get(i) == Some(&b'%') {
            let hex = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return Err((i, "% must be followed by two hexadecimal digits".to_owned()));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

fn piece_of_total(s: &str) -> LintResult {
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return Err((0, "piece and total must have equal widths".to_owned()));
    }
    let (piece, total) = s.split_at(s.len() / 2);
    if piece.bytes().all(|c| c == b'0') {
        return Err((0, "the piece number must not be zero".to_owned()));
    }
    if total.bytes().all(|c| c == b'0') {
        return Err((
            piece.len(),
            "the total number of pieces must not be zero".to_owned(),
        ));
    }
    if piece > total {
        return Err((0, "the piece number must not exceed the total".to_owned()));
    }
    Ok(())
}

fn position_in_sequence(s: &str) -> LintResult {
    const RULE: &str = "must be <position>/<end> in digits";
    let Some((pos, end)) = s.split_once('/') else {
        return Err((0, RULE.to_owned()));
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    if !digits(pos) || !digits(end) {
        return Err((0, RULE.to_owned()));
    }
    if pos.starts_with('0') {
        return Err((
            0,
            "the position must not be zero or start with 0".to_owned(),
        ));
    }
    if end.starts_with('0') {
        return Err((
            pos.len() + 1,
            "the end must not be zero or start with 0".to_owned(),
        ));
    }
    if (pos.len(), pos) > (end.len(), end) {
        return Err((0, "the position must not exceed the end".to_owned()));
    }
    Ok(())
}

/// ISO 13616: two-letter country, two check digits, then letters and digits; moving the first
/// four characters to the end and reading letters as 10–35 gives a number ≡ 1 (mod 97).
fn iban(s: &str) -> LintResult {
    let b = s.as_bytes();
    if b.len() < 5 {
        return Err((0, "an IBAN has at least five characters".to_owned()));
    }
    if let Some(i) = b.iter().take(2).position(|c| !c.is_ascii_uppercase()) {
        return Err((
            i,
            "an IBAN starts with a two-letter country code".to_owned(),
        ));
    }
    if let Some(i) = b.iter().skip(2).take(2).position(|c| !c.is_ascii_digit()) {
        return Err((i + 2, "IBAN check digits must be digits".to_owned()));
    }
    if let Some(i) = b
        .iter()
        .position(|c| !(c.is_ascii_digit() || c.is_ascii_uppercase()))
    {
        return Err((
            i,
            "an IBAN has only digits and upper-case letters".to_owned(),
        ));
    }
    let mut rem: u32 = 0;
    for &c in b.iter().skip(4).chain(b.iter().take(4)) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    if rem == 1 {
        Ok(())
    } else {
        Err((
            2,
            "IBAN check digits are wrong (ISO 13616 mod 97)".to_owned(),
        ))
    }
}
