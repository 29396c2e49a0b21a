//! Which symbol and caption a trace code's label carries.

use super::{Label, LabelError};
use crate::TraceCode;
use crate::gs1::DigitalLink;

/// The symbol a label should use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SymbolChoice {
    /// What the scheme prints by default: GS1 DataMatrix for GS1 codes, QR otherwise.
    #[default]
    Auto,
    /// A QR code: for GS1, the Digital Link URI, so a phone opens it.
    Qr,
    /// A GS1 DataMatrix of the element string, for GS1 codes only.
    DataMatrix,
}

/// The label of `code`, captioned with its human-readable form.
pub fn label_for(code: &TraceCode, choice: SymbolChoice) -> Result<Label, LabelError> {
    match code {
        TraceCode::Gs1(gs1) => match choice {
            SymbolChoice::Auto | SymbolChoice::DataMatrix => Label::gs1_datamatrix(&gs1.elements),
            SymbolChoice::Qr => {
                // Everything the code carries, as qualifiers and attributes of the link.
                let uri = DigitalLink::from_element_string(gs1.elements.clone())
                    .map(|link| link.canonical_uri())
                    .map_err(|e| LabelError::NoDigitalLink(e.to_string()))?;
                Label::qr(&uri, gs1.elements.to_bracketed())
            }
        },
        // Other schemes print as QR codes of a form that scans back to the same code.
        other => {
            if choice == SymbolChoice::DataMatrix {
                return Err(LabelError::NotGs1(other.scheme().to_owned()));
            }
            let text = match other {
                TraceCode::Platform(code) => code.printed(),
                TraceCode::Ecode(code) => code.raw().to_owned(),
                _ => other.key(),
            };
            Label::qr(&text, text.clone())
        }
    }
}
