//! When an event happened: `eventTime` (an instant, written with its offset or `Z`) and
//! `eventTimeZoneOffset` (the offset in force where it happened, `+08:00`), which EPCIS keeps
//! apart so that an instant can be shown in local time wherever it is read.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a time was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error(
        "'{0}' is not an offset of the form +hh:mm or -hh:mm between \
         -14:00 and +14:00"
    )]
    Offset(String),
    #[error(
        "'{0}' is not a date and time with an offset or Z \
         (RFC 3339, such as 2025-03-01T08:30:00.000+08:00)"
    )]
    Instant(String),
}

/// A time-zone offset as EPCIS writes it: `+08:00`, `-05:00`, `+00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZoneOffset(FixedOffset);

impl TimeZoneOffset {
    pub fn offset(self) -> FixedOffset {
        self.0
    }

    pub fn seconds_east(self) -> i32 {
        self.0.local_minus_utc()
    }
}

impl FromStr for TimeZoneOffset {
    type Err = TimeError;

    fn from_str(value: &str) -> Result<Self, TimeError> {
        let refuse = || TimeError::Offset(value.to_owned());
        let bytes = value.as_bytes();
        let [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] = bytes else {
            return Err(refuse());
        };
        let digit = |b: &u8| b.is_ascii_digit().then(|| i32::from(b - b'0'));
        let (Some(h1), Some(h2), Some(m1), Some(m2)) = (digit(h1), digit(h2), digit(m1), digit(m2))
        else {
            return Err(refuse());
        };
        let (hours, minutes) = (h1 * 10 + h2, m1 * 10 + m2);
        if minutes > 59 || hours > 14 || (hours == 14 && minutes > 0) {
            return Err(refuse());
        }
        let seconds = (hours * 60 + minutes) * 60;
        let seconds = if *sign == b'-' { -seconds } else { seconds };
        FixedOffset::east_opt(seconds).map(Self).ok_or_else(refuse)
    }
}

impl fmt::Display for TimeZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.seconds_east();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.unsigned_abs() / 60;
        write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

impl Serialize for TimeZoneOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeZoneOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// An event's `eventTime`: the instant, in UTC, to the precision given.
pub fn parse_event_time(value: &str) -> Result<DateTime<Utc>, TimeError> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| TimeError::Instant(value.to_owned()))
}

/// An instant as EPCIS writes `eventTime`, `recordTime`, `declarationTime` and the times of
/// sensor data: RFC 3339 with an offset or `Z`, kept with the offset it was written in so that
/// it reads back as it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    pub fn utc(self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    pub fn written(self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        Self(instant.fixed_offset())
    }
}

impl FromStr for Timestamp {
    type Err = TimeError;

    fn from_str(value: &str) -> Result<Self, TimeError> {
        DateTime::parse_from_rfc3339(value)
            .map(Self)
            .map_err(|_| TimeError::Instant(value.to_owned()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let utc = self.0.offset().local_minus_utc() == 0;
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, utc))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn offsets_read_and_write_as_epcis_writes_them() {
        for (text, seconds) in [
            ("+08:00", 8 * 3600),
            ("-05:00", -5 * 3600),
            ("+00:00", 0),
            ("+13:59", 13 * 3600 + 59 * 60),
            ("+05:45", 5 * 3600 + 45 * 60),
            ("-14:00", -14 * 3600),
            ("+14:00", 14 * 3600),
        ] {
            let offset: TimeZoneOffset = text.parse().unwrap();
            assert_eq!(offset.seconds_east(), seconds, "{text}");
            assert_eq!(offset.to_string(), text);
        }
        assert_eq!(
            "-00:00".parse::<TimeZoneOffset>().unwrap().to_string(),
            "+00:00"
        );
        let json: TimeZoneOffset = serde_json::from_str("\"+01:00\"").unwrap();
        assert_eq!(serde_json::to_string(&json).unwrap(), "\"+01:00\"");
    }

    #[test]
    fn bad_offsets_are_refused_by_name() {
        for bad in [
            "08:00", "+8:00", "+08", "+0800", "+14:30", "+15:00", "+08:60", "Z", "",
        ] {
            let err = bad.parse::<TimeZoneOffset>().unwrap_err();
            assert!(
                err.to_string()
                    .contains("is not an offset of the form +hh:mm"),
                "{bad}"
            );
        }
    }

    #[test]
    fn event_times_need_their_offset() {
        let t = parse_event_time("2019-10-21T11:00:30.000+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-10-21T10:00:30+00:00");
        assert!(parse_event_time("2019-10-21T10:00:30.123Z").is_ok());
        let err = parse_event_time("2019-10-21T11:00:30").unwrap_err();
        assert!(err.to_string().starts_with("'2019-10-21T11:00:30'"));
    }

    proptest::proptest! {
        #[test]
        fn every_offset_in_range_round_trips(minutes in -840i32..=840) {
            let offset = TimeZoneOffset(FixedOffset::east_opt(minutes * 60).unwrap());
            proptest::prop_assert_eq!(offset.to_string().parse::<TimeZoneOffset>().unwrap(), offset);
        }

        #[test]
        fn parsing_offsets_never_panics(text in "\\PC{0,8}") {
            // `-00:00` reads as `+00:00`; every other offset writes as it was read.
            if let Ok(offset) = text.parse::<TimeZoneOffset>() {
                proptest::prop_assert_eq!(offset.to_string().parse::<TimeZoneOffset>().unwrap(), offset);
                proptest::prop_assert!(offset.to_string() == text || text == "-00:00");
            }
        }
    }
}
