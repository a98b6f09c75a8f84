//! Where and when each guild's digest is posted.

use super::{from_db_time, guilds::ensure_guild, to_db_time, Store};
use crate::domain::{ConfigDuration, DigestTime, GuildId, TimeZone};
use chrono::{DateTime, Utc};

/// How many digest channels one guild may have.
pub const MAX_DIGEST_CHANNELS_PER_GUILD: usize = 10;

/// Every day of the week, as the `weekdays` mask stores it (bit 0 = Monday).
pub const EVERY_DAY: u8 = 0b111_1111;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChannel {
    pub channel_id: u64,
    pub time: DigestTime,
    pub timezone: TimeZone,
    pub weekdays: u8,
    pub window: ConfigDuration,
    pub paused: bool,
    /// When the channel was first set up: no slot before it is due.
    pub set_up_at: DateTime<Utc>,
}

/// What `/digest setup` sets for one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSetup {
    pub channel_id: u64,
    pub time: DigestTime,
    pub timezone: TimeZone,
    pub window: ConfigDuration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupOutcome {
    Created,
    Updated,
}

#[derive(Debug, thiserror::Error)]
pub enum SetUpDigestError {
    #[error(
        "this server already has {MAX_DIGEST_CHANNELS_PER_GUILD} digest channels, the most it can"
    )]
    LimitReached,
    #[error("failed to store the digest settings: {0}")]
    Database(#[from] sqlx::Error),
}

impl Store {
    /// Creates or updates the digest settings of one channel. A paused digest stays paused.
    #[tracing::instrument(skip(self, setup), fields(guild = %guild, channel = setup.channel_id))]
    pub async fn set_up_digest(
        &self,
        guild: GuildId,
        setup: &DigestSetup,
        now: DateTime<Utc>,
    ) -> Result<SetupOutcome, SetUpDigestError> {
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
            return Err(SetUpDigestError::LimitReached);
        }
        sqlx::query(
            "INSERT INTO digest_channels
                 (guild_id, channel_id, local_time, timezone, weekdays, window_secs, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (guild_id, channel_id) DO UPDATE SET
                 local_time = excluded.local_time,
                 timezone = excluded.timezone,
                 window_secs = excluded.window_secs,
                 updated_at = excluded.updated_at",
        )
        .bind(guild.as_i64())
        .bind(setup.channel_id as i64)
        .bind(setup.time.to_string())
        .bind(setup.timezone.name())
        .bind(i64::from(EVERY_DAY))
        .bind(setup.window.as_secs() as i64)
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
    pub async fn digest_channels(&self, guild: GuildId) -> Result<Vec<DigestChannel>, sqlx::Error> {
        let rows: Vec<ChannelRow> = sqlx::query_as(&format!(
            "{CHANNEL_COLUMNS} WHERE guild_id = ? ORDER BY channel_id"
        ))
        .bind(guild.as_i64())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| row.into_channel().map(|(_, channel)| channel))
            .collect()
    }

    /// Every digest channel of every guild, for the scheduler.
    pub async fn all_digest_channels(&self) -> Result<Vec<(GuildId, DigestChannel)>, sqlx::Error> {
        let rows: Vec<ChannelRow> =
            sqlx::query_as(&format!("{CHANNEL_COLUMNS} ORDER BY guild_id, channel_id"))
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(ChannelRow::into_channel).collect()
    }

    /// Pauses or resumes the guild's digests: one channel, or all of them. Returns how many changed.
    pub async fn set_digest_paused(
        &self,
        guild: GuildId,
        channel: Option<u64>,
        paused: bool,
        now: DateTime<Utc>,
    ) -> Result<u64, sqlx::Error> {
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
    }
}

const CHANNEL_COLUMNS: &str = "SELECT guild_id, channel_id, local_time, timezone, weekdays,
     window_secs, paused, created_at FROM digest_channels";

#[derive(sqlx::FromRow)]
struct ChannelRow {
    guild_id: i64,
    channel_id: i64,
    local_time: String,
    timezone: String,
    weekdays: i64,
    window_secs: i64,
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
            weekdays: u8::try_from(self.weekdays).map_err(|_| corrupt("weekdays"))?,
            window: ConfigDuration::from_secs(self.window_secs as u64)
                .map_err(|_| corrupt("window"))?,
            paused: self.paused != 0,
            set_up_at: from_db_time(&self.created_at)?,
        };
        Ok((guild, channel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    fn setup(channel_id: u64, time: &str, zone: &str) -> DigestSetup {
        DigestSetup {
            channel_id,
            time: DigestTime::parse(time).unwrap(),
            timezone: TimeZone::parse(zone).unwrap(),
            window: ConfigDuration::parse("24h").unwrap(),
        }
    }

    #[tokio::test]
    async fn setting_up_twice_updates_the_channel() {
        let store = test_store().await;
        let guild = GuildId::new(5).unwrap();
        let now = Utc::now();
        let first = store
            .set_up_digest(guild, &setup(10, "08:00", "UTC"), now)
            .await
            .unwrap();
        let second = store
            .set_up_digest(guild, &setup(10, "07:30", "Europe/Paris"), now)
            .await
            .unwrap();
        assert_eq!(
            (first, second),
            (SetupOutcome::Created, SetupOutcome::Updated)
        );
        let channels = store.digest_channels(guild).await.unwrap();
        assert_eq!(channels.len(), 1);
        assert_eq!(channels[0].time.to_string(), "07:30");
        assert_eq!(channels[0].timezone.name(), "Europe/Paris");
        assert_eq!(channels[0].weekdays, EVERY_DAY);
        assert!(!channels[0].paused);
        assert!(store
            .digest_channels(GuildId::new(6).unwrap())
            .await
            .unwrap()
            .is_empty());
    }
}
