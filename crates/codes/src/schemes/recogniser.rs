//! One recogniser: a prefix or a pattern that names the scheme of a code.

use regex::{Regex, RegexBuilder};

use super::{RecogniserError, check_scheme_name};

/// Most characters a foreign value may have: longer input is not an identifier.
pub const MAX_VALUE_CHARS: usize = 256;

/// Largest compiled pattern, so that configuration cannot make a scan slow or memory-hungry.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// How a recogniser tells its codes.
#[derive(Debug, Clone)]
enum Matcher {
    /// The code starts with this text; the whole code is the value.
    Prefix(String),
    /// The whole code matches; the group `value`, if the pattern has one, is the value.
    Pattern(Regex),
}

/// Recognises the codes of one scheme by prefix or by pattern.
#[derive(Debug, Clone)]
pub struct Recogniser {
    scheme: String,
    matcher: Matcher,
    labelled: bool,
}

impl Recogniser {
    /// Codes that start with `prefix` (and have more after it) belong to `scheme`.
    pub fn prefix(scheme: &str, prefix: &str) -> Result<Self, RecogniserError> {
        check_scheme_name(scheme)?;
        if prefix.is_empty() || prefix.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(entry(
                scheme,
                "a prefix is not empty and has no white space or control characters".into(),
            ));
        }
        Ok(Self {
            scheme: scheme.to_owned(),
            matcher: Matcher::Prefix(prefix.to_owned()),
            labelled: false,
        })
    }

    /// Codes that match `pattern` as a whole belong to `scheme`; a group named `value`
    /// selects the part kept as the value.
    pub fn pattern(scheme: &str, pattern: &str) -> Result<Self, RecogniserError> {
        check_scheme_name(scheme)?;
        let regex = RegexBuilder::new(&format!("^(?:{pattern})$"))
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .map_err(|e| entry(scheme, format!("pattern: {e}")))?;
        Ok(Self {
            scheme: scheme.to_owned(),
            matcher: Matcher::Pattern(regex),
            labelled: false,
        })
    }

    /// The same recogniser, matching only codes written `{scheme}:{value}`: for codes whose
    /// own shape is too plain to tell them from others.
    pub fn labelled(mut self) -> Self {
        self.labelled = true;
        self
    }

    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Whether the recogniser only matches codes written `{scheme}:{value}`.
    pub fn is_labelled(&self) -> bool {
        self.labelled
    }

    /// The value `text` carries if it is a code of this scheme.
    pub(super) fn value_of<'t>(&self, text: &'t str) -> Option<&'t str> {
        let value = match &self.matcher {
            Matcher::Prefix(p) => Some(text).filter(|t| t.len() > p.len() && t.starts_with(p)),
            Matcher::Pattern(regex) => regex.captures(text).and_then(|caps| {
                // The pattern was wrapped in ^…$, but a pattern may close that group early
                // (`a)|(b`); only a match of the whole text counts.
                let whole = caps
                    .get(0)
                    .filter(|m| m.start() == 0 && m.end() == text.len())?;
                Some(caps.name("value").unwrap_or(whole).as_str())
            }),
        }?;
        let plain = !value.is_empty()
            && value.chars().count() <= MAX_VALUE_CHARS
            && !value.chars().any(|c| c.is_whitespace() || c.is_control());
        plain.then_some(value)
    }
}

fn entry(scheme: &str, rule: String) -> RecogniserError {
    RecogniserError::Entry {
        index: 0,
        scheme: scheme.to_owned(),
        rule,
    }
}
