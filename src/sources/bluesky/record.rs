//! The `app.bsky.feed.post` record, which Jetstream and searchPosts carry alike, and its mapping to
//! a `RawPost`. Records are written by arbitrary clients, so everything but `text` is read
//! leniently: a facet or embed that does not parse is dropped, never the whole post.

mod facets;

use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use crate::domain::Hashtag;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::HashSet;

use facets::Feature;

/// The collection every post lives in.
pub(super) const POST_COLLECTION: &str = "app.bsky.feed.post";

/// Where a post lives: its author's DID and its record key, from which both its `at://` URI and
/// its web address follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PostUri {
    did: String,
    rkey: String,
}

impl PostUri {
    /// From the parts Jetstream gives; `None` if either could not be part of a URI.
    pub fn new(did: &str, rkey: &str) -> Option<Self> {
        let fits = |part: &str| {
            !part.is_empty()
                && !part.contains(['/', '?', '#'])
                && !part.contains(char::is_whitespace)
        };
        (did.starts_with("did:") && fits(did) && fits(rkey)).then(|| Self {
            did: did.to_owned(),
            rkey: rkey.to_owned(),
        })
    }

    /// `at://{did}/app.bsky.feed.post/{rkey}`; `None` for anything else (a handle-based URI, a
    /// list, a feed generator).
    pub fn parse(uri: &str) -> Option<Self> {
        let rest = uri.strip_prefix("at://")?;
        let mut parts = rest.split('/');
        let (did, collection, rkey) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || collection != POST_COLLECTION {
            return None;
        }
        Self::new(did, rkey)
    }

    pub fn did(&self) -> &str {
        &self.did
    }

    pub fn at_uri(&self) -> String {
        format!("at://{}/{POST_COLLECTION}/{}", self.did, self.rkey)
    }

    /// The web address, by DID rather than handle because handles change.
    pub fn web_url(&self) -> String {
        format!("https://bsky.app/profile/{}/post/{}", self.did, self.rkey)
    }
}

/// The case-folded keys of the tracked hashtags, to test posts against.
pub(super) struct TrackedKeys(HashSet<String>);

impl TrackedKeys {
    pub fn new(tags: &[Hashtag]) -> Self {
        Self(tags.iter().map(|t| t.key().to_owned()).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a tag as a post writes it (with or without `#`, any case) is tracked.
    pub fn contains(&self, written: &str) -> bool {
        Hashtag::parse(written).is_ok_and(|tag| self.0.contains(tag.key()))
    }
}

/// An `app.bsky.feed.post` record.
#[derive(Debug, Deserialize)]
pub(super) struct PostRecord {
    text: String,
    #[serde(rename = "createdAt", default, deserialize_with = "lenient")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient_list")]
    facets: Vec<facets::Facet>,
    #[serde(default, deserialize_with = "lenient_list")]
    langs: Vec<String>,
    #[serde(default, deserialize_with = "lenient")]
    reply: Option<Reply>,
    #[serde(default, deserialize_with = "lenient")]
    embed: Option<Embed>,
    /// Extra hashtags not written in the text.
    #[serde(default, deserialize_with = "lenient_list")]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Reply {
    parent: StrongRef,
}

#[derive(Debug, Deserialize)]
struct StrongRef {
    uri: String,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "$type")]
enum Embed {
    #[serde(rename = "app.bsky.embed.external")]
    External { external: External },
    #[serde(rename = "app.bsky.embed.record")]
    Record { record: StrongRef },
    #[serde(rename = "app.bsky.embed.recordWithMedia")]
    RecordWithMedia {
        record: RecordEmbed,
        #[serde(default, deserialize_with = "lenient")]
        media: Option<Box<Embed>>,
    },
    /// Images, video and whatever comes next: nothing we keep.
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
struct RecordEmbed {
    record: StrongRef,
}

#[derive(Debug, Deserialize)]
struct External {
    uri: String,
}

/// What the record itself does not say: who wrote it as far as the source knows, when the source
/// saw it, its counts, and which service delivered it.
#[derive(Clone, Copy)]
pub(super) struct Delivery<'a> {
    pub origin: &'a str,
    /// Jetstream knows only the DID; search gives the handle.
    pub handle: Option<&'a str>,
    pub display_name: Option<&'a str>,
    /// Jetstream's `time_us` or the appview's `indexedAt`.
    pub seen_at: DateTime<Utc>,
    pub engagement: Engagement,
}

impl PostRecord {
    /// The hashtags of the post, tag facets first, then `tags`, without `#`, each once (the first
    /// spelling wins).
    pub fn hashtags(&self) -> Vec<String> {
        let facet_tags = self.features().filter_map(|f| match f {
            Feature::Tag { tag } => Some(tag.as_str()),
            _ => None,
        });
        let mut seen = HashSet::new();
        facet_tags
            .chain(self.tags.iter().map(String::as_str))
            .map(|tag| tag.trim().trim_start_matches('#'))
            .filter(|tag| !tag.is_empty())
            .filter(|tag| {
                let key =
                    Hashtag::parse(tag).map_or_else(|_| tag.to_lowercase(), |t| t.key().into());
                seen.insert(key)
            })
            .map(str::to_owned)
            .collect()
    }

