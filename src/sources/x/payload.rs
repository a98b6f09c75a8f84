//! The X API v2 recent-search response, as far as Rounds reads it, and the mapping of each post to a
//! `RawPost`. Posts and users are parsed one by one, so one odd item costs only itself.

use crate::domain::html::decode_entities;
use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
pub struct SearchResponse {
    /// Absent when nothing matched.
    #[serde(default)]
    pub data: Vec<serde_json::Value>,
    #[serde(default)]
    pub includes: Includes,
    #[serde(default)]
    pub meta: Meta,
    /// Partial errors inside a 200 (a deleted author, a withheld post…).
    #[serde(default)]
    pub errors: Vec<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Includes {
    #[serde(default)]
    pub users: Vec<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Meta {
    pub newest_id: Option<String>,
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Post {
    pub id: String,
    pub text: String,
    pub created_at: String,
    pub author_id: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub public_metrics: Option<PostMetrics>,
    #[serde(default)]
    pub entities: Option<Entities>,
    /// `referenced_tweets`, or `referenced_posts` in the newer spec.
    #[serde(default, alias = "referenced_posts")]
    pub referenced_tweets: Vec<Reference>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PostMetrics {
    #[serde(default)]
    pub retweet_count: u64,
    #[serde(default)]
    pub reply_count: u64,
    #[serde(default)]
    pub like_count: u64,
    #[serde(default)]
    pub quote_count: u64,
}

#[derive(Debug, Default, Deserialize)]
pub struct Entities {
    #[serde(default)]
    pub hashtags: Vec<HashtagEntity>,
    #[serde(default)]
    pub urls: Vec<UrlEntity>,
    #[serde(default)]
    pub mentions: Vec<MentionEntity>,
}

#[derive(Debug, Deserialize)]
pub struct HashtagEntity {
    pub tag: String,
}

#[derive(Debug, Deserialize)]
pub struct UrlEntity {
    /// The t.co link as it appears in the text.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub expanded_url: Option<String>,
    #[serde(default)]
    pub unwound_url: Option<String>,
    /// Set on links to the post's own photos and videos, which cite nothing.
    #[serde(default)]
    pub media_key: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct MentionEntity {
    pub username: String,
    #[serde(default)]
    pub id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Reference {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub public_metrics: Option<UserMetrics>,
}

#[derive(Debug, Deserialize)]
pub struct UserMetrics {
    #[serde(default)]
    pub followers_count: Option<u64>,
}

/// X ids are decimal strings of up to 19 digits.
pub fn is_plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())
}

/// The address of a post that does not depend on its author's (changeable) username.
pub fn post_uri(id: &str) -> String {
    format!("https://x.com/i/web/status/{id}")
}

/// The users of `includes.users` by id; unreadable ones are left out (their posts keep the id).
pub fn users_by_id(users: Vec<serde_json::Value>) -> HashMap<String, User> {
    users
        .into_iter()
        .filter_map(|value| serde_json::from_value::<User>(value).ok())
        .map(|user| (user.id.clone(), user))
        .collect()
}

/// Why an X post cannot become a post.
#[derive(Debug, thiserror::Error)]
pub enum ToRawPostError {
    #[error("post id `{id}` is not an X id")]
    NotAnXId { id: String },
    #[error("post {id} has a bad created_at: {reason}")]
    BadCreatedAt {
        id: String,
        reason: chrono::ParseError,
    },
}

pub fn to_raw_post(post: Post, users: &HashMap<String, User>) -> Result<RawPost, ToRawPostError> {
    if !is_plausible_id(&post.id) {
        return Err(ToRawPostError::NotAnXId { id: post.id });
    }
    let created_at = DateTime::parse_from_rfc3339(&post.created_at)
        .map_err(|reason| ToRawPostError::BadCreatedAt {
            id: post.id.clone(),
            reason,
        })?
        .with_timezone(&Utc);
    let entities = post.entities.unwrap_or_default();
    // X escapes `&`, `<` and `>` in `text`, and shows links as t.co: put the real ones back so the
    // text reads as the author meant it.
    let mut text = decode_entities(&post.text);
    let mut links = Vec::new();
    for entity in entities.urls {
        let target = entity
            .unwound_url
            .or(entity.expanded_url)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        let is_media = entity.media_key.is_some();
        if let Some(short) = entity.url.filter(|u| !u.is_empty()) {
            let replacement = if is_media {
                ""
            } else {
                target.as_deref().unwrap_or(&short)
            };
            text = text.replace(&short, replacement);
        }
        if let Some(target) = target.filter(|_| !is_media) {
            if !links.contains(&target) {
                links.push(target);
            }
        }
    }
    let text = text.trim().to_owned();
    let metrics = post.public_metrics.unwrap_or_default();
    let reference = |kind: &str| {
        post.referenced_tweets
            .iter()
            .find(|r| r.kind == kind && is_plausible_id(&r.id))
            .map(|r| post_uri(&r.id))
    };
    let author = match users.get(&post.author_id) {
        Some(user) => RawAuthor {
            remote_id: user.id.clone(),
            handle: user.username.clone(),
            display_name: user.name.clone().filter(|n| !n.trim().is_empty()),
            followers: user.public_metrics.as_ref().and_then(|m| m.followers_count),
            bio: user
                .description
                .as_deref()
                .map(|d| decode_entities(d).trim().to_owned())
                .filter(|d| !d.is_empty()),
            url: Some(format!("https://x.com/{}", user.username)),
        },
        // Not expanded (suspended, or the expansion failed): the id still identifies the author.
        None => RawAuthor {
            remote_id: post.author_id.clone(),
            handle: post.author_id.clone(),
            ..RawAuthor::default()
        },
    };
    let url = match users.get(&post.author_id) {
        Some(user) => format!("https://x.com/{}/status/{}", user.username, post.id),
        None => post_uri(&post.id),
    };
    Ok(RawPost {
        source: SourceKind::X,
        origin: "x".to_owned(),
        uri: post_uri(&post.id),
        url: Some(url),
        author,
        title: None,
        text,
        language: post.lang.filter(|l| !l.is_empty() && l != "und"),
        created_at,
        engagement: Engagement {
            likes: metrics.like_count,
            reposts: metrics.retweet_count,
            replies: metrics.reply_count,
            quotes: metrics.quote_count,
        },
        hashtags: entities.hashtags.into_iter().map(|h| h.tag).collect(),
        links,
        reply_to: reference("replied_to"),
        quote_of: reference("quoted"),
        repost_of: reference("retweeted"),
        mentions: entities
            .mentions
            .into_iter()
            .map(|m| m.id.filter(|id| is_plausible_id(id)).unwrap_or(m.username))
            .collect(),
        remote_id: post.id,
    })
}
