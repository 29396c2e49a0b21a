//! The one error type of this crate: every variant names what was being parsed, where the
//! problem is, and which rule it breaks, so that a 400 response can say exactly that.

/// Why a code or identifier was rejected.
///
/// Positions count characters (not bytes) from 1 in the string that was given to the parser
/// that reported them; parsers that hand part of their input to another parser (a scan to an
/// element string, an element string to an AI value) move the positions so that they always
/// point into the caller's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Nothing (or only white space) was given.
    #[error("{what}: empty")]
    Empty { what: &'static str },
    /// A character outside the allowed set. `position` counts characters from 1.
    #[error("{what}: character {found:?} at position {position} is not allowed ({rule})")]
    InvalidCharacter {
        what: &'static str,
        position: usize,
        found: char,
        rule: &'static str,
    },
    /// The length is not one the format allows (the whole input is at fault, so there is no
    /// single position to point at).
    #[error("{what}: length {found} is not allowed ({rule})")]
    Length {
        what: &'static str,
        found: usize,
        rule: &'static str,
    },
    /// The check digit or check character does not match the rest. For the stand-alone
    /// identifiers that report it (GTIN, credit code, organisation code) the check character
    /// is always the last one.
    #[error(
        "{what}: check character {found:?} (the last character) is wrong, expected {expected:?}"
    )]
    CheckCharacter {
        what: &'static str,
        found: char,
        expected: char,
    },
    /// Any other structural rule, with the position where it applies when there is one.
    #[error("{what}: {rule}{}", position.map(|p| format!(" (at position {p})")).unwrap_or_default())]
    Rule {
        what: &'static str,
        position: Option<usize>,
        rule: String,
    },
}

impl CodeError {
    /// The 1-based character position the error points at, if it has one.
    pub fn position(&self) -> Option<usize> {
        match self {
            Self::InvalidCharacter { position, .. } => Some(*position),
            Self::Rule { position, .. } => *position,
            Self::Empty { .. } | Self::Length { .. } | Self::CheckCharacter { .. } => None,
        }
    }

    /// What was being parsed when the error was found.
    pub fn what(&self) -> &'static str {
        match self {
            Self::Empty { what }
            | Self::InvalidCharacter { what, .. }
            | Self::Length { what, .. }
            | Self::CheckCharacter { what, .. }
            | Self::Rule { what, .. } => what,
        }
    }

    /// Rewrites the position through `f`, so that an error found in a part of the input can be
    /// reported against the whole input.
    pub(crate) fn map_position(mut self, f: impl Fn(usize) -> usize) -> Self {
        match &mut self {
            Self::InvalidCharacter { position, .. } => *position = f(*position),
            Self::Rule {
                position: Some(p), ..
            } => *p = f(*p),
            _ => {}
        }
        self
    }

    /// Shorthand for [`CodeError::Rule`] with a position.
    pub(crate) fn rule_at(what: &'static str, position: usize, rule: impl Into<String>) -> Self {
        Self::Rule {
            what,
            position: Some(position),
            rule: rule.into(),
        }
    }
}
