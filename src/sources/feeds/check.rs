//! Checking one feed: a conditional GET through the shared `fetch` (on the guarded client), the body turned into text and
//! parsed, and its items turned into posts with the cursor that covers them. Nothing here touches
//! the sink, so checks run as independent tasks and the poller commits what they return.

use super::convert::to_post;
use super::cursor::FeedCursor;
use super::parse::parse_feed;
use super::MAX_FEED_BODY_BYTES;
use crate::domain::post::RawPost;
use crate::http::GuardedClient;
use crate::sources::http::fetch_conditional;
use crate::sources::SourceError;
use chrono::{DateTime, Utc};
use reqwest::header::{
    HeaderMap, ACCEPT, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// Items dated this long before the newest item already seen are not sent again: feeds that
/// republish their whole archive on every change would otherwise resend it each time. Items a
/// little older than the newest (PubMed adds papers under their publication date) still arrive.
const LOOKBACK: chrono::TimeDelta = chrono::TimeDelta::days(30);

const ACCEPTED: &str = "application/rss+xml, application/rdf+xml, application/atom+xml, \
     application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1";

/// What a check found.
#[derive(Debug)]
pub enum Checked {
    /// Nothing new: a 304, or the same body as last time. The cursor carries any new validators.
    Unchanged { cursor: FeedCursor },
    Changed {
        posts: Vec<RawPost>,
        /// Items in the feed, including those not sent (undisplayable or older than the look-back).
        items: usize,
        cursor: FeedCursor,
    },
}

/// Checks one feed, sending at most `max_items` posts: the newest by date (undated items count as
/// older than dated ones and keep the feed's order, which is newest first in practice).
#[tracing::instrument(name = "check_feed", skip(client, cursor, now))]
pub async fn check_feed(
    client: GuardedClient,
    url: &str,
    cursor: FeedCursor,
    now: DateTime<Utc>,
    max_items: usize,
) -> Result<Checked, SourceError> {
    let mut request = client
        .get(url)
        .map_err(|refused| SourceError::Refused(refused.to_string()))?
        .header(ACCEPT, ACCEPTED);
    if let Some(etag) = &cursor.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(last_modified) = &cursor.last_modified {
        request = request.header(IF_MODIFIED_SINCE, last_modified);
    }
    let Some(fetched) = fetch_conditional(request, MAX_FEED_BODY_BYTES).await? else {
        return Ok(Checked::Unchanged { cursor });
    };
    let digest = Sha256::digest(&fetched.body);
    let mut next = FeedCursor {
        etag: header(&fetched.headers, ETAG),
        last_modified: header(&fetched.headers, LAST_MODIFIED),
        newest: cursor.newest,
        digest: Some(hex::encode(&digest[..16])),
    };
    if next.digest == cursor.digest {
        return Ok(Checked::Unchanged { cursor: next });
    }
    let text = body_text(&fetched.body).map_err(|e| SourceError::Malformed(e.to_string()))?;
    let content_type = header(&fetched.headers, CONTENT_TYPE);
    let feed = parse_feed(&text, content_type.as_deref())
        .map_err(|error| SourceError::Malformed(error.to_string()))?;

    let oldest_wanted = cursor.newest.map(|newest| newest - LOOKBACK);
    let mut wanted = Vec::new();
    for (index, item) in feed.items.iter().enumerate() {
        let dated = item.published.or(item.updated).map(|date| date.min(now));
        if let Some(date) = dated {
            next.newest = next.newest.max(Some(date));
            if oldest_wanted.is_some_and(|oldest| date < oldest) {
                continue;
            }
        }
        wanted.push((dated, index));
    }
    // The newest first (`None` sorts below any date; the sort is stable), so the cap keeps the
    // newest; those kept are then sent in the feed's own order.
    wanted.sort_by_key(|&(date, _)| std::cmp::Reverse(date));
    let mut kept = Vec::new();
    for (_, index) in wanted {
        if kept.len() == max_items {
            tracing::info!(
                feed = url,
                items = feed.items.len(),
                max_items,
                "feed has more new items than a poll takes; the newest are kept"
            );
            break;
        }
        let item = &feed.items[index];
        match to_post(url, &feed, item, now) {
            Some(post) => kept.push((index, post)),
            None => tracing::debug!(id = ?item.id, "feed item with neither title nor text skipped"),
        }
    }
    kept.sort_by_key(|(index, _)| *index);
    let posts: Vec<RawPost> = kept.into_iter().map(|(_, post)| post).collect();
    Ok(Checked::Changed {
        posts,
        items: feed.items.len(),
        cursor: next,
    })
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Why a feed's body is not text a feed can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BodyTextError {
    #[error("the body contains NUL bytes: binary or UTF-16, not a UTF-8 feed")]
    Nul,
    /// Neither UTF-8 nor declared ISO-8859-1: `byte` is the offset of the first invalid one.
    #[error("the body is not valid UTF-8 (byte {byte} is not)")]
    NotUtf8 { byte: usize },
}

/// The body as text: UTF-8 (the default for XML and required for JSON), or ISO-8859-1 when the XML
/// declaration says so. Stray C0 control characters, which XML forbids but hand-made feeds contain
/// (a `\x0b` pasted from a word processor), are dropped rather than costing the whole feed; a NUL
/// means the body is binary or UTF-16, not a feed we can read.
pub fn body_text(body: &[u8]) -> Result<String, BodyTextError> {
    if body.contains(&0) {
        return Err(BodyTextError::Nul);
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) if declares_latin1(body) => {
            Cow::Owned(body.iter().map(|&b| char::from(b)).collect())
        }
        Err(error) => {
            return Err(BodyTextError::NotUtf8 {
                byte: error.valid_up_to(),
            })
        }
    };
    let is_stray_control =
        |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r') && c < '\u{7f}';
    Ok(if text.contains(is_stray_control) {
        text.replace(is_stray_control, "")
    } else {
        text.into_owned()
    })
}

fn declares_latin1(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(200)]).to_ascii_lowercase();
    let Some(declaration) = head
        .strip_prefix("<?xml")
        .and_then(|d| d.split("?>").next())
    else {
        return false;
    };
    ["iso-8859-1", "latin1", "latin-1", "us-ascii"]
        .iter()
        .any(|name| {
            declaration.contains(&format!("encoding=\"{name}\""))
                || declaration.contains(&format!("encoding='{name}'"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_text_or_a_reason() {
        assert_eq!(body_text(b"<rss>\x0bA\x07</rss>").unwrap(), "<rss>A</rss>");
        assert_eq!(
            body_text("<rss>é\t</rss>".as_bytes()).unwrap(),
            "<rss>é\t</rss>"
        );
        let not_utf8 = body_text(b"<rss>\xff</rss>").unwrap_err();
        assert_eq!(not_utf8, BodyTextError::NotUtf8 { byte: 5 });
        assert!(not_utf8.to_string().contains("not valid UTF-8"));
        assert_eq!(
            not_utf8.to_string(),
            "the body is not valid UTF-8 (byte 5 is not)"
        );
        let nul = body_text(b"<\0r\0s\0s\0>").unwrap_err();
        assert_eq!(nul, BodyTextError::Nul);
        assert!(nul.to_string().contains("NUL"));
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>caf\xe9</rss>";
        assert!(body_text(latin).unwrap().ends_with("<rss>caf\u{e9}</rss>"));
    }
}
