//! Free-text fields: trimmed, non-empty, bounded, without control characters.

/// Checks a free-text field and returns it trimmed.
pub fn bounded(value: &str, max_chars: usize) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".to_owned());
    }
    let count = trimmed.chars().count();
    if count > max_chars {
        return Err(format!(
            "is {count} characters long, at most {max_chars} are allowed"
        ));
    }
    if let Some((i, c)) = trimmed.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(format!(
            "control character U+{:04X} at position {} is not allowed",
            c as u32,
            i + 1
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(bounded("  线缆 ", 5), Ok("线缆".to_owned()));
        assert!(bounded("   ", 5).is_err());
        assert!(bounded("abcdef", 5).unwrap_err().contains("at most 5"));
        assert!(bounded("a\u{7}b", 5).unwrap_err().contains("position 2"));
    }
}
