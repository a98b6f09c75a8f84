//! Bluesky, two ways. `JetstreamSource` reads the public Jetstream firehose (no login) and keeps the
//! posts that carry a tracked tag; it is the default. `BlueskySearchSource` asks
//! `app.bsky.feed.searchPosts` with an app-password session, as an optional backfill that also
//! brings handles and counts. Both map the `app.bsky.feed.post` record the same way (`record`).

pub mod jetstream;
mod record;
pub mod search;
mod xrpc;

pub use jetstream::{JetstreamSource, JetstreamTuning};
pub use search::{BlueskySearchSource, SearchTuning};

use reqwest::Url;

/// Why a Bluesky source could not be built from its configuration.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BlueskySetupError {
    #[error("`{url}` is not a URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("`{url}` must use one of: {expected}")]
    WrongScheme { url: String, expected: &'static str },
    #[error("a handle is needed to log in to Bluesky search")]
    MissingHandle,
}

/// Parses a configured base URL and checks its scheme, so a typo shows at startup, not at the
/// first poll.
fn parse_base_url(url: &str, schemes: &'static [&'static str]) -> Result<Url, BlueskySetupError> {
    let parsed = Url::parse(url.trim()).map_err(|e| BlueskySetupError::InvalidUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    if !schemes.contains(&parsed.scheme()) || parsed.host_str().is_none() {
        return Err(BlueskySetupError::WrongScheme {
            url: url.to_owned(),
            expected: if schemes.contains(&"wss") {
                "ws://, wss://"
            } else {
                "http://, https://"
            },
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_parsed_with_their_scheme_checked() {
        let jetstream = parse_base_url(
            "wss://jetstream2.us-east.bsky.network/subscribe",
            &["ws", "wss"],
        )
        .unwrap();
        assert_eq!(jetstream.path(), "/subscribe");
        assert!(matches!(
            parse_base_url("https://bsky.social", &["ws", "wss"]),
            Err(BlueskySetupError::WrongScheme { .. })
        ));
        assert!(matches!(
            parse_base_url("not a url", &["http", "https"]),
            Err(BlueskySetupError::InvalidUrl { .. })
        ));
    }
}
