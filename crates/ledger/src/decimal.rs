//! The one number syntax of the C2SP text formats: ASCII decimal, no sign, no leading zeros
//! ("0" alone is zero), so each number has exactly one spelling.

/// Reads a canonical decimal that fits a u64.
pub(crate) fn parse_canonical(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}
