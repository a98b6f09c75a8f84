//! One page of a Mastodon timeline: the statuses it held (each parsed on its own, so one bad item
//! costs only itself), the ids that bound it, and the id its `Link` header offers for older posts.

use super::payload::{is_plausible_id, to_raw_post, Status};
use crate::domain::post::RawPost;
use reqwest::header::HeaderMap;
use serde::de::IgnoredAny;
use std::cmp::Ordering;

/// Orders status ids. They are strings "cast from an integer but not guaranteed to be a number":
/// length first, then bytes, which is numeric order for digit strings.
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[derive(Debug, Default)]
pub struct Page {
    /// Posts in the order the server sent them (newest first).
    pub posts: Vec<RawPost>,
    /// Items in the array, including any that were skipped: a full page means there may be more.
    pub items: usize,
    /// Items that could not be read.
    pub skipped: usize,
    /// Newest and oldest timeline ids on the page, counting skipped items whose id was readable.
    pub newest_id: Option<String>,
    pub oldest_id: Option<String>,
    /// `max_id` of the `Link` header's `rel="next"` (older posts).
    pub next_max_id: Option<String>,
    /// Each post's `remote_id` (its `uri`) with its id on this instance (of what a reblog boosts),
    /// which the refresh stage reads it again by.
    pub local_ids: Vec<(String, String)>,
}

/// Why a page body could not be read: it is not a JSON array of statuses.
#[derive(Debug, thiserror::Error)]
#[error("not a JSON array of statuses: {0}")]
pub struct ParsePageError(serde_json::Error);

/// Reads a page body: a JSON array of statuses. Fails only when the body as a whole is not one.
///
/// Each status is read straight from its own bytes into [`Status`] (only the fields Rounds keeps
/// are allocated); a status that does not read that way is read again as a generic JSON value, only
/// for the timeline id that still bounds the page.
pub fn parse(body: &[u8], headers: &HeaderMap, host: &str) -> Result<Page, ParsePageError> {
    let items = array_items(body).map_err(ParsePageError)?;
    let mut page = Page {
        items: items.len(),
        next_max_id: link_id(headers, "next", "max_id"),
        ..Page::default()
    };
    for item in items {
        let status = serde_json::from_slice::<Status>(item);
        // The timeline id (of a reblog, not of what it boosts) is what paging and cursors use.
        let id = match &status {
            Ok(status) => Some(status.id.clone()),
            Err(_) => serde_json::from_slice::<serde_json::Value>(item)
                .ok()
                .and_then(|v| v.get("id").and_then(|v| v.as_str()).map(str::to_owned)),
        }
        .filter(|id| is_plausible_id(id));
        if let Some(id) = &id {
            if page
                .newest_id
                .as_deref()
                .is_none_or(|n| compare_ids(id, n).is_gt())
            {
                page.newest_id = Some(id.clone());
            }
            if page
                .oldest_id
                .as_deref()
                .is_none_or(|o| compare_ids(id, o).is_lt())
            {
                page.oldest_id = Some(id.clone());
            }
        }
        let parsed = match (id, status) {
            (Some(_), Ok(status)) => {
                // A reblog stands for the status it boosts, which has its own id here.
                let local_id = Some(status.reblog.as_ref().map_or(&status.id, |r| &r.id))
                    .filter(|id| is_plausible_id(id))
                    .cloned();
                to_raw_post(status, host)
                    .map(|post| (post, local_id))
                    .map_err(|e| e.to_string())
            }
            (Some(_), Err(e)) => Err(e.to_string()),
            (None, _) => Err("an item without a usable id".to_owned()),
        };
        match parsed {
            Ok((post, local_id)) => {
                if let Some(local_id) = local_id {
                    page.local_ids.push((post.remote_id.clone(), local_id));
                }
                page.posts.push(post);
            }
            Err(reason) => {
                tracing::warn!(host, %reason, "skipped a malformed Mastodon status");
                page.skipped += 1;
            }
        }
    }
    Ok(page)
}

/// The bytes of each item of the JSON array `body`, in order, cut at the end of each item without
/// building any value. A body the cutter does not take as an array is read whole, for the error
/// serde_json reports on it (or, should it read as one after all, cut by its item count).
fn array_items(body: &[u8]) -> Result<Vec<&[u8]>, serde_json::Error> {
    if let Some(items) = cut_items(body) {
        return Ok(items);
    }
    let count = serde_json::from_slice::<Vec<IgnoredAny>>(body)?.len();
    let mut items = Vec::with_capacity(count);
    // Past the opening bracket, then past each item's comma (or the closing bracket).
    let mut at = skip_space(body, 0) + 1;
    for _ in 0..count {
        at = skip_space(body, at);
        let mut stream =
            serde_json::Deserializer::from_slice(&body[at..]).into_iter::<IgnoredAny>();
        stream.next().transpose()?;
        let end = at + stream.byte_offset();
        items.push(&body[at..end]);
        at = skip_space(body, end) + 1;
    }
    Ok(items)
}

