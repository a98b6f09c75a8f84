//! Surge alerts (migration 0011): the channels that receive them, and the ledger of announcements
//! that makes each exactly-once and keeps the cooldown per topic across restarts.

mod counts;
#[cfg(test)]
mod tests;

pub use counts::hour_start;

use super::{from_db_time, guilds::ensure_guild, is_unique_violation, to_db_time, Store};
use crate::domain::surge::topics::TopicFilter;
use crate::domain::surge::{Sensitivity, Surge, Topic, TopicKind};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Duration, Utc};

/// How many alert channels one guild may have.
pub const MAX_ALERT_CHANNELS_PER_GUILD: usize = 10;

/// One channel's alert settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertChannel {
    pub guild: GuildId,
    pub channel_id: u64,
    pub sensitivity: Sensitivity,
    pub topics: TopicFilter,
    pub paused: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SetUpAlertsError {
    /// The guild already has `limit` alert channels, the most it may.
    #[error("this server already has {limit} alert channels, the most it can")]
    LimitReached { limit: usize },
    #[error("failed to store the alert settings: {0}")]
    Database(#[from] sqlx::Error),
}

/// An announcement as the ledger keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub id: i64,
    pub guild: GuildId,
    pub channel_id: u64,
    pub topic: Topic,
    pub surge_start: DateTime<Utc>,
    /// The message content, as claimed.
    pub message: String,
    pub claimed_at: DateTime<Utc>,
    pub posted: bool,
}

type ChannelRow = (i64, i64, String, String, i64);

fn channel_from_row(
    (guild, channel, sensitivity, topics, paused): ChannelRow,
) -> Option<AlertChannel> {
    Some(AlertChannel {
        guild: GuildId::new(guild as u64).ok()?,
        channel_id: channel as u64,
        sensitivity: Sensitivity::parse(&sensitivity).ok()?,
        // Stored only after parsing, so it parses again; a row that does not is skipped, not fatal.
        topics: TopicFilter::parse(&topics).ok()?,
        paused: paused != 0,
    })
}

impl Store {
    /// Creates or updates one channel's alert settings; a paused channel stays paused. `true` when
    /// the channel is new.
    #[tracing::instrument(skip(self, topics))]
    pub async fn set_up_alerts(
        &self,
        guild: GuildId,
        channel_id: u64,
        sensitivity: Sensitivity,
        topics: &TopicFilter,
        now: DateTime<Utc>,
    ) -> Result<bool, SetUpAlertsError> {
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        let (existing, total): (i64, i64) = sqlx::query_as(
            "SELECT coalesce(sum(channel_id = ?), 0), count(*) FROM alert_channels WHERE guild_id = ?",
        )
        .bind(channel_id as i64)
        .bind(guild.as_i64())
        .fetch_one(&mut *tx)
        .await?;
        if existing == 0 && total as usize >= MAX_ALERT_CHANNELS_PER_GUILD {
            return Err(SetUpAlertsError::LimitReached {
                limit: MAX_ALERT_CHANNELS_PER_GUILD,
            });
        }
        sqlx::query(
            "INSERT INTO alert_channels (guild_id, channel_id, sensitivity, topics, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (guild_id, channel_id) DO UPDATE SET
                 sensitivity = excluded.sensitivity,
                 topics = excluded.topics,
                 updated_at = excluded.updated_at",
        )
        .bind(guild.as_i64())
        .bind(channel_id as i64)
        .bind(sensitivity.as_str())
        .bind(topics.to_text())
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(existing == 0)
    }

    /// Pauses or resumes a guild's alert channel (all of them with `None`); how many changed.
    pub async fn set_alerts_paused(
        &self,
        guild: GuildId,
        channel_id: Option<u64>,
        paused: bool,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        failed_to("pause or resume a guild's alerts", async {
            let done = sqlx::query(
                "UPDATE alert_channels SET paused = ?1, updated_at = ?2
             WHERE guild_id = ?3 AND (?4 IS NULL OR channel_id = ?4)",
            )
            .bind(i64::from(paused))
            .bind(to_db_time(now))
            .bind(guild.as_i64())
            .bind(channel_id.map(|c| c as i64))
            .execute(self.pool())
            .await?;
            Ok(done.rows_affected())
        })
        .await
    }

    /// A guild's alert channels, by channel id.
    pub async fn alert_channels(&self, guild: GuildId) -> Result<Vec<AlertChannel>, StoreError> {
        failed_to("read a guild's alert channels", async {
            let rows: Vec<ChannelRow> = sqlx::query_as(
                "SELECT guild_id, channel_id, sensitivity, topics, paused FROM alert_channels
             WHERE guild_id = ? ORDER BY channel_id",
            )
            .bind(guild.as_i64())
            .fetch_all(self.pool())
            .await?;
            Ok(rows.into_iter().filter_map(channel_from_row).collect())
        })
        .await
    }

    /// Every guild's alert channels that are not paused, by guild.
    pub async fn active_alert_channels(&self) -> Result<Vec<AlertChannel>, StoreError> {
        failed_to("read the active alert channels", async {
            let rows: Vec<ChannelRow> = sqlx::query_as(
                "SELECT guild_id, channel_id, sensitivity, topics, paused FROM alert_channels
             WHERE paused = 0 ORDER BY guild_id, channel_id",
            )
            .fetch_all(self.pool())
            .await?;
            Ok(rows.into_iter().filter_map(channel_from_row).collect())
        })
        .await
    }

