//! The 32 symbols of a platform code (Crockford's base32) and how typed input is read.
//!
//! Crockford's alphabet leaves out I, L, O and U: I, L and O because they are mistaken for 1
//! and 0, so they are read as those digits instead of being refused; U so that no code spells
//! common obscenities, and it has no look-alike to fold to, so it is refused.

/// Symbol values 0–31, in order.
pub(super) const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What a code character is read as: `NONE` for anything outside the alphabet.
const NONE: u8 = 0xFF;

/// ASCII → symbol value, with lower case and the look-alikes folded, built once at compile
/// time so that reading a character is one table load.
const DECODE: [u8; 128] = {
    let mut table = [NONE; 128];
    let mut v = 0;
    while v < 32 {
        let upper = ALPHABET[v];
        table[upper as usize] = v as u8;
        table[upper.to_ascii_lowercase() as usize] = v as u8;
        v += 1;
    }
    let folds: [(u8, u8); 3] = [(b'I', 1), (b'L', 1), (b'O', 0)];
    let mut f = 0;
    while f < folds.len() {
        let (letter, value) = folds[f];
        table[letter as usize] = value;
        table[letter.to_ascii_lowercase() as usize] = value;
        f += 1;
    }
    table
};

/// The value of a code character, if it is one (case and look-alikes forgiven).
pub(super) fn value(c: char) -> Option<u8> {
    let v = *DECODE.get(usize::try_from(u32::from(c)).ok()?)?;
    (v != NONE).then_some(v)
}

/// The canonical (upper-case) symbol of a value; only the low five bits are used.
pub(super) fn symbol(value: u8) -> u8 {
    ALPHABET[usize::from(value & 31)]
}

/// Characters that group a code for the eye and carry no value: hyphens (including the
/// Unicode dashes and the full-width hyphen a Chinese input method types) and any white space
/// (including the ideographic space).
pub(super) fn is_separator(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}') || c.is_whitespace()
}

/// Full-width ASCII (what a Chinese input method produces in full-width mode) as plain
/// ASCII, so that `ＹＭ４…` reads like `YM4…`; every other character is returned unchanged.
pub(super) fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_reads_back_as_its_value() {
        for v in 0..32u8 {
            let s = char::from(symbol(v));
            assert_eq!(value(s), Some(v));
            assert_eq!(value(s.to_ascii_lowercase()), Some(v));
        }
    }

    #[test]
    fn look_alikes_fold_and_u_is_refused() {
        for (c, v) in [('I', 1), ('i', 1), ('L', 1), ('l', 1), ('O', 0), ('o', 0)] {
            assert_eq!(value(c), Some(v), "{c}");
        }
        for c in ['U', 'u', '*', '-', ' ', 'é', '１'] {
            assert_eq!(value(c), None, "{c}");
        }
        assert_eq!(value(fold_width('１')), Some(1));
        assert_eq!(fold_width('ｙ'), 'y');
    }
}
