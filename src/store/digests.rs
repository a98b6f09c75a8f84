//! What a digest is built from: a guild's posts in a window (those carrying a hashtag it tracks), the
//! counts of the window before, and the new items of the feeds it follows.

use super::{from_db_time, to_db_time, Store};
use crate::domain::digest::{DigestAuthor, DigestPost, PreviousWindow};
use crate::domain::entities::EntityKind;
use crate::domain::links::CanonicalLink;
use crate::domain::normalize::PaperRef;
use crate::domain::post::{Engagement, SourceKind};
use crate::domain::GuildId;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::str::FromStr;

/// The most posts one digest reads; a window busier than this keeps its most engaged posts.
pub const MAX_DIGEST_POSTS: i64 = 20_000;

/// The guild's posts: `p` carries at least one hashtag the guild tracks. Written as a correlated
/// EXISTS so that the window (`posts_by_created_at`) drives the query and each post is checked
/// through `post_hashtags_by_post`; an `IN (all the guild's posts)` list would be built from every
/// post the guild ever saw on each call (seconds on a million posts; see tests/bench/digest.rs).
pub(super) const IN_GUILD: &str =
    "EXISTS (SELECT 1 FROM post_hashtags ph WHERE ph.post_id = p.post_id
     AND ph.tag IN (SELECT tag FROM tracked_hashtags WHERE guild_id = ?1))";

/// Post ids as one bound JSON array, read back with `json_each`: one parameter however many ids.
fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    serde_json::Value::from(ids.into_iter().collect::<Vec<_>>()).to_string()
}

#[derive(sqlx::FromRow)]
struct PostRow {
    post_id: i64,
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
    handle: String,
    display_name: Option<String>,
    author_url: Option<String>,
}

