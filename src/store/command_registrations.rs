//! Which slash command definitions were last registered with Discord, by application and place, so
//! an unchanged list is not registered again on every start.

use super::{to_db_time, Store};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

impl Store {
    /// The hash of the definitions last registered for `application` in `guild` (`None`: globally).
    pub async fn registered_commands(
        &self,
        application: u64,
        guild: Option<u64>,
    ) -> Result<Option<String>, StoreError> {
        failed_to("read the registered slash commands' hash", async {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT definitions FROM command_registrations
             WHERE application_id = ? AND guild_id = ?",
            )
            .bind(application as i64)
            .bind(guild.unwrap_or(0) as i64)
            .fetch_optional(self.pool())
            .await?;
            Ok(row.map(|(hash,)| hash))
        })
        .await
    }

    /// Records that the definitions hashed `definitions` were registered.
    pub async fn record_registered_commands(
        &self,
        application: u64,
        guild: Option<u64>,
        definitions: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("record the registered slash commands' hash", async {
        sqlx::query(
            "INSERT INTO command_registrations (application_id, guild_id, definitions, registered_at)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (application_id, guild_id) DO UPDATE SET
                 definitions = excluded.definitions,
                 registered_at = excluded.registered_at",
        )
        .bind(application as i64)
        .bind(guild.unwrap_or(0) as i64)
        .bind(definitions)
        .bind(to_db_time(now))
        .execute(self.pool())
        .await?;
        Ok(())
    })
.await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_application_and_place_keeps_its_own_hash() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let now = Utc::now();
        assert_eq!(store.registered_commands(7, None).await.unwrap(), None);
        store
            .record_registered_commands(7, None, "aaa", now)
            .await
            .unwrap();
        store
            .record_registered_commands(7, Some(42), "bbb", now)
            .await
            .unwrap();
        store
            .record_registered_commands(7, None, "ccc", now)
            .await
            .unwrap();
        assert_eq!(
            store.registered_commands(7, None).await.unwrap().as_deref(),
            Some("ccc")
        );
        assert_eq!(
            store
                .registered_commands(7, Some(42))
                .await
                .unwrap()
                .as_deref(),
            Some("bbb")
        );
        assert_eq!(store.registered_commands(8, None).await.unwrap(), None);
    }
}
