//! Industrial product production-licence numbers (全国工业产品生产许可证编号).

use crate::CodeError;

const WHAT: &str = "production licence number";

/// The abbreviations (简称) of the 34 province-level divisions, with the alternative forms
/// in use for some of them (川/蜀, 贵/黔, 云/滇, 陕/秦, 甘/陇).
pub const PROVINCE_ABBREVIATIONS: &[&str] = &[
    "京", "津", "冀", "晋", "蒙", "辽", "吉", "黑", "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
    "鄂", "湘", "粤", "桂", "琼", "渝", "川", "蜀", "贵", "黔", "云", "滇", "藏", "陕", "秦", "甘",
    "陇", "青", "宁", "新", "港", "澳", "台",
];

/// A production-licence number `XK12-001-00018`, optionally with a province prefix `(鄂)`.
///
/// `XK` + industry (2 digits) + product (3 digits) + enterprise (5 digits). Held in the
/// hyphenated form, with an ASCII-bracketed province prefix when there is one:
/// `(鄂)XK12-001-00018`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicenceNumber(String);

impl LicenceNumber {
    /// Parses `XK12-001-00018` or `XK1200100018` (hyphens optional, `xk` folded to `XK`),
    /// optionally preceded by a province abbreviation in ASCII or full-width brackets:
    /// `(鄂)` or `（鄂）`.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        if input.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        let chars: Vec<char> = input.chars().collect();
        let at = |i: usize| chars.get(i).copied();
        let mut i = 0;
        let mut province = None;
        if let Some(open @ ('(' | '（')) = at(0) {
            let close = if open == '(' { ')' } else { '）' };
            let Some(end) = chars.iter().position(|&c| c == close) else {
                return Err(CodeError::rule_at(
                    WHAT,
                    1,
                    format!("'{open}' is not closed by '{close}'"),
                ));
            };
            let name: String = chars.get(1..end).unwrap_or_default().iter().collect();
            let Some(abbreviation) = PROVINCE_ABBREVIATIONS.iter().find(|&&p| p == name) else {
                return Err(CodeError::rule_at(
                    WHAT,
                    2,
                    format!("{name:?} is not the abbreviation of a province-level division"),
                ));
            };
            province = Some(*abbreviation);
            i = end + 1;
        }
        for expected in ['X', 'K'] {
            match at(i) {
                Some(c) if c.to_ascii_uppercase() == expected => i += 1,
                Some(found) => {
                    return Err(CodeError::InvalidCharacter {
                        what: WHAT,
                        position: i + 1,
                        found,
                        rule: "the number starts with XK",
                    });
                }
                None => return Err(truncated(chars.len())),
            }
        }
        let mut groups = Vec::with_capacity(3);
        for (n, width) in [2, 3, 5].into_iter().enumerate() {
            if n > 0 && at(i) == Some('-') {
                i += 1;
            }
            let mut group = String::with_capacity(width);
            for _ in 0..width {
                match at(i) {
                    Some(c) if c.is_ascii_digit() => group.push(c),
                    Some(found) => {
                        return Err(CodeError::InvalidCharacter {
                            what: WHAT,
                            position: i + 1,
                            found,
                            rule: "XK + industry (2 digits) - product (3 digits) - enterprise (5 digits)",
                        });
                    }
                    None => return Err(truncated(chars.len())),
                }
                i += 1;
            }
            groups.push(group);
        }
        if let Some(found) = at(i) {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: i + 1,
                found,
                rule: "nothing may follow the 5-digit enterprise number",
            });
        }
        let prefix = province.map(|p| format!("({p})")).unwrap_or_default();
        Ok(Self(format!("{prefix}XK{}", groups.join("-"))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province abbreviation of a provincial licence, e.g. `鄂`.
    pub fn province(&self) -> Option<&str> {
        self.0
            .strip_prefix('(')
            .and_then(|rest| rest.split_once(')'))
            .map(|(p, _)| p)
    }

    /// `XK12-001-00018` without the province prefix.
    pub fn number(&self) -> &str {
        self.0
            .find("XK")
            .and_then(|i| self.0.get(i..))
            .unwrap_or_default()
    }

    /// The two-digit industry code.
    pub fn industry(&self) -> &str {
        self.number().get(2..4).unwrap_or_default()
    }

    /// The three-digit product code.
    pub fn product(&self) -> &str {
        self.number().get(5..8).unwrap_or_default()
    }

    /// The five-digit enterprise number.
    pub fn enterprise(&self) -> &str {
        self.number().get(9..14).unwrap_or_default()
    }
}

fn truncated(found: usize) -> CodeError {
    CodeError::Length {
        what: WHAT,
        found,
        rule: "XK + 2 + 3 + 5 digits, e.g. XK12-001-00018",
    }
}

impl std::fmt::Display for LicenceNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for LicenceNumber {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for LicenceNumber {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<LicenceNumber> for String {
    fn from(c: LicenceNumber) -> Self {
        c.0
    }
}
