//! One model for every feed format, and the entry point that decides which format a body is.
//! The readers keep what a post needs and the scholarly identifiers journals add
//! (`dc:identifier`, `prism:doi`); turning items into posts is `convert`'s job.

use super::xml::{self, Ns};
use super::{atom, json_feed, rss};
use chrono::{DateTime, Utc};

/// A feed as read, whatever its format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub home: Option<String>,
    pub language: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    /// `guid`, Atom `id`, JSON Feed `id`, or RSS 1.0 `rdf:about`.
    pub id: Option<String>,
    pub link: Option<String>,
    pub title: Option<Body>,
    pub body: Option<Body>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub authors: Vec<Person>,
    pub categories: Vec<String>,
    /// Enclosures, attachments, related links.
    pub links: Vec<String>,
    /// Identifiers as written (`doi:10.1101/…`, `pmid:38012345`, `info:doi/…`, a bare DOI, a URL);
    /// `prism:doi` values are recorded with a `doi:` prefix.
    pub identifiers: Vec<String>,
}

/// Text that is either markup (RSS descriptions, Atom `type="html"`/`"xhtml"`, `content_html`) or
/// plain (Atom `type="text"`, `content_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Html(String),
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub url: Option<String>,
}

/// Why a body was not read as a feed; the message goes to the log as the reason the feed was
/// skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed: {0}")]
    NotAFeed(String),
    #[error("malformed feed: {0}")]
    Malformed(String),
}

/// Reads a body whose bytes are already text. `content_type` only sharpens the error message: the
/// body itself decides the format, because servers label feeds `text/plain`, `text/html` or
/// `application/octet-stream` often enough.
pub fn parse_feed(text: &str, content_type: Option<&str>) -> Result<ParsedFeed, FeedError> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with('{') {
        return json_feed::parse(start);
    }
    if !start.starts_with('<') {
        return Err(FeedError::NotAFeed(format!(
            "the body is neither XML nor JSON ({})",
            shown(content_type, "no content type")
        )));
    }
    let looks_like_html = || {
        let head: String = start
            .chars()
            .take(1024)
            .collect::<String>()
            .to_ascii_lowercase();
        head.contains("<!doctype html") || head.contains("<html")
    };
    let root = match xml::parse_document(start) {
        Ok(root) => root,
        Err(_) if looks_like_html() => {
            return Err(FeedError::NotAFeed(format!(
                "an HTML page ({}), not a feed",
                shown(content_type, "no content type")
            )))
        }
        Err(error) => return Err(FeedError::Malformed(error.0)),
    };
    match (root.ns, root.name.as_str()) {
        (Ns::None, "rss") | (Ns::Rdf, "RDF") => Ok(rss::read(&root)),
        (Ns::Atom, "feed") => Ok(atom::read(&root)),
        (_, "html") => Err(FeedError::NotAFeed("an XHTML page, not a feed".to_owned())),
        (_, other) => Err(FeedError::NotAFeed(format!(
            "an XML document whose root is <{}>, not <rss>, <rdf:RDF> or <feed>",
            shown(Some(other), "…")
        ))),
    }
}

/// A label the server chose (a content type, an element name), repeated in an error only when it
/// is short and plain: errors reach `/sources status`, where a server's words must not.
fn shown<'a>(label: Option<&'a str>, otherwise: &'a str) -> &'a str {
    label
        .filter(|label| {
            label.len() <= 64
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b" /+.-_;=:".contains(&b))
        })
        .unwrap_or(otherwise)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_pages_and_other_documents_are_not_feeds() {
        let html = "<!DOCTYPE html><html><head><meta charset=utf-8><title>Journal</title></head><body><p>Hi<br></body></html>";
        let error = parse_feed(html, Some("text/html; charset=utf-8")).unwrap_err();
        assert_eq!(
            error,
            FeedError::NotAFeed("an HTML page (text/html; charset=utf-8), not a feed".into())
        );
        assert!(matches!(
            parse_feed("<svg xmlns='http://www.w3.org/2000/svg'/>", None),
            Err(FeedError::NotAFeed(_))
        ));
        assert!(matches!(
            parse_feed("Service unavailable", Some("text/plain")),
            Err(FeedError::NotAFeed(_))
        ));
        assert!(matches!(
            parse_feed("<rss><channel><item><title>cut", None),
            Err(FeedError::Malformed(_))
        ));
        assert!(matches!(
            parse_feed(r#"{"hello": "world"}"#, Some("application/json")),
            Err(FeedError::NotAFeed(_))
        ));
    }
}
