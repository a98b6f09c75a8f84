//! Which topics a channel follows (`/alerts setup … topics`), and which posts drive a surge.

use super::{Topic, TopicKind};
use crate::domain::digest::DigestPost;
use crate::domain::entities::display::display_name;
use crate::domain::entities::EntityKind;
use crate::domain::Hashtag;
use std::collections::HashSet;

/// The most topics one channel may list.
pub const MAX_TOPICS: usize = 25;
/// The longest topic name accepted, in characters.
const MAX_TOPIC_CHARS: usize = 100;

/// The topics a channel follows: hashtags (`#MedEd`) and drug or disease names, matched without
/// regard to case. Empty follows every topic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicFilter {
    /// Hashtag keys, `#`-prefixed, and lower-cased names, in the order given, without repeats.
    items: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseTopicsError {
    #[error("`{0}` is not a hashtag: {1}")]
    Hashtag(String, crate::domain::hashtag::ParseHashtagError),
    #[error("a topic can be at most {MAX_TOPIC_CHARS} characters long")]
    TooLong,
    #[error("a topic may not contain control or formatting characters")]
    BadCharacter,
    #[error("at most {MAX_TOPICS} topics per channel")]
    TooMany,
}

impl TopicFilter {
    /// Parses a comma-separated list: `#MedEd, semaglutide, heart failure`.
    pub fn parse(text: &str) -> Result<Self, ParseTopicsError> {
        let mut items: Vec<String> = Vec::new();
        for raw in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if raw.chars().count() > MAX_TOPIC_CHARS {
                return Err(ParseTopicsError::TooLong);
            }
            let item = if raw.starts_with('#') {
                let tag = Hashtag::parse(raw)
                    .map_err(|e| ParseTopicsError::Hashtag(raw.to_owned(), e))?;
                format!("#{}", tag.key())
            } else {
                if raw
                    .chars()
                    .any(|c| c.is_control() || crate::domain::format_chars::is_format_char(c))
                {
                    return Err(ParseTopicsError::BadCharacter);
                }
                raw.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            if !items.contains(&item) {
                items.push(item);
            }
            if items.len() > MAX_TOPICS {
                return Err(ParseTopicsError::TooMany);
            }
        }
        Ok(Self { items })
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether a surge of `topic` concerns this channel.
    pub fn follows(&self, topic: &Topic) -> bool {
        if self.items.is_empty() {
            return true;
        }
        let name = topic.name.to_lowercase();
        self.items.iter().any(|item| match topic.kind {
            TopicKind::Hashtag => item.strip_prefix('#') == Some(&name) || *item == name,
            // By the lexicon's name or by the one people read, which `/alerts setup` offers.
            TopicKind::Drug | TopicKind::Disease => {
                *item == name || *item == display_name(&topic.name).to_lowercase()
            }
        })
    }

    /// The list as stored and shown back: `#meded, semaglutide`.
    pub fn to_text(&self) -> String {
        self.items.join(", ")
    }
}

/// Whether `post` is one of the posts counted for `topic`.
pub fn mentions(post: &DigestPost, topic: &Topic) -> bool {
    match topic.kind {
        TopicKind::Hashtag => post
            .hashtags
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&topic.name)),
        TopicKind::Drug => has_entity(post, EntityKind::Drug, &topic.name),
        TopicKind::Disease => has_entity(post, EntityKind::Disease, &topic.name),
    }
}

fn has_entity(post: &DigestPost, kind: EntityKind, name: &str) -> bool {
    post.entities.iter().any(|(k, n)| *k == kind && n == name)
}

/// The posts driving a surge: original posts on `topic`, most engaged first, one per author (what
/// the detector counts), at most `n`.
pub fn driving_posts<'a>(posts: &'a [DigestPost], topic: &Topic, n: usize) -> Vec<&'a DigestPost> {
    let mut on_topic: Vec<&DigestPost> = posts
        .iter()
        .filter(|p| p.repost_of.is_none() && mentions(p, topic))
        .collect();
    on_topic.sort_by_key(|p| {
        let e = &p.engagement;
        (
            std::cmp::Reverse(e.likes + 2 * (e.reposts + e.quotes) + e.replies),
            p.post_id,
        )
    });
    let mut authors = HashSet::new();
    on_topic
        .into_iter()
        .filter(|p| authors.insert(p.author.author_id))
        .take(n)
        .collect()
}
