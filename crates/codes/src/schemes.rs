//! Other systems' identifiers (MIIT industrial-internet identifiers `88.…/…`, OIDs, CCC mark
//! serials, a province's own codes): recognised by prefix or pattern and kept as scheme +
//! opaque value, never reinterpreted.
//!
//! The built-in recognisers are data (`data/schemes.toml`); configuration adds more in the
//! same form ([`Recognisers::extend_from_toml`]). Any scheme's code may also be written
//! `{scheme}:{value}`, which is what its key looks like, so a key pasted back is read as the
//! same code.

mod config;
mod error;
mod name;
mod recogniser;

pub use error::RecogniserError;
pub use name::{RESERVED_SCHEMES, check_scheme_name};
pub use recogniser::{MAX_VALUE_CHARS, Recogniser};

use std::sync::OnceLock;

/// The built-in recognisers, as configuration would write them.
const BUILTIN: &str = include_str!("../data/schemes.toml");

/// An identifier of another system.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForeignCode {
    /// The scheme's name (see [`check_scheme_name`]).
    pub scheme: String,
    /// The identifier as given (trimmed), or the part the recogniser's `value` group selects.
    pub value: String,
}

/// An ordered list of recognisers: the first that matches a code names its scheme.
#[derive(Debug, Clone, Default)]
pub struct Recognisers {
    list: Vec<Recogniser>,
}

impl Recognisers {
    /// The built-in list (`data/schemes.toml`): `miit`, `oid`, `ccc-mark`.
    pub fn builtin() -> &'static Self {
        static BUILT: OnceLock<Recognisers> = OnceLock::new();
        // The built-in text is tested to build; were it ever broken, no foreign code would be
        // recognised, which a test would notice, rather than every scan panicking.
        BUILT.get_or_init(|| Self::from_toml(BUILTIN).unwrap_or_default())
    }

    /// No recognisers: every code of another system is refused.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Builds a list from configuration written like `data/schemes.toml`.
    pub fn from_toml(text: &str) -> Result<Self, RecogniserError> {
        Ok(Self {
            list: config::read(text)?,
        })
    }

    /// Appends the recognisers of a configuration (a province's own codes), after those
    /// already in the list.
    pub fn extend_from_toml(&mut self, text: &str) -> Result<(), RecogniserError> {
        self.list.extend(config::read(text)?);
        Ok(())
    }

    /// Appends one recogniser.
    pub fn push(&mut self, recogniser: Recogniser) {
        self.list.push(recogniser);
    }

    /// The recognisers, in the order they are tried.
    pub fn recognisers(&self) -> &[Recogniser] {
        &self.list
    }

    /// The scheme of `input`, if a recogniser knows it. Surrounding white space is ignored.
    ///
    /// `{scheme}:{value}` (the scheme case-insensitive) is tried against that scheme's
    /// recognisers, labelled or not; otherwise the whole input is tried against every
    /// recogniser that is not labelled-only, in order.
    pub fn recognise(&self, input: &str) -> Option<ForeignCode> {
        let text = input.trim();
        if text.is_empty() || text.len() > 4 * MAX_VALUE_CHARS + 64 {
            return None;
        }
        let found = |r: &Recogniser, v: &str| ForeignCode {
            scheme: r.scheme().to_owned(),
            value: v.to_owned(),
        };
        if let Some((label, rest)) = text.split_once(':') {
            let labelled = self
                .list
                .iter()
                .filter(|r| r.scheme().eq_ignore_ascii_case(label))
                .find_map(|r| r.value_of(rest).map(|v| found(r, v)));
            if labelled.is_some() {
                return labelled;
            }
        }
        self.list
            .iter()
            .filter(|r| !r.is_labelled())
            .find_map(|r| r.value_of(text).map(|v| found(r, v)))
    }
}
