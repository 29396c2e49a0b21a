//! Reading a typed or scanned platform code: prefix, characters, length, check character and
//! version, in that order, each refusal naming its position and rule.

use super::alphabet;
use super::check;
use super::layout::{self, BODY_SYMBOLS, Fields, VERSION};
use super::{PREFIX, WHAT};
use crate::CodeError;

/// The characters of `input` that carry meaning, with their 1-based positions in `input`
/// and full-width forms folded: what both `recognises` and `parse` read.
pub(super) fn meaningful(input: &str) -> impl Iterator<Item = (usize, char, char)> + '_ {
    input
        .chars()
        .enumerate()
        .map(|(i, c)| (i + 1, c, alphabet::fold_width(c)))
        .filter(|&(_, _, c)| !alphabet::is_separator(c))
}

/// Whether the first meaningful characters are the prefix, in any case.
pub(super) fn has_prefix(input: &str) -> bool {
    let mut chars = meaningful(input).map(|(_, _, c)| c.to_ascii_uppercase());
    PREFIX.chars().all(|p| chars.next() == Some(p))
}

/// A parsed body: its fields, its tag and its canonical symbols.
pub(super) struct Parsed {
    pub fields: Fields,
    pub tag: u64,
    pub body: [u8; BODY_SYMBOLS],
}

pub(super) fn parse(input: &str) -> Result<Parsed, CodeError> {
    let mut chars = meaningful(input);
    for expected in PREFIX.chars() {
        match chars.next() {
            None if expected == 'Y' => return Err(CodeError::Empty { what: WHAT }),
            Some((_, _, c)) if c.to_ascii_uppercase() == expected => {}
            found => {
                let position = found.map_or(input.chars().count() + 1, |(p, _, _)| p);
                return Err(CodeError::rule_at(
                    WHAT,
                    position,
                    "a platform code begins with YM",
                ));
            }
        }
    }

    let mut values = [0u8; BODY_SYMBOLS];
    let mut count = 0;
    let mut first_position = None;
    for (position, given, c) in chars {
        let Some(v) = alphabet::value(c) else {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position,
                found: given,
                rule: "after YM, Crockford base32: digits and letters except U \
                       (I and L are read as 1, O as 0; hyphens and spaces are ignored)",
            });
        };
        if let Some(slot) = values.get_mut(count) {
            *slot = v;
        }
        count += 1;
        first_position.get_or_insert(position);
    }
    if count != BODY_SYMBOLS {
        return Err(CodeError::Length {
            what: WHAT,
            found: PREFIX.len() + count,
            rule: "26 characters: YM and 24 code characters (hyphens and spaces not counted)",
        });
    }

    let [data @ .., check_symbol] = values;
    if check::syndrome(&values) != 0 {
        return Err(CodeError::CheckCharacter {
            what: WHAT,
            found: char::from(alphabet::symbol(check_symbol)),
            expected: char::from(alphabet::symbol(check::check_value(&data))),
        });
    }

    let (fields, tag) = layout::decode(&data);
    if fields.version != VERSION {
        return Err(CodeError::rule_at(
            WHAT,
            first_position.unwrap_or(PREFIX.len() + 1),
            format!(
                "version {} is not known (the first code character is 4-7 in version {VERSION})",
                fields.version
            ),
        ));
    }
    Ok(Parsed {
        fields,
        tag,
        body: values.map(alphabet::symbol),
    })
}
