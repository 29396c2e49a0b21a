//! Printable sheets: a batch's labels in a grid on pages (A4 by default), as one SVG document
//! per page or as one PDF. Sizes are in millimetres; symbols keep the module size the layout
//! asks for (they are never scaled to fit, as scanners need the module size that was chosen),
//! and a label whose symbol and text do not fit its cell is refused, naming the label.

mod pdf;
mod svg;

pub use pdf::sheet_pdf;
pub use svg::sheet_svg;

use super::svg::MONOSPACE_ADVANCE_EM;
use super::{Label, LabelError, text};

/// Line spacing of captions, in ems.
const LINE_ADVANCE_EM: f64 = 1.25;
/// The largest page PDF allows: 14,400 units of 1/72 inch (ISO 32000 annex C), 5080 mm.
const MAX_PAGE_MM: f64 = 5080.0;

/// Where labels go on a page: the page size, the grid of labels and its position, and the
/// module and text size of the labels. Labels fill the grid row by row, left to right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetLayout {
    pub page_width_mm: f64,
    pub page_height_mm: f64,
    /// From the top edge of the page to the top of the first row.
    pub margin_top_mm: f64,
    /// From the left edge of the page to the left of the first column.
    pub margin_left_mm: f64,
    pub columns: u32,
    pub rows: u32,
    pub label_width_mm: f64,
    pub label_height_mm: f64,
    /// Space between two columns.
    pub column_gap_mm: f64,
    /// Space between two rows.
    pub row_gap_mm: f64,
    /// Side of one module of every symbol (the X-dimension).
    pub module_mm: f64,
    /// Font size of the captions.
    pub font_mm: f64,
}

impl Default for SheetLayout {
    /// A4 with 21 labels of 63.5 × 38.1 mm in 3 columns and 7 rows, the common layout of
    /// ready-cut A4 label sheets; 0.5 mm modules, which office printers render cleanly, and
    /// 2.5 mm (about 7 pt) text.
    fn default() -> Self {
        Self {
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_top_mm: 15.15,
            margin_left_mm: 7.25,
            columns: 3,
            rows: 7,
            label_width_mm: 63.5,
            label_height_mm: 38.1,
            column_gap_mm: 2.5,
            row_gap_mm: 0.0,
            module_mm: 0.5,
            font_mm: 2.5,
        }
    }
}

impl SheetLayout {
    /// Labels on one page.
    pub fn per_page(&self) -> usize {
        self.columns as usize * self.rows as usize
    }

    /// Pages needed for `labels` labels.
    pub fn pages_for(&self, labels: usize) -> usize {
        labels.div_ceil(self.per_page().max(1))
    }

    /// Refuses sizes that are not positive and finite and grids that run off the page.
    pub fn validate(&self) -> Result<(), LabelError> {
        let positive = [
            ("page width", self.page_width_mm),
            ("page height", self.page_height_mm),
            ("label width", self.label_width_mm),
            ("label height", self.label_height_mm),
            ("module size", self.module_mm),
            ("font size", self.font_mm),
        ];
        for (name, value) in positive {
            if !(value.is_finite() && value > 0.0) {
                return Err(layout_error(format!("{name} {value} mm is not positive")));
            }
        }
        let non_negative = [
            ("top margin", self.margin_top_mm),
            ("left margin", self.margin_left_mm),
            ("column gap", self.column_gap_mm),
            ("row gap", self.row_gap_mm),
        ];
        for (name, value) in non_negative {
            if !(value.is_finite() && value >= 0.0) {
                return Err(layout_error(format!("{name} {value} mm is negative")));
            }
        }
        if self.page_width_mm > MAX_PAGE_MM || self.page_height_mm > MAX_PAGE_MM {
            return Err(layout_error(format!(
                "pages larger than {MAX_PAGE_MM} mm cannot be made into a PDF"
            )));
        }
        if self.columns == 0 || self.rows == 0 {
            return Err(layout_error(
                "a page needs at least one column and one row".into(),
            ));
        }
        let width = self.margin_left_mm
            + f64::from(self.columns) * self.label_width_mm
            + f64::from(self.columns - 1) * self.column_gap_mm;
        let height = self.margin_top_mm
            + f64::from(self.rows) * self.label_height_mm
            + f64::from(self.rows - 1) * self.row_gap_mm;
        // A micrometre of slack, for layouts whose sizes were measured to the tenth of a mm.
        if width > self.page_width_mm + 1e-3 {
            return Err(layout_error(format!(
                "{} columns end at {width:.2} mm, beyond the page width of {} mm",
                self.columns, self.page_width_mm
            )));
        }
        if height > self.page_height_mm + 1e-3 {
            return Err(layout_error(format!(
                "{} rows end at {height:.2} mm, beyond the page height of {} mm",
                self.rows, self.page_height_mm
            )));
        }
        Ok(())
    }