    /// Whether a tag facet or `tags` names a tracked hashtag. Text alone does not count: Bluesky
    /// itself treats a `#word` without a facet as plain text.
    pub fn carries_any(&self, tracked: &TrackedKeys) -> bool {
        self.features()
            .any(|f| matches!(f, Feature::Tag { tag } if tracked.contains(tag)))
            || self.tags.iter().any(|tag| tracked.contains(tag))
    }

    /// The post as sources deliver it. Its time is the earlier of `createdAt` and when the service
    /// saw it, as Bluesky's own `sortAt` does, so a client clock set in the future cannot pin a
    /// post to the top of a digest.
    pub fn to_raw_post(&self, uri: &PostUri, delivery: Delivery<'_>) -> RawPost {
        let created_at = self
            .created_at
            .map_or(delivery.seen_at, |created| created.min(delivery.seen_at));
        let did = uri.did();
        RawPost {
            source: SourceKind::Bluesky,
            origin: delivery.origin.to_owned(),
            remote_id: uri.at_uri(),
            uri: uri.at_uri(),
            url: Some(uri.web_url()),
            author: RawAuthor {
                remote_id: did.to_owned(),
                // Without a handle the DID stands in; a later profile lookup may fill it in.
                handle: delivery.handle.unwrap_or(did).to_owned(),
                display_name: delivery
                    .display_name
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned),
                followers: None,
                bio: None,
                url: Some(format!("https://bsky.app/profile/{did}")),
            },
            title: None,
            text: facets::expand_shortened_links(&self.text, &self.facets),
            language: self.langs.first().cloned(),
            created_at,
            engagement: delivery.engagement,
            hashtags: self.hashtags(),
            links: self.links(),
            reply_to: self
                .reply
                .as_ref()
                .map(|r| r.parent.uri.clone())
                .filter(|uri| uri.starts_with("at://")),
            quote_of: self.quoted_post().map(|q| q.at_uri()),
            repost_of: None,
            mentions: self.mentions(),
        }
    }

    fn features(&self) -> impl Iterator<Item = &Feature> {
        self.facets.iter().flat_map(|facet| facet.features.iter())
    }

    /// Link facets, then the external card (alone or beside a quoted post), each once.
    fn links(&self) -> Vec<String> {
        let facet_links = self.features().filter_map(|f| match f {
            Feature::Link { uri } => Some(uri.as_str()),
            _ => None,
        });
        let card = match &self.embed {
            Some(Embed::External { external }) => Some(external.uri.as_str()),
            Some(Embed::RecordWithMedia { media, .. }) => match media.as_deref() {
                Some(Embed::External { external }) => Some(external.uri.as_str()),
                _ => None,
            },
            _ => None,
        };
        unique(facet_links.chain(card).filter(|uri| !uri.trim().is_empty()))
    }

    fn mentions(&self) -> Vec<String> {
        unique(self.features().filter_map(|f| match f {
            Feature::Mention { did } if did.starts_with("did:") => Some(did.as_str()),
            _ => None,
        }))
    }

    /// The post this one quotes; a quoted list or feed generator is not a post.
    fn quoted_post(&self) -> Option<PostUri> {
        match &self.embed {
            Some(Embed::Record { record }) => PostUri::parse(&record.uri),
            Some(Embed::RecordWithMedia { record, .. }) => PostUri::parse(&record.record.uri),
            _ => None,
        }
    }
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    items
        .filter(|item| seen.insert(*item))
        .map(str::to_owned)
        .collect()
}

/// Reads a field that may be missing, null or malformed as `None` rather than failing the record.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// Reads a list keeping only the items that parse.
fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Option::<Value>::deserialize(deserializer)? {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests;
