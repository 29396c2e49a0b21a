//! Reading parameter values as the REST binding writes them: lists separated by `|`, times with
//! their offset, decimals, counts, URIs, booleans, hex strings, and the empty value of `EXISTS_`.
//!
//! Each reader of one value returns the rule it broke, and [`each`] and [`one`] put the
//! parameter's name and the offending value around it.

use std::num::NonZeroU32;

use chrono::{DateTime, SecondsFormat, Utc};

use super::super::cbv::is_absolute_uri;
use super::super::when::parse_event_time;
use super::QueryParameterError;

/// The REST binding's separator between the values of one parameter.
pub const SEPARATOR: char = '|';

/// Reads every `|`-separated value of `value` with `read`; none may be empty.
pub(super) fn each<T>(
    parameter: &str,
    value: &str,
    read: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, QueryParameterError> {
    value
        .split(SEPARATOR)
        .map(|item| {
            if item.is_empty() {
                return Err(QueryParameterError::value(
                    parameter,
                    value,
                    "has an empty value: values are separated by a single |, with none empty",
                ));
            }
            read(item).map_err(|rule| QueryParameterError::value(parameter, item, rule))
        })
        .collect()
}

/// Reads a single value with `read`: a `|` is refused, the parameter taking one value.
pub(super) fn one<T>(
    parameter: &str,
    value: &str,
    read: impl Fn(&str) -> Result<T, String>,
) -> Result<T, QueryParameterError> {
    if value.contains(SEPARATOR) {
        return Err(QueryParameterError::value(
            parameter,
            value,
            "is a list, and this parameter takes one value",
        ));
    }
    read(value).map_err(|rule| QueryParameterError::value(parameter, value, rule))
}

/// Joins values as the REST binding writes a list.
pub(super) fn join<T>(values: &[T], write: impl Fn(&T) -> String) -> String {
    values
        .iter()
        .map(write)
        .collect::<Vec<_>>()
        .join(&SEPARATOR.to_string())
}

pub(super) fn time(value: &str) -> Result<DateTime<Utc>, String> {
    parse_event_time(value).map_err(|_| {
        "is not a date and time with an offset or Z (RFC 3339, such as \
         2025-03-01T08:30:00.000+08:00)"
            .to_owned()
    })
}

/// An instant as written back: UTC, `Z`, every fractional digit it has and no more, so that
/// reading it gives the same instant.
pub(super) fn write_time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A decimal: finite, in Rust's (and JSON's) syntax.
pub(super) fn number(value: &str) -> Result<f64, String> {
    let rule = || "is not a decimal number (such as 15.5, -3 or 1e3)".to_owned();
    // f64's parser also takes `inf`, `NaN` and `infinity`, which no query means.
    if value.trim() != value {
        return Err(rule());
    }
    let read: f64 = value.parse().map_err(|_| rule())?;
    read.is_finite().then_some(read).ok_or_else(rule)
}

/// Written so that [`number`] reads the same value (Rust writes the shortest such digits).
pub(super) fn write_number(value: f64) -> String {
    value.to_string()
}

/// A count of one or more, in decimal digits.
pub(super) fn positive(value: &str) -> Result<NonZeroU32, String> {
    if let Some(digits) = value.strip_prefix('-')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("is not positive: a count of one or more is needed".to_owned());
    }
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err("is not a whole number written in digits".to_owned());
    }
    let n: u32 = value
        .parse()
        .map_err(|_| format!("is larger than {}", u32::MAX))?;
    NonZeroU32::new(n).ok_or_else(|| "is not positive: a count of one or more is needed".to_owned())
}

/// An absolute URI, kept as written.
pub(super) fn uri(value: &str) -> Result<String, String> {
    if is_absolute_uri(value) {
        Ok(value.to_owned())
    } else {
        Err("is not an absolute URI (scheme:…)".to_owned())
    }
}

pub(super) fn boolean(value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("is neither true nor false".to_owned()),
    }
}

/// Hexadecimal digits (xsd:hexBinary), upper-cased as its canonical form writes them, so that
/// `0a1b` and `0A1B` are one value.
pub(super) fn hex(value: &str) -> Result<String, String> {
    if value.len().is_multiple_of(2) && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(value.to_ascii_uppercase())
    } else {
        Err("is not hexadecimal binary (pairs of the digits 0-9, A-F)".to_owned())
    }
}

/// The value of an `EXISTS_` parameter, which has none: empty, or `true` as some clients write.
pub(super) fn void(value: &str) -> Result<(), String> {
    if value.is_empty() || value == "true" {
        Ok(())
    } else {
        Err("is a value, and an EXISTS_ parameter takes none (give it empty)".to_owned())
    }
}

/// Any non-empty text, compared as written.
pub(super) fn text(value: &str) -> Result<String, String> {
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn numbers_are_finite_decimals() {
        for (text, n) in [("15.5", 15.5), ("-3", -3.0), ("1e3", 1000.0), ("0", 0.0)] {
            assert_eq!(number(text).unwrap(), n, "{text}");
            assert_eq!(number(&write_number(n)).unwrap(), n);
        }
        for bad in ["inf", "NaN", "infinity", "", " 1", "1,5", "1e999", "0x10"] {
            assert!(number(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn counts_are_positive_digits() {
        assert_eq!(positive("25").unwrap().get(), 25);
        assert!(positive("0").unwrap_err().contains("not positive"));
        assert!(positive("-4").unwrap_err().contains("not positive"));
        assert!(positive("+4").unwrap_err().contains("digits"));
        assert!(positive("4.0").unwrap_err().contains("digits"));
        assert!(positive("99999999999").unwrap_err().contains("larger"));
    }

    #[test]
    fn lists_refuse_empty_values_and_single_values_refuse_lists() {
        assert_eq!(each("p", "a|b", text).unwrap(), ["a", "b"]);
        for bad in ["", "a||b", "a|", "|a"] {
            let err = each("p", bad, text).unwrap_err();
            assert!(err.to_string().contains("empty value"), "{bad:?}");
        }
        let err = one("GE_eventTime", "a|b", time).unwrap_err();
        assert!(err.to_string().starts_with("GE_eventTime: 'a|b' is a list"));
    }

    #[test]
    fn times_need_an_offset_and_write_back_to_the_instant() {
        let t = time("2025-03-01T08:30:00.120+08:00").unwrap();
        assert_eq!(write_time(&t), "2025-03-01T00:30:00.120Z");
        assert_eq!(time(&write_time(&t)).unwrap(), t);
        assert!(time("2025-03-01T08:30:00").is_err());
    }

    #[test]
    fn hex_is_upper_cased() {
        assert_eq!(hex("0a1B").unwrap(), "0A1B");
        assert!(hex("0a1").is_err());
        assert!(hex("zz").is_err());
    }
}
