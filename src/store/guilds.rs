//! Guild rows: created on first use, and the one-value-each guild settings.

use super::{to_db_time, Store};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

impl Store {
    /// The channel `/ask` posts to in this guild, if a moderator set one.
    pub async fn questions_channel(&self, guild: GuildId) -> Result<Option<u64>, StoreError> {
        failed_to("read a guild's questions channel", async {
            let channel: Option<(Option<i64>,)> = sqlx::query_as(
                "SELECT questions_channel_id FROM guild_settings WHERE guild_id = ?",
            )
            .bind(guild.as_i64())
            .fetch_optional(self.pool())
            .await?;
            Ok(channel.and_then(|(id,)| id).map(|id| id as u64))
        })
        .await
    }

    /// Sets (or, with `None`, clears) the channel `/ask` posts questions to.
    pub async fn set_questions_channel(
        &self,
        guild: GuildId,
        channel: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("set a guild's questions channel", async {
        let mut tx = self.pool().begin().await?;
        ensure_guild(&mut tx, guild, now).await?;
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, questions_channel_id, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (guild_id) DO UPDATE SET
                 questions_channel_id = excluded.questions_channel_id,
                 updated_at = excluded.updated_at",
        )
        .bind(guild.as_i64())
        .bind(channel.map(|id| id as i64))
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    })
.await
    }

    /// How many feeds this guild follows.
    pub async fn feed_count(&self, guild: GuildId) -> Result<u64, StoreError> {
        failed_to("count a guild's feeds", async {
            let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM feeds WHERE guild_id = ?")
                .bind(guild.as_i64())
                .fetch_one(self.pool())
                .await?;
            Ok(count as u64)
        })
        .await
    }
}

/// Makes sure the guild has its row, inside the caller's transaction.
pub(super) async fn ensure_guild(
    conn: &mut SqliteConnection,
    guild: GuildId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO guilds (guild_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(guild.as_i64())
        .bind(to_db_time(now))
        .execute(conn)
        .await?;
    Ok(())
}
