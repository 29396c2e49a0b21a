//! The Ecode table: for each version, how long its NSI and master data are and which
//! characters the master data takes.
//!
//! The lengths are not confirmed from the text of GB/T 31866, so the table is data
//! (`data/ecode.toml`, compiled in) that configuration may replace with [`EcodeTable::from_toml`].

use std::sync::OnceLock;

/// The built-in table, as configuration would write it.
const BUILTIN: &str = include_str!("../../data/ecode.toml");

/// Most digits an NSI may be configured to have: more is a typing mistake, not a standard.
const MAX_NSI_LENGTH: usize = 10;

/// Most characters master data may be configured to have.
const MAX_MD_LENGTH: usize = 100;

/// Why an Ecode table could not be built from configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcodeTableError {
    /// The text is not TOML of the expected shape (the message names line and column).
    #[error("Ecode table: {0}")]
    Syntax(String),
    /// An entry breaks a rule of the table.
    #[error("Ecode table, version {version}: {rule}")]
    Entry { version: u8, rule: String },
}

/// Which characters master data may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MdCharset {
    /// `0-9`.
    Digits,
    /// `0-9`, `A-Z`, `a-z`.
    Alphanumeric,
}

impl MdCharset {
    pub fn contains(self, c: char) -> bool {
        match self {
            Self::Digits => c.is_ascii_digit(),
            Self::Alphanumeric => c.is_ascii_alphanumeric(),
        }
    }

    /// The rule to quote when a character is outside the set.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Digits => "Ecode master data of this version: digits 0-9 only",
            Self::Alphanumeric => {
                "Ecode master data of this version: letters A-Z, a-z and digits 0-9 only"
            }
        }
    }
}

/// The structure of one Ecode version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcodeVersion {
    /// The V digit.
    pub version: u8,
    /// Digits of the numbering-system identifier.
    pub nsi_length: usize,
    /// Fewest characters of master data.
    #[serde(default = "one")]
    pub md_min: usize,
    /// Most characters of master data.
    pub md_max: usize,
    pub md_charset: MdCharset,
    /// The NSIs allocated for this version; empty means any.
    #[serde(default)]
    pub nsis: Vec<String>,
}

fn one() -> usize {
    1
}

impl EcodeVersion {
    /// Whether `nsi` may be used with this version.
    pub fn allows_nsi(&self, nsi: &str) -> bool {
        self.nsis.is_empty() || self.nsis.iter().any(|n| n == nsi)
    }

    fn check(&self) -> Result<(), EcodeTableError> {
        let fail = |rule: String| {
            Err(EcodeTableError::Entry {
                version: self.version,
                rule,
            })
        };
        if self.version == 0 {
            return fail(
                "V0 is reserved for GS1 codes, which are parsed as GS1; it takes no entry".into(),
            );
        }
        if self.version > 9 {
            return fail("the version is one digit, 1-9".into());
        }
        if !(1..=MAX_NSI_LENGTH).contains(&self.nsi_length) {
            return fail(format!("nsi_length must be 1 to {MAX_NSI_LENGTH}"));
        }
        if self.md_min == 0 || self.md_min > self.md_max || self.md_max > MAX_MD_LENGTH {
            return fail(format!(
                "need 1 <= md_min <= md_max <= {MAX_MD_LENGTH} (md_min {}, md_max {})",
                self.md_min, self.md_max
            ));
        }
        if let Some(bad) = self
            .nsis
            .iter()
            .find(|n| n.len() != self.nsi_length || !n.bytes().all(|b| b.is_ascii_digit()))
        {
            return fail(format!(
                "NSI {bad:?} in nsis is not {} digits",
                self.nsi_length
            ));
        }
        Ok(())
    }
}

/// The structure of every Ecode version the platform accepts, by V digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcodeTable {
    /// Sorted by version, one entry per version.
    versions: Vec<EcodeVersion>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    #[serde(default)]
    version: Vec<EcodeVersion>,
}

