//! GS1 Digital Link URIs: `https://{domain}{stem}/{primary key AI}/{value}[/{qualifier AI}/{value}…][?{AI}={value}&…]`.
//!
//! Parsing follows the GS1 Digital Link standard as the GS1 Barcode Syntax Engine implements
//! it: the primary key is the rightmost `/{AI}/{value}` pair in the path whose AI is a primary
//! key (so a stem may itself look like AIs), key qualifiers must come in their mandated order,
//! numeric query parameters must be AIs permitted as data attributes, and other query
//! parameters (`linkType`, `context` …) are ignored.

use super::ai::{AiSpec, lookup_ai};
use super::element_string::{ElementString, assemble, known_ai};
use super::located::{Located, Positions};
use super::uri;
use crate::CodeError;
use render::{Layout, render};

mod render;

const WHAT: &str = "GS1 Digital Link URI";

/// The canonical host of GS1 Digital Link URIs (the GS1 global resolver).
pub const CANONICAL_HOST: &str = "https://id.gs1.org";

/// Characters RFC 3986 allows in a URI (with `%` for percent-encoding), one bit each: every
/// character of every URI is tested.
const URI_CHARS: u128 = {
    let mut mask = 0u128;
    let mut c = 0u8;
    while c < 128 {
        if c.is_ascii_alphanumeric() {
            mask |= 1 << c;
        }
        c += 1;
    }
    let others = b"-._~:/?#[]@!$&'()*+,;=%";
    let mut i = 0;
    while i < others.len() {
        mask |= 1 << others[i];
        i += 1;
    }
    mask
};

fn is_uri_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(|b| b < 128 && URI_CHARS >> b & 1 == 1)
}

/// Characters that are URI characters but may not appear in a domain name.
fn is_bad_domain_char(c: char) -> bool {
    "_~?#@!$&'()*+,;=%".contains(c)
}

/// A parsed GS1 Digital Link URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigitalLink {
    /// The primary key, its qualifiers and the data attributes, as an element string.
    pub elements: ElementString,
}

impl DigitalLink {
    /// Parses `https://{domain}{stem}/{primary AI}/{value}[/{qualifier AI}/{value}…][?{AI}={value}&…]`.
    ///
    /// Path values are percent-decoded; a GTIN-8, -12 or -13 given for AI (01) is padded to
    /// GTIN-14. The result's elements are the path elements in path order, then the data
    /// attributes in query order; they pass the same checks as a parsed element string.
    pub fn parse(uri: &str) -> Result<Self, CodeError> {
        if uri.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        if let Some((i, c)) = uri.chars().enumerate().find(|(_, c)| !is_uri_char(*c)) {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: i + 1,
                found: c,
                rule: "only URI characters are allowed; others must be percent-encoded",
            });
        }
        // From here the URI is ASCII: byte offsets are character positions − 1.
        let scheme_len = ["https://", "http://"]
            .iter()
            .find(|s| {
                uri.get(..s.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(s))
            })
            .map(|s| s.len())
            .ok_or_else(|| CodeError::rule_at(WHAT, 1, "must start with https:// or http://"))?;
        let rest = uri.get(scheme_len..).unwrap_or_default();
        let domain_len = rest.find('/').filter(|&n| n > 0).ok_or_else(|| {
            CodeError::rule_at(
                WHAT,
                scheme_len + 1,
                "a domain name and a path are required",
            )
        })?;
        if let Some(i) = rest
            .get(..domain_len)
            .and_then(|d| d.find(is_bad_domain_char))
        {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: scheme_len + i + 1,
                found: rest.as_bytes().get(i).copied().map_or('?', char::from),
                rule: "not allowed in a domain name",
            });
        }
        let path_start = scheme_len + domain_len; // 0-based offset of the path's first '/'
        let after_domain = uri.get(path_start..).unwrap_or_default();
        let before_fragment = after_domain.split('#').next().unwrap_or_default();
        let (path, query) = match before_fragment.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (before_fragment, None),
        };
        let query_start = path_start + path.len() + 1; // 0-based offset of the query's first char

        let (key_index, segments) = find_primary_key(path, path_start)?;
        let mut items: Vec<Located> = Vec::new();
        for pair in segments.get(key_index..).unwrap_or_default().chunks(2) {
            let [(ai, ai_offset), (value, value_offset)] = pair else {
                return Err(CodeError::rule_at(
                    WHAT,
                    path_start + 1,
                    "the path must end with an AI value",
                ));
            };
            let spec = known_ai(ai, ai_offset + 1).map_err(relabel)?;
            let item = decode_element(spec, value, ai_offset + 1, value_offset + 1, false)?;
            items.push(item);
        }
        check_qualifiers(&items)?;
        let path_count = items.len();

        for (param, offset) in split_with_offsets(query.unwrap_or_default(), '&', query_start) {
            let Some((key, value)) = param.split_once('=') else {
                continue; // a parameter without a value carries no AI
            };
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_digit()) {
                continue; // linkType, context and other non-AI parameters
            }
            let spec = lookup_ai(key).ok_or_else(|| {
                CodeError::rule_at(
                    WHAT,
                    offset + 1,
                    format!("query parameter ({key}) is not a known AI"),
                )
            })?;
            let item = decode_element(spec, value, offset + 1, offset + key.len() + 2, true)?;
            check_attribute(&items, path_count, &item)?;
            items.push(item);
        }
        Ok(Self {
            elements: assemble(items)?,
        })
    }

    /// A Digital Link for an element string: its first primary key (with the key qualifiers the
    /// string carries) goes into the path, every other element into the query. Fails when the
    /// string has no primary key or carries an AI that a Digital Link cannot carry.
    pub fn from_element_string(elements: ElementString) -> Result<Self, CodeError> {
        let layout = Layout::of(&elements).ok_or_else(|| CodeError::Rule {
            what: WHAT,
            position: None,
            rule: "the element string has no GS1 Digital Link primary key (such as AI (01) GTIN)"
                .to_owned(),
        })?;
        if let Some(spec) = layout
            .attributes
            .iter()
            .filter_map(|&i| elements.elements().get(i))
            .filter_map(|(ai, _)| lookup_ai(ai))
            .find(|spec| !spec.dl_data_attribute)
        {
            return Err(CodeError::Rule {
                what: WHAT,
                position: None,
                rule: format!("{} cannot be carried in a Digital Link URI", spec.label),
            });
        }
        Ok(Self { elements })
    }

    /// The canonical URI on `https://id.gs1.org`, qualifiers in the mandated order; data
    /// attributes follow in the query, those of predefined length first, each group in element
    /// order.
    pub fn canonical_uri(&self) -> String {
        self.uri_with_stem(CANONICAL_HOST)
    }

    /// As [`DigitalLink::canonical_uri`] on another domain and path stem, such as
    /// `https://brand.example.com/products`.
    pub fn uri_with_stem(&self, stem: &str) -> String {
        render(&self.elements, stem, true)
    }

    /// The canonical URI of what is identified: the primary key and its qualifiers, without the
    /// data attributes.
    pub fn key_uri(&self) -> String {
        render(&self.elements, CANONICAL_HOST, false)
    }

    /// The primary key AI and its value.
    pub fn primary_key(&self) -> Option<(&str, &str)> {
        self.elements.primary_key()
    }
}

