//! Mastodon's Status and Account entities, as far as Rounds reads them, and their mapping to
//! `RawPost`. Fields Mastodon documents as nullable, or added in later versions, are optional here,
//! so one odd status is skipped alone instead of failing its page.

use crate::domain::html::html_to_text;
use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

#[derive(Debug, Deserialize)]
pub struct Status {
    pub id: String,
    pub uri: String,
    pub created_at: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub spoiler_text: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub in_reply_to_id: Option<String>,
    #[serde(default, deserialize_with = "count")]
    pub reblogs_count: u64,
    #[serde(default, deserialize_with = "count")]
    pub favourites_count: u64,
    #[serde(default, deserialize_with = "count")]
    pub replies_count: u64,
    #[serde(default, deserialize_with = "count")]
    pub quotes_count: u64,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub card: Option<Card>,
    #[serde(default)]
    pub reblog: Option<Box<Status>>,
    /// 4.5+ quotes: `{state, quoted_status}`; read loosely, since the shape is new.
    #[serde(default)]
    pub quote: Option<serde_json::Value>,
    pub account: Account,
}

#[derive(Debug, Deserialize)]
pub struct Account {
    pub acct: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "count")]
    pub followers_count: u64,
}

#[derive(Debug, Deserialize)]
pub struct Tag {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Mention {
    #[serde(default)]
    pub url: Option<String>,
    pub acct: String,
}

#[derive(Debug, Deserialize)]
pub struct Card {
    #[serde(default)]
    pub url: Option<String>,
}

/// Counts as Mastodon sends them; servers have been seen sending negative counts after races, and
/// a count should never cost us the post, so anything odd reads as 0.
fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f > 0.0).map(|f| f as u64))
            .unwrap_or(0),
        _ => 0,
    })
}

fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Whether a status id is safe to put in a cursor or a URL: Mastodon's are digits, but the docs only
/// promise a string.
pub fn is_plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Why a status cannot become a post.
#[derive(Debug, thiserror::Error)]
pub enum ToRawPostError {
    #[error("status {id} has no usable uri")]
    NoUri { id: String },
    #[error("status {id} has a bad created_at: {reason}")]
    BadCreatedAt {
        id: String,
        reason: chrono::ParseError,
    },
}

/// Maps a status from the timeline of `host` to a `RawPost`. A reblog becomes the status it boosts:
/// that is the post people wrote and the one other instances know by the same `uri`.
pub fn to_raw_post(status: Status, host: &str) -> Result<RawPost, ToRawPostError> {
    let status = match status.reblog {
        Some(original) => *original,
        None => status,
    };
    if !is_web_url(&status.uri) {
        return Err(ToRawPostError::NoUri { id: status.id });
    }
    let created_at = DateTime::parse_from_rfc3339(&status.created_at)
        .map_err(|reason| ToRawPostError::BadCreatedAt {
            id: status.id.clone(),
            reason,
        })?
        .with_timezone(&Utc);
    let body = html_to_text(status.content.as_deref().unwrap_or_default());
    let text = match status.spoiler_text.as_deref().map(str::trim) {
        // The content warning is part of what the author said, and says what the post is about.
        Some(warning) if !warning.is_empty() => format!("CW: {warning}\n\n{}", body.text),
        _ => body.text,
    };
    let mut links = body.links;
    if let Some(card) = status.card.and_then(|c| c.url).filter(|u| is_web_url(u)) {
        if !links.contains(&card) {
            links.push(card);
        }
    }
    let quote_of = status
        .quote
        .as_ref()
        .and_then(|q| q.get("quoted_status"))
        .and_then(|s| s.get("uri"))
        .and_then(|u| u.as_str())
        .filter(|u| is_web_url(u))
        .map(str::to_owned);
    Ok(RawPost {
        source: SourceKind::Mastodon,
        origin: host.to_owned(),
        remote_id: status.uri.clone(),
        url: status.url.filter(|u| is_web_url(u)),
        uri: status.uri,
        author: to_author(status.account, host),
        title: None,
        text,
        language: status.language.filter(|l| !l.trim().is_empty()),
        created_at,
        engagement: Engagement {
            likes: status.favourites_count,
            reposts: status.reblogs_count,
            replies: status.replies_count,
            quotes: status.quotes_count,
        },
        hashtags: status.tags.into_iter().map(|t| t.name).collect(),
        links,
        // `in_reply_to_id` is the parent's id on this instance only, and its canonical `uri` would
        // cost one more request per reply. The instance's API URL for it is stable and resolves to
        // the parent (whose `uri` is the canonical one), so that is what we keep.
        reply_to: status
            .in_reply_to_id
            .filter(|id| is_plausible_id(id))
            .map(|id| format!("https://{host}/api/v1/statuses/{id}")),
        quote_of,
        repost_of: None,
        mentions: status
            .mentions
            .into_iter()
            .map(|m| match m.url.filter(|u| is_web_url(u)) {
                Some(url) => url,
                None => acct_uri(&m.acct, host),
            })
            .collect(),
    })
}

/// `acct` is `user` for accounts local to `host` and `user@server` for the others; handles always
/// carry the server so one person has one handle whichever instance served the post.
fn full_acct(acct: &str, host: &str) -> String {
    let acct = acct.trim_start_matches('@');
    if acct.contains('@') {
        acct.to_owned()
    } else {
        format!("{acct}@{host}")
    }
}

fn acct_uri(acct: &str, host: &str) -> String {
    format!("acct:{}", full_acct(acct, host))
}

fn to_author(account: Account, host: &str) -> RawAuthor {
    let url = account.url.filter(|u| is_web_url(u));
    let bio = account
        .note
        .map(|note| html_to_text(&note).text)
        .filter(|bio| !bio.is_empty());
    RawAuthor {
        // The profile URL lives on the author's home server, so it is the same from every instance.
        remote_id: url.clone().unwrap_or_else(|| acct_uri(&account.acct, host)),
        handle: format!("@{}", full_acct(&account.acct, host)),
        display_name: account
            .display_name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
        followers: Some(account.followers_count),
        bio,
        url,
    }
}
