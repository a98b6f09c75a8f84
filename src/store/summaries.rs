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
use super::digests::{GUILD_WINDOW, IN_GUILD};

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
            "SELECT p.post_id, p.created_at, a.author_id, a.remote_id, a.handle, a.display_name,
                    a.url
             FROM posts p JOIN authors a ON a.author_id = p.author_id
             WHERE {}",
            found.filter
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
                "SELECT a.author_id, a.remote_id, a.handle, a.display_name, a.url, count(*) AS n
                 FROM posts p JOIN authors a ON a.author_id = p.author_id
                 WHERE {} GROUP BY a.author_id",
                found.filter
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
            let pointing = "(p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL)";
            // Packed (`super::packed`), in the order of `LinkRow`: a busy week replies a lot.
            let columns = ["post_id", "author_id", "uri", "reply_to", "quote_of"];
            let (rows,): (String,) = sqlx::query_as(&packed(
                &columns,
                &format!(
                    "SELECT p.post_id, p.author_id, p.uri, p.reply_to, p.quote_of FROM posts p
                     WHERE {GUILD_WINDOW} AND {pointing}"
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
                         WHERE {GUILD_WINDOW} AND NOT {pointing}
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

/// Which of the guild's (`?1`) posts of `[?2, ?3)` match a topic: `filter` over `p`, with its
/// values bound as `?4` and `?5`.
struct TopicQuery {
    filter: String,
    first: Option<String>,
    second: Option<String>,
}

impl TopicQuery {
    /// A hashtag by its key; words by a drug or disease of that name (case-insensitive) or by
    /// full-text search on all the words, the query built by `Topic::fts_query` and bound as a
    /// parameter, never spliced into SQL; `None`: all the guild's posts.
    fn new(topic: Option<&Topic>) -> Self {
        let (matches, first, second) = match topic {
            None => ("1".to_owned(), None, None),
            // The tag's own posts of the window drive the query (one range scan); each is then
            // checked for a tag the guild tracks.
            Some(Topic::Hashtag(tag)) => {
                let filter = format!(
                    "p.post_id IN (SELECT h.post_id FROM post_hashtags h
                         WHERE h.tag = ?4 AND h.created_at >= ?2 AND h.created_at < ?3)
                     AND {IN_GUILD}"
                );
                return Self {
                    filter,
                    first: Some(tag.key().to_owned()),
                    second: None,
                };
            }
            Some(topic @ Topic::Words { text, .. }) => {
                // Checked per post of the window (through the primary key), never over every
                // entity ever stored: the window is what keeps this fast on a large store.
                let entity = "EXISTS (SELECT 1 FROM post_entities e WHERE e.post_id = p.post_id
                     AND e.kind IN ('drug', 'disease') AND e.canonical = ?4 COLLATE NOCASE)";
                match topic.fts_query() {
                    Some(query) => (
                        format!(
                            "({entity} OR p.post_id IN
                                (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?5))"
                        ),
                        Some(text.clone()),
                        Some(query),
                    ),
                    None => (entity.to_owned(), Some(text.clone()), None),
                }
            }
        };
        Self {
            filter: format!("{GUILD_WINDOW} AND {matches}"),
            first,
            second,
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
mod tests {
    use super::*;
    use crate::domain::entities::Tagger;
    use crate::domain::normalize::normalize;
    use crate::domain::post::{RawAuthor, RawPost, SourceKind};
    use crate::domain::Hashtag;
    use chrono::Duration;

    async fn seeded() -> (Store, GuildId) {
        let store = crate::store::test_store().await;
        let guild = GuildId::new(7).unwrap();
        let now = Utc::now();
        store
            .track_hashtag(guild, &Hashtag::parse("Cardio").unwrap(), None, now)
            .await
            .unwrap();
        let texts = [
            "Semaglutide in heart failure #Cardio",
            "Statins and myalgia, NEAR the end #Cardio",
            "Untracked semaglutide post #Other",
        ];
        let posts: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let raw = RawPost {
                    source: SourceKind::Mastodon,
                    origin: "m.example".into(),
                    remote_id: format!("u{i}"),
                    uri: format!("u{i}"),
                    url: None,
                    author: RawAuthor {
                        remote_id: format!("a{i}"),
                        handle: format!("@a{i}@m.example"),
                        bio: Some("RN".into()),
                        ..RawAuthor::default()
                    },
                    title: None,
                    text: (*text).to_owned(),
                    language: None,
                    created_at: now - Duration::hours(1),
                    engagement: Default::default(),
                    hashtags: vec![],
                    links: vec![],
                    reply_to: (i == 1).then(|| "u0".to_owned()),
                    quote_of: None,
                    repost_of: None,
                    mentions: vec![],
                };
                normalize(raw, Tagger::bundled()).unwrap()
            })
            .collect();
        store.commit_posts("t", None, &posts, now).await.unwrap();
        (store, guild)
    }

    #[tokio::test]
    async fn topics_match_by_tag_entity_and_words_within_the_guild() {
        let (store, guild) = seeded().await;
        let (start, end) = (Utc::now() - Duration::days(1), Utc::now());
        let count = |topic: &str| {
            let store = store.clone();
            let topic = Topic::parse(topic).unwrap();
            async move {
                store
                    .topic_hits(guild, Some(&topic), start, end)
                    .await
                    .unwrap()
                    .len()
            }
        };
        assert_eq!(count("#cardio").await, 2);
        assert_eq!(
            count("SEMAGLUTIDE").await,
            1,
            "the untracked post is not the guild's"
        );
        assert_eq!(count("heart failure").await, 1);
        for hostile in ["\"", "NEAR(", "*", "a\" OR \"b", "statins AND", "myalgia)"] {
            count(hostile).await;
        }
        assert_eq!(count("NEAR(").await, 1);
        // Counted by author, as the window before a summary is: the same posts as the hits.
        for topic in [
            "#cardio",
            "SEMAGLUTIDE",
            "heart failure",
            "NEAR(",
            "\"",
            "statins AND",
        ] {
            let parsed = Topic::parse(topic).unwrap();
            let by_author = store
                .topic_posts_by_author(guild, Some(&parsed), start, end)
                .await
                .unwrap();
            let total: usize = by_author.iter().map(|(_, n)| n).sum();
            assert_eq!(total, count(topic).await, "{topic}");
        }
        let by_author = store
            .topic_posts_by_author(
                guild,
                Some(&Topic::parse("semaglutide").unwrap()),
                start,
                end,
            )
            .await
            .unwrap();
        let by_author: Vec<(&str, usize)> = by_author
            .iter()
            .map(|(author, n)| (author.handle.as_str(), *n))
            .collect();
        assert_eq!(by_author, [("@a0@m.example", 1)]);
        let links = store.post_links(guild, start, end).await.unwrap();
        assert_eq!(links.len(), 2);
        assert!(links.iter().any(|l| l.reply_to.as_deref() == Some("u0")));
        let authors: HashSet<i64> = (1..=10).collect();
        assert_eq!(store.author_bios(&authors).await.unwrap().len(), 3);
        let known = store.known_entities(guild, start, end, 10).await.unwrap();
        assert!(
            known.iter().any(|k| k.eq_ignore_ascii_case("semaglutide")),
            "{known:?}"
        );
    }
}
