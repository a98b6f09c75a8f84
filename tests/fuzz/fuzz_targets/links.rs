//! Links in posts made canonical, links written in plain text, and the feed URLs moderators type
//! (`/feeds add`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::feed_url::{parse_feed_url, MAX_FEED_URL_CHARS};
use rounds::domain::links::{canonicalize, links_in_text};

fuzz_target!(|input: &str| {
    if let Some(link) = canonicalize(input) {
        let url = url::Url::parse(&link.url).expect("a canonical link is a URL");
        assert!(matches!(url.scheme(), "http" | "https"));
        assert!(url.fragment().is_none() && url.username().is_empty() && url.password().is_none());
        // One `www.` is dropped so shares of an article match; `www.www.` hosts keep the second.
        assert!(!link.domain.is_empty());
        assert_eq!(link.domain, link.domain.to_ascii_lowercase());
    }
    for found in links_in_text(input) {
        assert!(found.starts_with("http://") || found.starts_with("https://"));
        assert!(!found.contains(char::is_whitespace));
        let _ = canonicalize(found);
    }
    if let Ok(feed) = parse_feed_url(input) {
        let text = feed.as_str();
        assert!(
            text.starts_with("http://") || text.starts_with("https://"),
            "{text:?}"
        );
        assert!(text.chars().count() <= MAX_FEED_URL_CHARS);
        assert!(!text.contains('#'), "fragment kept: {text:?}");
        // Normalising twice changes nothing: a feed is stored once whichever way it was typed.
        assert_eq!(parse_feed_url(text).as_ref(), Ok(&feed));
    }
});
