//! Pages, as the binding writes them: `perPage`, an opaque `nextPageToken`, and the next
//! page's address in `Link: <…>; rel="next"`. A token is only a position, never a stored
//! state: the client sends it with the same request, as the `Link` header writes it.
//!
//! Events are paged by the last event's time (in the query's order) and id; listings of
//! values by the last value; capture jobs by the last job's time and id.

use axum::http::{HeaderValue, header};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::DateTime;
use uuid::Uuid;
use yima_store::EventCursor;

use super::exception::{EpcisError, Exception};
use super::results::{DEFAULT_PER_PAGE, MAX_PER_PAGE};

/// The token of `cursor`: `{unix microseconds}.{uuid without hyphens}`.
pub fn token(cursor: EventCursor) -> String {
    format!("{}.{}", cursor.time.timestamp_micros(), cursor.id.simple())
}

/// Reads a token; the error says what is wrong with it.
pub fn cursor(token: &str) -> Result<EventCursor, String> {
    let refuse = || format!("'{token}' is not a page token this server gave");
    let (micros, id) = token.split_once('.').ok_or_else(refuse)?;
    let micros: i64 = micros.parse().map_err(|_| refuse())?;
    let time = DateTime::from_timestamp_micros(micros).ok_or_else(refuse)?;
    let id = Uuid::try_parse(id).map_err(|_| refuse())?;
    Ok(EventCursor { time, id })
}

/// The token of a listing's last value: the value, base64url, so that the token says
/// nothing a client should build on.
pub fn value_token(value: &str) -> String {
    URL_SAFE_NO_PAD.encode(value)
}

/// The value a listing's token continues after.
pub fn value_after(token: &str) -> Result<String, EpcisError> {
    URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| {
            EpcisError::new(
                Exception::QueryParameter,
                format!("nextPageToken: '{token}' is not a page token this server gave"),
            )
        })
}

/// A listing's page request: `perPage` and `nextPageToken`, and nothing else.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Paging {
    /// `perPage` as given, if it was.
    pub per_page: Option<u32>,
    pub token: Option<String>,
}

impl Paging {
    /// How many items the page holds.
    pub fn size(&self) -> u32 {
        self.per_page
            .map_or(DEFAULT_PER_PAGE as u32, |n| n.min(MAX_PER_PAGE as u32))
    }

    /// The next page's parameters: this page's `perPage`, if given, and `token`.
    pub fn next(&self, token: String) -> Vec<(String, String)> {
        let mut pairs = Vec::with_capacity(2);
        if let Some(n) = self.per_page {
            pairs.push(("perPage".to_owned(), n.to_string()));
        }
        pairs.push(("nextPageToken".to_owned(), token));
        pairs
    }

    /// Cuts `found`, asked for one more than `size()`, to the page, and gives the next page's
    /// token, made from the page's last item, if there was more.
    pub fn cut<T>(&self, found: &mut Vec<T>, token_of: impl Fn(&T) -> String) -> Option<String> {
        let size = self.size() as usize;
        let more = found.len() > size;
        found.truncate(size);
        if more {
            found.last().map(token_of)
        } else {
            None
        }
    }

    /// `response`, a page of the listing at `path`, with the next page's link if there is one.
    pub fn linked(&self, mut response: Response, path: &str, next: Option<String>) -> Response {
        if let Some(token) = next {
            link_next(&mut response, path, &self.next(token));
        }
        response
    }
}

/// Reads a listing's query string. Any other parameter, a repeated one, a `perPage` that is
/// not a positive count or an empty token is refused, as the events query refuses them.
pub fn paging(raw: Option<&str>) -> Result<Paging, EpcisError> {
    let refuse = |detail: String| EpcisError::new(Exception::QueryParameter, detail);
    let mut paging = Paging::default();
    for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let repeated = match name.as_ref() {
            "perPage" => {
                // A count the OpenAPI document's int32 holds: one it calls invalid is refused,
                // not clamped like one merely over the page's limit.
                let n = value
                    .parse::<i32>()
                    .ok()
                    .filter(|n| *n > 0 && value.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| {
                        refuse(format!(
                            "perPage: '{value}' is not a count from 1 to {}",
                            i32::MAX
                        ))
                    })?;
                paging.per_page.replace(n).is_some()
            }
            "nextPageToken" => {
                if value.is_empty() {
                    return Err(refuse("nextPageToken: '' is empty".to_owned()));
                }
                paging.token.replace(value.into_owned()).is_some()
            }
            other => {
                return Err(refuse(format!(
                    "{other}: is not a parameter of this listing, which takes perPage and \
                     nextPageToken only"
                )));
            }
        };
        if repeated {
            return Err(refuse(format!("{name}: given more than once")));
        }
    }
    Ok(paging)
}

/// Adds `Link: <{path}?{pairs}>; rel="next"` to `response`.
pub fn link_next(response: &mut Response, path: &str, pairs: &[(String, String)]) {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let link = format!("<{path}?{query}>; rel=\"next\"");
    if let Ok(value) = HeaderValue::from_str(&link) {
        response.headers_mut().insert(header::LINK, value);
    }
}

/// A path segment: everything but RFC 3986's unreserved characters percent-encoded.
pub fn segment(text: &str) -> String {
    yima_codes::gs1::percent_encode(text)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tokens_read_back_and_strangers_are_refused() {
        let cursor_in = EventCursor {
            time: DateTime::from_timestamp_micros(1_740_000_000_123_456).unwrap(),
            id: Uuid::now_v7(),
        };
        assert_eq!(cursor(&token(cursor_in)).unwrap(), cursor_in);
        for bad in [
            "",
            "x",
            "1.",
            ".abc",
            "1.not-a-uuid",
            "99999999999999999999.0",
        ] {
            assert!(cursor(bad).is_err(), "{bad}");
        }
        let value = "https://id.gs1.org/414/0614141007776";
        assert_eq!(value_after(&value_token(value)).unwrap(), value);
        assert!(value_after("not base64!").is_err());
    }

    #[test]
    fn listings_take_their_two_parameters_once() {
        assert_eq!(paging(None).unwrap(), Paging::default());
        assert_eq!(paging(None).unwrap().size(), DEFAULT_PER_PAGE as u32);
        let p = paging(Some("perPage=5000&nextPageToken=abc")).unwrap();
        assert_eq!((p.per_page, p.token.as_deref()), (Some(5000), Some("abc")));
        assert_eq!(p.size(), MAX_PER_PAGE as u32);
        assert_eq!(
            p.next("t".into()),
            [
                ("perPage".to_owned(), "5000".to_owned()),
                ("nextPageToken".to_owned(), "t".to_owned())
            ]
        );
        for bad in [
            "perPage=0",
            "perPage=-1",
            "perPage=+3",
            "perPage=x",
            "perPage=2147483648",
            "perPage=1&perPage=2",
            "nextPageToken=",
            "EQ_bizStep=shipping",
        ] {
            let e = paging(Some(bad)).unwrap_err();
            assert_eq!(e.exception, Exception::QueryParameter, "{bad}");
        }
    }
}
