//! Recognisers written as configuration (`data/schemes.toml` is the built-in list).

use super::{Recogniser, RecogniserError};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    recogniser: Vec<Entry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    scheme: String,
    prefix: Option<String>,
    pattern: Option<String>,
    #[serde(default)]
    labelled: bool,
}

/// Reads a list of `[[recogniser]]` entries, in order.
pub(super) fn read(text: &str) -> Result<Vec<Recogniser>, RecogniserError> {
    let file: File = toml::from_str(text).map_err(|e| RecogniserError::Syntax(e.to_string()))?;
    file.recogniser
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let built = match (&e.prefix, &e.pattern) {
                (Some(prefix), None) => Recogniser::prefix(&e.scheme, prefix),
                (None, Some(pattern)) => Recogniser::pattern(&e.scheme, pattern),
                _ => Err(RecogniserError::Entry {
                    index: 0,
                    scheme: e.scheme.clone(),
                    rule: "give either prefix or pattern".into(),
                }),
            };
            match built {
                Ok(r) if e.labelled => Ok(r.labelled()),
                Ok(r) => Ok(r),
                Err(RecogniserError::Entry { scheme, rule, .. }) => Err(RecogniserError::Entry {
                    index: i + 1,
                    scheme,
                    rule,
                }),
                Err(other) => Err(other),
            }
        })
        .collect()
}
