//! 数字身份码: codes the platform issues for a batch without storing one row per code.
//!
//! The platform keeps one row per *issuance* (key id, batch, count); each code carries the
//! issuing key's id, the issuance number and the unit's index within it, authenticated by a
//! keyed MAC, so that the resolver can tell a code it issued from a guessed one with the key
//! alone, and find the batch through the issuance.
//!
//! # Format (version 1)
//!
//! ```text
//! printed    YM-4002-0000-00G0-000V-AXM1-3Q56   (32 characters)
//! canonical  YM4002000000G0000VAXM13Q56         (26 characters)
//!            ├┘└─────────────────────┘└ check character
//!            │  23 data characters: version, key id, issuance, index, tag (115 bits)
//!            prefix
//! ```
//!
//! (Key 1, issuance 1, index 0; the known-answer tests in `tests/platform.rs` give its secret.)
//!
//! - Alphabet: Crockford's base32, `0-9A-Z` without `I L O U` (see `alphabet.rs`): read in
//!   any case, with `I`/`L` read as `1` and `O` as `0`, hyphens and white space ignored
//!   anywhere, full-width forms from Chinese input methods folded.
//! - Fields, most significant bit first: version (3 bits, 1), key id (16), issuance (32),
//!   index (24: up to [`PlatformCode::MAX_INDEX`] = 16,777,215), tag (40): see `layout.rs`.
//! - Tag: SipHash-2-4 over the field bits under the key's secret, truncated to 40 bits, so a
//!   guess is accepted with probability 2⁻⁴⁰ ≈ 9.1 × 10⁻¹³: see `key.rs` for why.
//! - Check character: a weighted sum over GF(32) that catches every single-character error
//!   and every transposition of neighbours: see `check.rs` for the proof.
//! - Prefix `YM`: letters, so never a GS1 element string (digits or `(`), a GTIN, an Ecode
//!   (digits), a Digital Link URI (`http`), a scanner's symbology identifier (`]`), or a
//!   credit code (whose authority `Y` is only followed by category `1`).
//!
//! The canonical form includes the prefix, so that it is recognisable and parseable on its own;
//! keys are `yima:{canonical}`.

mod alphabet;
mod check;
mod issue;
mod key;
mod layout;
mod parse;

use std::fmt;

pub use issue::IssueRange;
pub use key::{IssuingKey, SECRET_LEN};
use layout::{BODY_SYMBOLS, Fields};

use crate::CodeError;

const WHAT: &str = "platform code (数字身份码)";
const PREFIX: &str = "YM";
const CANONICAL_LEN: usize = PREFIX.len() + BODY_SYMBOLS;
/// Characters per printed group.
const GROUP: usize = 4;

/// A platform code whose structure and check character are valid; whether the platform
/// issued it is for [`PlatformCode::verify`] to say.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PlatformCode {
    /// The canonical form in ASCII: fixed size, so that issuing a range allocates nothing.
    canonical: [u8; CANONICAL_LEN],
    fields: Fields,
    tag: u64,
}

impl PlatformCode {
    /// The scheme name used in keys: `yima:{canonical}`.
    pub const SCHEME: &'static str = "yima";
    /// The largest issuance number a code can carry (2³² − 1).
    pub const MAX_ISSUANCE: u64 = issue::MAX_ISSUANCE;
    /// The largest unit index a code can carry (2²⁴ − 1): an issuance holds up to 16,777,216
    /// codes; a batch that needs more gets several issuances.
    pub const MAX_INDEX: u64 = issue::MAX_INDEX;

    /// Whether `input` is meant as a platform code: its first characters, hyphens and white
    /// space aside, are `YM` in any case. Cheap, and no other scheme's codes begin so, so a
    /// scan can report this parser's errors for anything that passes.
    pub fn recognises(input: &str) -> bool {
        parse::has_prefix(input)
    }

