//! The feeds each guild follows. URLs arrive here already checked and normalised (`FeedUrl`).

use super::{guilds::ensure_guild, is_unique_violation, to_db_time, Store};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

/// How many feeds one guild may follow.
pub const MAX_FEEDS_PER_GUILD: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowOutcome {
    Added,
    AlreadyFollowed,
}

#[derive(Debug, thiserror::Error)]
pub enum FollowFeedError {
    /// The guild already follows `limit` feeds, the most it may.
    #[error("this server already follows {limit} feeds, the most it can; remove one first")]
    LimitReached { limit: usize },
    #[error("failed to store the feed: {0}")]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Starts following a feed in a guild; following it twice is not an error.
    #[tracing::instrument(skip(self), fields(guild = %guild))]
    pub async fn follow_feed(
        &self,
        guild: GuildId,
        url: &str,
        added_by: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<FollowOutcome, FollowFeedError> {
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM feeds WHERE guild_id = ?")
            .bind(guild.as_i64())
            .fetch_one(&mut *tx)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO feeds (guild_id, url, added_by, added_at) VALUES (?, ?, ?, ?)",
        )
        .bind(guild.as_i64())
        .bind(url)
        .bind(added_by.map(|id| id as i64))
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => return Ok(FollowOutcome::AlreadyFollowed),
            Err(e) => return Err(e.into()),
            Ok(_) if count as usize >= MAX_FEEDS_PER_GUILD => {
                return Err(FollowFeedError::LimitReached {
                    limit: MAX_FEEDS_PER_GUILD,
                })
            }
            Ok(_) => {}
        }
        tx.commit().await?;
        Ok(FollowOutcome::Added)
    }

    /// Stops following a feed in a guild; returns whether it was followed.
    #[tracing::instrument(skip(self), fields(guild = %guild))]
    pub async fn unfollow_feed(&self, guild: GuildId, url: &str) -> Result<bool, StoreError> {
        failed_to("unfollow a feed", async {
            let result = sqlx::query("DELETE FROM feeds WHERE guild_id = ? AND url = ?")
                .bind(guild.as_i64())
                .bind(url)
                .execute(self.pool())
                .await?;
            Ok(result.rows_affected() > 0)
        })
        .await
    }

    /// The feeds a guild follows, alphabetically.
    pub async fn feeds(&self, guild: GuildId) -> Result<Vec<String>, StoreError> {
        failed_to("read a guild's feeds", async {
            let rows: Vec<(String,)> =
                sqlx::query_as("SELECT url FROM feeds WHERE guild_id = ? ORDER BY url")
                    .bind(guild.as_i64())
                    .fetch_all(self.pool())
                    .await?;
            Ok(rows.into_iter().map(|(url,)| url).collect())
        })
        .await
    }

    /// The guilds following the feed `url`, each with how many posts of its feeds were stored at
    /// or after `since` (its part of `sources.rss.max_new_posts_per_guild_per_day`).
    pub async fn feed_followers_stored_since(
        &self,
        url: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<(GuildId, u64)>, StoreError> {
        failed_to(
            "read a feed's guilds and their feed posts stored today",
            async {
                let rows: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT f.guild_id,
                    (SELECT count(*) FROM posts p
                      WHERE p.source = 'feed' AND p.ingested_at >= ?2
                        AND p.origin IN (SELECT g.url FROM feeds g WHERE g.guild_id = f.guild_id))
             FROM feeds f WHERE f.url = ?1",
                )
                .bind(url)
                .bind(to_db_time(since))
                .fetch_all(self.pool())
                .await?;
                Ok(rows
                    .into_iter()
                    .filter_map(|(guild, stored)| {
                        Some((
                            GuildId::new(u64::try_from(guild).ok()?).ok()?,
                            stored.max(0) as u64,
                        ))
                    })
                    .collect())
            },
        )
        .await
    }

    /// Every feed any guild follows, each once: what the feed source fetches.
    pub async fn all_feed_urls(&self) -> Result<Vec<String>, StoreError> {
        failed_to("read every followed feed", async {
            let rows: Vec<(String,)> =
                sqlx::query_as("SELECT DISTINCT url FROM feeds ORDER BY url")
                    .fetch_all(self.pool())
                    .await?;
            Ok(rows.into_iter().map(|(url,)| url).collect())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    #[tokio::test]
    async fn feeds_are_per_guild_and_fetched_once() {
        let store = test_store().await;
        let (a, b) = (GuildId::new(1).unwrap(), GuildId::new(2).unwrap());
        let url = "https://connect.biorxiv.org/biorxiv_xml/cardiology";
        let now = Utc::now();
        assert_eq!(
            store.follow_feed(a, url, None, now).await.unwrap(),
            FollowOutcome::Added
        );
        assert_eq!(
            store.follow_feed(a, url, None, now).await.unwrap(),
            FollowOutcome::AlreadyFollowed
        );
        store.follow_feed(b, url, None, now).await.unwrap();
        assert_eq!(store.all_feed_urls().await.unwrap(), [url]);
        assert!(!store
            .unfollow_feed(b, "https://other.example/feed")
            .await
            .unwrap());
        assert!(store.unfollow_feed(b, url).await.unwrap());
        assert_eq!(store.feeds(a).await.unwrap(), [url]);
        assert!(store.feeds(b).await.unwrap().is_empty());
    }
}
