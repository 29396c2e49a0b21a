//! GS1 DataMatrix: the element string in ASCII encodation, FNC1 (codeword 232) first and as
//! the separator after variable-length values.
//!
//! The `datamatrix` crate puts FNC1 first but has no way to encode FNC1 later in the data
//! (its documentation says so): it would encode the GS character as data. A GS in the data
//! is accepted by many scanners, but the GS1 General Specifications ask for FNC1 as the
//! separator, so this module asks the crate for ASCII encodation only — where every GS is
//! exactly one codeword, 30, and no other codeword means GS — swaps each of those for FNC1
//! (same length, so the symbol size the crate chose still holds), and recomputes the
//! Reed-Solomon check codewords with the crate before placing the modules.
//!
//! ASCII encodation packs digit pairs into one codeword, which is what GS1 data is mostly
//! made of; for long upper-case serials an optimising encoder (C40) would save a codeword in
//! three, which now and then is the difference of one symbol size.

use datamatrix::placement::MatrixMap;
use datamatrix::{DataMatrixBuilder, EncodationType, SymbolList, errorcode};

use super::LabelError;
use super::symbol::{Symbol, SymbolKind};
use crate::gs1::{ElementString, GS};

/// Function 1 Symbol Character in Data Matrix.
const FNC1: u8 = 232;
/// The ASCII-encodation codeword for GS: a character `c` is written as `c + 1`.
const GS_CODEWORD: u8 = 0x1d + 1;
/// The first padding codeword; in ASCII encodation it means nothing else.
const PAD: u8 = 129;

const NAME: &str = "GS1 DataMatrix";

/// Encodes `elements` as a square GS1 DataMatrix, the smallest that holds them.
pub(crate) fn encode(elements: &ElementString) -> Result<Symbol, LabelError> {
    let data = elements.to_unbracketed();
    // Validated element strings are printable ASCII plus GS; anything else would be
    // upper-shifted, and a shifted byte could then look like the GS codeword.
    if !data.is_ascii() {
        return Err(failure("the element string is not ASCII".to_owned()));
    }
    let encoded = DataMatrixBuilder::new()
        .with_encodation_types(EncodationType::Ascii)
        .with_macros(false)
        .with_fnc1_start(true)
        .with_symbol_list(SymbolList::default().enforce_square())
        .encode(data.as_bytes())
        .map_err(|_| LabelError::TooMuchData {
            symbology: NAME,
            bytes: data.len(),
        })?;
    let size = encoded.size;
    let mut codewords = encoded.data_codewords().to_vec();

    let separators = data.chars().filter(|&c| c == GS).count();
    let end = codewords
        .iter()
        .position(|&c| c == PAD)
        .unwrap_or(codewords.len());
    let mut swapped = 0;
    for codeword in &mut codewords[..end] {
        if *codeword == GS_CODEWORD {
            *codeword = FNC1;
            swapped += 1;
        }
    }
    if codewords.first() != Some(&FNC1) || swapped != separators {
        return Err(failure(format!(
            "expected FNC1 first and {separators} separators, found {swapped}"
        )));
    }

    let check = errorcode::encode_error(&codewords, size);
    codewords.extend_from_slice(&check);
    let bitmap = MatrixMap::new_with_codewords(&codewords, size).bitmap();
    let (width, height) = (bitmap.width(), bitmap.height());
    let mut dark = vec![false; width * height];
    for (x, y) in bitmap.pixels() {
        dark[y * width + x] = true;
    }
    Symbol::from_grid(SymbolKind::Gs1DataMatrix, width, height, dark)
}

fn failure(reason: String) -> LabelError {
    LabelError::Encoding {
        symbology: NAME,
        reason,
    }
}
