//! Unicode format characters (general category Cf): zero-width spaces and joiners, bidirectional
//! embeddings, overrides and isolates, the byte-order mark, soft hyphens, tag characters. They are
//! invisible, so in relayed text or a thread name they can hide words, spoof a link or reorder what
//! a reader sees (`U+202E` turns `exe.pdf` into `fdp.exe`); everything from outside loses them.
//!
//! The table is the whole Cf category of Unicode 15.1, written out because the standard library
//! does not expose general categories. Stripping `U+200D` splits emoji joined by it into their
//! parts (a family emoji shows as its members): an acceptable cost for text we only relay.

/// Whether `c` is a Unicode format character (category Cf).
pub fn is_format_char(c: char) -> bool {
    // Nearly every character read is below the first one (U+00AD): one comparison for those.
    if c < '\u{ad}' {
        return false;
    }
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// `text` without its format characters.
pub fn strip_format_chars(text: &str) -> String {
    text.chars().filter(|&c| !is_format_char(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_invisible_characters_are_removed() {
        let hostile = "\u{feff}invoice\u{202e}fdp.exe\u{202c} \u{2066}a\u{2069}\u{200b}b\u{200c}c\u{200d}d\u{200e}e\u{200f}f\u{2060}g\u{ad}h\u{e0041}i\u{061c}j";
        assert_eq!(strip_format_chars(hostile), "invoicefdp.exe abcdefghij");
    }

    #[test]
    fn visible_text_is_kept_as_is() {
        let text = "Métformine — 10 mg/kg, β-blocker, 日本語, café 🙂, a\u{a0}b";
        assert_eq!(strip_format_chars(text), text);
        assert!(!text.chars().any(is_format_char));
    }

    #[test]
    fn every_bidi_control_and_zero_width_is_a_format_char() {
        for c in ('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain('\u{200b}'..='\u{200f}')
            .chain(['\u{feff}', '\u{ad}', '\u{180e}', '\u{2060}'])
        {
            assert!(is_format_char(c), "U+{:04X}", c as u32);
        }
    }
}
