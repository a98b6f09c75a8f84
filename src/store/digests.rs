//! What a digest is built from: a guild's posts in a window (those carrying a hashtag it tracks), the
//! counts of the window before, and the new items of the feeds it follows.

mod rows;

use super::{to_db_time, Store};
use crate::domain::digest::{DigestPost, PostTexts, PreviousWindow};
use crate::domain::entities::EntityKind;
use crate::domain::links::CanonicalLink;
use crate::domain::papers::PaperId;
use crate::domain::GuildId;
use crate::store::packed::{packed, unpack};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use rows::{Children, PostRow};
use std::collections::HashMap;
use std::str::FromStr;

/// The most posts one digest reads; a window busier than this keeps its most engaged posts.
pub const MAX_DIGEST_POSTS: usize = 20_000;

/// The ids of the guild's (`?1`) posts of the window `[?2, ?3)`, as a subquery (a post carrying two
/// tracked tags appears twice, which `IN` and `count(DISTINCT …)` do not mind).
macro_rules! guild_window_ids {
    () => {
        "SELECT ph.post_id FROM tracked_hashtags t JOIN post_hashtags ph ON ph.tag = t.tag
         WHERE t.guild_id = ?1 AND ph.created_at >= ?2 AND ph.created_at < ?3"
    };
}

/// `p` is by an author who is not hidden (a deactivated or suspended account, migration 0008):
/// part of every query that shows posts. Hidden authors are few, and the set is read once.
macro_rules! visible {
    () => {
        "p.author_id NOT IN (SELECT author_id FROM authors WHERE hidden = 1)"
    };
}

/// The ids of the guild's (`?1`) posts of the window `[?2, ?3)`, each once: one range scan of the
/// guild's rows of `guild_topic_posts` (migration 0015), kept at ingest in the batch's transaction
/// (`posts/by_topic.rs`).
macro_rules! guild_post_ids {
    () => {
        "SELECT gp.post_id FROM guild_topic_posts gp
         WHERE gp.guild_id = ?1 AND gp.kind = 'g' AND gp.key = ''
           AND gp.created_at >= ?2 AND gp.created_at < ?3"
    };
}

/// The guild's posts of the window `[?2, ?3)`: those carrying a hashtag the guild (`?1`) tracks.
/// Found from the guild's rows of `guild_topic_posts` (one range scan, each post once), so only the
/// guild's posts of the window are read: testing each post of the window for a tracked tag reads
/// every post of the window, the guild's or not (~450 ms for a week of a million-post store; see
/// tests/bench/digest.rs).
/// Posts of hidden authors (deactivated or suspended accounts) are left out.
pub(super) const GUILD_WINDOW: &str =
    concat!("p.post_id IN (", guild_post_ids!(), ") AND ", visible!());

/// The ids of the guild's (`?1`) posts of the window `[?2, ?3)`, each once (`gp` is the table).
pub(super) const GUILD_POST_IDS: &str = guild_post_ids!();

/// `p` is by an author who is not hidden, for queries over `p` that need no guild.
pub(super) const VISIBLE: &str = visible!();

/// `p` carries a hashtag the guild (`?1`) tracks, checked for that one post: for queries driven by
/// another index (a topic's hashtag) rather than by the guild's window.
/// Posts of hidden authors are left out.
pub(super) const IN_GUILD: &str = concat!(
    "(EXISTS (SELECT 1 FROM post_hashtags g
     JOIN tracked_hashtags t ON t.tag = g.tag AND t.guild_id = ?1 WHERE g.post_id = p.post_id) AND ",
    visible!(),
    ")"
);

/// Post ids as one bound JSON array, read back with `json_each`: one parameter however many ids.
pub(super) fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    serde_json::Value::from(ids.into_iter().collect::<Vec<_>>()).to_string()
}

