//! Posts as sources deliver them (`RawPost`), before normalisation: plain text, an author, counts,
//! the hashtags and links the source lists. Every adapter produces these; `normalize` turns them into
//! what the store keeps.

use chrono::{DateTime, Utc};
use std::fmt;

/// Where a post came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Mastodon,
    Bluesky,
    X,
    Feed,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mastodon => "mastodon",
            Self::Bluesky => "bluesky",
            Self::X => "x",
            Self::Feed => "feed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "mastodon" => Some(Self::Mastodon),
            "bluesky" => Some(Self::Bluesky),
            "x" => Some(Self::X),
            "feed" => Some(Self::Feed),
            _ => None,
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The author of a post, as the source describes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawAuthor {
    /// Stable id within the source: Mastodon account URL (`acct` URI), Bluesky DID, X user id, or
    /// for feeds the feed URL plus the author name.
    pub remote_id: String,
    /// `@user@instance`, `handle.bsky.social`, X username, or a feed author's name.
    pub handle: String,
    pub display_name: Option<String>,
    pub followers: Option<u64>,
    /// The author's own profile text, where the source gives it (never inferred).
    pub bio: Option<String>,
    /// Link to the author's profile.
    pub url: Option<String>,
}

/// Counts as the source reports them when the post was fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Engagement {
    pub likes: u64,
    pub reposts: u64,
    pub replies: u64,
    pub quotes: u64,
}

impl Engagement {
    /// Every interaction counted once: how the store ranks posts when a window is too busy to read
    /// whole (`ORDER BY likes + reposts + replies + quotes`).
    #[must_use]
    pub fn interactions(&self) -> u64 {
        self.likes + self.reposts + self.replies + self.quotes
    }
}

/// One post as an adapter delivers it. Text is already plain (no HTML), but not yet checked for
/// control characters, hashtags or links: `normalize` does that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPost {
    pub source: SourceKind,
    /// Which server or feed delivered it: a Mastodon instance's host, `jetstream`, `x`, or a feed URL.
    pub origin: String,
    /// Unique within the source: Mastodon `uri`, Bluesky `at://` URI, X post id, feed item id/link.
    pub remote_id: String,
    /// The canonical URI of the post, the same whichever instance served it (dedupe key).
    pub uri: String,
    /// Where a person can read the post.
    pub url: Option<String>,
    pub author: RawAuthor,
    /// Feed items have titles; social posts do not.
    pub title: Option<String>,
    pub text: String,
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
    pub engagement: Engagement,
    /// Hashtags the source lists for the post (facets, `tags`, entities), without `#`, as written.
    pub hashtags: Vec<String>,
    /// Links the source lists for the post (cards, facets, entities, enclosures), as written.
    pub links: Vec<String>,
    /// URI of the post this one replies to, quotes or reposts.
    pub reply_to: Option<String>,
    pub quote_of: Option<String>,
    pub repost_of: Option<String>,
    /// Remote ids of the authors this post mentions.
    pub mentions: Vec<String>,
}