/// Errors from the element-string helpers name the element string; here they concern the URI.
fn relabel(e: CodeError) -> CodeError {
    match e {
        CodeError::Rule { position, rule, .. } => CodeError::Rule {
            what: WHAT,
            position,
            rule,
        },
        other => other,
    }
}

/// Parts of a URI component, each with its 0-based offset in the URI.
type Parts<'a> = Vec<(&'a str, usize)>;

/// Splits `s` on `sep`, giving each part with its 0-based offset in the URI.
fn split_with_offsets(s: &str, sep: char, start: usize) -> Parts<'_> {
    let mut out = Vec::new();
    let mut offset = start;
    for part in s.split(sep) {
        out.push((part, offset));
        offset += part.len() + 1;
    }
    out
}

/// The path's segments with their offsets, and the index of the segment holding the primary
/// key AI: walking back from the end over `/{AI}/{value}` pairs, the first whose AI is a
/// primary key.
fn find_primary_key(path: &str, path_start: usize) -> Result<(usize, Parts<'_>), CodeError> {
    if path.len() > 1 && path.ends_with('/') {
        return Err(CodeError::rule_at(
            WHAT,
            path_start + path.len(),
            "the path must not end with '/'",
        ));
    }
    let segments = split_with_offsets(path.get(1..).unwrap_or_default(), '/', path_start + 1);
    let mut end = segments.len();
    while end >= 2 {
        let ai = segments.get(end - 2).map_or("", |s| s.0);
        let is_ai = ai.len() <= 4 && ai.bytes().all(|b| b.is_ascii_digit());
        match lookup_ai(ai).filter(|_| is_ai) {
            Some(spec) if spec.is_dl_primary_key() => return Ok((end - 2, segments)),
            Some(_) => end -= 2,
            None => break,
        }
    }
    Err(CodeError::rule_at(
        WHAT,
        path_start + 1,
        "no GS1 primary key found: the path must end with /{key AI}/{value}, e.g. /01/{GTIN}, then any key qualifiers",
    ))
}

