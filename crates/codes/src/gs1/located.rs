//! An element's value as found in some input, with where each of its characters came from,
//! so that an error in the value points into that input; and a view of an input by character
//! index that borrows rather than copies when the input is ASCII.

use std::borrow::Cow;
use std::ops::Range;

use super::ai::AiSpec;
use super::value::validate_value;
use crate::CodeError;

/// The characters of an input by index, borrowed when the input is ASCII (every valid element
/// string is), so that AIs and values are slices of it rather than copies.
pub(super) enum Text<'a> {
    Ascii(&'a str),
    Chars(Vec<char>),
}

impl<'a> Text<'a> {
    pub(super) fn new(input: &'a str) -> Self {
        if input.is_ascii() {
            Self::Ascii(input)
        } else {
            Self::Chars(input.chars().collect())
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Self::Ascii(s) => s.len(),
            Self::Chars(c) => c.len(),
        }
    }

    pub(super) fn at(&self, i: usize) -> Option<char> {
        match self {
            Self::Ascii(s) => s.as_bytes().get(i).map(|&b| char::from(b)),
            Self::Chars(c) => c.get(i).copied(),
        }
    }

    /// The characters in `range` (character indices).
    pub(super) fn slice(&self, range: Range<usize>) -> Cow<'a, str> {
        match self {
            Self::Ascii(s) => Cow::Borrowed(s.get(range).unwrap_or_default()),
            Self::Chars(c) => Cow::Owned(c.get(range).unwrap_or_default().iter().collect()),
        }
    }
}

/// Where each character of a value came from in the input.
pub(crate) enum Positions {
    /// The characters are consecutive in the input, the first at this position.
    From(usize),
    /// The position of each character.
    Listed(Vec<usize>),
}

/// One element as found in some input, remembering where each character came from so that
/// errors point into that input.
pub(crate) struct Located<'a> {
    pub spec: &'static AiSpec,
    pub value: Cow<'a, str>,
    /// Position of the first character of the AI.
    pub ai_position: usize,
    /// Position of each character of `value`.
    value_positions: Positions,
    /// Position just after the value (for "too short" errors).
    value_end: usize,
}

impl<'a> Located<'a> {
    pub(crate) fn new(
        spec: &'static AiSpec,
        value: Cow<'a, str>,
        ai_position: usize,
        value_positions: Positions,
        value_end: usize,
    ) -> Self {
        Self {
            spec,
            value,
            ai_position,
            value_positions,
            value_end,
        }
    }

    /// Validates the value against its AI, with positions in the original input.
    pub(crate) fn check(&self) -> Result<(), CodeError> {
        validate_value(self.spec, &self.value).map_err(|e| {
            e.map_position(|p| {
                let index = p.checked_sub(1);
                match &self.value_positions {
                    Positions::From(first) => index
                        .filter(|&i| i < self.value.chars().count())
                        .map(|i| first + i),
                    Positions::Listed(positions) => index.and_then(|i| positions.get(i).copied()),
                }
                .unwrap_or(self.value_end)
            })
        })
    }
}
