//! `Prefer: wait=N` (RFC 7240, §4.3) on a capture job's status: the answer waits until the
//! job has ended or N seconds have passed, so that a client learns of the end at once with
//! one request rather than asking again and again.

use std::time::Duration;

use axum::http::HeaderMap;

/// The longest a request may wait, whatever it prefers: well under the usual idle timeouts
/// of proxies and clients.
pub const MOST_WAIT: Duration = Duration::from_secs(30);

/// The wait a request prefers, at most [`MOST_WAIT`]; none if it states none. As RFC 7240
/// asks, a preference that cannot be read is ignored rather than refused.
pub fn preferred_wait(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|preference| {
            // A preference's own value comes before any `;` parameters.
            let (name, value) = preference.split(';').next()?.split_once('=')?;
            if !name.trim().eq_ignore_ascii_case("wait") {
                return None;
            }
            let seconds: u64 = value.trim().trim_matches('"').parse().ok()?;
            Some(Duration::from_secs(seconds).min(MOST_WAIT))
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use axum::http::HeaderValue;

    use super::*;

    fn wait_of(values: &[&str]) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("prefer", HeaderValue::from_str(value).unwrap());
        }
        preferred_wait(&headers)
    }

    #[test]
    fn a_wait_is_read_among_other_preferences() {
        assert_eq!(wait_of(&["wait=5"]), Some(Duration::from_secs(5)));
        assert_eq!(
            wait_of(&["respond-async, WAIT = 12"]),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            wait_of(&["return=minimal", "wait=\"3\"; foo=bar"]),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn a_long_wait_is_cut_to_the_most() {
        assert_eq!(wait_of(&["wait=86400"]), Some(MOST_WAIT));
    }

    #[test]
    fn an_unreadable_or_absent_wait_is_ignored() {
        assert_eq!(wait_of(&[]), None);
        assert_eq!(wait_of(&["respond-async"]), None);
        assert_eq!(wait_of(&["wait=soon"]), None);
        assert_eq!(wait_of(&["wait=-1"]), None);
        assert_eq!(wait_of(&["waiting=5"]), None);
    }
}
