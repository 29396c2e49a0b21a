//! A single label as SVG, and the SVG pieces the sheets share.
//!
//! Text is left to the viewer's monospace font, so captions may carry any script the viewer
//! has a font for (Chinese included).

use std::fmt::Write as _;

use super::layout::LabelBox;
use super::{LabelStyle, Symbol, text};

/// SVG's estimate of a monospace advance, in ems: 0.6 is Courier's and close to every common
/// monospace font's, and the layout only needs it to centre and to size the label.
pub(crate) const MONOSPACE_ADVANCE_EM: f64 = 0.6;

/// `symbol`'s label as an SVG document of `style`'s size, with `caption` under the symbol.
pub(crate) fn label(symbol: &Symbol, style: &LabelStyle, caption: &str) -> String {
    let font = f64::from(style.font_px());
    let line_advance = u64::from(style.font_px()).saturating_mul(5).div_ceil(4);
    let layout = LabelBox::new(symbol, style, text::lines(caption), line_advance, |line| {
        (MONOSPACE_ADVANCE_EM * font * text::width(line) as f64).ceil() as u64
    });
    let (width, height) = (layout.width, layout.height);
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" fill="#fff"/>"##
    );
    let _ = write!(
        out,
        r##"<path fill="#000" shape-rendering="crispEdges" transform="translate({} {}) scale({})" d="{}"/>"##,
        layout.symbol_x,
        layout.symbol_y,
        style.module_px(),
        module_path(symbol)
    );
    for (i, line) in layout.lines.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-family="monospace" font-size="{}" text-anchor="middle" fill="#000">{}</text>"##,
            num(width as f64 / 2.0),
            layout.line_top(i) + u64::from(style.font_px()),
            style.font_px(),
            escape(line)
        );
    }
    out.push_str("</svg>");
    out
}

/// The dark modules as one path in module units (one module = 1), a rectangle per
/// horizontal run: `M x y h n v 1 h -n z`.
pub(crate) fn module_path(symbol: &Symbol) -> String {
    let mut d = String::new();
    for (x, y, n) in symbol.dark_runs() {
        let _ = write!(d, "M{x} {y}h{n}v1h-{n}z");
    }
    d
}

/// `s` with the five XML special characters escaped, for text content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most three decimals (a micrometre when the unit is the millimetre)
/// and no trailing zeros, to keep files small.
pub(crate) fn num(value: f64) -> String {
    let s = format!("{value:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(1.23456), "1.235");
        assert_eq!(num(-0.0001), "0");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
