//! 组织机构代码 (organisation code, GB 11714): eight characters `0-9A-Z` and a check character.

use crate::CodeError;

const WHAT: &str = "组织机构代码 (organisation code)";
const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A 组织机构代码 (organisation code) with a valid check character.
///
/// Held as nine characters without the hyphen that is usually printed before the check
/// character (`M000100Y-4` is held as `M000100Y4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganisationCode(String);

impl OrganisationCode {
    /// Parses eight characters of `0-9A-Z` (digits count 0–9, letters A=10 … Z=35) followed by
    /// the check character (`0-9`, or `X` for 10), with or without a hyphen before the check
    /// character; lower case is folded to upper.
    ///
    /// Check: weights 3 7 9 10 5 8 4 2, check = (11 − Σ mod 11) mod 11.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        if input.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        let chars: Vec<char> = input.chars().collect();
        // The hyphen may only stand before the check character.
        let hyphen = chars.len() == 10 && chars.get(8) == Some(&'-');
        let code: Vec<(usize, char)> = chars
            .iter()
            .enumerate()
            .filter(|&(i, _)| !(hyphen && i == 8))
            .map(|(i, c)| (i + 1, c.to_ascii_uppercase()))
            .collect();
        if let Some(&(position, _)) = code
            .iter()
            .take(8)
            .find(|(_, c)| !(c.is_ascii_digit() || c.is_ascii_uppercase()))
        {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position,
                found: chars.get(position - 1).copied().unwrap_or(' '),
                rule: "the body is digits 0-9 and letters A-Z",
            });
        }
        if code.len() != 9 {
            return Err(CodeError::Length {
                what: WHAT,
                found: chars.len(),
                rule: "nine characters, or ten with a hyphen before the check character",
            });
        }
        let body: String = code.iter().take(8).map(|&(_, c)| c).collect();
        let expected = check_character(&body).ok_or(CodeError::Length {
            what: WHAT,
            found: chars.len(),
            rule: "eight characters before the check character",
        })?;
        let (position, found) = code.get(8).copied().unwrap_or((9, ' '));
        if !(found.is_ascii_digit() || found == 'X') {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position,
                found: chars.get(position - 1).copied().unwrap_or(found),
                rule: "the check character is a digit 0-9 or X",
            });
        }
        if found != expected {
            return Err(CodeError::CheckCharacter {
                what: WHAT,
                found,
                expected,
            });
        }
        Ok(Self(format!("{body}{found}")))
    }

    /// The nine characters without hyphen.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The printed form `XXXXXXXX-C`.
    pub fn to_hyphenated(&self) -> String {
        let (body, check) = self.0.split_at(8.min(self.0.len()));
        format!("{body}-{check}")
    }
}

/// The check character of eight body characters `0-9A-Z` (upper case), or None when `body` is
/// not such.
pub(crate) fn check_character(body: &str) -> Option<char> {
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(WEIGHTS) {
        if !(c.is_ascii_digit() || c.is_ascii_uppercase()) {
            return None;
        }
        sum += c.to_digit(36)? * w;
    }
    match (11 - sum % 11) % 11 {
        10 => Some('X'),
        n => char::from_digit(n, 10),
    }
}

impl std::fmt::Display for OrganisationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for OrganisationCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OrganisationCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<OrganisationCode> for String {
    fn from(c: OrganisationCode) -> Self {
        c.0
    }
}
