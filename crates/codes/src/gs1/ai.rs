//! The Application Identifier table: what each AI's value looks like, which other AIs it
//! needs or excludes, and how it sits in a GS1 Digital Link URI.
//!
//! The table itself lives in `ai_table.rs`, generated from GS1's machine-readable Barcode Syntax
//! Dictionary (`data/gs1-syntax-dictionary.txt`), so that following a new release of the GS1
//! General Specifications is a data change rather than a code change.

use super::ai_table::AI_TABLE;

/// The character set of one component of an AI value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Charset {
    /// Digits `0-9`.
    Numeric,
    /// GS1 AI encodable character set 82: `!"%&'()*+,-./0-9:;<=>?A-Z_a-z`.
    Cset82,
    /// GS1 AI encodable character set 39: `#-/0-9A-Z`.
    Cset39,
    /// GS1 AI encodable character set 64, the file- and URI-safe base64 alphabet `A-Za-z0-9-_`,
    /// with up to two `=` of padding at the end.
    Cset64,
}

/// The ASCII characters in `lo..=hi`, one bit each.
const fn range(lo: u8, hi: u8) -> u128 {
    let mut mask = 0;
    let mut c = lo;
    while c <= hi {
        mask |= 1 << c;
        c += 1;
    }
    mask
}

/// The ASCII characters of `set`, one bit each.
const fn set(set: &[u8]) -> u128 {
    let mut mask = 0;
    let mut i = 0;
    while i < set.len() {
        mask |= 1 << set[i];
        i += 1;
    }
    mask
}

const DIGITS: u128 = range(b'0', b'9');
const ALPHANUMERIC: u128 = DIGITS | range(b'A', b'Z') | range(b'a', b'z');
const CSET82: u128 = ALPHANUMERIC | set(b"!\"%&'()*+,-./:;<=>?_");
const CSET39: u128 = DIGITS | range(b'A', b'Z') | set(b"#-/");
const CSET64: u128 = ALPHANUMERIC | set(b"-_");

impl Charset {
    /// Whether `c` belongs to the set (for CSET 64, not counting the `=` padding).
    pub fn contains(self, c: char) -> bool {
        // Every set is ASCII; one bit per character, as every character of every value is
        // tested here.
        let mask = match self {
            Self::Numeric => DIGITS,
            Self::Cset82 => CSET82,
            Self::Cset39 => CSET39,
            Self::Cset64 => CSET64,
        };
        u8::try_from(c).is_ok_and(|b| b < 128 && mask >> b & 1 == 1)
    }

    /// The rule to quote when a character is outside the set.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Numeric => "digits 0-9 only",
            Self::Cset82 => "GS1 CSET 82: !\"%&'()*+,-./0-9:;<=>?A-Z_a-z",
            Self::Cset39 => "GS1 CSET 39: #-/0-9A-Z",
            Self::Cset64 => "GS1 CSET 64: A-Za-z0-9-_ with optional = padding",
        }
    }

    /// The letter the GS1 format notation uses for the set (`N`, `X`, `Y`, `Z`).
    pub fn letter(self) -> char {
        match self {
            Self::Numeric => 'N',
            Self::Cset82 => 'X',
            Self::Cset39 => 'Y',
            Self::Cset64 => 'Z',
        }
    }
}