impl EcodeTable {
    /// The built-in table (`data/ecode.toml`).
    pub fn builtin() -> &'static Self {
        static TABLE: OnceLock<EcodeTable> = OnceLock::new();
        // The built-in text is tested to parse; were it ever broken, no Ecode would be
        // accepted, which a test would notice, rather than every scan panicking.
        TABLE.get_or_init(|| Self::from_toml(BUILTIN).unwrap_or_else(|_| Self::empty()))
    }

    /// A table that accepts no Ecode at all.
    pub fn empty() -> Self {
        Self {
            versions: Vec::new(),
        }
    }

    /// Builds a table from configuration written like `data/ecode.toml`: a list of
    /// `[[version]]` entries, each with `version`, `nsi_length`, `md_max`, `md_charset`, and
    /// optionally `md_min` and `nsis`.
    pub fn from_toml(text: &str) -> Result<Self, EcodeTableError> {
        let file: TableFile =
            toml::from_str(text).map_err(|e| EcodeTableError::Syntax(e.to_string()))?;
        Self::new(file.version)
    }

    /// Builds a table from entries, checking each and that no version appears twice.
    pub fn new(mut versions: Vec<EcodeVersion>) -> Result<Self, EcodeTableError> {
        for v in &versions {
            v.check()?;
        }
        versions.sort_by_key(|v| v.version);
        if let Some(w) = versions.windows(2).find(|w| w[0].version == w[1].version) {
            return Err(EcodeTableError::Entry {
                version: w[0].version,
                rule: "appears more than once".into(),
            });
        }
        Ok(Self { versions })
    }

    /// The entry for the V digit `version`.
    pub fn version(&self, version: u8) -> Option<&EcodeVersion> {
        self.versions.iter().find(|v| v.version == version)
    }

    /// Every entry, by version.
    pub fn versions(&self) -> &[EcodeVersion] {
        &self.versions
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn builtin_parses_to_the_documented_lengths() {
        let table = EcodeTable::from_toml(BUILTIN).unwrap();
        assert_eq!(&table, EcodeTable::builtin());
        let lengths: Vec<_> = table
            .versions()
            .iter()
            .map(|v| (v.version, v.nsi_length, v.md_min, v.md_max, v.md_charset))
            .collect();
        assert_eq!(
            lengths,
            [
                (1, 4, 1, 20, MdCharset::Digits),
                (2, 4, 1, 28, MdCharset::Digits),
                (3, 5, 1, 39, MdCharset::Alphanumeric),
            ]
        );
    }

    #[test]
    fn bad_tables_are_refused() {
        let entry = |body: &str| format!("[[version]]\n{body}\n");
        for (text, needle) in [
            (
                entry("version = 0\nnsi_length = 4\nmd_max = 9\nmd_charset = \"digits\""),
                "reserved for GS1",
            ),
            (
                entry("version = 12\nnsi_length = 4\nmd_max = 9\nmd_charset = \"digits\""),
                "one digit",
            ),
            (
                entry("version = 1\nnsi_length = 0\nmd_max = 9\nmd_charset = \"digits\""),
                "nsi_length",
            ),
            (
                entry(
                    "version = 1\nnsi_length = 4\nmd_min = 5\nmd_max = 4\nmd_charset = \"digits\"",
                ),
                "md_min",
            ),
            (
                entry("version = 1\nnsi_length = 4\nmd_max = 9\nmd_charset = \"hex\""),
                "unknown variant",
            ),
            (
                entry(
                    "version = 1\nnsi_length = 4\nmd_max = 9\nmd_charset = \"digits\"\nnsis = [\"12\"]",
                ),
                "not 4 digits",
            ),
            (
                entry(
                    "version = 1\nnsi_length = 4\nmd_max = 9\nmd_charset = \"digits\"\ncheck = true",
                ),
                "unknown field",
            ),
            (
                format!(
                    "{0}{0}",
                    entry("version = 1\nnsi_length = 4\nmd_max = 9\nmd_charset = \"digits\"")
                ),
                "more than once",
            ),
            ("version = [".to_owned(), "Ecode table"),
        ] {
            let e = EcodeTable::from_toml(&text).unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
        assert_eq!(EcodeTable::from_toml("").unwrap(), EcodeTable::empty());
    }
}
