//! Where and when each guild's digest is posted, and what each channel's digest covers.

use super::{from_db_time, guilds::ensure_guild, to_db_time, Store};
use crate::domain::digest::channel::{ChannelFilter, DigestTopic};
use crate::domain::entities::Tagger;
use crate::domain::schedule::slots::Schedule;
use crate::domain::{
    ConfigDuration, DigestTime, DigestWindow, GuildId, Hashtag, TimeZone, Weekdays,
};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

/// How many digest channels one guild may have.
pub const MAX_DIGEST_CHANNELS_PER_GUILD: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChannel {
    pub channel_id: u64,
    pub time: DigestTime,
    pub timezone: TimeZone,
    pub weekdays: Weekdays,
    pub window: DigestWindow,
    /// The hashtags and topics the channel's digest covers.
    pub filter: ChannelFilter,
    pub paused: bool,
    /// When the channel was first set up: no slot before it is due.
    pub set_up_at: DateTime<Utc>,
}

impl DigestChannel {
    /// When the channel's digest falls due.
    pub fn schedule(&self) -> Schedule {
        Schedule {
            time: self.time,
            zone: self.timezone,
            weekdays: self.weekdays,
            window: self.window,
        }
    }

    /// The settings as `/digest setup` would write them, to change some and save them again.
    pub fn settings(&self) -> DigestSettings {
        DigestSettings {
            channel_id: self.channel_id,
            time: self.time,
            timezone: self.timezone,
            weekdays: self.weekdays,
            window: self.window,
            filter: self.filter.clone(),
        }
    }
}

/// A channel's digest with a fixed window, every day, covering every tracked hashtag: the settings
/// of a digest set up before channels had their own (kept for tools and tests that need no more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSetup {
    pub channel_id: u64,
    pub time: DigestTime,
    pub timezone: TimeZone,
    pub window: ConfigDuration,
}

/// Everything `/digest setup` sets for one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSettings {
    pub channel_id: u64,
    pub time: DigestTime,
    pub timezone: TimeZone,
    pub weekdays: Weekdays,
    pub window: DigestWindow,
    pub filter: ChannelFilter,
}