/// A content check applied to one component beyond its character set and length
/// (the "linters" of the GS1 Barcode Syntax Tests).
///
/// The checks that need external code lists (country, currency, package and media type codes,
/// coupon formats) are recorded in the table but not applied: see [`Linter::is_applied`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Linter {
    /// GS1 mod-10 check digit in the last position.
    CheckDigit,
    /// GS1 alphanumeric check character pair in the last two positions (GMN, MUDI).
    CheckPair,
    /// Starts with a GS1 Company Prefix: at least four digits.
    CompanyPrefix,
    /// As `CompanyPrefix`, after a one-digit indicator or extension digit.
    CompanyPrefixAfterIndicator,
    /// `YYMMDD`, where `DD` may be `00` (day not given).
    DateYymmd0,
    /// `YYMMDD`.
    DateYymmdd,
    /// `YYYYMMDD`, where `DD` may be `00`.
    DateYyyymmd0,
    /// `YYYYMMDD`.
    DateYyyymmdd,
    /// Hour `00`–`23`.
    Hour,
    /// Minute `00`–`59`.
    Minute,
    /// Second `00`–`59`.
    Second,
    /// `HHMM`.
    HourMinute,
    /// ISO 3166-1 numeric country code (not applied).
    CountryNumeric,
    /// ISO 3166-1 numeric country code or `999` (not applied).
    CountryNumericOr999,
    /// A list of ISO 3166-1 numeric country codes (only the length, a multiple of 3, is applied).
    CountryNumericList,
    /// ISO 3166-1 alpha-2 country code (only "two upper-case letters" is applied).
    CountryAlpha2,
    /// ISO 4217 numeric currency code (not applied).
    Currency,
    /// ISO/IEC 5218 biological sex: `0`, `1`, `2` or `9`.
    BiologicalSex,
    /// Well-formed percent-encoding: every `%` followed by two hexadecimal digits.
    PercentEncoding,
    /// Latitude as ten digits, `0000000000`–`1800000000`.
    Latitude,
    /// Longitude as ten digits, `0000000000`–`3600000000`.
    Longitude,
    /// `0` (no) or `1` (yes).
    YesNo,
    /// A single `-`.
    Hyphen,
    /// All zeros.
    Zero,
    /// Not all zeros.
    NonZero,
    /// Winding direction: `0`, `1` or `9`.
    Winding,
    /// Piece number then total, equal widths, neither zero, piece not above total.
    PieceOfTotal,
    /// Importer index: one of `-0-9A-Z_a-z`.
    ImporterIndex,
    /// UN/ECE Recommendation 21 package type code (not applied).
    PackageType,
    /// AIDC media type (not applied).
    MediaType,
    /// IBAN with valid ISO 13616 mod-97 check digits.
    Iban,
    /// North American coupon code (not applied).
    CouponCode,
    /// Positive offer file coupon code (not applied).
    CouponPositiveOffer,
    /// Digits not starting with `0`.
    NoZeroPrefix,
    /// At least one non-digit character.
    HasNonDigit,
    /// `pos/end` with neither zero nor zero-prefixed and `pos` not above `end`.
    PositionInSequence,
}

impl Linter {
    /// Whether this crate applies the check. The rest need external code lists that this
    /// crate does not carry; their components are still checked for length and character set.
    pub fn is_applied(self) -> bool {
        !matches!(
            self,
            Self::CountryNumeric
                | Self::CountryNumericOr999
                | Self::Currency
                | Self::PackageType
                | Self::MediaType
                | Self::CouponCode
                | Self::CouponPositiveOffer
        )
    }
}

/// One component of an AI value: `N6`, `X..20`, `[N..12]` …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Component {
    pub charset: Charset,
    /// Fewest characters (equal to `max` for a fixed-length component).
    pub min: u8,
    /// Most characters.
    pub max: u8,
    /// Whether the component may be left out (only trailing components are optional).
    pub optional: bool,
    pub linters: &'static [Linter],
}

/// What the GS1 General Specifications say of one AI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AiSpec {
    pub ai: &'static str,
    pub title: &'static str,
    /// `AI (01) GTIN`: how errors name the AI.
    pub label: &'static str,
    /// Whether the AI is in the GS1 table of predefined-length element strings: such a value
    /// is never followed by an FNC1 (GS) separator, all others are unless they are last.
    pub predefined_length: bool,
    /// Whether the AI may appear as a data attribute (`?17=…`) in a GS1 Digital Link URI.
    pub dl_data_attribute: bool,
    /// The components of the value, in order.
    pub components: &'static [Component],
    /// Mandatory associations: every inner list must be met; an inner list is met when, for one
    /// of its alternatives, every AI pattern of that alternative is present. A pattern is an AI
    /// where `n` stands for any digit (`31nn`).
    pub requires: &'static [&'static [&'static [&'static str]]],
    /// AI patterns that must not appear together with this AI (an AI never excludes itself).
    pub excludes: &'static [&'static str],
    /// For a GS1 Digital Link primary key: the alternative sequences of optional key
    /// qualifiers, each in its mandated order (`[[22, 10, 21], [235]]` for AI 01, `[[]]` for
    /// a key that takes none). `None` for AIs that are not primary keys.
    pub dl_qualifiers: Option<&'static [&'static [&'static str]]>,
}

