//! Why a recogniser, or a list of them read from configuration, was refused.

/// Why a recogniser could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecogniserError {
    /// The text is not TOML of the expected shape (the message names line and column).
    #[error("recognisers: {0}")]
    Syntax(String),
    /// A scheme name breaks the naming rule.
    #[error("scheme name {name:?}: {rule}")]
    SchemeName { name: String, rule: &'static str },
    /// A recogniser's prefix or pattern is unusable. `index` counts entries from 1 in the
    /// configuration (0 when the recogniser was built in code).
    #[error("recogniser {index} (scheme {scheme:?}): {rule}")]
    Entry {
        index: usize,
        scheme: String,
        rule: String,
    },
}
