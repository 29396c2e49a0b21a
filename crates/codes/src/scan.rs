//! What a scanner or a person delivered, turned into a trace code of any scheme.

mod dispatch;
mod rules;
mod symbology;
mod trace_code;

pub use rules::{CodeRules, RulesError};
pub use symbology::Symbology;
pub use trace_code::{CodeLevel, GS1_SCHEME, Gs1Code, TraceCode};

use crate::CodeError;
use crate::ecode::EcodeTable;
use crate::gs1::GS;
use crate::schemes::Recognisers;

const WHAT: &str = "scanned code";

/// One scan: the symbology the scanner reported, if any, and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub symbology: Option<Symbology>,
    pub code: TraceCode,
}

impl Scan {
    /// Parses what a scanner or a person delivered, with the built-in Ecode table and
    /// recognisers of other schemes: see [`Scan::parse_with`].
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        Self::parse_with(input, Recognisers::builtin(), EcodeTable::builtin())
    }

    /// Parses an optional symbology identifier, then the code.
    ///
    /// Surrounding white space is ignored. After a GS1 symbology identifier (`]C1`, `]e0`,
    /// `]d2`, `]Q3`, `]J1`) the data is an element string; after `]E0`, `]E4` or `]I1` it is a
    /// GTIN. Otherwise (plain symbols, or no identifier) it is tried, in this order, as: a
    /// platform code (if [`PlatformCode::recognises`](crate::platform::PlatformCode::recognises)
    /// it); a GS1 Digital Link URI (`http://` or `https://`), a bracketed element string, 8,
    /// 12, 13 or 14 digits with a valid GTIN check digit, or an unbracketed element string
    /// starting with its AI; an Ecode by `table`; a code of another scheme by `recognisers`.
    /// When none reads it, the error is that of the form it was most likely meant as. Error
    /// positions count characters of `input` as given.
    ///
    /// Only GTIN-based GS1 codes are trace codes: an element string or Digital Link whose
    /// primary key is another (an SSCC, a GIAI …) is rejected, naming that AI.
    pub fn parse_with(
        input: &str,
        recognisers: &Recognisers,
        table: &EcodeTable,
    ) -> Result<Self, CodeError> {
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
        let code = match symbology {
            Some(s) if s.carries_element_string() => {
                // Some scanners also send the leading FNC1 as GS, or add one at the end.
                let body = data.strip_prefix(GS).unwrap_or(data);
                let skipped = data.len() - body.len();
                dispatch::element_string(body)
                    .map_err(|e| e.map_position(|p| p + offset + skipped))?
            }
            Some(s) if s.carries_gtin_only() => {
                dispatch::gtin_only(data).map_err(|e| e.map_position(|p| p + offset))?
            }
            _ => dispatch::any_form(data, recognisers, table)
                .map_err(|e| e.map_position(|p| p + offset))?,
        };
        Ok(Self { symbology, code })
    }
}
