//! What every page shares: who reads it, in which language, the frame around it, and how it
//! and its errors are sent.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use yima_domain::Principal;

use super::lang::{LANG_COOKIE, Lang};
use super::messages::Text;
use crate::access::Caller;
use crate::problem::ApiError;

/// The frame's parts that depend on the reader.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub signed_in: bool,
    /// The reader is an enterprise's: the console is theirs.
    pub enterprise: bool,
    /// The reader oversees others (a regulator, an association, an administrator): the
    /// dashboard is theirs.
    pub overseer: bool,
    /// This page in the other language.
    pub switch_href: String,
    /// Whether the page has forms that the form script sends.
    pub scripts: bool,
}

/// Who reads a page, and in which language.
#[derive(Debug, Clone)]
pub struct Reader {
    pub t: Text,
    pub caller: Caller,
    pub chrome: Chrome,
    /// Set when the reader chose a language by the switch: the answer remembers it.
    chosen: Option<Lang>,
}

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let asked = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned());
        let lang = Lang::negotiate(asked.as_deref(), &parts.headers);
        // The access middleware leaves the caller on every routed request.
        let caller = parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or(Caller::Public);
        let (enterprise, overseer) = match caller.account().map(|a| &a.principal) {
            Some(Principal::Enterprise { .. }) => (true, false),
            Some(_) => (false, true),
            None => (false, false),
        };
        let chrome = Chrome {
            signed_in: caller.account().is_some(),
            enterprise,
            overseer,
            switch_href: with_lang(parts.uri.path(), query, lang.other()),
            scripts: false,
        };
        Ok(Reader {
            t: Text::new(lang),
            caller,
            chrome,
            chosen: asked.and(Some(lang)),
        })
    }
}

/// `path?query` with its `lang` parameter set to `lang`.
fn with_lang(path: &str, query: &str, lang: Lang) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "lang") {
        out.append_pair(&k, &v);
    }
    out.append_pair("lang", lang.code());
    format!("{path}?{}", out.finish())
}

impl Reader {
    /// The frame, with the form script when the page has forms.
    pub fn chrome(&self, scripts: bool) -> Chrome {
        Chrome {
            scripts,
            ..self.chrome.clone()
        }
    }

    /// Sends a rendered page.
    pub fn page(&self, template: &impl Template) -> Response {
        self.send(StatusCode::OK, template)
    }

    /// Sends a rendered page with `status`.
    pub fn send(&self, status: StatusCode, template: &impl Template) -> Response {
        let body = match template.render() {
            Ok(body) => body,
            Err(e) => return ApiError::internal(e).into_response(),
        };
        let mut response = (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_LANGUAGE, self.t.lang.tag()),
                (header::VARY, "Accept-Language, Cookie"),
            ],
            body,
        )
            .into_response();
        let headers = response.headers_mut();
        if self.chrome.signed_in {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        if let Some(lang) = self.chosen {
            let cookie = format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.insert(header::SET_COOKIE, value);
            }
        }
        headers.insert(
            "content-security-policy",
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 media-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        );
        response
    }

    /// Sends an error page for what the API would have answered with `error`.
    pub fn error(&self, error: ApiError) -> Response {
        let status = error.status();
        if status.is_server_error() {
            tracing::error!(detail = error.detail(), "a page failed");
        }
        self.send(
            status,
            &ErrorPage {
                t: self.t,
                chrome: self.chrome(false),
                detail: error.detail().to_owned(),
            },
        )
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Text,
    chrome: Chrome,
    detail: String,
}

/// The answer to a page request the access rules refuse: to the login page, which says why
/// and comes back here afterwards.
pub fn login_redirect(path_and_query: &str, status: StatusCode) -> Response {
    let why = if status == StatusCode::UNAUTHORIZED {
        "needed"
    } else {
        "denied"
    };
    let next: String = form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect();
    Redirect::to(&format!("/login?why={why}&next={next}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_the_query_and_replaces_the_language() {
        assert_eq!(
            with_lang("/scan", "code=%2801%29123&lang=zh", Lang::En),
            "/scan?code=%2801%29123&lang=en"
        );
        assert_eq!(with_lang("/", "", Lang::Zh), "/?lang=zh");
    }
}
