//! Ecode (物联网标识编码, GB/T 31866-2023): V (version, one digit) + NSI (numbering-system
//! identifier) + MD (master data).
//!
//! What is confirmed from public descriptions of the standard family is the structure, the
//! versions V0–V3, and that V0 is reserved for GS1 codes (stored in a 1D barcode without V and
//! NSI, as the GS1 code itself). How long NSI and MD are, and which characters MD takes, is
//! not confirmed: it comes from an [`EcodeTable`] that configuration may replace. No check
//! character is confirmed, so none is verified.

mod table;

pub use table::{EcodeTable, EcodeTableError, EcodeVersion, MdCharset};

use crate::CodeError;

const WHAT: &str = "Ecode";

/// A parsed Ecode; the raw string is kept exactly (surrounding white space removed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ecode {
    raw: String,
    version: u8,
    /// Byte offset in `raw` where the master data starts (V and NSI are ASCII digits).
    md_start: usize,
}

impl Ecode {
    pub const SCHEME: &'static str = "ecode";

    /// Parses an Ecode by the built-in table ([`EcodeTable::builtin`]).
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        Self::parse_with(EcodeTable::builtin(), input)
    }

    /// Parses an Ecode by `table`. Surrounding white space is ignored; error positions count
    /// characters of `input` as given.
    ///
    /// Version 0 is refused with a pointer to GS1: an Ecode-V0 is a GS1 code, which the GS1
    /// parsers read (a scan does so before it tries Ecode).
    pub fn parse_with(table: &EcodeTable, input: &str) -> Result<Self, CodeError> {
        let raw = input.trim();
        let lead = input
            .get(..input.len() - input.trim_start().len())
            .map_or(0, |s| s.chars().count());
        let at = |i: usize| lead + i + 1; // position of the character at 0-based index i of raw
        let mut chars = raw.chars();
        let Some(first) = chars.next() else {
            return Err(CodeError::Empty { what: WHAT });
        };
        let Some(version) = first.to_digit(10).and_then(|d| u8::try_from(d).ok()) else {
            return Err(CodeError::InvalidCharacter {
                what: WHAT,
                position: at(0),
                found: first,
                rule: "an Ecode starts with its version V, one digit",
            });
        };
        if version == 0 {
            return Err(CodeError::rule_at(
                WHAT,
                at(0),
                "version 0 (Ecode-V0) is reserved for GS1 codes: give the GS1 code itself \
                 (GTIN, element string or Digital Link URI)",
            ));
        }
        let Some(spec) = table.version(version) else {
            let known: Vec<String> = table
                .versions()
                .iter()
                .map(|v| format!("V{}", v.version))
                .collect();
            return Err(CodeError::rule_at(
                WHAT,
                at(0),
                format!(
                    "version {version} is not in the Ecode table (known: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        };
        for i in 1..=spec.nsi_length {
            match chars.next() {
                None => {
                    return Err(CodeError::rule_at(
                        WHAT,
                        at(i),
                        format!(
                            "the code ends inside the NSI: version {version} has a {}-digit NSI after V",
                            spec.nsi_length
                        ),
                    ));
                }
                Some(c) if !c.is_ascii_digit() => {
                    return Err(CodeError::InvalidCharacter {
                        what: WHAT,
                        position: at(i),
                        found: c,
                        rule: "the NSI (numbering-system identifier) has digits 0-9 only",
                    });
                }
                Some(_) => {}
            }
        }
        // V and NSI are ASCII digits, so their byte length is their character count.
        let md_start = 1 + spec.nsi_length;
        let nsi = raw.get(1..md_start).unwrap_or_default();
        if !spec.allows_nsi(nsi) {
            return Err(CodeError::rule_at(
                WHAT,
                at(1),
                format!("NSI {nsi} is not allocated for version {version} (Ecode table)"),
            ));
        }
        let mut md_len = 0;
        for (i, c) in chars.enumerate() {
            if i == spec.md_max {
                return Err(CodeError::rule_at(
                    WHAT,
                    at(md_start + i),
                    format!(
                        "version {version} master data has at most {} characters; this has {}",
                        spec.md_max,
                        raw.get(md_start..).map_or(0, |md| md.chars().count())
                    ),
                ));
            }
            if !spec.md_charset.contains(c) {
                return Err(CodeError::InvalidCharacter {
                    what: WHAT,
                    position: at(md_start + i),
                    found: c,
                    rule: spec.md_charset.rule(),
                });
            }
            md_len += 1;
        }
        if md_len < spec.md_min {
            return Err(CodeError::rule_at(
                WHAT,
                at(md_start + md_len),
                format!(
                    "version {version} master data needs at least {} characters; this has {md_len}",
                    spec.md_min
                ),
            ));
        }
        Ok(Self {
            raw: raw.to_owned(),
            version,
            md_start,
        })
    }

    /// The code exactly as given (trimmed).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The version V.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The numbering-system identifier.
    pub fn nsi(&self) -> &str {
        self.raw.get(1..self.md_start).unwrap_or_default()
    }

    /// The master data.
    pub fn master_data(&self) -> &str {
        self.raw.get(self.md_start..).unwrap_or_default()
    }
}

impl std::fmt::Display for Ecode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.raw)
    }
}

impl std::str::FromStr for Ecode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
