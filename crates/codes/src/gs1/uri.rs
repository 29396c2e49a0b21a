//! Percent-encoding as GS1 Digital Link uses it (RFC 3986): only the unreserved characters
//! `A-Za-z0-9-._~` are left as they are, every other byte becomes `%XX` with upper-case hex.

use crate::CodeError;

/// Percent-encodes `value` for a path segment or a query value.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value);
    out
}

/// Percent-encodes `value` onto the end of `out`.
pub(crate) fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// Decodes one ASCII URI component that starts at 1-based `position` in the URI; `%XX` becomes
/// the byte XX (a `%` not followed by two hex digits stays as it is), and in a query `+` becomes
/// a space. Returns the text and, for each of its characters, its position in the URI.
pub(crate) fn decode(
    what: &'static str,
    component: &str,
    position: usize,
    query: bool,
) -> Result<(String, Vec<usize>), CodeError> {
    let bytes = component.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut sources: Vec<usize> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|&h| char::from(h).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
                sources.push(position + i);
                i += 3;
            }
            (b'+', _, _) if query => {
                out.push(b' ');
                sources.push(position + i);
                i += 1;
            }
            _ => {
                out.push(b);
                sources.push(position + i);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(out).map_err(|e| {
        let at = sources
            .get(e.utf8_error().valid_up_to())
            .copied()
            .unwrap_or(position);
        CodeError::rule_at(what, at, "percent-encoded bytes are not valid UTF-8")
    })?;
    // One position per character: that of the character's first byte.
    let positions = text
        .char_indices()
        .map(|(byte, _)| sources.get(byte).copied().unwrap_or(position))
        .collect();
    Ok((text, positions))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn encoding_as_the_gs1_reference_does() {
        assert_eq!(encode("0123456789-._~AZaz"), "0123456789-._~AZaz");
        assert_eq!(
            encode("!\"#%&'()*+,/:;<=>?"),
            "%21%22%23%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F"
        );
    }

    #[test]
    fn decoding() {
        assert_eq!(
            decode("t", "A%2fB", 10, false).unwrap(),
            ("A/B".to_owned(), vec![10, 11, 14])
        );
        assert_eq!(decode("t", "A+B", 1, false).unwrap().0, "A+B");
        assert_eq!(decode("t", "A+B", 1, true).unwrap().0, "A B");
        assert_eq!(decode("t", "A%4gB", 1, false).unwrap().0, "A%4gB");
        assert!(decode("t", "%FF", 1, false).is_err());
    }
}
