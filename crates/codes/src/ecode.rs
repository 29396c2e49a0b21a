//! Ecode (物联网标识编码, GB/T 31866): V + NSI + MD. Filled in on the `ecode-schemes` branch.

use crate::CodeError;

/// A parsed Ecode; the raw string is kept exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ecode {
    raw: String,
}

impl Ecode {
    pub const SCHEME: &'static str = "ecode";

    pub fn parse(input: &str) -> Result<Self, CodeError> {
        todo!("{input}")
    }

    /// The code exactly as given (trimmed).
    pub fn raw(&self) -> &str {
        &self.raw
    }
}
