//! Labels decode back to what was encoded: QR codes through `rqrr` and GS1 DataMatrix through
//! `rxing` (a port of ZXing, which also reports the symbology identifier `]d2` that FNC1 in
//! first position makes), both reading the PNG the label was rendered to, and the SVG's
//! module path redrawn; the DataMatrix codewords are checked against a known answer worked
//! out by hand from ISO/IEC 16022.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use datamatrix::placement::MatrixMap;
use proptest::prelude::*;
use rxing::{BarcodeFormat, RXingResultMetadataType, RXingResultMetadataValue};
use yima_codes::gs1::ElementString;
use yima_codes::label::{Label, LabelError, LabelStyle, Symbol, SymbolKind};

const EXAMPLE: &str = "(01)09520123456788(10)ABC1(21)12345";
const DIGITAL_LINK: &str = "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345";

/// A decoded PNG: width, height and one luma byte per pixel.
struct Luma {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

fn decode_png(bytes: &[u8]) -> Luma {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Luma {
        width: info.width as usize,
        height: info.height as usize,
        pixels: buf,
    }
}

fn read_qr(image: &Luma) -> String {
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(image.width, image.height, |x, y| {
            image.pixels[y * image.width + x]
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

/// What a GS1-aware scanner reports for the DataMatrix in `image`: the symbology identifier
/// and the data, with FNC1 separators as GS.
fn read_datamatrix(image: &Luma) -> (String, String) {
    let result = rxing::helpers::detect_in_luma(
        image.pixels.clone(),
        image.width as u32,
        image.height as u32,
        Some(BarcodeFormat::DATA_MATRIX),
    )
    .unwrap();
    let identifier = match result
        .getRXingResultMetadata()
        .get(&RXingResultMetadataType::SYMBOLOGY_IDENTIFIER)
    {
        Some(RXingResultMetadataValue::SymbologyIdentifier(id)) => id.clone(),
        other => panic!("no symbology identifier: {other:?}"),
    };
    (identifier, result.getText().to_owned())
}

fn elements(bracketed: &str) -> ElementString {
    ElementString::parse_bracketed(bracketed).unwrap()
}

/// The symbol's modules, row-major, as the `datamatrix` crate's reader wants them.
fn modules(symbol: &Symbol) -> Vec<bool> {
    (0..symbol.height())
        .flat_map(|y| (0..symbol.width()).map(move |x| symbol.is_dark(x, y)))
        .collect()
}

#[test]
fn qr_png_decodes_back_to_the_text() {
    let style = LabelStyle::default();
    for text in [
        DIGITAL_LINK,
        "https://trace.example.cn/c/7Q2M9XKD4T",
        "批次 2025-08-03 合格",
    ] {
        let symbol = Symbol::qr(text).unwrap();
        assert_eq!(symbol.kind(), SymbolKind::Qr);
        let image = decode_png(&symbol.to_png(&style, "caption").unwrap());
        assert_eq!(read_qr(&image), text);
    }
}

#[test]
fn gs1_datamatrix_png_reads_as_gs1_with_fnc1_separators() {
    let style = LabelStyle::default();
    for bracketed in [
        EXAMPLE,
        "(01)09520123456788",
        "(01)09520123456788(17)251231(10)L250803A(21)abc-xyz/09",
        // 61 data codewords: a 32×32 symbol, four data regions with inner finder patterns.
        "(01)09520123456788(10)ABCDEFGHIJKLMNOPQRST(21)abcdefghijklmnopqrst(240)XYZ-123",
    ] {
        let es = elements(bracketed);
        let label = Label::gs1_datamatrix(&es).unwrap();
        assert_eq!(label.caption(), bracketed);
        let image = decode_png(&label.to_png(&style).unwrap());
        let (identifier, data) = read_datamatrix(&image);
        assert_eq!(identifier, "]d2", "{bracketed}: FNC1 in first position");
        assert_eq!(data, es.to_unbracketed(), "{bracketed}");
        assert_eq!(ElementString::parse_unbracketed(&data).unwrap(), es);
    }
}

#[test]
fn large_gs1_datamatrix_with_interleaved_blocks_reads_back() {
    // 245 data codewords, more than the 174 of a 48×48 symbol: larger symbols compute their
    // check codewords in interleaved blocks, which this crate recomputes after swapping in FNC1.
    let es = ElementString::from_pairs([
        ("01", "09520123456788"),
        ("10", "ABCDEFGHIJKLMNOPQRST"),
        ("21", "abcdefghijklmnopqrst"),
        ("240", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"),
        ("91", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        ("92", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("93", "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba"),
    ])
    .unwrap();
    let symbol = Symbol::gs1_datamatrix(&es).unwrap();
    assert!(symbol.width() >= 52, "{}", symbol.width());
    let decoded = datamatrix::DataMatrix::decode(&modules(&symbol), symbol.width()).unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), es.to_unbracketed());
    let image = decode_png(&symbol.to_png(&LabelStyle::new(3, 8).unwrap(), "").unwrap());
    assert_eq!(
        read_datamatrix(&image),
        ("]d2".to_owned(), es.to_unbracketed())
    );
}

#[test]
fn gs1_datamatrix_codewords_known_answer() {
    // ISO/IEC 16022 ASCII encodation of FNC1 01 09520123456788 10 ABC1 FNC1 21 12345, by hand:
    // digit pairs are 130 + the pair, characters their ASCII value + 1, FNC1 232; 19 codewords
    // need a 20×20 symbol (22 data codewords), padded with 129 and then the 253-state
    // randomised pads for positions 21 and 22: 129 + (149 × 21 mod 253) + 1 = 223 and
    // 129 + (149 × 22 mod 253) + 1 − 254 = 118.
    let symbol = Symbol::gs1_datamatrix(&elements(EXAMPLE)).unwrap();
    assert_eq!((symbol.width(), symbol.height()), (20, 20));
    let (map, _) = MatrixMap::try_from_bits(&modules(&symbol), symbol.width()).unwrap();
    let codewords = map.codewords();
    assert_eq!(
        codewords[..22],
        [
            232, 131, 139, 182, 131, 153, 175, 197, 218, // FNC1 01 09 52 01 23 45 67 88
            140, 66, 67, 68, 50,  // 10 A B C 1
            232, // FNC1 as separator, not GS (30)
            151, 142, 164, 54, // 21 12 34 5
            129, 223, 118, // pads
        ]
    );
}

#[test]
fn datamatrix_has_its_finder_pattern_and_clock_track() {
    let symbol = Symbol::gs1_datamatrix(&elements(EXAMPLE)).unwrap();
    let (w, h) = (symbol.width(), symbol.height());
    for y in 0..h {
        assert!(symbol.is_dark(0, y), "left edge solid at row {y}");
        assert_eq!(
            symbol.is_dark(w - 1, y),
            (h - 1 - y) % 2 == 0,
            "right clock at row {y}"
        );
    }
    for x in 0..w {
        assert!(symbol.is_dark(x, h - 1), "bottom edge solid at column {x}");
        assert_eq!(symbol.is_dark(x, 0), x % 2 == 0, "top clock at column {x}");
    }
    assert!(
        !symbol.is_dark(w, 0) && !symbol.is_dark(0, h),
        "outside is light"
    );
}

#[test]
fn png_has_the_expected_size_and_quiet_zone() {
    let style = LabelStyle::new(4, 16).unwrap();
    let symbol = Symbol::gs1_datamatrix(&elements(EXAMPLE)).unwrap();
    let image = decode_png(&symbol.to_png(&style, EXAMPLE).unwrap());
    // 16 px text: 2 px dots, 12 px per character, 22 px per line; 8 px padding each side.
    let text_width = (35 * 6 - 1) * 2;
    assert_eq!(image.width, text_width + 2 * 8);
    assert_eq!(image.height, 22 * 4 + 22 + 8);
    let symbol_left = (image.width - 22 * 4) / 2;
    // The quiet-zone ring (one module, 4 px) around the symbol is white.
    for x in symbol_left..symbol_left + 22 * 4 {
        for y in [0, 3, 22 * 4 - 1] {
            assert_eq!(image.pixels[y * image.width + x], 255, "({x}, {y})");
        }
    }
    // The first module row's left module is dark (the finder's corner).
    let corner = 4 * image.width + symbol_left + 4;
    assert_eq!(image.pixels[corner], 0);

    // Without a caption the label is the symbol and its quiet zone.
    let bare = decode_png(&symbol.to_png(&style, "").unwrap());
    assert_eq!((bare.width, bare.height), (88, 88));
    let qr = Symbol::qr(DIGITAL_LINK).unwrap();
    let bare = decode_png(&qr.to_png(&style, "").unwrap());
    assert_eq!(bare.width, (qr.width() + 8) * 4);
}

#[test]
fn png_draws_the_caption_under_the_symbol() {
    let style = LabelStyle::new(2, 8).unwrap();
    let symbol = Symbol::gs1_datamatrix(&elements(EXAMPLE)).unwrap();
    let image = decode_png(&symbol.to_png(&style, "I").unwrap());
    // 1 px dots: "I" is 5 dots wide, centred; its top bar is in the text's first glyph row.
    let text_top = 22 * 2 + 1;
    let row = &image.pixels[text_top * image.width..(text_top + 1) * image.width];
    let dark: Vec<usize> = (0..image.width).filter(|&x| row[x] == 0).collect();
    let left = (image.width - 5) / 2;
    assert_eq!(dark, [left + 1, left + 2, left + 3], "the I's top bar");
    // Non-ASCII is drawn as a box and does not break the symbol.
    let image = decode_png(&symbol.to_png(&style, "批次").unwrap());
    assert_eq!(
        read_datamatrix(&image).1,
        elements(EXAMPLE).to_unbracketed()
    );
}

/// The SVG's module path, redrawn as a luma image with the symbol's quiet zone.
fn redraw_svg(svg: &str, quiet: usize) -> Luma {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let path = doc
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .expect("a module path");
    let mut runs = Vec::new();
    for run in path
        .attribute("d")
        .unwrap()
        .split('M')
        .filter(|s| !s.is_empty())
    {
        // "x yhnv1h-nz"
        let (x, rest) = run.split_once(' ').unwrap();
        let (y, rest) = rest.split_once('h').unwrap();
        let (n, rest) = rest.split_once('v').unwrap();
        assert_eq!(rest, format!("1h-{n}z"));
        runs.push((
            x.parse::<usize>().unwrap(),
            y.parse::<usize>().unwrap(),
            n.parse::<usize>().unwrap(),
        ));
    }
    let width = runs.iter().map(|(x, _, n)| x + n).max().unwrap();
    let height = runs.iter().map(|(_, y, _)| y + 1).max().unwrap();
    let scale = 4;
    let (w, h) = ((width + 2 * quiet) * scale, (height + 2 * quiet) * scale);
    let mut pixels = vec![255u8; w * h];
    for (x, y, n) in runs {
        for py in (y + quiet) * scale..(y + quiet + 1) * scale {
            for px in (x + quiet) * scale..(x + quiet + n) * scale {
                pixels[py * w + px] = 0;
            }
        }
    }
    Luma {
        width: w,
        height: h,
        pixels,
    }
}

fn svg_texts(svg: &str) -> Vec<String> {
    roxmltree::Document::parse(svg)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn svg_is_well_formed_carries_the_caption_and_its_modules_decode() {
    let style = LabelStyle::default();
    let qr = Symbol::qr(DIGITAL_LINK).unwrap();
    let caption = "统一追溯码 <A&B> \"1\"\n第二行";
    let svg = qr.to_svg(&style, caption);
    assert_eq!(svg_texts(&svg), ["统一追溯码 <A&B> \"1\"", "第二行"]);
    assert_eq!(read_qr(&redraw_svg(&svg, 4)), DIGITAL_LINK);

    let es = elements(EXAMPLE);
    let label = Label::gs1_datamatrix(&es).unwrap();
    let svg = label.to_svg(&style);
    assert_eq!(svg_texts(&svg), [EXAMPLE]);
    let (identifier, data) = read_datamatrix(&redraw_svg(&svg, 1));
    assert_eq!((identifier.as_str(), data), ("]d2", es.to_unbracketed()));

    // The root's size is the label's, in pixels, and control characters cannot break the XML.
    let doc_svg = label.symbol().to_svg(&style, "a\u{1d}b");
    let doc = roxmltree::Document::parse(&doc_svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("88"));
    assert_eq!(svg_texts(&doc_svg), ["a\u{fffd}b"]);
}

#[test]
fn sizes_are_refused_with_reasons() {
    assert!(matches!(LabelStyle::new(0, 16), Err(LabelError::Style(_))));
    assert!(matches!(LabelStyle::new(4, 0), Err(LabelError::Style(_))));
    assert!(matches!(
        LabelStyle::new(101, 16),
        Err(LabelError::Style(_))
    ));
    let too_long = "x".repeat(3000);
    assert_eq!(
        Symbol::qr(&too_long),
        Err(LabelError::TooMuchData {
            symbology: "QR code",
            bytes: 3000
        })
    );
    // A caption far too wide for memory is refused, not allocated.
    let symbol = Symbol::qr("x").unwrap();
    let style = LabelStyle::new(1, 200).unwrap();
    assert!(matches!(
        symbol.to_png(&style, &"W".repeat(200_000)),
        Err(LabelError::ImageTooLarge { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any lot and serial in GS1's character set 82 encodes to a symbol whose data reads back
    /// exactly, FNC1 first and no GS codeword (30) before the padding.
    #[test]
    fn any_lot_and_serial_round_trips(
        lot in "[!\"%&'()*+,./0-9:;<=>?A-Z_a-z-]{1,20}",
        serial in "[!\"%&'()*+,./0-9:;<=>?A-Z_a-z-]{1,20}",
    ) {
        let es = ElementString::from_pairs([
            ("01", "09520123456788"),
            ("10", lot.as_str()),
            ("21", serial.as_str()),
        ]).unwrap();
        let symbol = Symbol::gs1_datamatrix(&es).unwrap();
        let bits = modules(&symbol);
        let decoded = datamatrix::DataMatrix::decode(&bits, symbol.width()).unwrap();
        prop_assert_eq!(String::from_utf8(decoded).unwrap(), es.to_unbracketed());
        let (map, _) = MatrixMap::try_from_bits(&bits, symbol.width()).unwrap();
        let codewords = map.codewords();
        let data = &codewords[..data_capacity(symbol.width())];
        let end = data.iter().position(|&c| c == 129).unwrap_or(data.len());
        // Pads and check codewords may take any value; the data before them is ASCII
        // encodation, where 232 is FNC1 and 30 is GS.
        prop_assert_eq!(data[0], 232);
        prop_assert_eq!(data[..end].iter().filter(|&&c| c == 232).count(), 2);
        prop_assert!(!data[..end].contains(&30));
    }
}

/// Data codewords of the square symbols a lot and serial of up to 20 characters can need
/// (ISO/IEC 16022, table 7).
fn data_capacity(width: usize) -> usize {
    match width {
        10 => 3,
        12 => 5,
        14 => 8,
        16 => 12,
        18 => 18,
        20 => 22,
        22 => 30,
        24 => 36,
        26 => 44,
        32 => 62,
        36 => 86,
        _ => panic!("unexpected symbol width {width}"),
    }
}
