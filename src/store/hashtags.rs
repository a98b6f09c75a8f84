//! The hashtags each guild tracks.

use super::{from_db_time, guilds::ensure_guild, is_unique_violation, to_db_time, Store};
use crate::domain::{GuildId, Hashtag};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

/// How many hashtags one guild may track: enough for any community, and a bound on what one guild can
/// make the poller fetch.
pub const MAX_TRACKED_PER_GUILD: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedHashtag {
    pub tag: Hashtag,
    pub added_by: Option<u64>,
    pub added_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackOutcome {
    Added,
    AlreadyTracked,
}

#[derive(Debug, thiserror::Error)]
pub enum TrackHashtagError {
    /// The guild already tracks `limit` hashtags, the most it may.
    #[error("this server already tracks {limit} hashtags, the most it can; remove one first")]
    LimitReached { limit: usize },
    #[error("failed to store the tracked hashtag: {0}")]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Starts tracking `tag` in `guild`; tracking a tag twice is not an error.
    #[tracing::instrument(skip(self), fields(guild = %guild, tag = tag.key()))]
    pub async fn track_hashtag(
        &self,
        guild: GuildId,
        tag: &Hashtag,
        added_by: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<TrackOutcome, TrackHashtagError> {
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        let (count,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM tracked_hashtags WHERE guild_id = ?")
                .bind(guild.as_i64())
                .fetch_one(&mut *tx)
                .await?;
        let inserted = sqlx::query(
            "INSERT INTO tracked_hashtags (guild_id, tag, display, added_by, added_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(guild.as_i64())
        .bind(tag.key())
        .bind(tag.display())
        .bind(added_by.map(|id| id as i64))
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => return Ok(TrackOutcome::AlreadyTracked),
            Err(e) => return Err(e.into()),
            Ok(_) if count as usize >= MAX_TRACKED_PER_GUILD => {
                return Err(TrackHashtagError::LimitReached {
                    limit: MAX_TRACKED_PER_GUILD,
                })
            }
            Ok(_) => {}
        }
        tx.commit().await?;
        Ok(TrackOutcome::Added)
    }

    /// Stops tracking `tag` in `guild`; returns whether it was tracked.
    #[tracing::instrument(skip(self), fields(guild = %guild, tag = tag.key()))]
    pub async fn untrack_hashtag(&self, guild: GuildId, tag: &Hashtag) -> Result<bool, StoreError> {
        failed_to("untrack a hashtag", async {
            let result = sqlx::query("DELETE FROM tracked_hashtags WHERE guild_id = ? AND tag = ?")
                .bind(guild.as_i64())
                .bind(tag.key())
                .execute(self.pool())
                .await?;
            Ok(result.rows_affected() > 0)
        })
        .await
    }

    /// Every hashtag any guild tracks, each once: what the sources fetch.
    pub async fn all_tracked_hashtags(&self) -> Result<Vec<Hashtag>, StoreError> {
        failed_to("read every tracked hashtag", async {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT tag, min(display) FROM tracked_hashtags GROUP BY tag ORDER BY tag",
            )
            .fetch_all(self.pool())
            .await?;
            Ok(rows
                .into_iter()
                .map(|(tag, display)| Hashtag::from_stored(tag, display))
                .collect())
        })
        .await
    }

    /// The guild's tracked hashtags, alphabetically.
    pub async fn tracked_hashtags(
        &self,
        guild: GuildId,
    ) -> Result<Vec<TrackedHashtag>, StoreError> {
        failed_to("read a guild's tracked hashtags", async {
            let rows: Vec<(String, String, Option<i64>, String)> = sqlx::query_as(
                "SELECT tag, display, added_by, added_at FROM tracked_hashtags
             WHERE guild_id = ? ORDER BY tag",
            )
            .bind(guild.as_i64())
            .fetch_all(self.pool())
            .await?;
            rows.into_iter()
                .map(|(tag, display, added_by, added_at)| {
                    Ok(TrackedHashtag {
                        tag: Hashtag::from_stored(tag, display),
                        added_by: added_by.map(|id| id as u64),
                        added_at: from_db_time(&added_at)?,
                    })
                })
                .collect()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    fn guild(id: u64) -> GuildId {
        GuildId::new(id).unwrap()
    }

    fn tag(text: &str) -> Hashtag {
        Hashtag::parse(text).unwrap()
    }

    #[tokio::test]
    async fn a_tag_is_tracked_once_whatever_its_case() {
        let store = test_store().await;
        let now = Utc::now();
        let first = store
            .track_hashtag(guild(1), &tag("#MedEd"), Some(7), now)
            .await
            .unwrap();
        let again = store
            .track_hashtag(guild(1), &tag("meded"), None, now)
            .await
            .unwrap();
        assert_eq!(first, TrackOutcome::Added);
        assert_eq!(again, TrackOutcome::AlreadyTracked);
        let tracked = store.tracked_hashtags(guild(1)).await.unwrap();
        assert_eq!(tracked.len(), 1);
        assert_eq!(tracked[0].tag.display(), "MedEd");
        assert_eq!(tracked[0].added_by, Some(7));
    }

    #[tokio::test]
    async fn guilds_do_not_see_or_remove_each_others_tags() {
        let store = test_store().await;
        let now = Utc::now();
        store
            .track_hashtag(guild(1), &tag("MedEd"), None, now)
            .await
            .unwrap();
        store
            .track_hashtag(guild(2), &tag("HCSM"), None, now)
            .await
            .unwrap();
        assert!(!store
            .untrack_hashtag(guild(2), &tag("MedEd"))
            .await
            .unwrap());
        let one: Vec<_> = store.tracked_hashtags(guild(1)).await.unwrap();
        let two: Vec<_> = store.tracked_hashtags(guild(2)).await.unwrap();
        assert_eq!(
            one.iter().map(|t| t.tag.key()).collect::<Vec<_>>(),
            ["meded"]
        );
        assert_eq!(
            two.iter().map(|t| t.tag.key()).collect::<Vec<_>>(),
            ["hcsm"]
        );
        assert!(store
            .untrack_hashtag(guild(1), &tag("MEDED"))
            .await
            .unwrap());
        assert!(store.tracked_hashtags(guild(1)).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_limit_refuses_one_more_and_stores_nothing() {
        let store = test_store().await;
        let now = Utc::now();
        for i in 0..MAX_TRACKED_PER_GUILD {
            store
                .track_hashtag(guild(1), &tag(&format!("tag{i}")), None, now)
                .await
                .unwrap();
        }
        let over = store
            .track_hashtag(guild(1), &tag("onemore"), None, now)
            .await;
        assert!(matches!(
            over,
            Err(TrackHashtagError::LimitReached {
                limit: MAX_TRACKED_PER_GUILD
            })
        ));
        let tracked = store.tracked_hashtags(guild(1)).await.unwrap();
        assert_eq!(tracked.len(), MAX_TRACKED_PER_GUILD);
        assert!(tracked.iter().all(|t| t.tag.key() != "onemore"));
        // Re-adding a tag already there is still fine at the limit.
        let again = store
            .track_hashtag(guild(1), &tag("tag0"), None, now)
            .await
            .unwrap();
        assert_eq!(again, TrackOutcome::AlreadyTracked);
    }
}
