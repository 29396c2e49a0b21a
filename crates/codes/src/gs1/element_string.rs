//! GS1 element strings: `(01)…(10)…` and the unbracketed FNC1/GS-separated form.

use std::borrow::Cow;

use super::ai::{AiSpec, ai_length_for_prefix, lookup_ai};
use super::located::Text;
pub(crate) use super::located::{Located, Positions};
use super::pairing::{Placed, check_pairs};
use crate::CodeError;

/// The character scanners deliver for FNC1 used as a separator: ASCII GS, 0x1D.
pub const GS: char = '\u{1d}';

const WHAT: &str = "GS1 element string";

/// A validated sequence of (AI, value) pairs, in the order given.
///
/// Every value has been checked against its AI (length, character set, check digits, dates)
/// and the whole against the pairing rules (repeated AIs agree, mandatory associations are met,
/// invalid pairs are absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementString {
    elements: Vec<(String, String)>,
}

impl ElementString {
    /// Parses the human-readable bracketed form `(01)09520123456788(21)12345`.
    ///
    /// A `(` inside a value is written `\(`. Spaces between elements (after `)` or before the
    /// next `(`) are ignored, as people copy them from the text printed under barcodes; no AI
    /// value may contain a space, so nothing is lost.
    pub fn parse_bracketed(input: &str) -> Result<Self, CodeError> {
        let text = Text::new(input);
        let n = text.len();
        let at = |i: usize| text.at(i);
        let mut items = Vec::new();
        let mut i = 0;
        loop {
            while at(i) == Some(' ') {
                i += 1;
            }
            let Some(c) = at(i) else { break };
            if c != '(' {
                return Err(CodeError::InvalidCharacter {
                    what: WHAT,
                    position: i + 1,
                    found: c,
                    rule: "each element starts with its AI in brackets, like (01)",
                });
            }
            let Some(close) = (i + 1..n).find(|&j| at(j) == Some(')')) else {
                return Err(CodeError::rule_at(WHAT, i + 1, "'(' is not closed by ')'"));
            };
            let spec = known_ai(&text.slice(i + 1..close), i + 2)?;
            let mut k = close + 1;
            while at(k) == Some(' ') {
                k += 1;
            }
            let first = k;
            let mut escaped = false;
            while let Some(c) = at(k) {
                if c == '\\' && at(k + 1) == Some('(') {
                    escaped = true;
                    k += 2;
                } else if c == '(' {
                    break;
                } else {
                    k += 1;
                }
            }
            let item = if escaped {
                // `\(` stands for `(`: the value is not a slice of the input.
                let mut value = String::new();
                let mut positions = Vec::new();
                let mut j = first;
                while j < k {
                    if at(j) == Some('\\') && at(j + 1) == Some('(') {
                        value.push('(');
                        positions.push(j + 2);
                        j += 2;
                    } else {
                        value.extend(at(j));
                        positions.push(j + 1);
                        j += 1;
                    }
                }
                while value.ends_with(' ') {
                    value.pop();
                    positions.pop();
                }
                Located::new(
                    spec,
                    Cow::Owned(value),
                    i + 2,
                    Positions::Listed(positions),
                    close + 2,
                )
            } else {
                let mut end = k;
                while end > first && at(end - 1) == Some(' ') {
                    end -= 1;
                }
                Located::new(
                    spec,
                    text.slice(first..end),
                    i + 2,
                    Positions::From(first + 1),
                    close + 2,
                )
            };
            item.check()?;
            items.push(item);
            i = k;
        }
        if items.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        assemble(items)
    }

    /// Parses the unbracketed form, variable-length values ended by GS (0x1D) unless last.
    ///
    /// The AI table says which AIs have a predefined length; their values are taken by length
    /// and need no separator (one is tolerated). A GS at the very end is tolerated too.
    pub fn parse_unbracketed(input: &str) -> Result<Self, CodeError> {
        let text = Text::new(input);
        let n = text.len();
        if n == 0 {
            return Err(CodeError::Empty { what: WHAT });
        }
        let at = |i: usize| text.at(i);
        let mut items = Vec::new();
        let mut i = 0;
        while i < n {
            if at(i) == Some(GS) {
                return Err(CodeError::rule_at(
                    WHAT,
                    i + 1,
                    "a GS separator may only follow a value (empty element)",
                ));
            }
            if let Some(j) =
                (i..(i + 2).min(n)).find(|&j| !at(j).is_some_and(|c| c.is_ascii_digit()))
            {
                return Err(CodeError::InvalidCharacter {
                    what: WHAT,
                    position: j + 1,
                    found: at(j).unwrap_or(GS),
                    rule: "each element starts with its AI (digits)",
                });
            }
            if i + 2 > n {
                return Err(CodeError::rule_at(
                    WHAT,
                    i + 1,
                    "the data ends inside an AI",
                ));
            }
            let prefix = text.slice(i..i + 2);
            let Some(ai_len) = ai_length_for_prefix(&prefix) else {
                return Err(CodeError::rule_at(
                    WHAT,
                    i + 1,
                    format!("no AI begins with {prefix}"),
                ));
            };
            if i + ai_len > n {
                return Err(CodeError::rule_at(
                    WHAT,
                    i + 1,
                    "the data ends inside an AI",
                ));
            }
            let spec = known_ai(&text.slice(i..i + ai_len), i + 1)?;
            let start = i + ai_len;
            let end = if spec.predefined_length {
                (start + spec.max_length()).min(n)
            } else {
                (start..n).find(|&j| at(j) == Some(GS)).unwrap_or(n)
            };
            let item = Located::new(
                spec,
                text.slice(start..end),
                i + 1,
                Positions::From(start + 1),
                end + 1,
            );
            item.check()?;
            items.push(item);
            i = end;
            if at(i) == Some(GS) {
                i += 1;
            }
        }
        assemble(items)
    }

