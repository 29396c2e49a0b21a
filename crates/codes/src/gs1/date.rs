//! GS1 dates (`YYMMDD`, `DD` = `00` meaning "day not given") and the rule that turns a
//! two-digit year into a full one. No clock is read here: the caller passes the current year,
//! so the same input always gives the same answer.

use crate::CodeError;

/// The four-digit year meant by the two-digit year `yy` when the current year is
/// `current_year` (GS1 General Specifications, "Dates"): with C the current two-digit year,
/// if YY − C ≥ 51 the year is in the previous century; if YY − C > −50 it is in the current
/// century; otherwise it is in the next.
///
/// `yy` above 99 is taken modulo 100.
pub fn resolve_two_digit_year(yy: u8, current_year: u16) -> u16 {
    let yy = i32::from(yy % 100);
    let current = i32::from(current_year);
    let century = current - current.rem_euclid(100);
    let diff = yy - current.rem_euclid(100);
    let year = if diff >= 51 {
        century - 100 + yy
    } else if diff > -50 {
        century + yy
    } else {
        century + 100 + yy
    };
    u16::try_from(year).unwrap_or(0)
}

/// A validated `YYMMDD` date whose century is not yet known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Gs1Date {
    yy: u8,
    month: u8,
    day: Option<u8>,
}

impl Gs1Date {
    /// Parses six digits `YYMMDD`; `DD` = `00` is allowed and means the day is not given.
    ///
    /// February 29 is accepted in years divisible by four, which is exact for every current
    /// year from 1951 to 2049 (the only century year the rule can then reach is 2000).
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        const WHAT: &str = "GS1 date (YYMMDD)";
        if input.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        if let Some((i, c)) = input.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: i + 1,
                found: c,
                rule: "digits 0-9 only",
            });
        }
        if input.len() != 6 {
            return Err(CodeError::Length {
                what: WHAT,
                found: input.chars().count(),
                rule: "six digits YYMMDD",
            });
        }
        check_yymmdd(input, true)
            .map_err(|(offset, rule)| CodeError::rule_at(WHAT, offset + 1, rule))?;
        let n = |i: usize| {
            input
                .get(i..i + 2)
                .and_then(|s| s.parse::<u8>().ok())
                .unwrap_or(0)
        };
        let day = n(4);
        Ok(Self {
            yy: n(0),
            month: n(2),
            day: (day != 0).then_some(day),
        })
    }

    /// The two-digit year as written.
    pub fn two_digit_year(&self) -> u8 {
        self.yy
    }

    /// The full year, given the current year (see [`resolve_two_digit_year`]).
    pub fn year(&self, current_year: u16) -> u16 {
        resolve_two_digit_year(self.yy, current_year)
    }

    /// The month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, or None when the date was written with `DD` = `00`.
    pub fn day(&self) -> Option<u8> {
        self.day
    }
}

/// Days in `month` (1–12) of a year that is or is not a leap year; 0 for a month out of range.
pub(crate) fn days_in_month(month: u32, leap: bool) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks six ASCII digits as `YYMMDD`; on failure gives the 0-based offset of the bad field
/// and the rule. Leap years are taken as YY divisible by 4 (see [`Gs1Date::parse`]).
pub(crate) fn check_yymmdd(s: &str, day_zero_ok: bool) -> Result<(), (usize, String)> {
    let field = |i: usize| s.get(i..i + 2).and_then(|f| f.parse::<u32>().ok());
    let (Some(yy), Some(mm), Some(dd)) = (field(0), field(2), field(4)) else {
        return Err((0, "must be six digits YYMMDD".to_owned()));
    };
    check_month_day(yy % 4 == 0, mm, dd, day_zero_ok, 2, "YYMMDD")
}

/// Checks eight ASCII digits as `YYYYMMDD`.
pub(crate) fn check_yyyymmdd(s: &str, day_zero_ok: bool) -> Result<(), (usize, String)> {
    let field = |i: usize, n: usize| s.get(i..i + n).and_then(|f| f.parse::<u32>().ok());
    let (Some(year), Some(mm), Some(dd)) = (field(0, 4), field(4, 2), field(6, 2)) else {
        return Err((0, "must be eight digits YYYYMMDD".to_owned()));
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    check_month_day(leap, mm, dd, day_zero_ok, 4, "YYYYMMDD")
}

fn check_month_day(
    leap: bool,
    mm: u32,
    dd: u32,
    day_zero_ok: bool,
    month_offset: usize,
    format: &str,
) -> Result<(), (usize, String)> {
    if !(1..=12).contains(&mm) {
        return Err((
            month_offset,
            format!("month {mm:02} is not 01-12 ({format})"),
        ));
    }
    let days = days_in_month(mm, leap);
    if dd == 0 && day_zero_ok {
        return Ok(());
    }
    if dd == 0 || dd > days {
        let zero = if day_zero_ok {
            "; DD may be 00 for an unknown day"
        } else {
            ""
        };
        return Err((
            month_offset + 2,
            format!("day {dd:02} is not valid in month {mm:02} (01-{days}{zero}; {format})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn century_rule() {
        // Current year 2025: C = 25.
        assert_eq!(resolve_two_digit_year(25, 2025), 2025);
        assert_eq!(resolve_two_digit_year(75, 2025), 2075); // 75 − 25 = 50: current century
        assert_eq!(resolve_two_digit_year(76, 2025), 1976); // 51: previous century
        assert_eq!(resolve_two_digit_year(0, 2025), 2000);
        assert_eq!(resolve_two_digit_year(99, 2025), 1999);
        // Current year 2080: C = 80.
        assert_eq!(resolve_two_digit_year(31, 2080), 2031); // 31 − 80 = −49: current century
        assert_eq!(resolve_two_digit_year(30, 2080), 2130); // −50: next century
        assert_eq!(resolve_two_digit_year(29, 2080), 2129);
        // Current year 1999: C = 99.
        assert_eq!(resolve_two_digit_year(0, 1999), 2000); // −99: next century
        assert_eq!(resolve_two_digit_year(50, 1999), 1950); // −49: current
    }

    #[test]
    fn dates() {
        assert!(Gs1Date::parse("200229").is_ok());
        assert!(Gs1Date::parse("210229").is_err());
        assert_eq!(Gs1Date::parse("200600").unwrap().day(), None);
        let d = Gs1Date::parse("180426").unwrap();
        assert_eq!((d.year(2025), d.month(), d.day()), (2018, 4, Some(26)));
        assert_eq!(
            Gs1Date::parse("201310"),
            Err(CodeError::rule_at(
                "GS1 date (YYMMDD)",
                3,
                "month 13 is not 01-12 (YYMMDD)"
            ))
        );
    }
}