    /// The top left corner of slot `slot` (0-based, row by row) of a page.
    fn cell(&self, slot: usize) -> (f64, f64) {
        let columns = self.columns.max(1) as usize;
        let (row, column) = (slot / columns, slot % columns);
        (
            self.margin_left_mm + column as f64 * (self.label_width_mm + self.column_gap_mm),
            self.margin_top_mm + row as f64 * (self.label_height_mm + self.row_gap_mm),
        )
    }
}

/// One label's place on its page, in millimetres from the page's top left corner.
#[derive(Debug, Clone, PartialEq)]
struct Placed<'a> {
    label: &'a Label,
    /// Top left of the symbol's first module (inside the quiet zone).
    symbol_x: f64,
    symbol_y: f64,
    /// The caption's lines, each centred on `center_x`, with their baselines.
    lines: Vec<(String, f64)>,
    center_x: f64,
}

/// The labels in pages, each label placed in its cell: the symbol and its quiet zone at the
/// top, the caption (`caption_of` the label, re-wrapped to the cell's width) under it, the
/// whole centred in the cell.
fn paginate<'a>(
    labels: &'a [Label],
    layout: &SheetLayout,
    caption_of: impl Fn(&Label) -> String,
) -> Result<Vec<Vec<Placed<'a>>>, LabelError> {
    layout.validate()?;
    let per_page = layout.per_page();
    let mut pages = Vec::with_capacity(layout.pages_for(labels.len()));
    for (page_index, page_labels) in labels.chunks(per_page).enumerate() {
        let mut placed = Vec::with_capacity(page_labels.len());
        for (slot, label) in page_labels.iter().enumerate() {
            let index = page_index * per_page + slot;
            placed.push(place(
                index,
                label,
                layout,
                layout.cell(slot),
                &caption_of(label),
            )?);
        }
        pages.push(placed);
    }
    Ok(pages)
}

fn place<'a>(
    index: usize,
    label: &'a Label,
    layout: &SheetLayout,
    (cell_x, cell_y): (f64, f64),
    caption: &str,
) -> Result<Placed<'a>, LabelError> {
    let symbol = label.symbol();
    let module = layout.module_mm;
    let quiet = symbol.quiet_zone() as f64 * module;
    let symbol_width = symbol.width() as f64 * module + 2.0 * quiet;
    let symbol_height = symbol.height() as f64 * module + 2.0 * quiet;
    if symbol_width > layout.label_width_mm {
        return Err(LabelError::DoesNotFit {
            index,
            what: "the symbol's width with its quiet zone",
            needed_mm: symbol_width,
            available_mm: layout.label_width_mm,
        });
    }

    let font = layout.font_mm;
    let text_room = layout.label_width_mm - font;
    let max_columns = (text_room / (MONOSPACE_ADVANCE_EM * font)).floor().max(1.0) as usize;
    let lines = text::wrap(&text::lines(caption), max_columns);
    let line_advance = LINE_ADVANCE_EM * font;
    let height = symbol_height + lines.len() as f64 * line_advance;
    if height > layout.label_height_mm {
        return Err(LabelError::DoesNotFit {
            index,
            what: "the height of the symbol with its quiet zone and the caption",
            needed_mm: height,
            available_mm: layout.label_height_mm,
        });
    }

    let top = cell_y + (layout.label_height_mm - height) / 2.0;
    let text_top = top + symbol_height;
    Ok(Placed {
        label,
        symbol_x: cell_x + (layout.label_width_mm - symbol_width) / 2.0 + quiet,
        symbol_y: top + quiet,
        lines: lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| (line, text_top + i as f64 * line_advance + font))
            .collect(),
        center_x: cell_x + layout.label_width_mm / 2.0,
    })
}

fn layout_error(message: String) -> LabelError {
    LabelError::Layout(message)
}
