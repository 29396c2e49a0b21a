//! 数字身份码: codes the platform issues for a batch without storing one row per code.
//!
//! Contract (filled in on the `platform-codes` branch): a code carries the issuing key's id,
//! the issuance (the platform's number for one issuing of codes to a batch) and the unit's
//! index, a keyed MAC, and a check character; `parse` checks structure and check character
//! without a key, `verify` checks the MAC with the key named by `key_id`.

use crate::CodeError;

/// A parsed (not yet verified) platform code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformCode {
    canonical: String,
}

impl PlatformCode {
    /// The scheme name used in keys: `yima:{canonical}`.
    pub const SCHEME: &'static str = "yima";

    /// Whether `input` is meant as a platform code (a cheap prefix test, so that a scan can
    /// tell which parser to report errors from).
    pub fn recognises(input: &str) -> bool {
        todo!("{input}")
    }

    /// Parses the printed or typed form (case and group separators forgiven) and checks the
    /// check character; the MAC is checked by `verify`.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        todo!("{input}")
    }

    /// The normalised form: what keys and labels use.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }
}
