//! CCC (China Compulsory Certification) certificate numbers.

use crate::CodeError;

const WHAT: &str = "CCC certificate number";

/// A 16-digit CCC certificate number: year (4), body (2), category (4), sequence (6).
///
/// The number has no check digit, so only its shape and a plausible issue year (2001, when
/// CCC began, to 2099) can be verified; whether a certificate exists and is valid is a question
/// for the certification body. Older 12-character numbers are not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CccCertificateNumber(String);

impl CccCertificateNumber {
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        if input.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        if let Some((i, c)) = input.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: i + 1,
                found: c,
                rule: "digits 0-9 only",
            });
        }
        if input.len() != 16 {
            return Err(CodeError::Length {
                what: WHAT,
                found: input.len(),
                rule: "16 digits: year (4), certification body (2), category (4), sequence (6)",
            });
        }
        let year: u16 = input.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        if !(2001..=2099).contains(&year) {
            return Err(CodeError::rule_at(
                WHAT,
                1,
                format!("issue year {year} is not plausible (2001-2099)"),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The year the certificate was issued (digits 1–4).
    pub fn year(&self) -> u16 {
        self.0.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
    }

    /// The certification body code (digits 5–6; `01` is CQC).
    pub fn body(&self) -> &str {
        self.0.get(4..6).unwrap_or_default()
    }

    /// The product category code (digits 7–10).
    pub fn category(&self) -> &str {
        self.0.get(6..10).unwrap_or_default()
    }

    /// The sequence number (digits 11–16).
    pub fn sequence(&self) -> &str {
        self.0.get(10..16).unwrap_or_default()
    }
}

impl std::fmt::Display for CccCertificateNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for CccCertificateNumber {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CccCertificateNumber {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CccCertificateNumber> for String {
    fn from(c: CccCertificateNumber) -> Self {
        c.0
    }
}