/// Percent-decodes one value, pads a short GTIN for AI (01), and validates it.
fn decode_element(
    spec: &'static AiSpec,
    raw: &str,
    ai_position: usize,
    value_position: usize,
    query: bool,
) -> Result<Located<'static>, CodeError> {
    let (mut value, mut positions) = uri::decode(WHAT, raw, value_position, query)?;
    if spec.ai == "01"
        && matches!(value.len(), 8 | 12 | 13)
        && value.bytes().all(|b| b.is_ascii_digit())
    {
        let pad = 14 - value.len();
        value.insert_str(0, &"0".repeat(pad));
        let first = positions.first().copied().unwrap_or(value_position);
        positions.splice(0..0, std::iter::repeat_n(first, pad));
    }
    let item = Located::new(
        spec,
        value.into(),
        ai_position,
        Positions::Listed(positions),
        value_position + raw.len(),
    );
    item.check()?;
    Ok(item)
}

/// Whether `qualifiers` is an ordered selection from one of the key's qualifier sequences;
/// otherwise the index of the first qualifier that does not fit.
fn qualifier_fit(key: &AiSpec, qualifiers: &[&str]) -> Result<(), usize> {
    let alternatives = key.dl_qualifiers.unwrap_or_default();
    let mut best = 0;
    for alternative in alternatives {
        let mut rest = alternative.iter();
        let fitted = qualifiers
            .iter()
            .take_while(|q| rest.by_ref().any(|a| a == *q))
            .count();
        if fitted == qualifiers.len() {
            return Ok(());
        }
        best = best.max(fitted);
    }
    Err(best)
}

/// `22, 10, 21 (in that order), or 235`.
fn describe_qualifiers(key: &AiSpec) -> String {
    let alternatives: Vec<String> = key
        .dl_qualifiers
        .unwrap_or_default()
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| {
            let list = a
                .iter()
                .map(|q| format!("({q})"))
                .collect::<Vec<_>>()
                .join(", ");
            if a.len() > 1 {
                format!("{list} in that order")
            } else {
                list
            }
        })
        .collect();
    if alternatives.is_empty() {
        "no key qualifiers".to_owned()
    } else {
        format!("only the key qualifiers {}", alternatives.join(", or "))
    }
}

fn check_qualifiers(path: &[Located]) -> Result<(), CodeError> {
    let Some((key, qualifiers)) = path.split_first() else {
        return Ok(());
    };
    let ais: Vec<&str> = qualifiers.iter().map(|q| q.spec.ai).collect();
    match qualifier_fit(key.spec, &ais) {
        Ok(()) => Ok(()),
        Err(i) => {
            let q = qualifiers.get(i).unwrap_or(key);
            Err(CodeError::rule_at(
                WHAT,
                q.ai_position,
                format!(
                    "AI ({}) cannot be a key qualifier here: {} takes {}",
                    q.spec.ai,
                    key.spec.label,
                    describe_qualifiers(key.spec)
                ),
            ))
        }
    }
}

/// A query element must not repeat an AI, must not be a key qualifier that belongs in the
/// path, and must be an AI permitted as a data attribute.
fn check_attribute(items: &[Located], path_count: usize, item: &Located) -> Result<(), CodeError> {
    let ai = item.spec.ai;
    let at = item.ai_position;
    if items.iter().any(|i| i.spec.ai == ai) {
        return Err(CodeError::rule_at(
            WHAT,
            at,
            format!("AI ({ai}) appears more than once"),
        ));
    }
    if let Some((key, qualifiers)) = items.get(..path_count).and_then(<[Located]>::split_first) {
        let ais: Vec<&str> = qualifiers.iter().map(|q| q.spec.ai).collect();
        let fits_in_path = (0..=ais.len()).any(|i| {
            let mut trial = ais.clone();
            trial.insert(i, ai);
            qualifier_fit(key.spec, &trial).is_ok()
        });
        if fits_in_path {
            return Err(CodeError::rule_at(
                WHAT,
                at,
                format!(
                    "AI ({ai}) is a key qualifier of {} and belongs in the path, not the query",
                    key.spec.label
                ),
            ));
        }
    }
    if !item.spec.dl_data_attribute {
        return Err(CodeError::rule_at(
            WHAT,
            at,
            format!(
                "{} is not permitted as a Digital Link data attribute",
                item.spec.label
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_characters() {
        let members: String = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_uri_char(c))
            .collect();
        let mut expected: Vec<char> = ('0'..='9').chain('A'..='Z').chain('a'..='z').collect();
        expected.extend("-._~:/?#[]@!$&'()*+,;=%".chars());
        expected.sort_unstable();
        assert_eq!(members, expected.into_iter().collect::<String>());
    }
}
