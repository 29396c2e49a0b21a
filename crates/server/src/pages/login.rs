//! Logging in from a browser: the login page, whose form the form script sends to
//! `POST /api/v1/session`, and `/start`, where a login lands and is sent on to the account's
//! own pages.

use askama::Template;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::{Chrome, Reader};
use super::messages::Text;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: Text,
    chrome: Chrome,
    /// Why the reader was sent here: a message key.
    why: Option<&'static str>,
    /// Where to go once logged in.
    next: String,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    why: Option<String>,
    next: Option<String>,
}

/// `GET /login`.
pub async fn page(reader: Reader, Query(query): Query<LoginQuery>) -> Response {
    let why = match query.why.as_deref() {
        Some("needed") => Some("login.needed"),
        Some("denied") => Some("login.denied"),
        _ => None,
    };
    reader.page(&LoginPage {
        t: reader.t,
        chrome: reader.chrome(true),
        why,
        next: query
            .next
            .filter(|n| local(n))
            .unwrap_or_else(|| "/start".to_owned()),
    })
}

/// Whether `target` is a path of this site, so that a login cannot be made to send its
/// reader elsewhere.
fn local(target: &str) -> bool {
    target.starts_with('/') && !target.starts_with("//") && !target.contains('\\')
}

/// `GET /start`: an enterprise's people to the console, regulators', associations' and
/// administrators' to the dashboard, the public to the login page.
pub async fn start(reader: Reader) -> Response {
    let target = if reader.chrome.enterprise {
        "/console"
    } else if reader.chrome.overseer {
        "/dashboard"
    } else {
        "/login"
    };
    Redirect::to(target).into_response()
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn only_local_paths_are_followed_after_a_login() {
        assert!(local("/console/flows?x=1"));
        assert!(!local("//evil.example/"));
        assert!(!local("https://evil.example/"));
        assert!(!local("/\\evil.example"));
    }
}
