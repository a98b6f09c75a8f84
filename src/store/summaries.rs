//! What topic summaries read: which of a guild's posts in a window match a topic (hashtag, entity
//! name or full-text words), how those posts point at each other, their authors' bios, and the names
//! a member might ask about.

use super::{to_db_time, Store};
use crate::domain::summary::{PostLinks, Topic};
use crate::domain::GuildId;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

// The guild's posts are those carrying a hashtag it tracks, tested as for digests.
use super::digests::IN_GUILD;

/// `post_id, author_id, uri, reply_to, quote_of`.
type LinkRow = (i64, i64, String, Option<String>, Option<String>);

/// A post matching a topic, with what exclusion by author needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicHit {
    pub post_id: i64,
    pub handle: String,
    pub author_url: Option<String>,
}

impl Store {
    /// The guild's posts created in `[start, end)` matching `topic`: a hashtag by its key; words by a
    /// drug or disease of that name (case-insensitive) or by full-text search on all the words, the
    /// query built by `Topic::fts_query` and bound as a parameter, never spliced into SQL.
    #[tracing::instrument(skip(self), fields(topic = %topic))]
    pub async fn topic_hits(
        &self,
        guild: GuildId,
        topic: &Topic,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<TopicHit>, sqlx::Error> {
        let (matches, first, second): (String, String, Option<String>) = match topic {
            Topic::Hashtag(tag) => (
                "EXISTS (SELECT 1 FROM post_hashtags h WHERE h.tag = ?4 AND h.post_id = p.post_id)"
                    .to_owned(),
                tag.key().to_owned(),
                None,
            ),
            Topic::Words { text, .. } => {
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
                        text.clone(),
                        Some(query),
                    ),
                    None => (entity.to_owned(), text.clone(), None),
                }
            }
        };
        let sql = format!(
            "SELECT p.post_id, a.handle, a.url FROM posts p JOIN authors a ON a.author_id = p.author_id
             WHERE p.created_at >= ?2 AND p.created_at < ?3 AND {IN_GUILD}
               AND {matches}"
        );
        let mut query = sqlx::query_as::<_, (i64, String, Option<String>)>(&sql)
            .bind(guild.as_i64())
            .bind(to_db_time(start))
            .bind(to_db_time(end))
            .bind(first);
        if let Some(second) = second {
            query = query.bind(second);
        }
        let rows = query.fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|(post_id, handle, author_url)| TopicHit {
                post_id,
                handle,
                author_url,
            })
            .collect())
    }

    /// How the guild's posts of `[start, end)` reply to and quote others, by URI.
    pub async fn post_links(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<PostLinks>, sqlx::Error> {
        let rows: Vec<LinkRow> = sqlx::query_as(&format!(
            "SELECT p.post_id, p.author_id, p.uri, p.reply_to, p.quote_of FROM posts p
                 WHERE p.created_at >= ?2 AND p.created_at < ?3 AND {IN_GUILD}"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .fetch_all(self.pool())
        .await?;
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
    }

    /// The bios of the authors of the guild's posts in `[start, end)`, by author id.
    pub async fn author_bios(
        &self,
        guild: GuildId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<HashMap<i64, String>, sqlx::Error> {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT DISTINCT a.author_id, a.bio FROM posts p JOIN authors a ON a.author_id = p.author_id
             WHERE p.created_at >= ?2 AND p.created_at < ?3 AND {IN_GUILD}
               AND a.bio IS NOT NULL AND a.bio <> ''"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(start))
        .bind(to_db_time(end))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Drugs and diseases named in the guild's posts since `since`, most frequent first: what a
    /// member might summarise besides the tracked hashtags.
    pub async fn known_entities(
        &self,
        guild: GuildId,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        let rows: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT e.canonical FROM post_entities e JOIN posts p ON p.post_id = e.post_id
             WHERE e.kind IN ('drug', 'disease') AND p.created_at >= ?2
               AND {IN_GUILD}
             GROUP BY e.canonical ORDER BY count(*) DESC, e.canonical LIMIT ?3"
        ))
        .bind(guild.as_i64())
        .bind(to_db_time(since))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(name,)| name).collect())
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
                    .topic_hits(guild, &topic, start, end)
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
        let links = store.post_links(guild, start, end).await.unwrap();
        assert_eq!(links.len(), 2);
        assert!(links.iter().any(|l| l.reply_to.as_deref() == Some("u0")));
        assert_eq!(store.author_bios(guild, start, end).await.unwrap().len(), 2);
        let known = store.known_entities(guild, start, 10).await.unwrap();
        assert!(
            known.iter().any(|k| k.eq_ignore_ascii_case("semaglutide")),
            "{known:?}"
        );
    }
}
