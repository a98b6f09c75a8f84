//! The address of a feed a guild follows (`/feeds add`). Parsed once from what a moderator typed,
//! so everything downstream holds a normalised http(s) URL without credentials or fragment.

use std::fmt;
use url::Url;

/// The longest feed URL accepted. PubMed search feeds are well under this; anything longer is
/// almost certainly a pasted page or a mistake, and it would not fit a Discord message either.
pub const MAX_FEED_URL_CHARS: usize = 2000;

/// A followable feed URL: http or https, with a host, no user name or password, no fragment,
/// scheme and host in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FeedUrl(String);

impl FeedUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for FeedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for FeedUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Why a text is not a followable feed URL; the messages are shown to the moderator as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidFeedUrl {
    #[error("a feed URL is required, e.g. https://connect.biorxiv.org/biorxiv_xml/")]
    Empty,
    #[error("that URL is {0} characters long; feed URLs are limited to {MAX_FEED_URL_CHARS}")]
    TooLong(usize),
    #[error("a feed URL cannot contain spaces or line breaks; paste the URL alone")]
    Whitespace,
    #[error("that is not a URL ({0}); paste the full address, starting with https://")]
    Unparseable(String),
    #[error("only http:// and https:// feeds can be followed, not `{0}:` addresses")]
    Scheme(String),
    #[error("that URL has no host name")]
    NoHost,
    #[error("remove the user name and password from the URL: Rounds does not store credentials")]
    Credentials,
}

/// Parses what a moderator typed into a feed URL. Surrounding spaces and the `<…>` Discord users
/// type to suppress link previews are accepted and removed.
pub fn parse_feed_url(text: &str) -> Result<FeedUrl, InvalidFeedUrl> {
    let trimmed = text.trim();
    let trimmed = trimmed
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(trimmed)
        .trim();
    if trimmed.is_empty() {
        return Err(InvalidFeedUrl::Empty);
    }
    let length = trimmed.chars().count();
    if length > MAX_FEED_URL_CHARS {
        return Err(InvalidFeedUrl::TooLong(length));
    }
    // The URL parser would silently strip or percent-encode these; a URL with spaces is usually
    // two things pasted together, so say so instead of guessing.
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InvalidFeedUrl::Whitespace);
    }
    let mut url = match Url::parse(trimmed) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(InvalidFeedUrl::Unparseable("it has no scheme".into()))
        }
        Err(url::ParseError::EmptyHost) => return Err(InvalidFeedUrl::NoHost),
        Err(error) => return Err(InvalidFeedUrl::Unparseable(error.to_string())),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(InvalidFeedUrl::Scheme(url.scheme().to_owned()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(InvalidFeedUrl::NoHost);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(InvalidFeedUrl::Credentials);
    }
    // A fragment never reaches the server, so two URLs differing only there are the same feed.
    url.set_fragment(None);
    let normalised = String::from(url);
    let length = normalised.chars().count();
    if length > MAX_FEED_URL_CHARS {
        return Err(InvalidFeedUrl::TooLong(length));
    }
    Ok(FeedUrl(normalised))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> String {
        parse_feed_url(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .into_string()
    }

    #[test]
    fn accepts_http_and_https_and_normalises_scheme_host_and_fragment() {
        assert_eq!(
            parsed("HTTPS://Connect.BioRxiv.org/biorxiv_xml/subject/Medicine#top"),
            "https://connect.biorxiv.org/biorxiv_xml/subject/Medicine"
        );
        assert_eq!(
            parsed("  https://pubmed.ncbi.nlm.nih.gov/rss/search/1abc/?limit=15  "),
            "https://pubmed.ncbi.nlm.nih.gov/rss/search/1abc/?limit=15"
        );
        assert_eq!(parsed("http://example.org"), "http://example.org/");
        assert_eq!(
            parsed("<https://www.nature.com/nm.rss>"),
            "https://www.nature.com/nm.rss"
        );
        assert_eq!(
            parsed("http://127.0.0.1:8080/feed.xml"),
            "http://127.0.0.1:8080/feed.xml"
        );
    }

    #[test]
    fn refuses_other_schemes_with_the_scheme_named() {
        for (text, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("file:///etc/passwd", "file"),
            ("ftp://ftp.example.org/feed.xml", "ftp"),
            ("data:text/xml,<rss/>", "data"),
            ("feed://example.org/rss", "feed"),
        ] {
            let error = parse_feed_url(text).unwrap_err();
            assert_eq!(error, InvalidFeedUrl::Scheme(scheme.into()), "{text}");
            assert!(error.to_string().contains(&format!("`{scheme}:`")));
        }
    }

    #[test]
    fn refuses_empty_spaced_relative_and_hostless_text() {
        assert_eq!(parse_feed_url("   "), Err(InvalidFeedUrl::Empty));
        assert_eq!(parse_feed_url("<>"), Err(InvalidFeedUrl::Empty));
        assert_eq!(
            parse_feed_url("https://example.org/a feed.xml"),
            Err(InvalidFeedUrl::Whitespace)
        );
        assert_eq!(
            parse_feed_url("https://a.org/x\nhttps://b.org/y"),
            Err(InvalidFeedUrl::Whitespace)
        );
        assert!(matches!(
            parse_feed_url("www.nature.com/nm.rss"),
            Err(InvalidFeedUrl::Unparseable(_))
        ));
        assert_eq!(parse_feed_url("https://"), Err(InvalidFeedUrl::NoHost));
        assert!(parse_feed_url("http://exa mple.org/").is_err());
    }

    #[test]
    fn refuses_credentials_in_the_url() {
        assert_eq!(
            parse_feed_url("https://user:secret@example.org/feed"),
            Err(InvalidFeedUrl::Credentials)
        );
        assert_eq!(
            parse_feed_url("https://user@example.org/feed"),
            Err(InvalidFeedUrl::Credentials)
        );
    }

    #[test]
    fn refuses_urls_over_the_length_limit() {
        let long = format!("https://example.org/{}", "a".repeat(MAX_FEED_URL_CHARS));
        assert_eq!(
            parse_feed_url(&long),
            Err(InvalidFeedUrl::TooLong(long.chars().count()))
        );
        let just_fits = format!("https://example.org/{}", "a".repeat(1900));
        assert!(parse_feed_url(&just_fits).is_ok());
    }
}
