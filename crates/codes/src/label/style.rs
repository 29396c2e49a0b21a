//! How big a single label is drawn: module size and text size.

use super::LabelError;

/// Module and text size of a single label image.
///
/// Both are in pixels: PNG pixels, and SVG user units (CSS pixels, which the SVG's `width`
/// and `height` also use). Printing at a physical size is the job of the sheets
/// ([`super::sheet::SheetLayout`]), which take millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelStyle {
    module_px: u32,
    font_px: u32,
}

impl LabelStyle {
    /// The largest module accepted: beyond it a large symbol makes images of hundreds of
    /// megapixels, and nobody needs a module wider than 100 pixels.
    pub const MAX_MODULE_PX: u32 = 100;
    /// The largest text accepted, for the same reason.
    pub const MAX_FONT_PX: u32 = 200;

    /// A style with modules of `module_px` pixels and text of `font_px` pixels (the font size;
    /// PNG draws its 5×7 dot font with dots of `font_px / 8` pixels, at least 1).
    pub fn new(module_px: u32, font_px: u32) -> Result<Self, LabelError> {
        if !(1..=Self::MAX_MODULE_PX).contains(&module_px) {
            return Err(LabelError::Style(format!(
                "module size {module_px} px is outside 1..={}",
                Self::MAX_MODULE_PX
            )));
        }
        if !(1..=Self::MAX_FONT_PX).contains(&font_px) {
            return Err(LabelError::Style(format!(
                "font size {font_px} px is outside 1..={}",
                Self::MAX_FONT_PX
            )));
        }
        Ok(Self { module_px, font_px })
    }

    /// Side of one module, in pixels.
    pub fn module_px(&self) -> u32 {
        self.module_px
    }

    /// Font size of the caption, in pixels.
    pub fn font_px(&self) -> u32 {
        self.font_px
    }

    /// Room between the symbol's quiet zone and the text, and between the text and the edge:
    /// half a line, so that the text reads as belonging to the symbol without touching it.
    pub(crate) fn text_padding(&self) -> u32 {
        self.font_px.div_ceil(2)
    }
}

impl Default for LabelStyle {
    /// Modules of 4 px and 16 px text: a 20×20 DataMatrix is 88 px square with its quiet
    /// zone, legible on screen and scannable from a display.
    fn default() -> Self {
        Self {
            module_px: 4,
            font_px: 16,
        }
    }
}
