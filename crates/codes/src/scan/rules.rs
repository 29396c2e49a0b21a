//! The rules a scan is read by: which other systems' identifiers are recognised, and the
//! Ecode structure. Both are data; a deployment adds a province's schemes or corrects the
//! Ecode lengths by configuration, without a new build.

use super::Scan;
use crate::CodeError;
use crate::ecode::{EcodeTable, EcodeTableError};
use crate::schemes::{RecogniserError, Recognisers};

/// Why configured rules were refused.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("schemes: {0}")]
    Schemes(#[from] RecogniserError),
    #[error("Ecode table: {0}")]
    Ecode(#[from] EcodeTableError),
}

/// The recognisers of other schemes and the Ecode table, as one value to parse with.
#[derive(Debug, Clone)]
pub struct CodeRules {
    recognisers: Recognisers,
    ecode: EcodeTable,
}

impl Default for CodeRules {
    fn default() -> Self {
        Self {
            recognisers: Recognisers::builtin().clone(),
            ecode: EcodeTable::builtin().clone(),
        }
    }
}

impl CodeRules {
    /// The built-in rules, with the recognisers of `schemes_toml` added after the built-in
    /// ones and the Ecode table replaced by `ecode_toml`, when given.
    pub fn configured(
        schemes_toml: Option<&str>,
        ecode_toml: Option<&str>,
    ) -> Result<Self, RulesError> {
        let mut rules = Self::default();
        if let Some(text) = schemes_toml {
            rules.recognisers.extend_from_toml(text)?;
        }
        if let Some(text) = ecode_toml {
            rules.ecode = EcodeTable::from_toml(text)?;
        }
        Ok(rules)
    }

    /// Parses what a scanner or a person delivered, by these rules.
    pub fn parse(&self, input: &str) -> Result<Scan, CodeError> {
        Scan::parse_with(input, &self.recognisers, &self.ecode)
    }
}