impl Store {
    /// The guild's posts created in `[start, end)`, with their hashtags, links, papers and entities:
    /// the `MAX_DIGEST_POSTS` most engaged.
    pub async fn digest_posts(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<DigestPost>, StoreError> {
        self.digest_posts_up_to(guild, start, end, MAX_DIGEST_POSTS, Texts::Read)
            .await
    }

    /// [`Store::digest_posts`], the `limit` most engaged: a digest reads `MAX_DIGEST_POSTS`; tests
    /// reach the cap with fewer. With [`Texts::Skip`], each post's text is empty and its title
    /// `None` (see [`Store::post_texts`]).
    pub async fn digest_posts_up_to(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        limit: usize,
        texts: Texts,
    ) -> Result<Vec<DigestPost>, StoreError> {
        failed_to("read a digest window's posts", async {
            let query = PostQuery {
                filter: GUILD_WINDOW,
                extra: None,
                children: true,
                texts,
                limit,
            };
            self.posts_matching(query, guild, start, end).await
        })
        .await
    }

    /// The titles and texts of the posts `ids`, by id: for the few posts a digest shows, when the
    /// window was read without them ([`Texts::Skip`]). Ids not stored are left out.
    pub async fn post_texts(&self, ids: &[i64]) -> Result<PostTexts, StoreError> {
        failed_to("read posts' texts", async {
            let sql = packed(
                &["post_id", "title", "text"],
                "SELECT post_id, title, text FROM posts
                 WHERE post_id IN (SELECT value FROM json_each(?1))",
            );
            let (rows,): (String,) = sqlx::query_as(&sql)
                .bind(id_list(ids.iter().copied()))
                .fetch_one(self.pool())
                .await?;
            let rows: Vec<(i64, Option<String>, String)> = unpack(&rows)?;
            Ok(rows
                .into_iter()
                .map(|(id, title, text)| (id, (title, text)))
                .collect())
        })
        .await
    }

    /// Items of the guild's feeds published in `[start, end)`.
    pub async fn digest_feed_items(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<DigestPost>, StoreError> {
        failed_to("read a digest window's feed items", async {
            let filter = "p.created_at >= ?2 AND p.created_at < ?3 AND p.source = 'feed'
             AND p.origin IN (SELECT url FROM feeds WHERE guild_id = ?1)";
            self.posts_where(filter, guild, start, end, MAX_DIGEST_POSTS)
                .await
        })
        .await
    }

    /// Counts of the guild's window `[start, end)`, for comparison with the next one.
    pub async fn digest_previous_window(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<PreviousWindow, StoreError> {
        failed_to("read a digest's previous window", async {
            // Counted in SQL: a busy window's rows never leave the database.
            let (posts, authors): (i64, i64) = sqlx::query_as(&format!(
                "SELECT count(*), count(DISTINCT p.author_id) FROM posts p WHERE {GUILD_WINDOW}"
            ))
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end))
            .fetch_one(self.pool())
            .await?;
            let rows: Vec<(String, String, i64)> = sqlx::query_as(concat!(
                "SELECT e.kind, e.canonical, count(*) FROM post_entities e
                 WHERE e.post_id IN (",
                guild_post_ids!(),
                ") AND e.post_id NOT IN (SELECT hp.post_id FROM posts hp
                 WHERE hp.author_id IN (SELECT author_id FROM authors WHERE hidden = 1))
             GROUP BY e.kind, e.canonical"
            ))
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end))
            .fetch_all(self.pool())
            .await?;
            let (posts, authors) = (posts.max(0) as usize, authors.max(0) as usize);
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
        })
        .await
    }

    /// Titles of papers known from the guild's own posts and feed items that cite them, for naming
    /// papers in its digests. Another guild's feeds are never read: a title from them would tell
    /// this guild what that one follows.
    pub async fn paper_titles(
        &self,
        guild: GuildId,
        papers: &[PaperId],
    ) -> Result<HashMap<PaperId, String>, StoreError> {
        failed_to("read cited papers' titles", async {
            let mut titles = HashMap::new();
            let sql = format!(
                "SELECT p.title FROM post_papers pp JOIN posts p ON p.post_id = pp.post_id
             WHERE pp.kind = ?2 AND pp.value = ?3 AND p.title IS NOT NULL
               AND ((p.source = 'feed' AND p.origin IN (SELECT url FROM feeds WHERE guild_id = ?1))
                    OR {IN_GUILD})
             ORDER BY p.source = 'feed' DESC, p.created_at LIMIT 1"
            );
            for paper in papers {
                let title: Option<(String,)> = sqlx::query_as(&sql)
                    .bind(guild.as_i64())
                    .bind(paper.kind())
                    .bind(paper.value())
                    .fetch_optional(self.pool())
                    .await?;
                if let Some((title,)) = title {
                    titles.insert(paper.clone(), title);
                }
            }
            Ok(titles)
        })
        .await
    }

    async fn posts_where(
        &self,
        filter: &str,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<DigestPost>, sqlx::Error> {
        let query = PostQuery {
            filter,
            extra: None,
            children: true,
            texts: Texts::Read,
            limit,
        };
        self.posts_matching(query, guild, start, end).await
    }

    /// The `limit` most engaged of the guild's posts of `[start, end)` with the given ids (as
    /// `topic_hits` found them), with their hashtags, links, papers and entities: the posts a topic
    /// summary reads in full.
    pub async fn posts_by_id(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        ids: &[i64],
        limit: usize,
    ) -> Result<Vec<DigestPost>, StoreError> {
        failed_to("read posts by id", async {
            // The ids were found within the guild's window; the guild (?1) needs no second check.
            let filter = "p.post_id IN (SELECT value FROM json_each(?4))
             AND p.created_at >= ?2 AND p.created_at < ?3";
            let ids = id_list(ids.iter().copied());
            let query = PostQuery {
                filter,
                extra: Some(ids),
                children: true,
                texts: Texts::Read,
                limit,
            };
            self.posts_matching(query, guild, start, end).await
        })
        .await
    }

    /// About `limit` of the guild's posts of `[start, end)` other than `except`, spread evenly over
    /// the window by id, without their children: the reference corpus a topic's key terms are
    /// measured against. A sample keeps a busy week's summary from reading every post's text.
    pub async fn reference_posts(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except: &[i64],
        limit: usize,
    ) -> Result<Vec<DigestPost>, StoreError> {
        failed_to("read a guild's reference posts", async {
            // Sampled among the guild's rows before any post is read. The stride counts a post
            // carrying two tracked tags twice, as it always has: the same sample as before the
            // guild's posts were kept apart (migration 0015).
            let filter = format!(
                "p.post_id IN ({} AND gp.post_id NOT IN (SELECT value FROM json_each(?4))
                     AND gp.post_id % max(1, (SELECT count(*) FROM ({})) / {limit}) = 0)
                 AND {}",
                guild_post_ids!(),
                guild_window_ids!(),
                visible!()
            );
            let query = PostQuery {
                filter: &filter,
                extra: Some(id_list(except.iter().copied())),
                children: false,
                texts: Texts::Read,
                limit,
            };
            self.posts_matching(query, guild, start, end).await
        })
        .await
    }

    /// The posts `query` asks for, most engaged first.
    async fn posts_matching(
        &self,
        PostQuery {
            filter,
            extra,
            children,
            texts,
            limit,
        }: PostQuery<'_>,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<DigestPost>, sqlx::Error> {
        // Packed into one JSON row (`super::packed`): a day's posts and their children are tens of
        // thousands of rows. Columns in the order of `PostRow`'s fields. The most engaged are chosen
        // by id alone, so SQLite sorts ids and counts rather than whole posts with their text.
        // Texts are most of what a post weighs: a day's are megabytes of JSON to build and parse.
        let title_and_text = match texts {
            Texts::Read => "p.title, p.text",
            Texts::Skip => "NULL AS title, '' AS text",
        };
        let inner = format!(
            "SELECT p.post_id, p.source, p.url, {title_and_text}, p.created_at, p.likes, p.reposts,
                    p.replies, p.quotes, p.repost_of, a.author_id, a.remote_id AS author_remote_id,
                    a.handle, a.display_name, a.url AS author_url
             FROM posts p JOIN authors a ON a.author_id = p.author_id
             WHERE p.post_id IN (
                 SELECT p.post_id FROM posts p WHERE {filter}
                 ORDER BY (p.likes + p.reposts + p.replies + p.quotes) DESC, p.post_id -- Engagement::interactions
                 LIMIT {limit})"
        );
        let sql = packed(PostRow::COLUMNS, &inner);
        let mut query = sqlx::query_as::<_, (String,)>(&sql)
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end));
        if let Some(extra) = extra {
            query = query.bind(extra);
        }
        let (rows,) = query.fetch_one(self.pool()).await?;
        let rows: Vec<PostRow> = unpack(&rows)?;
        if !children {
            let posts: Result<Vec<DigestPost>, _> = rows
                .into_iter()
                .map(|row| row.into_post(&mut Children::default()))
                .collect();
            return posts.map(most_engaged_first);
        }
        // Children of the posts returned only (the others are not shown), by their ids.
        let ids = id_list(rows.iter().map(|row| row.post_id));
        let children = |table: &'static str, first: &'static str, second: &'static str| {
            let ids = ids.clone();
            async move {
                let sql = packed(
                    &["post_id", first, second],
                    &format!(
                        "SELECT post_id, {first}, {second} FROM {table}
                         WHERE post_id IN (SELECT value FROM json_each(?1))"
                    ),
                );
                let (packed,): (String,) = sqlx::query_as(&sql)
                    .bind(ids)
                    .fetch_one(self.pool())
                    .await?;
                unpack::<(i64, String, String)>(&packed)
            }
        };
        let mut found = Children::default();
        for (id, tag, _) in children("post_hashtags", "tag", "''").await? {
            found.hashtags.entry(id).or_default().push(tag);
        }
        for (id, url, domain) in children("post_links", "url", "domain").await? {
            found
                .links
                .entry(id)
                .or_default()
                .push(CanonicalLink { url, domain });
        }
        for (id, kind, value) in children("post_papers", "kind", "value").await? {
            if let Some(paper) = PaperId::from_stored(&kind, value) {
                found.papers.entry(id).or_default().push(paper);
            }
        }
        for (id, kind, name) in children("post_entities", "kind", "canonical").await? {
            if let Ok(kind) = EntityKind::from_str(&kind) {
                found.entities.entry(id).or_default().push((kind, name));
            }
        }
        rows.into_iter()
            .map(|row| row.into_post(&mut found))
            .collect::<Result<_, _>>()
            .map(most_engaged_first)
    }
}

/// `posts` most engaged first, as the query chose them (`Engagement::interactions`, then id): a
/// packed result's aggregation keeps no order.
fn most_engaged_first(mut posts: Vec<DigestPost>) -> Vec<DigestPost> {
    posts.sort_by(|a, b| {
        b.engagement
            .interactions()
            .cmp(&a.engagement.interactions())
            .then_with(|| a.post_id.cmp(&b.post_id))
    });
    posts
}

/// Which posts to read: `filter` over `p` (`?1` guild, `?2`/`?3` window, `?4` the optional
/// `extra`), the `limit` most engaged, with their children if `children`.
struct PostQuery<'a> {
    filter: &'a str,
    extra: Option<String>,
    children: bool,
    texts: Texts,
    limit: usize,
}

/// Whether a window's posts are read with their titles and texts. A whole digest needs only the
/// texts of the posts it shows; a channel's topics are matched against every post's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    Read,
    /// Each post's text read as empty and its title as `None`.
    Skip,
}

#[cfg(test)]
mod tests;
