//! HTML from outside (Mastodon `content` and `note`, feed bodies) and the JATS markup of Crossref
//! abstracts, turned into plain text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::format_chars::is_format_char;
use rounds::domain::html::{decode_entities, html_to_text};
use rounds::domain::papers::jats::{excerpt, to_plain_text};

fuzz_target!(|input: &str| {
    let plain = html_to_text(input);
    let text = &plain.text;
    // Whitespace collapsed, at most one blank line in a row, nothing invisible or controlling.
    assert_eq!(text.trim(), text, "untrimmed {text:?}");
    assert!(!text.contains("  ") && !text.contains("\n\n\n") && !text.contains(" \n"));
    assert!(
        !text.chars().any(|c| (c.is_control() && c != '\n')
            || (c.is_whitespace() && c != ' ' && c != '\n')
            || is_format_char(c)
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{ad}')),
        "control, bidi or odd whitespace kept: {text:?}"
    );
    for (i, link) in plain.links.iter().enumerate() {
        assert!(
            link.starts_with("http://") || link.starts_with("https://"),
            "{link:?}"
        );
        assert!(
            !plain.links[..i].contains(link),
            "link listed twice: {link:?}"
        );
    }
    if !input.contains('&') {
        assert_eq!(decode_entities(input), input);
    }
    let _ = decode_entities(input);

    let jats = to_plain_text(input);
    assert_eq!(jats.trim(), jats);
    assert!(!jats.contains("  "), "whitespace not collapsed: {jats:?}");
    for max in [1, 40, 300] {
        let cut = excerpt(&jats, max);
        assert!(cut.chars().count() <= max, "excerpt of {max} is {cut:?}");
    }
});
