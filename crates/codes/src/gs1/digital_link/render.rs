//! Writing a Digital Link URI for an element string: which element goes into the path and
//! which into the query, and in what order.

use crate::gs1::ai::{AiSpec, lookup_ai};
use crate::gs1::element_string::ElementString;
use crate::gs1::uri;

/// Where each element of an element string goes in a Digital Link.
pub(super) struct Layout {
    /// Indexes of the primary key and its qualifiers, in path order.
    pub path: Vec<usize>,
    /// Indexes of the data attributes, in query order (predefined length first).
    pub attributes: Vec<usize>,
}

impl Layout {
    /// None when the string has no primary key.
    ///
    /// Of the key's qualifier sequences, the one chosen leaves only data attributes for the
    /// query if any does, and then covers the most elements (the first on a tie): `(01)(10)(235)`
    /// becomes `/01/…/235/…?10=…`, since (235) cannot be a data attribute.
    pub(super) fn of(elements: &ElementString) -> Option<Self> {
        let els = elements.elements();
        let spec_of = |i: usize| els.get(i).and_then(|(ai, _)| lookup_ai(ai));
        let key = (0..els.len()).find(|&i| spec_of(i).is_some_and(AiSpec::is_dl_primary_key))?;
        let alternatives = spec_of(key)
            .and_then(|s| s.dl_qualifiers)
            .unwrap_or_default();
        let mut best: Option<((bool, usize), Self)> = None;
        for alternative in alternatives.iter().copied().chain(std::iter::once(&[][..])) {
            let layout = Self::with_qualifiers(els, key, alternative);
            let valid = layout
                .attributes
                .iter()
                .all(|&i| spec_of(i).is_some_and(|s| s.dl_data_attribute));
            let score = (valid, layout.path.len());
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, layout));
            }
        }
        best.map(|(_, layout)| layout)
    }

    fn with_qualifiers(els: &[(String, String)], key: usize, qualifiers: &[&str]) -> Self {
        let mut path = vec![key];
        for q in qualifiers {
            if let Some(i) = els.iter().position(|(ai, _)| ai == q) {
                path.push(i);
            }
        }
        let fixed = |ai: &str| lookup_ai(ai).is_some_and(|s| s.predefined_length);
        let mut attributes: Vec<usize> = Vec::new();
        for want_fixed in [true, false] {
            for (i, (ai, value)) in els.iter().enumerate() {
                let repeated = path
                    .iter()
                    .chain(attributes.iter())
                    .any(|&j| els.get(j).is_some_and(|(a, v)| a == ai && v == value));
                if fixed(ai) == want_fixed && !repeated && !path.contains(&i) {
                    attributes.push(i);
                }
            }
        }
        Self { path, attributes }
    }
}

/// Renders the URI; when the string has no primary key (possible only for a `DigitalLink`
/// built by hand), every element goes into the query.
pub(super) fn render(elements: &ElementString, stem: &str, with_attributes: bool) -> String {
    let els = elements.elements();
    let stem = stem.trim_end_matches('/');
    let layout = Layout::of(elements).unwrap_or(Layout {
        path: Vec::new(),
        attributes: (0..els.len()).collect(),
    });
    let mut out = stem.to_owned();
    for (ai, value) in layout.path.iter().filter_map(|&i| els.get(i)) {
        out.push('/');
        out.push_str(ai);
        out.push('/');
        out.push_str(&uri::encode(value));
    }
    if with_attributes && !layout.attributes.is_empty() {
        let query: Vec<String> = layout
            .attributes
            .iter()
            .filter_map(|&i| els.get(i))
            .map(|(ai, value)| format!("{ai}={}", uri::encode(value)))
            .collect();
        out.push('?');
        out.push_str(&query.join("&"));
    }
    out
}