    /// Parses the printed or typed form (case, look-alikes and group separators forgiven) and
    /// checks the check character and version; the MAC is checked by [`PlatformCode::verify`].
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let parsed = parse::parse(input)?;
        Ok(Self::assemble(parsed.fields, parsed.tag, parsed.body))
    }

    /// The code `index` of `issuance` under `key`.
    pub fn issue(key: &IssuingKey, issuance: u64, index: u64) -> Result<Self, CodeError> {
        Ok(Self::sign(key, issue::fields(key, issuance, index)?))
    }

    /// The codes of the indexes `range` of `issuance` under `key`, in order, made as they are
    /// taken: a CLI streams millions of them without holding them. Refused as a whole if any
    /// index or the issuance is beyond what a code carries.
    pub fn issue_range(
        key: &IssuingKey,
        issuance: u64,
        range: std::ops::Range<u64>,
    ) -> Result<IssueRange<'_>, CodeError> {
        IssueRange::new(key, issuance, range)
    }

    /// Checks that `key` issued this code. The refusal does not say how the tag differs: it
    /// would help a forger.
    pub fn verify(&self, key: &IssuingKey) -> Result<(), CodeError> {
        if key.id() != self.fields.key_id {
            return Err(CodeError::Rule {
                what: WHAT,
                position: None,
                rule: format!(
                    "the code names issuing key {}, but key {} was given",
                    self.fields.key_id,
                    key.id()
                ),
            });
        }
        // A u64 comparison takes the same time whatever the values.
        if key.tag(self.fields.packed()) != self.tag {
            return Err(CodeError::Rule {
                what: WHAT,
                position: None,
                rule: "not issued by the platform: the code's authentication does not match \
                       (a forged code, or several characters mistyped)"
                    .into(),
            });
        }
        Ok(())
    }

    /// The id of the key that issued the code (claimed until verified).
    pub fn key_id(&self) -> u16 {
        self.fields.key_id
    }

    /// The issuance number.
    pub fn issuance(&self) -> u64 {
        u64::from(self.fields.issuance)
    }

    /// The unit's index within its issuance.
    pub fn index(&self) -> u64 {
        u64::from(self.fields.index)
    }

    /// The format version (always 1 today: `parse` refuses others).
    pub fn version(&self) -> u8 {
        self.fields.version
    }

    /// The normalised form: what keys and labels use (`YM` and 24 characters, upper case).
    pub fn canonical(&self) -> &str {
        // Only alphabet symbols and the prefix are ever stored, so this is always ASCII.
        std::str::from_utf8(&self.canonical).unwrap_or_default()
    }

    /// The form to print for people to read and type: `YM-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`.
    pub fn printed(&self) -> String {
        let mut out = String::with_capacity(CANONICAL_LEN + BODY_SYMBOLS / GROUP);
        // Writing to a String cannot fail.
        let _ = self.write_printed(&mut out);
        out
    }

    /// Writes the printed form to `out` without allocating, for streaming many codes.
    pub fn write_printed<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        out.write_str(PREFIX)?;
        let body = self.canonical().get(PREFIX.len()..).unwrap_or_default();
        for i in (0..body.len()).step_by(GROUP) {
            out.write_char('-')?;
            out.write_str(body.get(i..i + GROUP).unwrap_or_default())?;
        }
        Ok(())
    }

    fn sign(key: &IssuingKey, fields: Fields) -> Self {
        let tag = key.tag(fields.packed());
        Self::assemble(fields, tag, layout::encode(fields, tag))
    }

    fn assemble(fields: Fields, tag: u64, body: [u8; BODY_SYMBOLS]) -> Self {
        let mut canonical = [0u8; CANONICAL_LEN];
        let (prefix, rest) = canonical.split_at_mut(PREFIX.len());
        prefix.copy_from_slice(PREFIX.as_bytes());
        rest.copy_from_slice(&body);
        Self {
            canonical,
            fields,
            tag,
        }
    }
}

impl fmt::Debug for PlatformCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PlatformCode")
            .field(&self.canonical())
            .finish()
    }
}

/// The canonical form.
impl fmt::Display for PlatformCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.canonical())
    }
}

impl std::str::FromStr for PlatformCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PlatformCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PlatformCode> for String {
    fn from(c: PlatformCode) -> Self {
        c.canonical().to_owned()
    }
}
