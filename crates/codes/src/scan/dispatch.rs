//! Which parser reads the data of a scan, and whose error is reported when none can.
//!
//! The order is fixed so that nothing is misread: the platform's own codes (a distinctive
//! prefix), then the GS1 forms, then Ecode, then the recognisers of other schemes. Bare digits
//! are a GTIN only when their length and check digit are right; otherwise they are tried as an
//! Ecode.

use crate::CodeError;
use crate::ecode::{Ecode, EcodeTable};
use crate::gs1::{DigitalLink, ElementString, GS, Gtin};
use crate::platform::PlatformCode;
use crate::schemes::Recognisers;

use super::TraceCode;

const WHAT: &str = "scanned code";

/// The GS1 form the data looks like, from its first characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `http://` or `https://`: a Digital Link URI.
    Uri,
    /// `(`: a bracketed element string.
    Bracketed,
    /// Digits only: a GTIN.
    Digits,
    /// Starts with a digit: an unbracketed element string.
    ElementString,
    /// None of the GS1 forms.
    Other,
}

impl Shape {
    fn of(data: &str) -> Self {
        let is_uri = ["https://", "http://"].iter().any(|s| {
            data.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        });
        let b = data.as_bytes();
        if is_uri {
            Self::Uri
        } else if b.first() == Some(&b'(') {
            Self::Bracketed
        } else if b.iter().all(u8::is_ascii_digit) {
            // Digits too long to be a GTIN that start like (01) are an element string.
            if b.len() > 14 && b.starts_with(b"01") {
                Self::ElementString
            } else {
                Self::Digits
            }
        } else if b.first().is_some_and(u8::is_ascii_digit) {
            Self::ElementString
        } else {
            Self::Other
        }
    }
}

/// The data after a GS1 symbology identifier (FNC1 in first position): an element string.
pub(super) fn element_string(data: &str) -> Result<TraceCode, CodeError> {
    if data.is_empty() {
        return Err(CodeError::Empty { what: WHAT });
    }
    let elements = if data.starts_with('(') {
        ElementString::parse_bracketed(data)?
    } else {
        ElementString::parse_unbracketed(data)?
    };
    TraceCode::from_elements(elements)
}

/// The data after an EAN/UPC or ITF identifier: GTIN digits.
pub(super) fn gtin_only(data: &str) -> Result<TraceCode, CodeError> {
    if data.is_empty() {
        return Err(CodeError::Empty { what: WHAT });
    }
    TraceCode::from_elements(gtin_elements(data)?)
}

/// Data that may be in any form: platform code, GS1, Ecode, or another scheme.
pub(super) fn any_form(
    data: &str,
    recognisers: &Recognisers,
    table: &EcodeTable,
) -> Result<TraceCode, CodeError> {
    if data.is_empty() {
        return Err(CodeError::Empty { what: WHAT });
    }
    if PlatformCode::recognises(data) {
        return PlatformCode::parse(data).map(TraceCode::Platform);
    }
    let shape = Shape::of(data);
    let gs1 = match shape {
        Shape::Uri => DigitalLink::parse(data).map(|dl| dl.elements),
        Shape::Bracketed => ElementString::parse_bracketed(data),
        Shape::Digits => gtin_elements(data),
        Shape::ElementString => ElementString::parse_unbracketed(data),
        Shape::Other => Err(no_known_form(data)),
    };
    let gs1_error = match gs1 {
        // A valid element string that is not a trace code (an SSCC …) is reported as such.
        Ok(elements) => return TraceCode::from_elements(elements),
        Err(e) => e,
    };
    // White space between a symbology identifier and the data belongs to no code. GS1 refuses
    // it; Ecode and the recognisers forgive surrounding white space, so they must not be asked,
    // or digits would be a GTIN without it and an Ecode with it.
    if data.trim().len() != data.len() {
        return Err(gs1_error);
    }
    let ecode_error = match Ecode::parse_with(table, data) {
        Ok(code) => return Ok(TraceCode::Ecode(code)),
        Err(e) => e,
    };
    if let Some(code) = recognisers.recognise(data) {
        return Ok(TraceCode::Foreign(code));
    }
    let ecode_meant = ecode_claims(data, table);
    Err(match shape {
        // Digits of a GTIN length were most likely meant as a GTIN.
        Shape::Digits if ecode_meant && !matches!(data.len(), 8 | 12 | 13 | 14) => ecode_error,
        // A GS separator only occurs in element strings; without one, a valid Ecode head
        // (version and NSI) followed by more says Ecode.
        Shape::ElementString if ecode_meant && !data.contains(GS) => ecode_error,
        _ => gs1_error,
    })
}

/// Whether `data` was plausibly meant as an Ecode: its version is in the table, its NSI is
/// all digits, and it goes on past the NSI into master data.
fn ecode_claims(data: &str, table: &EcodeTable) -> bool {
    let b = data.as_bytes();
    b.first()
        .filter(|d| d.is_ascii_digit())
        .and_then(|d| table.version(d - b'0'))
        .is_some_and(|spec| {
            b.get(1..=spec.nsi_length)
                .is_some_and(|nsi| nsi.iter().all(u8::is_ascii_digit))
                && data.chars().count() > 1 + spec.nsi_length
        })
}

fn gtin_elements(data: &str) -> Result<ElementString, CodeError> {
    let gtin = Gtin::parse(data)?;
    ElementString::from_pairs([("01", gtin.as_str())])
}

fn no_known_form(data: &str) -> CodeError {
    CodeError::InvalidCharacter {
        what: WHAT,
        position: 1,
        found: data.chars().next().unwrap_or(' '),
        rule: "no known form starts so: tried a platform code, a GS1 Digital Link URI, an \
               element string such as (01)…, 8, 12, 13 or 14 GTIN digits, an Ecode \
               (version, NSI, master data) and the patterns of other schemes",
    }
}
