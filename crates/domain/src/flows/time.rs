//! When a flow happened, as a person or a spreadsheet writes it. EPCIS keeps the instant and
//! the offset in force where it happened; a time written without an offset is read as China
//! Standard Time (+08:00), where the platform's producers and shops are.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SubsecRound, Utc};

/// The offset of a time written without one, and of a flow given no time: +08:00.
pub const DEFAULT_OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    // Checked when compiling: +08:00 is within the range of offsets.
    None => panic!("+08:00 is a valid offset"),
};

/// How far ahead of the server's clock a flow may be dated (clocks of tills and phones drift).
const FUTURE_SLACK_MINUTES: i64 = 5;

/// Reads `text`, or takes `now` when absent: RFC 3339 (`2025-03-01T09:30:00+08:00`, `…Z`),
/// a date and time without offset (`2025-03-01 09:30`, `2025-03-01T09:30:00`) or a date alone
/// (midnight), both at +08:00.
pub(crate) fn parse_time(
    text: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DateTime<FixedOffset>, String> {
    let Some(text) = text.map(str::trim) else {
        return Ok(now.trunc_subsecs(3).with_timezone(&DEFAULT_OFFSET));
    };
    let local = |naive: NaiveDateTime| {
        naive
            .and_local_timezone(DEFAULT_OFFSET)
            .single()
            .ok_or_else(|| format!("{text:?} is not a time at +08:00"))
    };
    let at = if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        at
    } else if let Some(naive) = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    {
        local(naive)?
    } else if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        local(date.and_time(chrono::NaiveTime::MIN))?
    } else {
        return Err(format!(
            "{text:?} is not a time: write 2025-03-01T09:30:00+08:00, 2025-03-01 09:30 \
             (read as +08:00) or 2025-03-01"
        ));
    };
    if at.with_timezone(&Utc) > now + chrono::Duration::minutes(FUTURE_SLACK_MINUTES) {
        return Err(format!("{text} lies in the future"));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn now() -> DateTime<Utc> {
        "2025-06-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn forms_people_write() {
        let cases = [
            ("2025-03-01T09:30:00+08:00", "2025-03-01T09:30:00+08:00"),
            ("2025-03-01T01:30:00Z", "2025-03-01T01:30:00+00:00"),
            ("2025-03-01 09:30", "2025-03-01T09:30:00+08:00"),
            ("2025-03-01T09:30:15.5", "2025-03-01T09:30:15.500+08:00"),
            (" 2025-03-01 ", "2025-03-01T00:00:00+08:00"),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_time(Some(text), now()).unwrap(),
                DateTime::parse_from_rfc3339(expected).unwrap(),
                "{text}"
            );
        }
        let at = parse_time(None, now()).unwrap();
        assert_eq!(at.offset(), &DEFAULT_OFFSET);
        assert_eq!(at.with_timezone(&Utc), now());
    }

    #[test]
    fn nonsense_and_the_future_are_refused() {
        for bad in ["yesterday", "2025-13-01", "01/03/2025", ""] {
            assert!(parse_time(Some(bad), now()).is_err(), "{bad}");
        }
        assert!(
            parse_time(Some("2025-06-01T08:10:00+08:00"), now())
                .unwrap_err()
                .contains("future")
        );
        assert!(parse_time(Some("2025-06-01T08:04:00+08:00"), now()).is_ok());
    }
}
