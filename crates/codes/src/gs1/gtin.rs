//! Global Trade Item Number: GTIN-8, -12, -13 and -14, held as GTIN-14.

use super::check::verify_check_digit;
use crate::CodeError;

const WHAT: &str = "GTIN";

/// A GTIN with a valid check digit, normalised to 14 digits by left-padding with zeros.
///
/// Padding keeps the check digit valid (weights run from the right), so the GTIN-13
/// `9520123456788` and the GTIN-14 `09520123456788` are the same value here.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

impl Gtin {
    /// Parses 8, 12, 13 or 14 digits and verifies the check digit.
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
        if !matches!(input.len(), 8 | 12 | 13 | 14) {
            return Err(CodeError::Length {
                what: WHAT,
                found: input.len(),
                rule: "a GTIN has 8, 12, 13 or 14 digits",
            });
        }
        verify_check_digit(WHAT, input)?;
        Ok(Self(format!("{input:0>14}")))
    }

    /// The GTIN of an AI (01) value that has already been validated (14 digits, check digit
    /// right), without checking it again.
    pub(crate) fn from_validated_ai01(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The 14-digit form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Gtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Gtin {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Gtin {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Gtin> for String {
    fn from(g: Gtin) -> Self {
        g.0
    }
}
