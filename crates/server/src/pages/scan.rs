//! The consumer's pages: the start page with its code field, and the scan page a QR code or a
//! GS1 Digital Link opens on a phone, with the verdict in large, plain words.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome::{Chrome, Reader};
use super::messages::Text;
use crate::api::resolve::resolve_code;
use crate::state::AppState;
use crate::wire::recalls::RecallNoticeView;
use crate::wire::resolve::ResolveResponse;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: Text,
    chrome: Chrome,
    typed: String,
}

/// `GET /`: what the platform is for, and a field to type or scan a code into.
pub async fn home(reader: Reader) -> Response {
    reader.page(&HomePage {
        t: reader.t,
        chrome: reader.chrome(false),
        typed: String::new(),
    })
}

#[derive(Template)]
#[template(path = "scan.html")]
struct ScanPage {
    t: Text,
    chrome: Chrome,
    /// `registered`, `unknown`, `recalled`, `suspect` or `invalid`.
    verdict: &'static str,
    verdict_title: String,
    verdict_text: String,
    resolved: Option<ResolveResponse>,
    recalls: Vec<RecallNoticeView>,
    /// The category's name in the page's language.
    category: Option<String>,
    /// The code as the reader would write it: its element string, or its canonical form.
    code_text: String,
    /// What the code field holds: the code as scanned.
    typed: String,
}

#[derive(Debug, Deserialize)]
pub struct ScanQuery {
    code: Option<String>,
}

/// `GET /scan?code=…`: the verdict and the key information behind a code.
pub async fn scan(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<ScanQuery>,
) -> Response {
    match query.code.filter(|c| !c.trim().is_empty()) {
        Some(code) => show(&state, &reader, code).await,
        None => Redirect::to("/").into_response(),
    }
}

/// `GET /01/{gtin}/…`: a GS1 Digital Link opened by a browser. A client that asks for JSON is
/// sent to the resolve API with the same code.
pub async fn digital_link(
    State(state): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    // The link as printed: the path, and the query that may carry data attributes.
    let link = match uri.query() {
        Some(q) => format!("https://id.gs1.org{}?{q}", uri.path()),
        None => format!("https://id.gs1.org{}", uri.path()),
    };
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("json") && !a.contains("text/html"));
    if wants_json {
        let code: String = form_urlencoded::byte_serialize(link.as_bytes()).collect();
        return Redirect::to(&format!("/api/v1/resolve?code={code}")).into_response();
    }
    show(&state, &reader, link).await
}

async fn show(state: &AppState, reader: &Reader, code: String) -> Response {
    let t = reader.t;
    let (status, verdict, mut resolved) = match resolve_code(state, &reader.caller, &code).await {
        Ok(resolved) => (StatusCode::OK, resolved.verdict, Some(resolved)),
        Err(e) if e.status() == StatusCode::BAD_REQUEST => (e.status(), "invalid", None),
        Err(e) => return reader.error(e),
    };
    let category = resolved
        .as_ref()
        .and_then(|r| r.product.as_ref())
        .and_then(|p| match (&p.category_name_zh, &p.category_name_en) {
            (Some(zh), Some(en)) => Some(t.either(zh, en).to_owned()),
            _ => None,
        });
    let code_text = resolved
        .as_ref()
        .map(|r| {
            r.code
                .element_string
                .clone()
                .unwrap_or_else(|| r.code.canonical.clone())
        })
        .unwrap_or_default();
    let recalls = resolved
        .as_mut()
        .map(|r| std::mem::take(&mut r.recalls))
        .unwrap_or_default();
    let page = ScanPage {
        t,
        chrome: reader.chrome(false),
        verdict,
        verdict_title: format!("verdict.{verdict}"),
        verdict_text: format!("verdict.{verdict}_text"),
        resolved,
        recalls,
        category,
        code_text,
        typed: code,
    };
    reader.send(status, &page)
}
