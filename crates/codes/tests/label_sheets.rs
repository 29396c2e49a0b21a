//! Sheets: page counts, well-formed SVG pages, a PDF whose page tree and vector symbols read
//! back, and layouts or labels that do not fit refused with the label named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_codes::gs1::ElementString;
use yima_codes::label::sheet::{SheetLayout, sheet_pdf, sheet_svg};
use yima_codes::label::{Label, LabelError};

fn unit(serial: usize) -> ElementString {
    ElementString::parse_bracketed(&format!("(01)09520123456788(10)ABC1(21){serial:06}")).unwrap()
}

fn unit_label(serial: usize) -> Label {
    Label::gs1_datamatrix(&unit(serial)).unwrap()
}

fn batch(n: usize) -> Vec<Label> {
    (0..n).map(unit_label).collect()
}

fn svg_elements<'a>(doc: &'a roxmltree::Document<'a>, tag: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| n.has_tag_name(tag)).collect()
}

/// Dark-module runs `x y n` in module units, from an SVG path or a PDF content stream.
fn grid_from_runs(runs: &[(usize, usize, usize)]) -> (Vec<bool>, usize) {
    let width = runs.iter().map(|(x, _, n)| x + n).max().unwrap();
    let height = runs.iter().map(|(_, y, _)| y + 1).max().unwrap();
    let mut bits = vec![false; width * height];
    for &(x, y, n) in runs {
        for i in x..x + n {
            bits[y * width + i] = true;
        }
    }
    (bits, width)
}

fn decode_grid(runs: &[(usize, usize, usize)]) -> String {
    let (bits, width) = grid_from_runs(runs);
    String::from_utf8(datamatrix::DataMatrix::decode(&bits, width).unwrap()).unwrap()
}

fn svg_runs(d: &str) -> Vec<(usize, usize, usize)> {
    d.split('M')
        .filter(|s| !s.is_empty())
        .map(|run| {
            let (x, rest) = run.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let (n, _) = rest.split_once('v').unwrap();
            (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap())
        })
        .collect()
}

/// The first content stream of `pdf`, inflated (streams are binary, so this searches bytes).
fn first_content_stream(pdf: &[u8]) -> String {
    let find = |from: usize, needle: &[u8]| {
        from + pdf[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("a stream")
    };
    let start = find(0, b"stream\n") + b"stream\n".len();
    let end = find(start, b"\nendstream");
    let content = miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[start..end]).expect("zlib");
    String::from_utf8(content).unwrap()
}

#[test]
fn a_thousand_labels_make_ceil_1000_over_21_svg_pages() {
    let labels = batch(1000);
    let layout = SheetLayout::default();
    assert_eq!(layout.per_page(), 21);
    assert_eq!(layout.pages_for(1000), 48);
    let pages = sheet_svg(&labels, &layout).unwrap();
    assert_eq!(pages.len(), 48);
    for (i, page) in pages.iter().enumerate() {
        let doc = roxmltree::Document::parse(page).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("width"), Some("210mm"));
        assert_eq!(root.attribute("height"), Some("297mm"));
        let expected = if i == 47 { 1000 - 47 * 21 } else { 21 };
        assert_eq!(svg_elements(&doc, "path").len(), expected, "page {i}");
    }

    // The first page's first symbol decodes, and its caption is its element string.
    let doc = roxmltree::Document::parse(&pages[0]).unwrap();
    let path = svg_elements(&doc, "path")[0];
    assert_eq!(
        decode_grid(&svg_runs(path.attribute("d").unwrap())),
        unit(0).to_unbracketed()
    );
    assert!(path.attribute("transform").unwrap().ends_with("scale(0.5)"));
    let texts = svg_elements(&doc, "text");
    assert_eq!(
        texts[0].text(),
        Some("(01)09520123456788(10)ABC1(21)000000")
    );
    assert_eq!(texts[0].attribute("font-size"), Some("2.5"));
}

