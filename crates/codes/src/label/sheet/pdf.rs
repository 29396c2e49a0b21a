//! Sheets as PDF: symbols as filled vector rectangles (one per run of dark modules), captions
//! in Courier.
//!
//! Courier is one of the 14 fonts every PDF reader has, so nothing is embedded; it covers
//! ASCII only, and a CJK font cannot be embedded without shipping one, so characters outside
//! printable ASCII are printed as `?`. GS1 element strings and URIs are ASCII.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::{Placed, SheetLayout, paginate};
use crate::label::svg::MONOSPACE_ADVANCE_EM;
use crate::label::{Label, LabelError, text};

/// PDF units (1/72 inch) per millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;
const FONT: Name<'static> = Name(b"F1");
/// zlib level 6, the usual balance: content streams of module rectangles shrink about
/// tenfold.
const DEFLATE_LEVEL: u8 = 6;

/// `labels` laid out by `layout` as one PDF document, a page per sheet. An empty slice is
/// refused ([`LabelError::NoLabels`]): a PDF without pages is not one that viewers open.
pub fn sheet_pdf(labels: &[Label], layout: &SheetLayout) -> Result<Vec<u8>, LabelError> {
    if labels.is_empty() {
        return Err(LabelError::NoLabels);
    }
    let pages = paginate(labels, layout, |label| text::to_ascii(label.caption()))?;

    // Ids: catalog 1, page tree 2, font 3, then a page and its content stream per sheet.
    let too_many = || LabelError::Layout(format!("{} pages are too many for a PDF", pages.len()));
    // Bounded so that the largest id, 3 + 2 × count, is an i32.
    let count = i32::try_from(pages.len())
        .ok()
        .filter(|&n| n <= (i32::MAX - 3) / 2)
        .ok_or_else(too_many)?;
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let font_id = Ref::new(3);
    let page_ids = (0..count).map(|i| Ref::new(4 + 2 * i));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id).kids(page_ids).count(count);
    pdf.type1_font(font_id)
        .base_font(Name(b"Courier"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    let media = Rect::new(
        0.0,
        0.0,
        pt(layout.page_width_mm),
        pt(layout.page_height_mm),
    );
    for (i, page) in pages.iter().enumerate() {
        // `i` < `count`, so neither id overflows.
        let page_id = Ref::new(4 + 2 * i as i32);
        let content_id = Ref::new(5 + 2 * i as i32);
        let mut page_writer = pdf.page(page_id);
        page_writer
            .media_box(media)
            .parent(tree_id)
            .contents(content_id);
        page_writer.resources().fonts().pair(FONT, font_id);
        page_writer.finish();

        let content = page_content(page, layout);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&content, DEFLATE_LEVEL);
        pdf.stream(content_id, &compressed)
            .filter(Filter::FlateDecode);
    }
    Ok(pdf.finish())
}

/// The drawing operators of one page.
fn page_content(page: &[Placed<'_>], layout: &SheetLayout) -> Vec<u8> {
    let page_height = layout.page_height_mm;
    let module = pt(layout.module_mm);
    let font = pt(layout.font_mm);
    let mut content = Content::new();
    for placed in page {
        // Module units with y downwards, as the symbol's grid is: one rectangle per run.
        content.save_state();
        content.transform([
            module,
            0.0,
            0.0,
            -module,
            pt(placed.symbol_x),
            pt(page_height - placed.symbol_y),
        ]);
        for (x, y, n) in placed.label.symbol().dark_runs() {
            content.rect(x as f32, y as f32, n as f32, 1.0);
        }
        content.fill_nonzero();
        content.restore_state();

        for (line, baseline) in &placed.lines {
            // Courier advances every glyph by 0.6 em, so the line's width is exact.
            let width = MONOSPACE_ADVANCE_EM * layout.font_mm * line.chars().count() as f64;
            content.begin_text();
            content.set_font(FONT, font);
            content.next_line(
                pt(placed.center_x - width / 2.0),
                pt(page_height - baseline),
            );
            content.show(Str(line.as_bytes()));
            content.end_text();
        }
    }
    content.finish().into_vec()
}

/// Millimetres to PDF units.
fn pt(mm: f64) -> f32 {
    (mm * PT_PER_MM) as f32
}