impl Store {
    /// The guild's posts created in `[start, end)`, with their hashtags, links, papers and entities.
    pub async fn digest_posts(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<DigestPost>, sqlx::Error> {
        let filter = format!("p.created_at >= ?2 AND p.created_at < ?3 AND {IN_GUILD}");
        self.posts_where(&filter, guild, start, end).await
    }

    /// Items of the guild's feeds published in `[start, end)`.
    pub async fn digest_feed_items(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<DigestPost>, sqlx::Error> {
        let filter = "p.created_at >= ?2 AND p.created_at < ?3 AND p.source = 'feed'
             AND p.origin IN (SELECT url FROM feeds WHERE guild_id = ?1)";
        self.posts_where(filter, guild, start, end).await
    }

    /// Counts of the guild's window `[start, end)`, for comparison with the next one.
    pub async fn digest_previous_window(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<PreviousWindow, sqlx::Error> {
        // The window's posts once; the counts and the entities are read from their ids.
        let window: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT p.post_id, p.author_id FROM posts p
             WHERE p.created_at >= ?2 AND p.created_at < ?3 AND {IN_GUILD}"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .fetch_all(self.pool())
        .await?;
        let posts = window.len();
        let authors = window
            .iter()
            .map(|(_, author)| *author)
            .collect::<std::collections::HashSet<_>>()
            .len();
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT e.kind, e.canonical, count(*) FROM post_entities e
             WHERE e.post_id IN (SELECT value FROM json_each(?1)) GROUP BY e.kind, e.canonical",
        )
        .bind(id_list(window.iter().map(|(id, _)| *id)))
        .fetch_all(self.pool())
        .await?;
        let entities = rows
            .into_iter()
            .filter_map(|(kind, name, n)| {
                Some(((EntityKind::from_str(&kind).ok()?, name), n as usize))
            })
            .collect();
        Ok(PreviousWindow {
            posts,
            authors,
            entities,
        })
    }

    /// Titles of papers known from feed items that cite them, for naming papers in digests.
    pub async fn paper_titles(
        &self,
        papers: &[PaperRef],
    ) -> Result<HashMap<PaperRef, String>, sqlx::Error> {
        let mut titles = HashMap::new();
        for paper in papers {
            let title: Option<(String,)> = sqlx::query_as(
                "SELECT p.title FROM post_papers pp JOIN posts p ON p.post_id = pp.post_id
                 WHERE pp.kind = ? AND pp.value = ? AND p.title IS NOT NULL
                 ORDER BY p.source = 'feed' DESC, p.created_at LIMIT 1",
            )
            .bind(paper.kind())
            .bind(paper.value())
            .fetch_optional(self.pool())
            .await?;
            if let Some((title,)) = title {
                titles.insert(paper.clone(), title);
            }
        }
        Ok(titles)
    }

    async fn posts_where(
        &self,
        filter: &str,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<DigestPost>, sqlx::Error> {
        let rows: Vec<PostRow> = sqlx::query_as(&format!(
            "SELECT p.post_id, p.source, p.url, p.title, p.text, p.created_at, p.likes, p.reposts,
                    p.replies, p.quotes, p.repost_of, a.author_id, a.handle, a.display_name,
                    a.url AS author_url
             FROM posts p JOIN authors a ON a.author_id = p.author_id
             WHERE {filter}
             ORDER BY (p.likes + p.reposts + p.replies + p.quotes) DESC, p.post_id
             LIMIT {MAX_DIGEST_POSTS}"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .fetch_all(self.pool())
        .await?;
        // Children of the posts returned only (the others are not shown), by their ids.
        let ids = id_list(rows.iter().map(|row| row.post_id));
        let children = |table: &str, columns: &str| {
            format!(
                "SELECT post_id, {columns} FROM {table}
                 WHERE post_id IN (SELECT value FROM json_each(?1))"
            )
        };
        let bind_all = |sql: String| {
            let ids = ids.clone();
            async move {
                sqlx::query_as::<_, (i64, String, String)>(&sql)
                    .bind(ids)
                    .fetch_all(self.pool())
                    .await
            }
        };
        let mut hashtags: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, tag, _) in bind_all(children("post_hashtags", "tag, ''")).await? {
            hashtags.entry(id).or_default().push(tag);
        }
        let mut links: HashMap<i64, Vec<CanonicalLink>> = HashMap::new();
        for (id, url, domain) in bind_all(children("post_links", "url, domain")).await? {
            links
                .entry(id)
                .or_default()
                .push(CanonicalLink { url, domain });
        }
        let mut papers: HashMap<i64, Vec<PaperRef>> = HashMap::new();
        for (id, kind, value) in bind_all(children("post_papers", "kind, value")).await? {
            let paper = if kind == "doi" {
                PaperRef::Doi(value)
            } else {
                PaperRef::Pmid(value)
            };
            papers.entry(id).or_default().push(paper);
        }
        let mut entities: HashMap<i64, Vec<(EntityKind, String)>> = HashMap::new();
        for (id, kind, name) in bind_all(children("post_entities", "kind, canonical")).await? {
            if let Ok(kind) = EntityKind::from_str(&kind) {
                entities.entry(id).or_default().push((kind, name));
            }
        }
        rows.into_iter()
            .map(|row| {
                Ok(DigestPost {
                    post_id: row.post_id,
                    source: SourceKind::parse(&row.source).unwrap_or(SourceKind::Feed),
                    url: row.url,
                    author: DigestAuthor {
                        author_id: row.author_id,
                        handle: row.handle,
                        display_name: row.display_name,
                        url: row.author_url,
                    },
                    title: row.title,
                    text: row.text,
                    created_at: from_db_time(&row.created_at)?,
                    engagement: Engagement {
                        likes: row.likes.max(0) as u64,
                        reposts: row.reposts.max(0) as u64,
                        replies: row.replies.max(0) as u64,
                        quotes: row.quotes.max(0) as u64,
                    },
                    hashtags: hashtags.remove(&row.post_id).unwrap_or_default(),
                    links: links.remove(&row.post_id).unwrap_or_default(),
                    papers: papers.remove(&row.post_id).unwrap_or_default(),
                    entities: entities.remove(&row.post_id).unwrap_or_default(),
                    repost_of: row.repost_of,
                })
            })
            .collect()
    }
}