#[test]
fn the_pdf_has_one_page_per_sheet_and_vector_symbols_that_decode() {
    let labels = batch(1000);
    let pdf = sheet_pdf(&labels, &SheetLayout::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert_eq!(pages, 48);
    assert!(text.contains("/Count 48"));
    assert!(text.contains("/BaseFont /Courier"));

    // The first content stream: the first label's modules as rectangles, then its caption.
    let content = first_content_stream(&pdf);
    let first_symbol: Vec<(usize, usize, usize)> = content
        .lines()
        .skip_while(|l| !l.ends_with(" cm"))
        .skip(1)
        .take_while(|l| l.ends_with(" re"))
        .map(|l| {
            let v: Vec<usize> = l.split(' ').take(4).map(|n| n.parse().unwrap()).collect();
            assert_eq!(v[3], 1, "one module high");
            (v[0], v[1], v[2])
        })
        .collect();
    assert_eq!(decode_grid(&first_symbol), unit(0).to_unbracketed());
    assert!(content.contains("((01)09520123456788(10)ABC1(21)000000) Tj"));
}

#[test]
fn custom_grids_paginate_and_mixed_symbols_fit() {
    let layout = SheetLayout {
        columns: 2,
        rows: 5,
        label_width_mm: 90.0,
        label_height_mm: 50.0,
        margin_left_mm: 10.0,
        margin_top_mm: 10.0,
        column_gap_mm: 5.0,
        row_gap_mm: 5.0,
        ..SheetLayout::default()
    };
    let mut labels = batch(15);
    labels.push(
        Label::qr(
            "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345",
            "扫码查询 https://id.gs1.org/01/09520123456788/10/ABC1/21/12345",
        )
        .unwrap(),
    );
    let pages = sheet_svg(&labels, &layout).unwrap();
    assert_eq!(pages.len(), 2);
    // The long caption wraps inside the 90 mm label; Chinese stays in the SVG.
    let doc = roxmltree::Document::parse(&pages[1]).unwrap();
    let texts: Vec<&str> = svg_elements(&doc, "text")
        .iter()
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.iter().any(|t| t.starts_with("扫码查询")), "{texts:?}");
    // (90 − 2.5) mm of room at 0.6 × 2.5 mm per column: 58 columns.
    assert!(texts.iter().all(|t| t.chars().count() <= 58), "{texts:?}");

    let pdf = sheet_pdf(&labels, &layout).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("/Count 2"));
}

#[test]
fn chinese_captions_become_question_marks_in_pdf_only() {
    let label = Label::qr("https://example.cn/c/1", "批次 A1").unwrap();
    let pdf = sheet_pdf(std::slice::from_ref(&label), &SheetLayout::default()).unwrap();
    assert!(first_content_stream(&pdf).contains("(?? A1) Tj"));
    let svg = sheet_svg(&[label], &SheetLayout::default()).unwrap();
    assert!(svg[0].contains(">批次 A1</text>"));
}

#[test]
fn bad_layouts_and_oversized_labels_are_refused() {
    let labels = batch(3);
    let too_wide = SheetLayout {
        columns: 4,
        ..SheetLayout::default()
    };
    assert!(
        matches!(sheet_svg(&labels, &too_wide), Err(LabelError::Layout(m)) if m.contains("4 columns"))
    );
    let negative = SheetLayout {
        row_gap_mm: -1.0,
        ..SheetLayout::default()
    };
    assert!(matches!(
        sheet_pdf(&labels, &negative),
        Err(LabelError::Layout(_))
    ));
    let nan = SheetLayout {
        module_mm: f64::NAN,
        ..SheetLayout::default()
    };
    assert!(matches!(
        sheet_svg(&labels, &nan),
        Err(LabelError::Layout(_))
    ));

    // 3 mm modules make a 66 mm symbol: too wide for 63.5 mm labels; the first label is named.
    let coarse = SheetLayout {
        module_mm: 3.0,
        ..SheetLayout::default()
    };
    assert!(matches!(
        sheet_svg(&labels, &coarse),
        Err(LabelError::DoesNotFit { index: 0, .. })
    ));
    // Text too big for the label's height: named too.
    let big_text = SheetLayout {
        font_mm: 12.0,
        ..SheetLayout::default()
    };
    assert!(matches!(
        sheet_pdf(&labels, &big_text),
        Err(LabelError::DoesNotFit { index: 0, .. })
    ));

    assert_eq!(sheet_svg(&[], &SheetLayout::default()), Ok(Vec::new()));
    assert_eq!(
        sheet_pdf(&[], &SheetLayout::default()),
        Err(LabelError::NoLabels)
    );
}
