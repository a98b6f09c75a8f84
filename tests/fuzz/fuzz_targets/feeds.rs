//! Feed bodies as a server sends them: bytes to text (UTF-8 or Latin-1), then RSS, Atom or JSON
//! Feed, each item to a post, and each post normalised as the poller does.
#![no_main]

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use rounds::sources::feeds::{body_text, read_feed};

fuzz_target!(
    // Load the lexicons once up front, so the seconds that takes are not charged to an input.
    init: {
        rounds::domain::entities::Tagger::bundled();
    },
    |body: &[u8]| {
        let Ok(text) = body_text(body) else {
            return;
        };
        assert!(!text
            .contains(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r') && c < '\u{7f}'));
        let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z")
            .expect("a valid time")
            .with_timezone(&Utc);
        let Ok(posts) = read_feed(&text, "https://journal.example/rss", now) else {
            return;
        };
        for post in posts {
            assert!(post.created_at <= now, "a future date was kept");
            assert!(!post.text.is_empty() || post.title.is_some());
            rounds_fuzz::check_normalized(post);
        }
    }
);
