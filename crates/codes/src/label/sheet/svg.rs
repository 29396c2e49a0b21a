//! Sheets as SVG: one document per page, in millimetres, text in the viewer's monospace font
//! (so captions may be Chinese).

use std::fmt::Write as _;

use super::{SheetLayout, paginate};
use crate::label::svg::{escape, module_path, num};
use crate::label::{Label, LabelError};

/// `labels` laid out by `layout`: one SVG document per page, the page's size in mm. No
/// labels make no pages.
pub fn sheet_svg(labels: &[Label], layout: &SheetLayout) -> Result<Vec<String>, LabelError> {
    let pages = paginate(labels, layout, |label| label.caption().to_owned())?;
    let (width, height) = (num(layout.page_width_mm), num(layout.page_height_mm));
    let font = num(layout.font_mm);
    let mut out = Vec::with_capacity(pages.len());
    for page in pages {
        let mut svg = String::new();
        // Writing to a String cannot fail; the results are ignored for that reason.
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}mm" height="{height}mm" viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" fill="#fff"/>"##
        );
        for placed in page {
            let _ = write!(
                svg,
                r##"<path fill="#000" shape-rendering="crispEdges" transform="translate({} {}) scale({})" d="{}"/>"##,
                num(placed.symbol_x),
                num(placed.symbol_y),
                num(layout.module_mm),
                module_path(placed.label.symbol())
            );
            for (line, baseline) in &placed.lines {
                let _ = write!(
                    svg,
                    r##"<text x="{}" y="{}" font-family="monospace" font-size="{font}" text-anchor="middle" fill="#000">{}</text>"##,
                    num(placed.center_x),
                    num(*baseline),
                    escape(line)
                );
            }
        }
        svg.push_str("</svg>");
        out.push(svg);
    }
    Ok(out)
}