    /// Claims the announcement of `surge` in `channel`, with its rendered `message`, before anything
    /// is sent. `None` when this surge was already claimed there, or the topic was announced there
    /// less than `cooldown` ago: the claim and the check are one transaction, so two checks racing,
    /// or a restart, never announce twice.
    #[tracing::instrument(skip(self, surge, message), fields(topic = %surge.topic))]
    pub async fn claim_announcement(
        &self,
        channel: &AlertChannel,
        surge: &Surge,
        message: &str,
        cooldown: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        failed_to("claim a surge announcement", async {
            let mut tx = self.writer().begin().await?;
            let recent: Option<(i64,)> = sqlx::query_as(
                "SELECT 1 FROM alert_announcements
             WHERE channel_id = ?1 AND topic_kind = ?2 AND topic = ?3 AND claimed_at > ?4 LIMIT 1",
            )
            .bind(channel.channel_id as i64)
            .bind(surge.topic.kind.as_str())
            .bind(&surge.topic.name)
            .bind(to_db_time(now - cooldown))
            .fetch_optional(&mut *tx)
            .await?;
            if recent.is_some() {
                return Ok(None);
            }
            let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO alert_announcements (guild_id, channel_id, topic_kind, topic, surge_start,
                 count_now, usual, score, message, claimed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING announcement_id",
        )
        .bind(channel.guild.as_i64())
        .bind(channel.channel_id as i64)
        .bind(surge.topic.kind.as_str())
        .bind(&surge.topic.name)
        .bind(to_db_time(surge.started))
        .bind(i64::from(surge.now))
        .bind(surge.usual)
        .bind(surge.score)
        .bind(message)
        .bind(to_db_time(now))
        .fetch_one(&mut *tx)
        .await;
            match inserted {
                Ok(id) => {
                    tx.commit().await?;
                    Ok(Some(id))
                }
                Err(e) if is_unique_violation(&e) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Whether `topic` was announced in `channel_id` after `since` (the cooldown's start): checked
    /// before building an announcement; `claim_announcement` checks again, atomically.
    pub async fn announced_recently(
        &self,
        channel_id: u64,
        topic: &Topic,
        since: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        failed_to("check whether a topic was announced recently", async {
            let found: Option<(i64,)> = sqlx::query_as(
                "SELECT 1 FROM alert_announcements
             WHERE channel_id = ?1 AND topic_kind = ?2 AND topic = ?3 AND claimed_at > ?4 LIMIT 1",
            )
            .bind(channel_id as i64)
            .bind(topic.kind.as_str())
            .bind(&topic.name)
            .bind(to_db_time(since))
            .fetch_optional(self.pool())
            .await?;
            Ok(found.is_some())
        })
        .await
    }

    /// Records that Discord accepted announcement `id` as message `message_id`.
    pub async fn mark_announcement_posted(
        &self,
        id: i64,
        message_id: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("mark a surge announcement posted", async {
        sqlx::query(
            "UPDATE alert_announcements SET posted_at = ?, message_id = ? WHERE announcement_id = ?",
        )
        .bind(to_db_time(now))
        .bind(message_id as i64)
        .bind(id)
        .execute(self.writer())
        .await?;
        Ok(())
    })
.await
    }

    /// Records that Discord refused announcement `id` for good; it is not retried.
    pub async fn mark_announcement_failed(
        &self,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("mark a surge announcement failed", async {
        sqlx::query(
            "UPDATE alert_announcements SET failed_at = ?, failed_reason = ? WHERE announcement_id = ?",
        )
        .bind(to_db_time(now))
        .bind(reason.chars().take(300).collect::<String>())
        .bind(id)
        .execute(self.writer())
        .await?;
        Ok(())
    })
.await
    }

    /// Announcements claimed but neither posted nor refused (a crash or a failed send), oldest first.
    pub async fn unfinished_announcements(&self) -> Result<Vec<Announcement>, StoreError> {
        failed_to("read the unfinished surge announcements", async {
            self.announcements_where("posted_at IS NULL AND failed_at IS NULL", None)
                .await
        })
        .await
    }

    /// A guild's announcements, newest first, at most `limit`.
    pub async fn recent_announcements(
        &self,
        guild: GuildId,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        failed_to("read a guild's recent surge announcements", async {
            let mut all = self
                .announcements_where("guild_id = ?1", Some(guild))
                .await?;
            all.reverse();
            all.truncate(limit as usize);
            Ok(all)
        })
        .await
    }

    async fn announcements_where(
        &self,
        filter: &str,
        guild: Option<GuildId>,
    ) -> Result<Vec<Announcement>, sqlx::Error> {
        type Row = (
            i64,
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT announcement_id, guild_id, channel_id, topic_kind, topic, surge_start, message,
                    claimed_at, posted_at
             FROM alert_announcements WHERE ({filter}) AND (?1 IS NULL OR guild_id = ?1)
             ORDER BY announcement_id"
        ))
        .bind(guild.map(GuildId::as_i64))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .filter_map(
                |(id, guild, channel, kind, name, start, message, claimed, posted)| {
                    let kind = kind.parse::<TopicKind>().ok()?;
                    Some((
                        id, guild, channel, kind, name, start, message, claimed, posted,
                    ))
                },
            )
            .map(
                |(id, guild, channel, kind, name, start, message, claimed, posted)| {
                    Ok(Announcement {
                        id,
                        guild: GuildId::new(guild as u64)
                            .map_err(|e| sqlx::Error::Decode(e.to_string().into()))?,
                        channel_id: channel as u64,
                        topic: Topic { kind, name },
                        surge_start: from_db_time(&start)?,
                        message,
                        claimed_at: from_db_time(&claimed)?,
                        posted: posted.is_some(),
                    })
                },
            )
            .collect()
    }
}
