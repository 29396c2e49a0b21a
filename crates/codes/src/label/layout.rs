//! Where the symbol and the caption go on a single label, the same way for SVG and PNG:
//! the symbol with its quiet zone at the top, centred, and the caption's lines centred under
//! it. Only the text's measures differ between the two (a viewer's monospace font, the PNG
//! dot font), so they come in as arguments.

use super::{LabelStyle, Symbol};

/// A single label's geometry, in pixels from its top left corner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LabelBox {
    pub width: u64,
    pub height: u64,
    /// Top left of the symbol's first module (inside the quiet zone).
    pub symbol_x: u64,
    pub symbol_y: u64,
    /// Top of the first caption line.
    pub text_top: u64,
    pub line_advance: u64,
    pub lines: Vec<String>,
}

impl LabelBox {
    /// Lays out `symbol` and the caption `lines`, whose lines are `line_advance` apart and as
    /// wide as `line_width` says.
    pub fn new(
        symbol: &Symbol,
        style: &LabelStyle,
        lines: Vec<String>,
        line_advance: u64,
        line_width: impl Fn(&str) -> u64,
    ) -> Self {
        let module = u64::from(style.module_px());
        let quiet = symbol.quiet_zone() as u64 * module;
        let symbol_width = symbol.width() as u64 * module + 2 * quiet;
        let symbol_height = symbol.height() as u64 * module + 2 * quiet;
        let padding = u64::from(style.text_padding());
        let text_width = lines.iter().map(|l| line_width(l)).max().unwrap_or(0);
        let width = symbol_width.max(text_width.saturating_add(2 * padding));
        let height = if lines.is_empty() {
            symbol_height
        } else {
            // The quiet zone already separates the text from the symbol; padding closes the
            // label below the last line.
            symbol_height
                .saturating_add((lines.len() as u64).saturating_mul(line_advance))
                .saturating_add(padding)
        };
        Self {
            width,
            height,
            symbol_x: (width - symbol_width) / 2 + quiet,
            symbol_y: quiet,
            text_top: symbol_height,
            line_advance,
            lines,
        }
    }

    /// Top of caption line `i`.
    pub fn line_top(&self, i: usize) -> u64 {
        self.text_top + i as u64 * self.line_advance
    }
}