impl AiSpec {
    /// The shortest value the AI allows.
    pub fn min_length(&self) -> usize {
        self.components
            .iter()
            .filter(|c| !c.optional)
            .map(|c| usize::from(c.min))
            .sum()
    }

    /// The longest value the AI allows.
    pub fn max_length(&self) -> usize {
        self.components.iter().map(|c| usize::from(c.max)).sum()
    }

    /// Whether this AI is a GS1 Digital Link primary key.
    pub fn is_dl_primary_key(&self) -> bool {
        self.dl_qualifiers.is_some()
    }

    /// The value format in GS1 notation, e.g. `N14` or `N13 [X..17]`.
    pub fn format(&self) -> String {
        self.components
            .iter()
            .map(|c| {
                let body = if c.min == c.max {
                    format!("{}{}", c.charset.letter(), c.max)
                } else {
                    format!("{}..{}", c.charset.letter(), c.max)
                };
                if c.optional {
                    format!("[{body}]")
                } else {
                    body
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The spec of `ai`, or None when it is not a known AI.
pub fn lookup_ai(ai: &str) -> Option<&'static AiSpec> {
    let i = *index().slots.get(slot(ai.as_bytes())?)?;
    AI_TABLE.get(usize::from(i))
}

/// Every known AI, sorted.
pub fn ai_table() -> &'static [AiSpec] {
    AI_TABLE
}

/// The length (2, 3 or 4) of the AIs that begin with the two digits `prefix`, or None when no
/// AI begins with them. The GS1 General Specifications guarantee that the first two digits fix
/// the length of an AI, which is what lets an unbracketed element string be split.
pub fn ai_length_for_prefix(prefix: &str) -> Option<usize> {
    let n = slot(prefix.as_bytes()).filter(|_| prefix.len() == 2)?;
    let len = *index().lengths.get(n)?;
    (len != 0).then_some(usize::from(len))
}

/// Every AI's place in `AI_TABLE` by its digits, and the AI length by its first two digits:
/// every element of every parse looks its AI up, so a lookup is one array access rather than
/// a binary search comparing strings.
struct Index {
    /// By [`slot`]: the AI's index in `AI_TABLE`, or `u16::MAX` for no AI.
    slots: Vec<u16>,
    /// By the first two digits: the length of the AIs that begin with them, or 0.
    lengths: [u8; 100],
}

/// Slots: 100 two-digit AIs, then 1,000 three-digit, then 10,000 four-digit.
const SLOTS: usize = 100 + 1_000 + 10_000;

/// The slot of an AI of 2 to 4 digits; None for anything else.
fn slot(ai: &[u8]) -> Option<usize> {
    if !(2..=4).contains(&ai.len()) {
        return None;
    }
    let mut n = 0usize;
    for &b in ai {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + usize::from(b - b'0');
    }
    match ai.len() {
        2 => Some(n),
        3 => Some(100 + n),
        4 => Some(1_100 + n),
        _ => None,
    }
}

fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Index {
            slots: vec![u16::MAX; SLOTS],
            lengths: [0; 100],
        };
        for (i, spec) in AI_TABLE.iter().enumerate() {
            let ai = spec.ai.as_bytes();
            if let (Some(s), Ok(i)) = (slot(ai), u16::try_from(i))
                && let Some(entry) = index.slots.get_mut(s)
            {
                *entry = i;
            }
            if let (Some(first), Ok(len)) = (ai.get(..2).and_then(slot), u8::try_from(ai.len()))
                && let Some(entry) = index.lengths.get_mut(first)
            {
                *entry = len;
            }
        }
        index
    })
}

/// Whether `ai` matches `pattern`, where `n` in the pattern stands for any digit.
pub fn ai_matches_pattern(ai: &str, pattern: &str) -> bool {
    ai.len() == pattern.len()
        && ai
            .bytes()
            .zip(pattern.bytes())
            .all(|(a, p)| p == b'n' || a == p)
}

