//! A 2D symbol as a grid of modules, whatever encoded it.

use qrcode::types::QrError;
use qrcode::{EcLevel, QrCode};

use super::LabelError;
use super::gs1_datamatrix;
use crate::gs1::ElementString;

/// Which symbology made a [`Symbol`]; it decides the quiet zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// QR Code (ISO/IEC 18004), error correction level M.
    Qr,
    /// GS1 DataMatrix: Data Matrix ECC 200 (ISO/IEC 16022) with FNC1 in first position.
    Gs1DataMatrix,
}

impl SymbolKind {
    /// The minimum light margin around the symbol, in modules: 4 for QR Code (ISO/IEC 18004),
    /// 1 for Data Matrix (ISO/IEC 16022 and the GS1 General Specifications).
    pub fn quiet_zone(self) -> usize {
        match self {
            Self::Qr => 4,
            Self::Gs1DataMatrix => 1,
        }
    }

    /// The symbology's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Qr => "QR code",
            Self::Gs1DataMatrix => "GS1 DataMatrix",
        }
    }
}

/// An encoded symbol: which modules are dark, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    kind: SymbolKind,
    width: usize,
    height: usize,
    /// Row-major, `true` = dark.
    dark: Vec<bool>,
}

/// A horizontal run of dark modules: `x`, `y` of its left module and its length.
pub(crate) type Run = (usize, usize, usize);

impl Symbol {
    /// A QR code holding `text` as UTF-8 (a GS1 Digital Link URI, a platform URL, any text),
    /// at error correction level M, the usual choice for printed URIs: it survives 15% damage
    /// without the size of Q or H.
    pub fn qr(text: &str) -> Result<Self, LabelError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(
            |e| match e {
                QrError::DataTooLong => LabelError::TooMuchData {
                    symbology: SymbolKind::Qr.name(),
                    bytes: text.len(),
                },
                other => LabelError::Encoding {
                    symbology: SymbolKind::Qr.name(),
                    reason: other.to_string(),
                },
            },
        )?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Ok(Self {
            kind: SymbolKind::Qr,
            width,
            height: width,
            dark,
        })
    }

    /// A square GS1 DataMatrix holding `elements`: FNC1 first, then the element string with
    /// FNC1 after every variable-length value that is not last.
    pub fn gs1_datamatrix(elements: &ElementString) -> Result<Self, LabelError> {
        gs1_datamatrix::encode(elements)
    }

    /// Wraps a grid made by an encoder of this module.
    pub(crate) fn from_grid(
        kind: SymbolKind,
        width: usize,
        height: usize,
        dark: Vec<bool>,
    ) -> Result<Self, LabelError> {
        if width == 0 || dark.len() != width * height {
            return Err(LabelError::Encoding {
                symbology: kind.name(),
                reason: format!("{} modules do not make a {width}-wide grid", dark.len()),
            });
        }
        Ok(Self {
            kind,
            width,
            height,
            dark,
        })
    }

    /// The symbology that made this symbol.
    pub fn kind(&self) -> SymbolKind {
        self.kind
    }

    /// Width in modules, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in modules, without the quiet zone.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The quiet zone this symbol needs on each side, in modules.
    pub fn quiet_zone(&self) -> usize {
        self.kind.quiet_zone()
    }

    /// Whether the module at column `x`, row `y` (from the top left, quiet zone excluded) is
    /// dark; anything outside the symbol is light, as the quiet zone is.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.height && self.dark[y * self.width + x]
    }

    /// The dark modules as horizontal runs, row by row: vector output draws one rectangle per
    /// run instead of one per module, which makes files several times smaller.
    pub(crate) fn dark_runs(&self) -> Vec<Run> {
        let mut runs = Vec::new();
        for (y, row) in self.dark.chunks(self.width).enumerate() {
            let mut x = 0;
            while x < row.len() {
                if row[x] {
                    let start = x;
                    while x < row.len() && row[x] {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}
