//! One normalised type for a trace code of any scheme, and the key the store indexes it by.

use crate::CodeError;
use crate::ecode::Ecode;
use crate::gs1::{DigitalLink, ElementString, Gtin, lookup_ai, percent_encode_into};
use crate::platform::PlatformCode;
use crate::schemes::ForeignCode;

const WHAT: &str = "scanned code";

/// The scheme name of GS1 codes in keys.
pub const GS1_SCHEME: &str = "gs1";

/// A GS1 code: the trade item, with its serial and lot when the symbol carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gs1Code {
    pub gtin: Gtin,
    pub serial: Option<String>,
    pub lot: Option<String>,
    /// Every element the symbol carried, validated.
    pub elements: ElementString,
}

/// What a code identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeLevel {
    /// One item: GTIN with serial (AI 21) or third-party serial (AI 235); every Ecode,
    /// platform code and code of another system.
    Unit,
    /// A batch or lot: GTIN with lot (AI 10).
    Batch,
    /// A product class: the GTIN alone.
    Class,
}

/// A code in one of the schemes the platform knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceCode {
    Gs1(Gs1Code),
    Ecode(Ecode),
    Platform(PlatformCode),
    Foreign(ForeignCode),
}

/// The GS1 date AIs named in [`TraceCode::parts`], with their raw `YYMMDD` values.
const GS1_DATES: [(&str, &str); 4] = [
    ("11", "production_date"),
    ("13", "packaging_date"),
    ("15", "best_before_date"),
    ("17", "expiry_date"),
];

impl TraceCode {
    /// The trace code an already validated element string carries: it must have a GTIN (01).
    pub fn from_elements(elements: ElementString) -> Result<Self, CodeError> {
        let Some(gtin) = elements.get("01") else {
            let found = elements
                .primary_key()
                .or_else(|| {
                    elements
                        .elements()
                        .first()
                        .map(|(a, v)| (a.as_str(), v.as_str()))
                })
                .and_then(|(ai, _)| lookup_ai(ai))
                .map_or("no AI", |spec| spec.label);
            return Err(CodeError::Rule {
                what: WHAT,
                position: None,
                rule: format!(
                    "{found} is not yet supported as a trace code: trace codes are GTIN-based and must carry AI (01) GTIN"
                ),
            });
        };
        // The elements were validated: AI (01) holds 14 digits with a right check digit.
        let gtin = Gtin::from_validated_ai01(gtin);
        Ok(Self::Gs1(Gs1Code {
            gtin,
            serial: elements.get("21").map(str::to_owned),
            lot: elements.get("10").map(str::to_owned),
            elements,
        }))
    }

    /// The scheme: `gs1`, `ecode`, `yima`, or the foreign code's scheme.
    pub fn scheme(&self) -> &str {
        match self {
            Self::Gs1(_) => GS1_SCHEME,
            Self::Ecode(_) => Ecode::SCHEME,
            Self::Platform(_) => PlatformCode::SCHEME,
            Self::Foreign(code) => &code.scheme,
        }
    }

    /// The normalised key that identifies what this code names (unit, batch or class); two
    /// scans of the same thing give the same key, and keys of different schemes never meet
    /// because each starts with its scheme.
    ///
    /// GS1: `gs1:01/{GTIN-14}/21/{serial}` when there is a serial (the lot is then ignored:
    /// the serial alone identifies the item within the GTIN), else `gs1:01/{GTIN-14}/235/{TPX}`
    /// for a third-party serial, else `gs1:01/{GTIN-14}/10/{lot}`, else `gs1:01/{GTIN-14}`;
    /// values are percent-encoded as in the canonical GS1 Digital Link URI. Ecode:
    /// `ecode:{raw}`. Platform: `yima:{canonical}`. Other systems: `{scheme}:{value}`.
    pub fn key(&self) -> String {
        match self {
            Self::Gs1(code) => {
                // Built in one buffer: keys are made for every code registered or resolved.
                let mut key = String::with_capacity(64);
                key.push_str("gs1:01/");
                key.push_str(code.gtin.as_str());
                if let Some((ai, value)) = identity(code) {
                    key.push('/');
                    key.push_str(ai);
                    key.push('/');
                    percent_encode_into(&mut key, value);
                }
                key
            }
            Self::Ecode(code) => format!("{}:{}", Ecode::SCHEME, code.raw()),
            Self::Platform(code) => format!("{}:{}", PlatformCode::SCHEME, code.canonical()),
            Self::Foreign(code) => format!("{}:{}", code.scheme, code.value),
        }
    }

    /// Whether the code names one unit, a batch, or a product class.
    pub fn level(&self) -> CodeLevel {
        match self {
            Self::Gs1(code) => match identity(code) {
                Some(("10", _)) => CodeLevel::Batch,
                Some(_) => CodeLevel::Unit,
                None => CodeLevel::Class,
            },
            Self::Ecode(_) | Self::Platform(_) | Self::Foreign(_) => CodeLevel::Unit,
        }
    }

    /// For a GS1 code, the canonical GS1 Digital Link URI on `https://id.gs1.org` of what the
    /// code names: the GTIN and the one qualifier that identifies (serial, else third-party
    /// serial, else lot), exactly as `key()` does. Other qualifiers and data attributes
    /// (variant, dates) describe the item rather than identify it; the Digital Link standard
    /// lets them be left out. Other schemes have no Digital Link URI.
    pub fn canonical_uri(&self) -> Option<String> {
        let Self::Gs1(code) = self else {
            return None;
        };
        let mut pairs = vec![("01".to_owned(), code.gtin.as_str().to_owned())];
        if let Some((ai, value)) = identity(code) {
            pairs.push((ai.to_owned(), value.to_owned()));
        }
        Some(
            DigitalLink {
                elements: ElementString::from_validated(pairs),
            }
            .key_uri(),
        )
    }

    /// The code's named parts, for display. GS1: `gtin`, then `serial`, `third_party_serial`,
    /// `lot` and the dates (`production_date`, `packaging_date`, `best_before_date`,
    /// `expiry_date`, raw `YYMMDD`: reading the century needs the current year) when present.
    /// Ecode: `version`, `nsi`, `md`. Platform: `code`. Other systems: `scheme`, `value`.
    pub fn parts(&self) -> Vec<(String, String)> {
        let part = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        match self {
            Self::Gs1(code) => {
                let mut parts = vec![part("gtin", code.gtin.as_str())];
                let optional = [
                    ("serial", code.serial.as_deref()),
                    ("third_party_serial", code.elements.get("235")),
                    ("lot", code.lot.as_deref()),
                ];
                let dates = GS1_DATES
                    .iter()
                    .map(|&(ai, name)| (name, code.elements.get(ai)));
                parts.extend(
                    optional
                        .into_iter()
                        .chain(dates)
                        .filter_map(|(name, value)| value.map(|v| part(name, v))),
                );
                parts
            }
            Self::Ecode(code) => vec![
                part("version", &code.version().to_string()),
                part("nsi", code.nsi()),
                part("md", code.master_data()),
            ],
            Self::Platform(code) => vec![part("code", code.canonical())],
            Self::Foreign(code) => vec![part("scheme", &code.scheme), part("value", &code.value)],
        }
    }
}

/// The AI and value that narrow the GTIN down, by precedence: serial, third-party serial, lot.
fn identity(code: &Gs1Code) -> Option<(&'static str, &str)> {
    if let Some(serial) = &code.serial {
        return Some(("21", serial));
    }
    if let Some(tpx) = code.elements.get("235") {
        return Some(("235", tpx));
    }
    code.lot.as_deref().map(|lot| ("10", lot))
}