/// Checks one value against the spec of `ai` alone (length, character set, check digit,
/// date), as when a form field holds the value of that AI: a batch's lot is AI 10's value.
pub fn check_value(ai: &str, value: &str) -> Result<(), crate::CodeError> {
    let spec = lookup_ai(ai).ok_or_else(|| crate::CodeError::Rule {
        what: "application identifier",
        position: None,
        rule: format!("({ai}) is not a known AI"),
    })?;
    super::value::validate_value(spec, value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(AI_TABLE.windows(2).all(|w| w[0].ai < w[1].ai));
    }

    #[test]
    fn two_digit_prefix_fixes_the_ai_length() {
        for spec in AI_TABLE {
            assert_eq!(
                ai_length_for_prefix(&spec.ai[..2]),
                Some(spec.ai.len()),
                "{}",
                spec.ai
            );
        }
    }

    #[test]
    fn no_ai_is_a_prefix_of_another() {
        for a in AI_TABLE {
            for b in AI_TABLE {
                assert!(
                    a.ai == b.ai || !b.ai.starts_with(a.ai),
                    "{} / {}",
                    a.ai,
                    b.ai
                );
            }
        }
    }

    /// The predefined-length table of the General Specifications (figure 7.8.5-2), by the
    /// first two digits of the AI: value length, or None for "needs a separator".
    #[test]
    fn predefined_length_flags_match_the_prefix_table() {
        let fixed = |p: &str| -> Option<usize> {
            match p {
                "00" => Some(18),
                "01" | "02" | "03" => Some(14),
                "11" | "12" | "13" | "15" | "16" | "17" => Some(6),
                "20" => Some(2),
                "31" | "32" | "33" | "34" | "35" | "36" => Some(6),
                "41" => Some(13),
                _ => None,
            }
        };
        for spec in AI_TABLE {
            let expected = fixed(&spec.ai[..2]);
            assert_eq!(spec.predefined_length, expected.is_some(), "{}", spec.ai);
            if let Some(len) = expected {
                assert_eq!(
                    (spec.min_length(), spec.max_length()),
                    (len, len),
                    "{}",
                    spec.ai
                );
            }
        }
    }

    #[test]
    fn character_sets() {
        let members = |cs: Charset| -> String {
            (0..=0x2000u32)
                .filter_map(char::from_u32)
                .filter(|&c| cs.contains(c))
                .collect()
        };
        assert_eq!(members(Charset::Numeric), "0123456789");
        assert_eq!(
            members(Charset::Cset82),
            "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
        );
        assert_eq!(
            members(Charset::Cset39),
            "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        );
        assert_eq!(
            members(Charset::Cset64),
            "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
        );
    }

    #[test]
    fn the_index_finds_exactly_the_table() {
        for spec in AI_TABLE {
            assert_eq!(lookup_ai(spec.ai).map(|s| s.ai), Some(spec.ai));
        }
        let known = |ai: &str| AI_TABLE.iter().any(|s| s.ai == ai);
        for n in 0..10_000 {
            for ai in [format!("{n:02}"), format!("{n:03}"), format!("{n:04}")] {
                assert_eq!(lookup_ai(&ai).is_some(), known(&ai), "{ai}");
            }
        }
        let long = "9".repeat(40);
        for ai in [
            "", "0", "1", "01x", "x1", "00000", "+1", "-1", "０１", &long,
        ] {
            assert_eq!(lookup_ai(ai), None, "{ai}");
        }
        for p in 0..100 {
            let p = format!("{p:02}");
            let expected = AI_TABLE
                .iter()
                .find(|s| s.ai.starts_with(&p))
                .map(|s| s.ai.len());
            assert_eq!(ai_length_for_prefix(&p), expected, "{p}");
        }
        assert_eq!(ai_length_for_prefix("0"), None);
        assert_eq!(ai_length_for_prefix("012"), None);
        assert_eq!(ai_length_for_prefix("0x"), None);
    }

    #[test]
    fn patterns() {
        assert!(ai_matches_pattern("3103", "310n"));
        assert!(ai_matches_pattern("3103", "31nn"));
        assert!(!ai_matches_pattern("3203", "31nn"));
        assert!(!ai_matches_pattern("31", "31nn"));
    }

    #[test]
    fn formats() {
        assert_eq!(lookup_ai("01").unwrap().format(), "N14");
        assert_eq!(lookup_ai("10").unwrap().format(), "X..20");
        assert_eq!(lookup_ai("253").unwrap().format(), "N13 [X..17]");
        assert_eq!(lookup_ai("8030").unwrap().format(), "Z..90");
    }
}
