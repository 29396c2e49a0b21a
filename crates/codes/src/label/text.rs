//! Caption text: splitting into lines, widths in monospace columns, wrapping to a width.

/// What stands in for a character a renderer cannot show.
const REPLACEMENT: char = '\u{fffd}';

/// The caption's lines: split at line feeds, carriage returns dropped, other control
/// characters (which XML 1.0 forbids and no font draws) replaced by U+FFFD. An empty caption
/// has no lines.
pub(crate) fn lines(caption: &str) -> Vec<String> {
    if caption.is_empty() {
        return Vec::new();
    }
    caption
        .split('\n')
        .map(|line| {
            line.chars()
                .filter(|&c| c != '\r')
                .map(|c| if c.is_control() { REPLACEMENT } else { c })
                .collect()
        })
        .collect()
}

/// The caption with every character outside printable ASCII replaced by `?`, for renderers
/// whose only font is ASCII (the PNG dot font, PDF's built-in Courier). Line feeds are kept.
pub(crate) fn to_ascii(caption: &str) -> String {
    caption
        .chars()
        .map(|c| {
            if c == '\n' || c == ' ' || c.is_ascii_graphic() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// How many monospace columns `c` takes: two for the East Asian wide characters (CJK,
/// Hangul, full-width forms), one for the rest.
pub(crate) fn columns(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The width of `line` in monospace columns.
pub(crate) fn width(line: &str) -> usize {
    line.chars().map(columns).sum()
}

/// `lines` re-broken so that none is wider than `max_columns`, breaking where a reader
/// expects it: before the `(` of a GS1 AI, after a space, `/`, `&`, `?` or `-` of a URI; a
/// line without such a place is cut where it is full.
pub(crate) fn wrap(lines: &[String], max_columns: usize) -> Vec<String> {
    let max_columns = max_columns.max(1);
    let mut out = Vec::new();
    for line in lines {
        wrap_line(line, max_columns, &mut out);
    }
    out
}

fn wrap_line(line: &str, max_columns: usize, out: &mut Vec<String>) {
    let chars: Vec<char> = line.chars().collect();
    if chars.is_empty() {
        out.push(String::new());
        return;
    }
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        let mut used = 0;
        while end < chars.len() && used + columns(chars[end]) <= max_columns {
            used += columns(chars[end]);
            end += 1;
        }
        if end < chars.len() {
            if end == start {
                // A wide character in a one-column width: it goes on a line of its own.
                end = start + 1;
            } else if let Some(at) = (start + 1..=end).rev().find(|&i| breaks_before(&chars, i)) {
                end = at;
            }
        }
        let piece: String = chars[start..end].iter().collect();
        out.push(piece.trim_end().to_owned());
        start = end;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
}

/// Whether a line may break between `chars[i - 1]` and `chars[i]`.
fn breaks_before(chars: &[char], i: usize) -> bool {
    let before = chars[i - 1];
    let after = chars.get(i).copied();
    matches!(before, ' ' | '/' | '&' | '?' | '-') || (after == Some('(') && before != '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn element_strings_break_before_an_ai() {
        let lines = owned(&["(01)09520123456788(10)ABC1(21)12345"]);
        assert_eq!(
            wrap(&lines, 20),
            ["(01)09520123456788", "(10)ABC1(21)12345"]
        );
        assert_eq!(
            wrap(&lines, 12),
            ["(01)09520123", "456788", "(10)ABC1", "(21)12345"]
        );
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("批次 A1"), 7);
        assert_eq!(wrap(&owned(&["批次批次"]), 5), ["批次", "批次"]);
        assert_eq!(wrap(&owned(&["批"]), 1), ["批"]);
    }

    #[test]
    fn uris_break_after_slashes_and_spaces_are_dropped() {
        let lines = owned(&["https://id.gs1.org/01/09520123456788"]);
        assert_eq!(
            wrap(&lines, 22),
            ["https://id.gs1.org/01/", "09520123456788"]
        );
        assert_eq!(wrap(&owned(&["ab cd"]), 3), ["ab", "cd"]);
    }

    #[test]
    fn controls_are_replaced_and_lines_split() {
        assert_eq!(lines("a\u{1d}b\r\nc"), ["a\u{fffd}b", "c"]);
        assert!(lines("").is_empty());
        assert_eq!(to_ascii("批次 (10)A"), "?? (10)A");
    }
}
