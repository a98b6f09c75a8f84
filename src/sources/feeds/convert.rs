//! Feed items as `RawPost`s: plain text from HTML bodies, links made absolute, journal identifiers
//! turned into the `doi.org` and PubMed links the normaliser recognises, and an author even when the
//! item names none (the feed itself).

use super::parse::{Body, FeedItem, ParsedFeed};
use super::rss::is_web_url;
use crate::domain::html::html_to_text;
use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use url::Url;

/// Item text is cut to this many characters: an abstract fits, a full article does not need to.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Longest category kept as a hashtag; longer "words" are identifiers or junk.
const MAX_HASHTAG_CHARS: usize = 50;

/// Turns one item into a post, or `None` when it has nothing to show (no title and no text).
///
/// `now` stands in for a missing date, so an undated item counts as new when first seen; a date in
/// the future (a publisher's time-zone slip) is also brought back to `now`, so it cannot sit at the
/// top of every digest.
pub fn to_post(
    feed_url: &str,
    feed: &ParsedFeed,
    item: &FeedItem,
    now: DateTime<Utc>,
) -> Option<RawPost> {
    let base = Url::parse(feed_url).ok();
    let absolute = |link: &str| absolute_url(base.as_ref(), link);
    let link = item.link.as_deref().and_then(absolute);
    let title = item
        .title
        .as_ref()
        .map(|t| collapse_whitespace(&plain(t).0))
        .filter(|t| !t.is_empty());
    let (body_text, body_links) = item.body.as_ref().map(plain).unwrap_or_default();
    let text = match cap(body_text.trim(), MAX_TEXT_CHARS) {
        text if text.is_empty() => title.clone()?,
        text => text,
    };
    let created_at = item
        .published
        .or(item.updated)
        .map_or(now, |date| date.min(now));

    let mut links = Vec::new();
    let candidates = link
        .iter()
        .cloned()
        .chain(item.links.iter().filter_map(|l| absolute(l)))
        .chain(item.identifiers.iter().filter_map(|i| identifier_link(i)))
        .chain(body_links);
    for candidate in candidates {
        if !links.contains(&candidate) {
            links.push(candidate);
        }
    }

    let remote_id = match (&item.id, &link) {
        (Some(id), _) if !id.trim().is_empty() => scoped_id(feed_url, id.trim()),
        (_, Some(link)) => link.clone(),
        _ => {
            let date = item.published.or(item.updated).map(|d| d.to_rfc3339());
            let digest = Sha256::digest(format!("{}\n{}", text, date.unwrap_or_default()));
            format!("{feed_url}#sha256:{}", hex::encode(&digest[..16]))
        }
    };
    let uri = link
        .clone()
        .or_else(|| item.id.clone().filter(|id| is_web_url(id)))
        .unwrap_or_else(|| remote_id.clone());

    Some(RawPost {
        source: SourceKind::Feed,
        origin: feed_url.to_owned(),
        remote_id,
        uri,
        url: link,
        author: author(feed_url, feed, item, base.as_ref()),
        title,
        text,
        language: feed.language.as_ref().map(|l| l.trim().to_owned()),
        created_at,
        engagement: Engagement::default(),
        hashtags: item
            .categories
            .iter()
            .filter(|c| is_single_word(c))
            .cloned()
            .collect(),
        links,
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: Vec::new(),
    })
}

/// The item's first author, or the feed itself when the item names none (journal table-of-contents
/// feeds often do not). Feed authors have no global id, so theirs is scoped to the feed.
fn author(feed_url: &str, feed: &ParsedFeed, item: &FeedItem, base: Option<&Url>) -> RawAuthor {
    if let Some(first) = item.authors.first() {
        let names: Vec<&str> = item.authors.iter().map(|a| a.name.as_str()).collect();
        // The byline keeps co-authors visible; three names and "et al." is how journals cite.
        let byline = match names.len() {
            1 => None,
            2..=3 => Some(names.join(", ")),
            _ => Some(format!("{} et al.", names[..3].join(", "))),
        };
        return RawAuthor {
            remote_id: format!("{feed_url}#{}", first.name),
            handle: first.name.clone(),
            display_name: byline,
            url: first.url.as_deref().and_then(|u| absolute_url(base, u)),
            ..RawAuthor::default()
        };
    }
    let name = feed
        .title
        .as_deref()
        .map(collapse_whitespace)
        .filter(|t| !t.is_empty())
        .or_else(|| base.and_then(Url::host_str).map(str::to_owned))
        .unwrap_or_else(|| feed_url.to_owned());
    RawAuthor {
        remote_id: format!("{feed_url}#{name}"),
        handle: name,
        url: feed.home.as_deref().and_then(|u| absolute_url(base, u)),
        ..RawAuthor::default()
    }
}

/// A journal identifier as a link the normaliser reads: `doi:…`, `info:doi/…` and bare DOIs become
/// `https://doi.org/…`; `pmid:…`, `info:pmid/…` and `pubmed:…` become PubMed pages; URLs stay.
pub fn identifier_link(identifier: &str) -> Option<String> {
    let identifier = identifier.trim();
    if is_web_url(identifier) {
        return Some(identifier.to_owned());
    }
    let lower = identifier.to_ascii_lowercase();
    let after = |prefixes: &[&str]| {
        prefixes
            .iter()
            .find(|p| lower.starts_with(**p))
            .map(|p| identifier[p.len()..].trim())
    };
    if let Some(pmid) = after(&["pmid:", "info:pmid/", "pubmed:"]) {
        let digits =
            !pmid.is_empty() && pmid.len() <= 9 && pmid.bytes().all(|b| b.is_ascii_digit());
        return digits.then(|| crate::domain::papers::pubmed_url(pmid));
    }
    let doi = after(&["doi:", "info:doi/"]).unwrap_or(identifier);
    let valid = doi.starts_with("10.") && doi.contains('/') && !doi.contains(char::is_whitespace);
    valid.then(|| crate::domain::papers::doi_url(doi))
}

/// Ids that look global (URLs, `tag:`, `urn:`, `pubmed:…`) are kept; bare ones ("42") are only
/// unique within their feed, so they are prefixed with it.
fn scoped_id(feed_url: &str, id: &str) -> String {
    if id.contains(':') {
        id.to_owned()
    } else {
        format!("{feed_url}#{id}")
    }
}

fn plain(body: &Body) -> (String, Vec<String>) {
    match body {
        Body::Html(html) => {
            let plain = html_to_text(html);
            (plain.text, plain.links)
        }
        Body::Text(text) => (text.trim().to_owned(), Vec::new()),
    }
}

fn absolute_url(base: Option<&Url>, link: &str) -> Option<String> {
    let link = link.trim();
    let url = match base {
        Some(base) => base.join(link).ok()?,
        None => Url::parse(link).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.into())
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_single_word(category: &str) -> bool {
    let length = category.chars().count();
    (2..=MAX_HASHTAG_CHARS).contains(&length)
        && category.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Cuts text to `max` characters, at a word boundary when one is near, marking the cut.
fn cap(text: &str, max: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if head.len() - space < 200 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests;
