//! A digest post as read from the database: its row, and its children (hashtags, links, papers,
//! entities) read separately and joined back by post id.

use crate::domain::digest::{DigestAuthor, DigestPost};
use crate::domain::entities::EntityKind;
use crate::domain::links::CanonicalLink;
use crate::domain::papers::PaperId;
use crate::domain::post::{Engagement, SourceKind};
use crate::store::from_db_time;
use std::collections::HashMap;

/// Read from a packed result (`store::packed`): the fields in the order of [`PostRow::COLUMNS`].
#[derive(serde::Deserialize)]
pub(super) struct PostRow {
    pub(super) post_id: i64,
    source: String,
    url: Option<String>,
    title: Option<String>,
    text: String,
    created_at: String,
    likes: i64,
    reposts: i64,
    replies: i64,
    quotes: i64,
    repost_of: Option<String>,
    author_id: i64,
    author_remote_id: String,
    handle: String,
    display_name: Option<String>,
    author_url: Option<String>,
}

/// The hashtags, links, papers and entities of posts, by post id.
#[derive(Default)]
pub(super) struct Children {
    pub(super) hashtags: HashMap<i64, Vec<String>>,
    pub(super) links: HashMap<i64, Vec<CanonicalLink>>,
    pub(super) papers: HashMap<i64, Vec<PaperId>>,
    pub(super) entities: HashMap<i64, Vec<(EntityKind, String)>>,
}

impl PostRow {
    /// The query's columns, in the order of the fields.
    pub(super) const COLUMNS: &'static [&'static str] = &[
        "post_id",
        "source",
        "url",
        "title",
        "text",
        "created_at",
        "likes",
        "reposts",
        "replies",
        "quotes",
        "repost_of",
        "author_id",
        "author_remote_id",
        "handle",
        "display_name",
        "author_url",
    ];

    /// The post, taking its children out of `children` (none if they were not read).
    pub(super) fn into_post(self, children: &mut Children) -> Result<DigestPost, sqlx::Error> {
        Ok(DigestPost {
            post_id: self.post_id,
            source: SourceKind::parse(&self.source).unwrap_or(SourceKind::Feed),
            url: self.url,
            author: DigestAuthor {
                author_id: self.author_id,
                remote_id: self.author_remote_id,
                handle: self.handle,
                display_name: self.display_name,
                url: self.author_url,
            },
            title: self.title,
            text: self.text,
            created_at: from_db_time(&self.created_at)?,
            engagement: Engagement {
                likes: self.likes.max(0) as u64,
                reposts: self.reposts.max(0) as u64,
                replies: self.replies.max(0) as u64,
                quotes: self.quotes.max(0) as u64,
            },
            hashtags: children.hashtags.remove(&self.post_id).unwrap_or_default(),
            links: children.links.remove(&self.post_id).unwrap_or_default(),
            papers: children.papers.remove(&self.post_id).unwrap_or_default(),
            entities: children.entities.remove(&self.post_id).unwrap_or_default(),
            repost_of: self.repost_of,
        })
    }
}