impl From<&DigestSetup> for DigestSettings {
    fn from(setup: &DigestSetup) -> Self {
        Self {
            channel_id: setup.channel_id,
            time: setup.time,
            timezone: setup.timezone,
            weekdays: Weekdays::DAILY,
            window: DigestWindow::Fixed(setup.window),
            filter: ChannelFilter::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupOutcome {
    Created,
    Updated,
}

#[derive(Debug, thiserror::Error)]
pub enum SetUpDigestError {
    /// The guild already has `limit` digest channels, the most it may.
    #[error("this server already has {limit} digest channels, the most it can")]
    LimitReached { limit: usize },
    #[error("failed to store the digest settings: {0}")]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Creates or updates one channel's digest with a fixed window, every day, covering every
    /// tracked hashtag. A paused digest stays paused.
    pub async fn set_up_digest(
        &self,
        guild: GuildId,
        setup: &DigestSetup,
        now: DateTime<Utc>,
    ) -> Result<SetupOutcome, SetUpDigestError> {
        self.save_digest_settings(guild, &setup.into(), now).await
    }

    /// Changes the settings of a channel that already has a digest; `false` (and nothing changed)
    /// when it has none.
    #[tracing::instrument(skip(self, settings), fields(guild = %guild, channel = settings.channel_id))]
    pub async fn edit_digest(
        &self,
        guild: GuildId,
        settings: &DigestSettings,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        failed_to("edit a channel's digest settings", async {
            let (since_last, window_secs) = window_columns(settings.window);
            let result = sqlx::query(
            "UPDATE digest_channels SET local_time = ?, timezone = ?, weekdays = ?, since_last = ?,
                 window_secs = ?, hashtags = ?, topics = ?, updated_at = ?
             WHERE guild_id = ? AND channel_id = ?",
        )
        .bind(settings.time.to_string())
        .bind(settings.timezone.name())
        .bind(i64::from(settings.weekdays.mask()))
        .bind(since_last)
        .bind(window_secs)
        .bind(hashtags_json(&settings.filter))
        .bind(topics_json(&settings.filter))
        .bind(to_db_time(now))
        .bind(guild.as_i64())
        .bind(settings.channel_id as i64)
        .execute(self.pool())
        .await?;
            Ok(result.rows_affected() == 1)
        })
        .await
    }

    /// Creates or updates the digest settings of one channel. A paused digest stays paused.
    #[tracing::instrument(skip(self, settings), fields(guild = %guild, channel = settings.channel_id))]
    pub async fn save_digest_settings(
        &self,
        guild: GuildId,
        settings: &DigestSettings,
        now: DateTime<Utc>,
    ) -> Result<SetupOutcome, SetUpDigestError> {
        let setup = settings;
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        let (existing, total): (i64, i64) = sqlx::query_as(
            "SELECT coalesce(sum(channel_id = ?), 0), count(*) FROM digest_channels WHERE guild_id = ?",
        )
        .bind(setup.channel_id as i64)
        .bind(guild.as_i64())
        .fetch_one(&mut *tx)
        .await?;
        if existing == 0 && total as usize >= MAX_DIGEST_CHANNELS_PER_GUILD {
            return Err(SetUpDigestError::LimitReached {
                limit: MAX_DIGEST_CHANNELS_PER_GUILD,
            });
        }
        sqlx::query(
            "INSERT INTO digest_channels
                 (guild_id, channel_id, local_time, timezone, weekdays, since_last, window_secs,
                  hashtags, topics, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (guild_id, channel_id) DO UPDATE SET
                 local_time = excluded.local_time,
                 timezone = excluded.timezone,
                 weekdays = excluded.weekdays,
                 since_last = excluded.since_last,
                 window_secs = excluded.window_secs,
                 hashtags = excluded.hashtags,
                 topics = excluded.topics,
                 updated_at = excluded.updated_at",
        )
        .bind(guild.as_i64())
        .bind(setup.channel_id as i64)
        .bind(setup.time.to_string())
        .bind(setup.timezone.name())
        .bind(i64::from(setup.weekdays.mask()))
        .bind(window_columns(setup.window).0)
        .bind(window_columns(setup.window).1)
        .bind(hashtags_json(&setup.filter))
        .bind(topics_json(&setup.filter))
        .bind(to_db_time(now))
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(if existing == 0 {
            SetupOutcome::Created
        } else {
            SetupOutcome::Updated
        })
    }

    /// The guild's digest channels, by channel id.
    pub async fn digest_channels(&self, guild: GuildId) -> Result<Vec<DigestChannel>, StoreError> {
        failed_to("read a guild's digest channels", async {
            let rows: Vec<ChannelRow> = sqlx::query_as(&format!(
                "{CHANNEL_COLUMNS} WHERE guild_id = ? ORDER BY channel_id"
            ))
            .bind(guild.as_i64())
            .fetch_all(self.pool())
            .await?;
            rows.into_iter()
                .map(|row| row.into_channel().map(|(_, channel)| channel))
                .collect()
        })
        .await
    }

    /// Every digest channel of every guild, for the scheduler.
    pub async fn all_digest_channels(&self) -> Result<Vec<(GuildId, DigestChannel)>, StoreError> {
        failed_to("read every digest channel", async {
            let rows: Vec<ChannelRow> =
                sqlx::query_as(&format!("{CHANNEL_COLUMNS} ORDER BY guild_id, channel_id"))
                    .fetch_all(self.pool())
                    .await?;
            rows.into_iter().map(ChannelRow::into_channel).collect()
        })
        .await
    }

    /// Pauses or resumes the guild's digests: one channel, or all of them. Returns how many changed.
    pub async fn set_digest_paused(
        &self,
        guild: GuildId,
        channel: Option<u64>,
        paused: bool,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        failed_to("pause or resume digests", async {
            let result = sqlx::query(
                "UPDATE digest_channels SET paused = ?1, updated_at = ?2
             WHERE guild_id = ?3 AND (?4 IS NULL OR channel_id = ?4) AND paused != ?1",
            )
            .bind(i64::from(paused))
            .bind(to_db_time(now))
            .bind(guild.as_i64())
            .bind(channel.map(|c| c as i64))
            .execute(self.pool())
            .await?;
            Ok(result.rows_affected())
        })
        .await
    }
}

const CHANNEL_COLUMNS: &str = "SELECT guild_id, channel_id, local_time, timezone, weekdays,
     since_last, window_secs, hashtags, topics, paused, created_at FROM digest_channels";

/// `since_last` and `window_secs` of a window (migration 0010).
fn window_columns(window: DigestWindow) -> (i64, i64) {
    match window {
        DigestWindow::SinceLast => (1, window.longest().num_seconds()),
        DigestWindow::Fixed(span) => (0, span.as_secs() as i64),
    }
}

fn hashtags_json(filter: &ChannelFilter) -> String {
    let tags: Vec<&str> = filter.hashtags.iter().map(Hashtag::display).collect();
    serde_json::Value::from(tags).to_string()
}

fn topics_json(filter: &ChannelFilter) -> String {
    let topics: Vec<&str> = filter.topics.iter().map(DigestTopic::text).collect();
    serde_json::Value::from(topics).to_string()
}

#[derive(sqlx::FromRow)]
struct ChannelRow {
    guild_id: i64,
    channel_id: i64,
    local_time: String,
    timezone: String,
    weekdays: i64,
    since_last: i64,
    window_secs: i64,
    hashtags: String,
    topics: String,
    paused: i64,
    created_at: String,
}

impl ChannelRow {
    fn into_channel(self) -> Result<(GuildId, DigestChannel), sqlx::Error> {
        let corrupt =
            |what: &str| sqlx::Error::Decode(format!("stored digest {what} is invalid").into());
        let guild = GuildId::new(self.guild_id as u64).map_err(|_| corrupt("guild"))?;
        let channel = DigestChannel {
            channel_id: self.channel_id as u64,
            time: DigestTime::parse(&self.local_time).map_err(|_| corrupt("time"))?,
            timezone: TimeZone::parse(&self.timezone).map_err(|_| corrupt("time zone"))?,
            weekdays: u8::try_from(self.weekdays)
                .ok()
                .and_then(Weekdays::from_mask)
                .ok_or_else(|| corrupt("weekdays"))?,
            window: if self.since_last != 0 {
                DigestWindow::SinceLast
            } else {
                ConfigDuration::from_secs(self.window_secs as u64)
                    .map(DigestWindow::Fixed)
                    .map_err(|_| corrupt("window"))?
            },
            filter: ChannelFilter {
                hashtags: json_list(&self.hashtags)
                    .ok_or_else(|| corrupt("hashtags"))?
                    .iter()
                    .map(|t| Hashtag::parse(t))
                    .collect::<Result<_, _>>()
                    .map_err(|_| corrupt("hashtags"))?,
                topics: json_list(&self.topics)
                    .ok_or_else(|| corrupt("topics"))?
                    .iter()
                    .map(|t| DigestTopic::parse(t, Tagger::bundled()))
                    .collect::<Result<_, _>>()
                    .map_err(|_| corrupt("topics"))?,
            },
            paused: self.paused != 0,
            set_up_at: from_db_time(&self.created_at)?,
        };
        Ok((guild, channel))
    }
}

fn json_list(text: &str) -> Option<Vec<String>> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests;
