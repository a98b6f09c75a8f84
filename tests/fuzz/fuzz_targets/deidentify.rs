//! De-identification of what members write (`/ask`, the question log, `rounds redact`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::deidentify::deidentify;
use rounds::domain::questions::{deidentify_for_log, prepare_question};

fuzz_target!(|input: &str| {
    let redacted = deidentify(input);
    // The spans are in order, apart, on character boundaries of the original, one per count, and
    // the text is the original with each span replaced by its placeholder.
    let mut rebuilt = String::new();
    let mut cursor = 0;
    for span in &redacted.spans {
        assert!(cursor <= span.start && span.start < span.end && span.end <= input.len());
        assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
        rebuilt.push_str(&input[cursor..span.start]);
        rebuilt.push_str(span.kind.placeholder());
        cursor = span.end;
    }
    rebuilt.push_str(&input[cursor..]);
    assert_eq!(rebuilt, redacted.text);
    assert_eq!(redacted.total() as usize, redacted.spans.len());

    // Redacting again may find more (the name detector reads context, and a placeholder changes
    // it), but a placeholder is never read as, or as part of, an identifier: each one stays.
    let mut placeholders = Vec::new();
    let mut at = 0;
    let mut cursor = 0;
    for span in &redacted.spans {
        at += span.start - cursor;
        placeholders.push(at..at + span.kind.placeholder().len());
        at += span.kind.placeholder().len();
        cursor = span.end;
    }
    let again = deidentify(&redacted.text);
    for span in &again.spans {
        assert!(
            !placeholders
                .iter()
                .any(|p| p.start < span.end && span.start < p.end),
            "a placeholder was redacted again: {:?} -> {:?}",
            redacted.text,
            again.text
        );
    }

    let (logged, counts) = deidentify_for_log(input);
    assert!(!logged
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t'));
    assert!(counts.values().all(|&n| n > 0));
    if let Ok(question) = prepare_question(input, Some(input), |_| Vec::new()) {
        assert!(!question.text.is_empty());
        for tag in &question.tags {
            assert_eq!(tag.kind, "hashtag");
        }
    }
});
