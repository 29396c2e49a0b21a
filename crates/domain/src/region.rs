//! GB/T 2260 administrative division codes: six digits, province (2) + city (2) + county (2).

use std::fmt;

/// The province-level prefixes of GB/T 2260 (31 provinces, Taiwan, Hong Kong, Macao).
const PROVINCES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

/// A six-digit region code whose province prefix exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{s:?} is not a six-digit GB/T 2260 code"));
        }
        if !PROVINCES.contains(&&s[..2]) {
            return Err(format!("{:?} is not a GB/T 2260 province prefix", &s[..2]));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province's code: the first two digits followed by `0000`.
    pub fn province(&self) -> RegionCode {
        RegionCode(format!("{}0000", &self.0[..2]))
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_provinces_only() {
        assert_eq!(
            RegionCode::parse("350100").map(|r| r.province().0),
            Ok("350000".into())
        );
        assert!(
            RegionCode::parse("990100")
                .unwrap_err()
                .contains("province")
        );
        assert!(RegionCode::parse("3501").unwrap_err().contains("six-digit"));
        assert!(RegionCode::parse("35010a").is_err());
    }
}