    /// Builds an element string from (AI, value) pairs, with the same checks as the parsers.
    /// Error positions count characters of the bracketed form ([`ElementString::to_bracketed`]).
    pub fn from_pairs<A, V>(pairs: impl IntoIterator<Item = (A, V)>) -> Result<Self, CodeError>
    where
        A: AsRef<str>,
        V: AsRef<str>,
    {
        let mut items = Vec::new();
        let mut offset = 0; // characters of the bracketed form before this element
        for (ai, value) in pairs {
            let (ai, value) = (ai.as_ref(), value.as_ref());
            let spec = known_ai(ai, offset + 2)?;
            let start = offset + ai.chars().count() + 2; // "(" AI ")"
            let mut positions = Vec::new();
            let mut p = start;
            for c in value.chars() {
                p += if c == '(' { 2 } else { 1 };
                positions.push(p);
            }
            let item = Located::new(
                spec,
                Cow::Owned(value.to_owned()),
                offset + 2,
                Positions::Listed(positions),
                p + 1,
            );
            item.check()?;
            items.push(item);
            offset = p;
        }
        if items.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        assemble(items)
    }

    /// The value of `ai`, if present.
    pub fn get(&self, ai: &str) -> Option<&str> {
        self.elements
            .iter()
            .find(|(a, _)| a == ai)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs in order.
    pub fn elements(&self) -> &[(String, String)] {
        &self.elements
    }

    /// The first element whose AI is a GS1 Digital Link primary key (GTIN, SSCC, GLN …).
    pub fn primary_key(&self) -> Option<(&str, &str)> {
        self.elements
            .iter()
            .find(|(ai, _)| lookup_ai(ai).is_some_and(AiSpec::is_dl_primary_key))
            .map(|(a, v)| (a.as_str(), v.as_str()))
    }

    /// The bracketed human-readable form; a `(` inside a value is written `\(` so that the
    /// result parses back to the same elements.
    pub fn to_bracketed(&self) -> String {
        self.elements
            .iter()
            .map(|(a, v)| format!("({a}){}", v.replace('(', "\\(")))
            .collect()
    }

    /// The unbracketed form as a scanner delivers it (without symbology identifier): a GS
    /// follows every value that is not of predefined length, except the last.
    pub fn to_unbracketed(&self) -> String {
        let mut out = String::new();
        let last = self.elements.len().saturating_sub(1);
        for (i, (ai, value)) in self.elements.iter().enumerate() {
            out.push_str(ai);
            out.push_str(value);
            let fixed = lookup_ai(ai).is_some_and(|s| s.predefined_length);
            if i < last && !fixed {
                out.push(GS);
            }
        }
        out
    }

    /// Wraps elements that have already been validated together.
    pub(crate) fn from_validated(elements: Vec<(String, String)>) -> Self {
        Self { elements }
    }
}

impl std::fmt::Display for ElementString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_bracketed())
    }
}

/// The spec of `ai`, or the error that it is not an AI; `position` is where the AI starts.
pub(crate) fn known_ai(ai: &str, position: usize) -> Result<&'static AiSpec, CodeError> {
    if ai.len() < 2 || ai.len() > 4 || !ai.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeError::rule_at(
            WHAT,
            position,
            format!("{ai:?} is not an AI: AIs have 2 to 4 digits"),
        ));
    }
    lookup_ai(ai)
        .ok_or_else(|| CodeError::rule_at(WHAT, position, format!("({ai}) is not a known AI")))
}

/// Applies the whole-string rules to elements whose values are valid, and builds the result.
pub(crate) fn assemble(items: Vec<Located<'_>>) -> Result<ElementString, CodeError> {
    let placed: Vec<Placed<'_>> = items
        .iter()
        .map(|l| Placed {
            spec: l.spec,
            value: &l.value,
            position: l.ai_position,
        })
        .collect();
    check_pairs(&placed)?;
    Ok(ElementString::from_validated(
        items
            .into_iter()
            .map(|l| (l.spec.ai.to_owned(), l.value.into_owned()))
            .collect(),
    ))
}
