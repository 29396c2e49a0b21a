//! Labels: a code rendered as a QR code (a GS1 Digital Link URI, a platform URL, any text) or
//! as a GS1 DataMatrix (an element string, FNC1 first), as SVG or PNG with its human-readable
//! text under the symbol, and printable sheets of a batch's labels as SVG pages or PDF.
//!
//! Everything returns bytes or strings: writing them out is the caller's business.
//!
//! Text and fonts: SVG leaves text to the viewer's monospace font, so captions may be in any
//! script. PNG draws text with a built-in 5×7 dot font of printable ASCII, and PDF with the
//! standard Courier font that every PDF reader has; neither can draw Chinese (that would need
//! an embedded CJK font), so both show other characters as a box (PNG) or `?` (PDF). GS1
//! element strings and URIs are ASCII, so their labels are complete in every format.

mod error;
mod font;
mod for_code;
mod gs1_datamatrix;
mod layout;
mod raster;
pub mod sheet;
mod style;
mod svg;
mod symbol;
mod text;

pub use error::LabelError;
pub use for_code::{SymbolChoice, label_for};
pub use style::LabelStyle;
pub use symbol::{Symbol, SymbolKind};

use crate::gs1::ElementString;

impl Symbol {
    /// This symbol as an SVG label: the symbol with its quiet zone and `caption` centred under
    /// it (a line feed starts a new line; an empty caption draws no text).
    pub fn to_svg(&self, style: &LabelStyle, caption: &str) -> String {
        svg::label(self, style, caption)
    }

    /// This symbol as a 1-bit PNG label, laid out as [`Symbol::to_svg`] does; the caption is
    /// drawn in the built-in ASCII font.
    pub fn to_png(&self, style: &LabelStyle, caption: &str) -> Result<Vec<u8>, LabelError> {
        raster::label(self, style, caption)
    }
}

/// A symbol with the text printed under it: one label of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    symbol: Symbol,
    caption: String,
}

impl Label {
    /// A label of `symbol` captioned `caption`.
    pub fn new(symbol: Symbol, caption: impl Into<String>) -> Self {
        Self {
            symbol,
            caption: caption.into(),
        }
    }

    /// A GS1 DataMatrix of `elements` captioned with their bracketed form, as the GS1
    /// General Specifications ask of human-readable interpretation:
    /// `(01)09520123456788(10)ABC1(21)12345`.
    pub fn gs1_datamatrix(elements: &ElementString) -> Result<Self, LabelError> {
        Ok(Self::new(
            Symbol::gs1_datamatrix(elements)?,
            elements.to_bracketed(),
        ))
    }

    /// A QR code of `text` (a Digital Link URI, a platform URL) captioned `caption`.
    pub fn qr(text: &str, caption: impl Into<String>) -> Result<Self, LabelError> {
        Ok(Self::new(Symbol::qr(text)?, caption))
    }

    /// The symbol.
    pub fn symbol(&self) -> &Symbol {
        &self.symbol
    }

    /// The text printed under the symbol.
    pub fn caption(&self) -> &str {
        &self.caption
    }

    /// This label as SVG; see [`Symbol::to_svg`].
    pub fn to_svg(&self, style: &LabelStyle) -> String {
        self.symbol.to_svg(style, &self.caption)
    }

    /// This label as PNG; see [`Symbol::to_png`].
    pub fn to_png(&self, style: &LabelStyle) -> Result<Vec<u8>, LabelError> {
        self.symbol.to_png(style, &self.caption)
    }
}
