//! Times and dates as records write them. The store keeps times to the microsecond, so a
//! record's time is truncated to microseconds before it is written or committed to: the
//! bytes are then the same before the record is stored and after it is read back.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};

/// `time` without its nanoseconds, as the store will give it back.
pub fn to_micros(time: DateTime<Utc>) -> DateTime<Utc> {
    time.trunc_subsecs(6)
}

/// RFC 3339 in UTC with exactly six fractional digits: `2025-03-01T10:20:30.123456Z`.
pub fn canonical_time(time: DateTime<Utc>) -> String {
    to_micros(time).format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// `YYYY-MM-DD`.
pub fn canonical_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn times_have_six_digits_truncated() {
        let t = DateTime::parse_from_rfc3339("2025-03-01T18:20:30.123456789+08:00")
            .unwrap()
            .to_utc();
        assert_eq!(canonical_time(t), "2025-03-01T10:20:30.123456Z");
        let whole = DateTime::from_timestamp(1_740_824_430, 0).unwrap();
        assert_eq!(canonical_time(whole), "2025-03-01T10:20:30.000000Z");
        assert_eq!(to_micros(t).timestamp_subsec_nanos(), 123_456_000);
    }

    #[test]
    fn dates_are_iso() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 9).unwrap();
        assert_eq!(canonical_date(d), "2025-01-09");
    }
}
