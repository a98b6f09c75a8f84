//! Hashtags as moderators type them (`/track add`) and topics as members type them (`/summary`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::hashtag::{Hashtag, MAX_HASHTAG_CHARS};
use rounds::domain::summary::topic::Topic;

fuzz_target!(|input: &str| {
    if let Ok(tag) = Hashtag::parse(input) {
        let display = tag.display();
        assert!(!display.is_empty());
        assert!(display.chars().count() <= MAX_HASHTAG_CHARS);
        assert!(display.chars().all(|c| c.is_alphanumeric() || c == '_'));
        assert!(display.chars().any(char::is_alphabetic));
        // What the bot shows re-parses to the same tag, with or without its `#`.
        assert_eq!(Hashtag::parse(&tag.to_string()).as_ref(), Ok(&tag));
        assert_eq!(Hashtag::parse(display).as_ref(), Ok(&tag));
    }
    if let Ok(topic) = Topic::parse(input) {
        assert_eq!(Topic::parse(&topic.to_string()).as_ref(), Ok(&topic));
        if let Some(query) = topic.fts_query() {
            // Each word is one quoted FTS5 string: no quote or operator can come from the user.
            for word in query.split(' ') {
                let inner = word.strip_prefix('"').and_then(|w| w.strip_suffix('"'));
                let inner = inner.unwrap_or_else(|| panic!("unquoted FTS5 word {word:?}"));
                assert!(
                    !inner.is_empty() && !inner.contains('"'),
                    "FTS5 word {inner:?}"
                );
            }
        }
    }
});
