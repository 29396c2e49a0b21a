//! A single label as PNG: drawn into a black-and-white raster, then written as a 1-bit
//! greyscale PNG (a label has two colours, so one bit per pixel keeps files a few kilobytes).
//!
//! The caption is drawn with the built-in 5×7 dot font, which covers printable ASCII: other
//! characters (Chinese, for one) are drawn as an empty box. Element strings and URIs are
//! ASCII; captions in other scripts belong in the SVG or in the caller's own layout.

use super::font::{self, ADVANCE, GLYPH_WIDTH, LINE_ADVANCE, LINE_GAP};
use super::layout::LabelBox;
use super::{LabelError, LabelStyle, Symbol, text};

/// Above this many pixels a label is refused rather than allocated: 32 megapixels is far
/// beyond any label and still a modest allocation.
const MAX_PIXELS: u64 = 1 << 25;

/// `symbol`'s label as PNG bytes.
pub(crate) fn label(
    symbol: &Symbol,
    style: &LabelStyle,
    caption: &str,
) -> Result<Vec<u8>, LabelError> {
    let dot = u64::from((style.font_px() / 8).max(1));
    let lines = text::lines(caption);
    let layout = LabelBox::new(symbol, style, lines, LINE_ADVANCE as u64 * dot, |line| {
        let chars = line.chars().count() as u64;
        (chars * u64::from(ADVANCE)).saturating_sub(1) * dot
    });
    let mut raster = Raster::new(layout.width, layout.height)?;

    let module = u64::from(style.module_px());
    for (x, y, n) in symbol.dark_runs() {
        raster.fill(
            layout.symbol_x + x as u64 * module,
            layout.symbol_y + y as u64 * module,
            n as u64 * module,
            module,
        );
    }
    for (i, line) in layout.lines.iter().enumerate() {
        let chars = line.chars().count() as u64;
        let line_width = (chars * u64::from(ADVANCE)).saturating_sub(1) * dot;
        let left = (layout.width - line_width) / 2;
        let top = layout.line_top(i) + dot * u64::from(LINE_GAP);
        for (k, c) in line.chars().enumerate() {
            raster.glyph(
                left + k as u64 * u64::from(ADVANCE) * dot,
                top,
                dot,
                font::glyph(c),
            );
        }
    }
    raster.to_png()
}

/// Pixels, row-major, `true` = dark.
struct Raster {
    width: u64,
    height: u64,
    dark: Vec<bool>,
}

impl Raster {
    fn new(width: u64, height: u64) -> Result<Self, LabelError> {
        let pixels = width.saturating_mul(height);
        let too_large = LabelError::ImageTooLarge { width, height };
        if pixels > MAX_PIXELS || width > u64::from(u32::MAX) || height > u64::from(u32::MAX) {
            return Err(too_large);
        }
        let len = usize::try_from(pixels).map_err(|_| too_large)?;
        Ok(Self {
            width,
            height,
            dark: vec![false; len],
        })
    }

    /// Darkens the rectangle at `x`, `y` of `w` × `h` pixels, clipped to the raster.
    fn fill(&mut self, x: u64, y: u64, w: u64, h: u64) {
        let x_end = (x + w).min(self.width);
        for row in y..(y + h).min(self.height) {
            for col in x..x_end {
                // In bounds: row < height, col < width, and width × height fits in usize.
                self.dark[(row * self.width + col) as usize] = true;
            }
        }
    }

    /// Draws `rows` with its top left at `x`, `y`, each font dot `dot` pixels square.
    fn glyph(&mut self, x: u64, y: u64, dot: u64, rows: [u8; 9]) {
        for (r, bits) in rows.iter().enumerate() {
            for c in 0..GLYPH_WIDTH {
                if bits & (1 << (GLYPH_WIDTH - 1 - c)) != 0 {
                    self.fill(x + u64::from(c) * dot, y + r as u64 * dot, dot, dot);
                }
            }
        }
    }

    /// The raster as a 1-bit greyscale PNG: bit 1 is white, each row padded to a byte.
    fn to_png(&self) -> Result<Vec<u8>, LabelError> {
        let stride = self.width.div_ceil(8) as usize;
        let mut packed = vec![0u8; stride * self.height as usize];
        for (y, row) in self.dark.chunks(self.width as usize).enumerate() {
            for (x, &dark) in row.iter().enumerate() {
                if !dark {
                    packed[y * stride + x / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        let png_error = |e: png::EncodingError| LabelError::Png(e.to_string());
        let mut out = Vec::new();
        // Dimensions were bounded by u32::MAX in `new`.
        let mut encoder = png::Encoder::new(&mut out, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let mut writer = encoder.write_header().map_err(png_error)?;
        writer.write_image_data(&packed).map_err(png_error)?;
        writer.finish().map_err(png_error)?;
        Ok(out)
    }
}