/// `body`'s items when it is a JSON array and nothing else (bar white space); `None` otherwise.
/// Each item is read once, to find its end: a page is not also read whole first.
fn cut_items(body: &[u8]) -> Option<Vec<&[u8]>> {
    let mut at = skip_space(body, 0);
    if body.get(at) != Some(&b'[') {
        return None;
    }
    at = skip_space(body, at + 1);
    let mut items = Vec::new();
    if body.get(at) == Some(&b']') {
        return (skip_space(body, at + 1) == body.len()).then_some(items);
    }
    loop {
        let end = at + item_length(&body[at..])?;
        items.push(&body[at..end]);
        at = skip_space(body, end);
        match body.get(at) {
            Some(b',') => at = skip_space(body, at + 1),
            Some(b']') => return (skip_space(body, at + 1) == body.len()).then_some(items),
            _ => return None,
        }
    }
}

/// The length of the JSON value `bytes` starts with, if it is one.
fn item_length(bytes: &[u8]) -> Option<usize> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<IgnoredAny>();
    stream.next()?.ok()?;
    Some(stream.byte_offset())
}

/// The first position from `at` that is not JSON white space.
fn skip_space(body: &[u8], mut at: usize) -> usize {
    while body.get(at).is_some_and(|b| b" \t\n\r".contains(b)) {
        at += 1;
    }
    at
}

/// The value of `param` in the `Link` header entry with `rel`, e.g. `max_id` of `rel="next"`.
///
/// Only the id is taken, never the URL: requests are always built from the configured base, so a
/// server cannot send us (and our token) elsewhere.
pub fn link_id(headers: &HeaderMap, rel: &str, param: &str) -> Option<String> {
    let header = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    header.split(',').find_map(|entry| {
        let (target, params) = entry.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let has_rel = params.split(';').any(|p| {
            p.trim()
                .strip_prefix("rel=")
                .is_some_and(|v| v.trim_matches('"').split_whitespace().any(|r| r == rel))
        });
        if !has_rel {
            return None;
        }
        let url = reqwest::Url::parse(target).ok()?;
        let value = url
            .query_pairs()
            .find(|(name, _)| name == param)
            .map(|(_, value)| value.into_owned())?;
        is_plausible_id(&value).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn ids_order_by_length_then_bytes() {
        assert!(compare_ids("113000000000000002", "99").is_gt());
        assert!(compare_ids("113000000000000002", "113000000000000010").is_lt());
        assert!(compare_ids("7", "7").is_eq());
    }

    #[test]
    fn link_header_ids_are_read_per_rel() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "link",
            HeaderValue::from_static(
                "<https://med-mastodon.com/api/v1/timelines/tag/meded?limit=40&max_id=111>; rel=\"next\", \
                 <https://med-mastodon.com/api/v1/timelines/tag/meded?limit=40&min_id=222>; rel=\"prev\"",
            ),
        );
        assert_eq!(link_id(&headers, "next", "max_id").as_deref(), Some("111"));
        assert_eq!(link_id(&headers, "prev", "min_id").as_deref(), Some("222"));
        assert_eq!(link_id(&headers, "prev", "max_id"), None);
        headers.insert("link", HeaderValue::from_static("garbage; rel=next"));
        assert_eq!(link_id(&headers, "next", "max_id"), None);
    }

    #[test]
    fn array_items_are_cut_at_their_own_ends() {
        let body = b" [ {\"a\": [1, 2], \"s\": \"], {x\\\"\"} ,\n\t\"two\",3,[],{} ] ";
        let items = array_items(body).unwrap();
        let texts: Vec<&str> = items
            .iter()
            .map(|item| std::str::from_utf8(item).unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                r#"{"a": [1, 2], "s": "], {x\""}"#,
                r#""two""#,
                "3",
                "[]",
                "{}"
            ]
        );
        assert!(array_items(b"[]").unwrap().is_empty());
        assert!(array_items(b"[1,]").is_err());
        assert!(array_items(b"[1] x").is_err());
    }

    #[test]
    fn a_bad_item_is_skipped_and_the_rest_kept() {
        let body = br#"[
            {"id":"12","uri":"https://a.example/users/x/statuses/12","created_at":"2026-03-01T10:00:00.000Z",
             "content":"<p>ok</p>","account":{"acct":"x","url":"https://a.example/@x"}},
            {"id":"11","uri":"https://a.example/users/x/statuses/11","created_at":"not a date",
             "content":"<p>bad</p>","account":{"acct":"x"}},
            {"no_id":true},
            "a string"
        ]"#;
        let page = parse(body, &HeaderMap::new(), "a.example").unwrap();
        assert_eq!(page.items, 4);
        assert_eq!(page.skipped, 3);
        assert_eq!(page.posts.len(), 1);
        assert_eq!(page.posts[0].text, "ok");
        assert_eq!(page.posts[0].author.handle, "@x@a.example");
        assert_eq!(page.newest_id.as_deref(), Some("12"));
        assert_eq!(page.oldest_id.as_deref(), Some("11"));
        assert!(parse(b"[{\"id\":", &HeaderMap::new(), "a.example").is_err());
        assert!(parse(b"{\"error\":\"x\"}", &HeaderMap::new(), "a.example").is_err());
    }
}
