//! What topic summaries read: which of a guild's posts in a window match a topic (hashtag, entity
//! name or full-text words), how those posts point at each other, their authors' bios, and the names
//! a member might ask about.

use super::{from_db_time, to_db_time, Store};
use crate::domain::digest::DigestAuthor;
use crate::domain::summary::{MatchedPost, PostLinks, Topic};
use crate::domain::GuildId;
use crate::store::packed::{packed, unpack};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

// The guild's posts are those carrying a hashtag it tracks, tested as for digests.
use super::digests::{GUILD_POST_IDS, GUILD_WINDOW, VISIBLE};

/// `post_id, created_at, author_id, remote_id, handle, display_name, url`.
type HitRow = (
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// `author_id, remote_id, handle, display_name, url` and a count.
type AuthorCountRow = (i64, String, String, Option<String>, Option<String>, i64);

/// `post_id, author_id, uri, reply_to, quote_of`.
type LinkRow = (i64, i64, String, Option<String>, Option<String>);

impl Store {
    /// The guild's posts created in `[start, end)` matching `topic` (all of them if `None`): a
    /// hashtag by its key; words by a drug or disease of that name (case-insensitive) or by
    /// full-text search on all the words, the query built by `Topic::fts_query` and bound as a
    /// parameter, never spliced into SQL. Who and when only: enough to count them and chart them.
    #[tracing::instrument(skip(self))]
    pub async fn topic_hits(
        &self,
        guild: GuildId,
        topic: Option<&Topic>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<MatchedPost>, StoreError> {
        failed_to("read a topic's posts", async {
            let found = TopicQuery::new(topic);
            // A week of a busy hashtag is tens of thousands of hits: packed into one row
            // (`super::packed`), in the order of `HitRow`.
            let inner = format!(
                "SELECT m.post_id, m.created_at, a.author_id, a.remote_id, a.handle, a.display_name,
                        a.url
                 FROM ({}) m JOIN authors a ON a.author_id = m.author_id",
                found.rows
            );
            let sql = packed(
                &[
                    "post_id",
                    "created_at",
                    "author_id",
                    "remote_id",
                    "handle",
                    "display_name",
                    "url",
                ],
                &inner,
            );
            let query = found.bind(sqlx::query_as::<_, (String,)>(&sql), guild, start, end);
            let (rows,) = query.fetch_one(self.pool()).await?;
            unpack::<HitRow>(&rows)?
                .into_iter()
                .map(
                    |(post_id, created_at, author_id, remote_id, handle, display_name, url)| {
                        Ok(MatchedPost {
                            post_id,
                            author: DigestAuthor {
                                author_id,
                                remote_id,
                                handle,
                                display_name,
                                url,
                            },
                            created_at: from_db_time(&created_at)?,
                        })
                    },
                )
                .collect()
        })
        .await
    }

    /// How many of the guild's posts of `[start, end)` matching `topic` each author wrote (as
    /// [`Store::topic_hits`] finds them): what the window before a summary's is counted from, one
    /// row per author rather than per post.
    pub async fn topic_posts_by_author(
        &self,
        guild: GuildId,
        topic: Option<&Topic>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<(DigestAuthor, usize)>, StoreError> {
        failed_to("count a topic's posts by author", async {
            let found = TopicQuery::new(topic);
            let inner = format!(
                "SELECT a.author_id, a.remote_id, a.handle, a.display_name, a.url, m.n
                 FROM (SELECT author_id, count(*) AS n FROM ({}) GROUP BY author_id) m
                 JOIN authors a ON a.author_id = m.author_id",
                found.rows
            );
            let sql = packed(
                &[
                    "author_id",
                    "remote_id",
                    "handle",
                    "display_name",
                    "url",
                    "n",
                ],
                &inner,
            );
            let query = found.bind(sqlx::query_as::<_, (String,)>(&sql), guild, start, end);
            let (rows,) = query.fetch_one(self.pool()).await?;
            Ok(unpack::<AuthorCountRow>(&rows)?
                .into_iter()
                .map(|(author_id, remote_id, handle, display_name, url, n)| {
                    let author = DigestAuthor {
                        author_id,
                        remote_id,
                        handle,
                        display_name,
                        url,
                    };
                    (author, n.max(0) as usize)
                })
                .collect())
        })
        .await
    }

    /// How the guild's posts of `[start, end)` reply to and quote others, by URI: the posts that
    /// reply or quote, and the posts of the window they point at (for their authors).
    pub async fn post_links(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<PostLinks>, StoreError> {
        failed_to("read posts' links", async {
            // The guild's rows say which of its posts reply or quote (`points`, migration 0015):
            // only those posts are read.
            let pointing = format!("p.post_id IN ({GUILD_POST_IDS} AND gp.points = 1)");
            // Packed (`super::packed`), in the order of `LinkRow`: a busy week replies a lot.
            let columns = ["post_id", "author_id", "uri", "reply_to", "quote_of"];
            let (rows,): (String,) = sqlx::query_as(&packed(
                &columns,
                &format!(
                    "SELECT p.post_id, p.author_id, p.uri, p.reply_to, p.quote_of FROM posts p
                     WHERE {pointing} AND {VISIBLE}"
                ),
            ))
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end))
            .fetch_one(self.pool())
            .await?;
            let mut rows: Vec<LinkRow> = unpack(&rows)?;
            let targets: Vec<&str> = rows
                .iter()
                .flat_map(|(_, _, _, reply_to, quote_of)| [reply_to, quote_of])
                .flatten()
                .map(String::as_str)
                .collect();
            if !targets.is_empty() {
                let targets = serde_json::Value::from(targets).to_string();
                let (pointed_at,): (String,) = sqlx::query_as(&packed(
                    &columns,
                    &format!(
                        "SELECT p.post_id, p.author_id, p.uri, p.reply_to, p.quote_of FROM posts p
                         WHERE {GUILD_WINDOW} AND p.reply_to IS NULL AND p.quote_of IS NULL
                           AND p.uri IN (SELECT value FROM json_each(?4))"
                    ),
                ))
                .bind(guild.as_i64())
                .bind(to_db_time(start))
                .bind(to_db_time(end))
                .bind(targets)
                .fetch_one(self.pool())
                .await?;
                rows.extend(unpack::<LinkRow>(&pointed_at)?);
            }
            Ok(rows
                .into_iter()
                .map(|(post_id, author_id, uri, reply_to, quote_of)| PostLinks {
                    post_id,
                    author_id,
                    uri,
                    reply_to,
                    quote_of,
                })
                .collect())
        })
        .await
    }

    /// The bios of these authors, by author id (authors without one are left out).
    pub async fn author_bios(
        &self,
        authors: &HashSet<i64>,
    ) -> Result<HashMap<i64, String>, StoreError> {
        failed_to("read authors' bios", async {
        let ids = serde_json::Value::from(authors.iter().copied().collect::<Vec<_>>()).to_string();
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT author_id, bio FROM authors
             WHERE author_id IN (SELECT value FROM json_each(?1)) AND bio IS NOT NULL AND bio <> ''",
        )
        .bind(ids)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    })
.await
    }

    /// Drugs and diseases named in the guild's posts of `[start, end)`, most frequent first: what a
    /// member might summarise besides the tracked hashtags.
    pub async fn known_entities(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        failed_to("read the entities a guild's posts named", async {
            let rows: Vec<(String,)> = sqlx::query_as(&format!(
                "SELECT e.canonical FROM posts p JOIN post_entities e ON e.post_id = p.post_id
             WHERE {GUILD_WINDOW} AND e.kind IN ('drug', 'disease')
             GROUP BY e.canonical ORDER BY count(*) DESC, e.canonical LIMIT ?4"
            ))
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
            Ok(rows.into_iter().map(|(name,)| name).collect())
        })
        .await
    }
}

/// Which of the guild's (`?1`) posts of `[?2, ?3)` match a topic: `rows`, a query of their
/// `post_id, created_at, author_id` from `guild_topic_posts` (migration 0015), each post once and
/// none by a hidden author, with its values bound as `?4` and `?5`.
struct TopicQuery {
    rows: String,
    first: Option<String>,
    second: Option<String>,
}

/// The guild's rows of one kind and key in the window, by authors not hidden.
fn guild_rows(kind: &str, key: &str) -> String {
    format!(
        "SELECT gp.post_id, gp.created_at, gp.author_id FROM guild_topic_posts gp
         WHERE gp.guild_id = ?1 AND gp.kind = '{kind}' AND gp.key = {key}
           AND gp.created_at >= ?2 AND gp.created_at < ?3
           AND gp.author_id NOT IN (SELECT author_id FROM authors WHERE hidden = 1)"
    )
}

impl TopicQuery {
    /// A hashtag by its key; words by a drug or disease of that name (case-insensitive, the key's
    /// collation) or by full-text search on all the words, the query built by `Topic::fts_query`
    /// and bound as a parameter, never spliced into SQL; `None`: all the guild's posts. Each is one
    /// range scan of the guild's rows: no post is read to find them.
    fn new(topic: Option<&Topic>) -> Self {
        match topic {
            None => Self {
                rows: guild_rows("g", "''"),
                first: None,
                second: None,
            },
            Some(Topic::Hashtag(tag)) => Self {
                rows: guild_rows("h", "?4"),
                first: Some(tag.key().to_owned()),
                second: None,
            },
            Some(topic @ Topic::Words { text, .. }) => {
                let entity = guild_rows("e", "?4");
                match topic.fts_query() {
                    // The words' posts of all time are few beside a week of the guild's posts;
                    // each of the guild's rows of the window is checked against them.
                    Some(query) => Self {
                        rows: format!(
                            "{entity} UNION {} AND gp.post_id IN
                                 (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?5)",
                            guild_rows("g", "''")
                        ),
                        first: Some(text.clone()),
                        second: Some(query),
                    },
                    None => Self {
                        rows: entity,
                        first: Some(text.clone()),
                        second: None,
                    },
                }
            }
        }
    }

    /// `query` with the guild, the window and the topic's values bound.
    fn bind<'q, O>(
        self,
        query: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
        let mut query = query
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end));
        for value in [self.first, self.second].into_iter().flatten() {
            query = query.bind(value);
        }
        query
    }
}

#[cfg(test)]
mod tests;
