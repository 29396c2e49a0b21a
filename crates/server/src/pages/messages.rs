//! The one message catalogue of the web pages: every text a page shows, in Chinese and
//! English, from `data/messages.toml`. Templates name messages by key and hold no text of
//! their own (a test reads every template to make sure).

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use super::lang::Lang;

/// The catalogue's source, compiled into the binary.
const SOURCE: &str = include_str!("../../data/messages.toml");

/// One message in both languages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Message {
    zh: String,
    en: String,
}

/// Keys (`section.name`) to messages, read once.
static CATALOGUE: LazyLock<Result<HashMap<String, Message>, String>> = LazyLock::new(|| {
    let sections: HashMap<String, HashMap<String, Message>> =
        toml::from_str(SOURCE).map_err(|e| e.to_string())?;
    Ok(sections
        .into_iter()
        .flat_map(|(section, messages)| {
            messages
                .into_iter()
                .map(move |(name, message)| (format!("{section}.{name}"), message))
        })
        .collect())
});

/// Whether `key` names a message.
#[cfg(test)]
pub fn has(key: &str) -> bool {
    CATALOGUE.as_ref().is_ok_and(|c| c.contains_key(key))
}

/// China Standard Time, in which the pages show moments: the platform's people are in China.
const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The texts of one language, as templates use them.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub lang: Lang,
}

impl Text {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key` in this language. An unknown key shows itself, so that a missing
    /// message is visible on the page rather than silently blank (tests forbid both).
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    /// The name of a value the API writes in code (`conformant`, `production_licence`), from
    /// the catalogue's `values` section; the value itself where the catalogue has no name.
    pub fn value<'a>(&self, value: &'a str) -> &'a str {
        self.lookup(&format!("values.{value}")).unwrap_or(value)
    }

    /// Of a name given in both languages (a catalogue category's), the one to show.
    pub fn either<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A moment as people here read it: Beijing time (UTC+8), to the minute, with the zone.
    pub fn when(&self, at: &DateTime<Utc>) -> String {
        at.with_timezone(&BEIJING)
            .format("%Y-%m-%d %H:%M (UTC+8)")
            .to_string()
    }

    /// The day of a moment, in Beijing time.
    pub fn day(&self, at: &DateTime<Utc>) -> String {
        at.with_timezone(&BEIJING).format("%Y-%m-%d").to_string()
    }

    fn lookup(&self, key: &str) -> Option<&'static str> {
        let m = CATALOGUE.as_ref().ok()?.get(key)?;
        Some(match self.lang {
            Lang::Zh => &m.zh,
            Lang::En => &m.en,
        })
    }

    /// The message `key` with `{}` replaced by `value`.
    pub fn fill(&self, key: &str, value: impl std::fmt::Display) -> String {
        self.get(key).replacen("{}", &value.to_string(), 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_reads_and_every_message_has_both_languages() {
        let catalogue = CATALOGUE
            .as_ref()
            .unwrap_or_else(|e| panic!("messages.toml: {e}"));
        assert!(catalogue.len() > 50, "only {} messages", catalogue.len());
        for (key, m) in CATALOGUE.as_ref().into_iter().flatten() {
            assert!(!m.zh.trim().is_empty(), "{key} has no Chinese");
            assert!(!m.en.trim().is_empty(), "{key} has no English");
            // The language switch names the other language in that language's words.
            let other_language = key == "nav.switch";
            assert!(
                m.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) != other_language,
                "{key}: the Chinese text is not in Chinese"
            );
        }
    }

    #[test]
    fn every_verdict_and_anomaly_kind_has_its_words() {
        use yima_domain::Verdict;
        for verdict in [
            Verdict::Registered,
            Verdict::Unknown,
            Verdict::Recalled,
            Verdict::Suspect,
        ] {
            let v = verdict.as_str();
            assert!(has(&format!("verdict.{v}")), "verdict.{v}");
            assert!(has(&format!("verdict.{v}_text")), "verdict.{v}_text");
        }
        assert!(has("verdict.invalid") && has("verdict.invalid_text"));
        for kind in yima_domain::epcis::AnomalyKind::ALL {
            assert!(
                has(&format!("values.{}", kind.name())),
                "values.{}",
                kind.name()
            );
        }
    }

    #[test]
    fn moments_are_shown_in_beijing_time() {
        let at = DateTime::parse_from_rfc3339("2025-03-01T17:30:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(Text::new(Lang::Zh).when(&at), "2025-03-02 01:30 (UTC+8)");
        assert_eq!(Text::new(Lang::En).day(&at), "2025-03-02");
    }

    #[test]
    fn a_message_is_given_in_the_asked_language() {
        assert_eq!(Text::new(Lang::Zh).get("verdict.registered"), "已登记");
        assert_eq!(Text::new(Lang::En).get("verdict.registered"), "Registered");
        assert_eq!(Text::new(Lang::En).get("no.such.key"), "no.such.key");
    }
}
