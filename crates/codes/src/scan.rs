//! What a scanner or a person delivered, turned into a trace code.

mod symbology;

pub use symbology::Symbology;

use crate::CodeError;
use crate::gs1::{DigitalLink, ElementString, GS, Gtin, lookup_ai, percent_encode};

const WHAT: &str = "scanned code";

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
    /// One item: GTIN with serial (AI 21) or third-party serial (AI 235).
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
}

impl TraceCode {
    /// The normalised key that identifies what this code names (unit, batch or class),
    /// e.g. `gs1:01/09520123456788/21/12345`; two scans of the same thing give the same key.
    ///
    /// `gs1:01/{GTIN-14}/21/{serial}` when there is a serial (the lot is then ignored: the
    /// serial alone identifies the item within the GTIN), else `gs1:01/{GTIN-14}/235/{TPX}` for
    /// a third-party serial, else `gs1:01/{GTIN-14}/10/{lot}`, else `gs1:01/{GTIN-14}`. Values
    /// are percent-encoded as in the canonical GS1 Digital Link URI.
    pub fn key(&self) -> String {
        match self {
            Self::Gs1(code) => {
                let gtin = code.gtin.as_str();
                match identity(code) {
                    Some((ai, value)) => format!("gs1:01/{gtin}/{ai}/{}", percent_encode(value)),
                    None => format!("gs1:01/{gtin}"),
                }
            }
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
        }
    }

    /// The canonical GS1 Digital Link URI on `https://id.gs1.org` of what the code names: the
    /// GTIN and the one qualifier that identifies (serial, else third-party serial, else lot),
    /// exactly as `key()` does. Other qualifiers and data attributes (variant, dates) describe
    /// the item rather than identify it; the Digital Link standard lets them be left out.
    pub fn canonical_uri(&self) -> String {
        match self {
            Self::Gs1(code) => {
                let mut pairs = vec![("01".to_owned(), code.gtin.as_str().to_owned())];
                if let Some((ai, value)) = identity(code) {
                    pairs.push((ai.to_owned(), value.to_owned()));
                }
                DigitalLink {
                    elements: ElementString::from_validated(pairs),
                }
                .key_uri()
            }
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

/// One scan: the symbology the scanner reported, if any, and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub symbology: Option<Symbology>,
    pub code: TraceCode,
}

impl Scan {
    /// Parses what a scanner or a person delivered: an optional symbology identifier, then an
    /// element string (bracketed or GS-separated), a Digital Link URI, or bare GTIN digits.
    ///
    /// Surrounding white space is ignored. After a GS1 symbology identifier (`]C1`, `]e0`,
    /// `]d2`, `]Q3`, `]J1`) the data is an unbracketed element string; after `]E0`, `]E4` or
    /// `]I1` it is a GTIN; otherwise (plain symbols, or no identifier) it may be a Digital Link
    /// URI (`http://` or `https://`), a bracketed element string, 8, 12, 13 or 14 digits (a
    /// GTIN), or an unbracketed element string starting with its AI. Error positions count
    /// characters of `input` as given.
    ///
    /// Today only GTIN-based codes are trace codes: an element string or Digital Link whose
    /// primary key is another (an SSCC, a GIAI …) is rejected, naming that AI.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let start = input.len() - input.trim_start().len();
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CodeError::Empty { what: WHAT });
        }
        let leading = input.get(..start).map_or(0, |s| s.chars().count());
        let (symbology, data, offset) = match trimmed.strip_prefix(']') {
            Some(_) => {
                let id: String = trimmed.chars().take(3).collect();
                let symbology = Symbology::from_identifier(&id).ok_or_else(|| {
                    CodeError::rule_at(
                        WHAT,
                        leading + 1,
                        format!("{id:?} is not a supported AIM symbology identifier"),
                    )
                })?;
                (
                    Some(symbology),
                    trimmed.get(3..).unwrap_or_default(),
                    leading + 3,
                )
            }
            None => (None, trimmed, leading),
        };
        let shift = |e: CodeError| e.map_position(|p| p + offset);
        let elements = match symbology {
            Some(s) if s.carries_element_string() => {
                // Some scanners also send the leading FNC1 as GS, or add one at the end.
                let body = data.strip_prefix(GS).unwrap_or(data);
                let skipped = data.len() - body.len();
                parse_data(body, Form::ElementString)
                    .map_err(|e| e.map_position(|p| p + offset + skipped))?
            }
            Some(s) if s.carries_gtin_only() => parse_data(data, Form::Gtin).map_err(shift)?,
            _ => parse_data(data, Form::Any).map_err(shift)?,
        };
        Ok(Self {
            symbology,
            code: trace_code(elements)?,
        })
    }
}

/// What the data after the symbology identifier may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    ElementString,
    Gtin,
    Any,
}

fn parse_data(data: &str, form: Form) -> Result<ElementString, CodeError> {
    if data.is_empty() {
        return Err(CodeError::Empty { what: WHAT });
    }
    let is_uri = ["https://", "http://"].iter().any(|s| {
        data.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    });
    let all_digits = data.bytes().all(|b| b.is_ascii_digit());
    match form {
        Form::Gtin => gtin_elements(data),
        _ if data.starts_with('(') => ElementString::parse_bracketed(data),
        Form::ElementString => ElementString::parse_unbracketed(data),
        Form::Any if is_uri => Ok(DigitalLink::parse(data)?.elements),
        // Digits alone are a GTIN, unless they are too long to be one and start like (01).
        Form::Any if all_digits && !(data.len() > 14 && data.starts_with("01")) => {
            gtin_elements(data)
        }
        Form::Any if data.starts_with(|c: char| c.is_ascii_digit()) => {
            ElementString::parse_unbracketed(data)
        }
        Form::Any => Err(CodeError::InvalidCharacter {
            what: WHAT,
            position: 1,
            found: data.chars().next().unwrap_or(' '),
            rule: "expected a GS1 Digital Link URI, an element string such as (01)…, or 8, 12, 13 or 14 GTIN digits",
        }),
    }
}

fn gtin_elements(data: &str) -> Result<ElementString, CodeError> {
    let gtin = Gtin::parse(data)?;
    ElementString::from_pairs([("01", gtin.as_str())])
}

impl TraceCode {
    /// The trace code an already validated element string carries: it must have a GTIN (01).
    pub fn from_elements(elements: ElementString) -> Result<Self, CodeError> {
        trace_code(elements)
    }
}

fn trace_code(elements: ElementString) -> Result<TraceCode, CodeError> {
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
    let gtin = Gtin::parse(gtin)?;
    Ok(TraceCode::Gs1(Gs1Code {
        gtin,
        serial: elements.get("21").map(str::to_owned),
        lot: elements.get("10").map(str::to_owned),
        elements,
    }))
}
