//! Which language a page is shown in: the `lang` query parameter (the page's switch), else the
//! `yima_lang` cookie the switch leaves, else the browser's `Accept-Language`, else Chinese.

use axum::http::{HeaderMap, header};

use crate::access::cookie;

/// The cookie that remembers a reader's choice of language.
pub const LANG_COOKIE: &str = "yima_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The value of `?lang=` and of the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The other language, which the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Chooses the language of a request; `asked` is its `lang` query parameter.
    pub fn negotiate(asked: Option<&str>, headers: &HeaderMap) -> Lang {
        asked
            .and_then(Lang::from_code)
            .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::from_code))
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(from_accept_language)
            })
            .unwrap_or(Lang::Zh)
    }
}

/// The first language of ours in an `Accept-Language` list, by its weight (RFC 9110 §12.5.4).
fn from_accept_language(value: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(Lang::from_code) else {
            continue;
        };
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn chinese_unless_asked_otherwise() {
        assert_eq!(Lang::negotiate(None, &HeaderMap::new()), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("fr"), &HeaderMap::new()), Lang::Zh);
    }

    #[test]
    fn accept_language_by_weight() {
        let h = headers(&[(header::ACCEPT_LANGUAGE, "fr;q=1, en-GB;q=0.8, zh-CN;q=0.5")]);
        assert_eq!(Lang::negotiate(None, &h), Lang::En);
        let h = headers(&[(header::ACCEPT_LANGUAGE, "en;q=0.3, zh-Hans-CN")]);
        assert_eq!(Lang::negotiate(None, &h), Lang::Zh);
        let h = headers(&[(header::ACCEPT_LANGUAGE, "en;q=0, de")]);
        assert_eq!(Lang::negotiate(None, &h), Lang::Zh);
    }

    proptest::proptest! {
        /// Whatever a browser sends, a language is chosen without a panic, and a list that
        /// names only one of ours at a positive weight chooses it.
        #[test]
        fn any_header_chooses_a_language(value in "\\PC{0,200}", lang in "(zh|en)(-[A-Za-z]{2,4})?") {
            let mut h = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(header::ACCEPT_LANGUAGE, v.clone());
                h.insert(header::COOKIE, v);
            }
            let _ = Lang::negotiate(Some(&value), &h);
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(&format!("fr, {lang};q=0.5, de;q=0.9")).unwrap());
            let expected = if lang.starts_with("en") { Lang::En } else { Lang::Zh };
            proptest::prop_assert_eq!(Lang::negotiate(None, &h), expected);
        }
    }

    #[test]
    fn the_switch_beats_the_cookie_which_beats_the_browser() {
        let h = headers(&[
            (header::ACCEPT_LANGUAGE, "en"),
            (header::COOKIE, "a=b; yima_lang=zh"),
        ]);
        assert_eq!(Lang::negotiate(None, &h), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("en"), &h), Lang::En);
    }
}
