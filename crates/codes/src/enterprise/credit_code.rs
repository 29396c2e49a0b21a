//! 统一社会信用代码 (unified social credit code, GB 32100).

use super::OrganisationCode;
use crate::CodeError;

const WHAT: &str = "统一社会信用代码 (unified social credit code)";
/// The 31 characters of the code, in value order 0–30 (no I, O, S, V, Z).
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A 统一社会信用代码 (unified social credit code) with a valid check character.
///
/// Structure: registering authority (1), organisation category (1), GB/T 2260 region of the
/// registering authority (6 digits), subject identifier — the 组织机构代码 — (9), check (1).
///
/// The subject identifier is an organisation code with its own GB 11714 check character, but
/// that check is not enforced here: it could not be confirmed to hold for every code issued
/// (see [`CreditCode::organisation_code`]).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses 18 characters of `0-9ABCDEFGHJKLMNPQRTUWXY`; lower case is folded to upper.
    ///
    /// Check: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 for positions 1–17,
    /// check value = (31 − Σ mod 31) mod 31, written with the same alphabet.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        if input.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        let chars: Vec<char> = input.chars().collect();
        let mut values = Vec::with_capacity(18);
        for (i, &c) in chars.iter().enumerate() {
            let upper = c.to_ascii_uppercase();
            let Some(v) = ALPHABET.find(upper) else {
                return Err(CodeError::InvalidCharacter {
                    what: WHAT,
                    position: i + 1,
                    found: c,
                    rule: "digits 0-9 and letters A-Z except I, O, S, V, Z",
                });
            };
            if (2..8).contains(&i) && !upper.is_ascii_digit() {
                return Err(CodeError::InvalidCharacter {
                    what: WHAT,
                    position: i + 1,
                    found: c,
                    rule: "positions 3-8 are the GB/T 2260 region code, digits only",
                });
            }
            values.push(u32::try_from(v).unwrap_or(0));
        }
        if chars.len() != 18 {
            return Err(CodeError::Length {
                what: WHAT,
                found: chars.len(),
                rule: "18 characters",
            });
        }
        let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        let expected_value = (31 - sum % 31) % 31;
        let expected = char_of(expected_value);
        let found = chars.get(17).map_or(' ', char::to_ascii_uppercase);
        if values.get(17) != Some(&expected_value) {
            return Err(CodeError::CheckCharacter {
                what: WHAT,
                found,
                expected,
            });
        }
        Ok(Self(chars.iter().map(char::to_ascii_uppercase).collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit GB/T 2260 region code of the registering authority (positions 3–8).
    pub fn region(&self) -> &str {
        &self.0[2..8]
    }

    /// The registering-authority code (position 1), e.g. `9` for market regulation (工商).
    pub fn registering_authority(&self) -> char {
        self.0.chars().next().unwrap_or('0')
    }

    /// The organisation-category code (position 2).
    pub fn category(&self) -> char {
        self.0.chars().nth(1).unwrap_or('0')
    }

    /// The subject identifier (positions 9–17) as an organisation code, if its GB 11714 check
    /// character is valid. GB 32100 builds the subject identifier as an organisation code, so
    /// a failure here is worth a warning, but not a rejection: it is not confirmed that every
    /// code in circulation passes it.
    pub fn organisation_code(&self) -> Result<OrganisationCode, CodeError> {
        OrganisationCode::parse(self.0.get(8..17).unwrap_or_default())
    }
}

fn char_of(value: u32) -> char {
    usize::try_from(value)
        .ok()
        .and_then(|i| ALPHABET.as_bytes().get(i))
        .map_or('0', |&b| char::from(b))
}

impl std::fmt::Display for CreditCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for CreditCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> Self {
        c.0
    }
}
