//! The health of each source, as `/sources status` and `rounds doctor` show it.

use super::{from_db_time, to_db_time, Store};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStatus {
    pub source: String,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_inserted: u64,
    pub backlog: Option<u64>,
    pub effective_interval: Option<Duration>,
}

impl Store {
    /// Records a successful poll of `source`.
    pub async fn record_poll_success(
        &self,
        source: &str,
        inserted: usize,
        backlog: Option<u64>,
        interval: Duration,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("record a successful poll", async {
        sqlx::query(
            "INSERT INTO source_status (source, last_success_at, last_inserted, backlog, effective_interval_secs, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?2)
             ON CONFLICT (source) DO UPDATE SET
                 last_success_at = excluded.last_success_at,
                 last_inserted = excluded.last_inserted,
                 backlog = excluded.backlog,
                 effective_interval_secs = excluded.effective_interval_secs,
                 updated_at = excluded.updated_at",
        )
        .bind(source)
        .bind(to_db_time(now))
        .bind(inserted as i64)
        .bind(backlog.map(|b| b as i64))
        .bind(interval.as_secs() as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    })
.await
    }

    /// Records a failed poll of `source`; `reason` must not contain secrets (no URLs with tokens).
    pub async fn record_poll_failure(
        &self,
        source: &str,
        reason: &str,
        next_try_in: Duration,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("record a failed poll", async {
        let reason: String = reason.chars().take(300).collect();
        sqlx::query(
            "INSERT INTO source_status (source, last_error_at, last_error, effective_interval_secs, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?2)
             ON CONFLICT (source) DO UPDATE SET
                 last_error_at = excluded.last_error_at,
                 last_error = excluded.last_error,
                 effective_interval_secs = excluded.effective_interval_secs,
                 updated_at = excluded.updated_at",
        )
        .bind(source)
        .bind(to_db_time(now))
        .bind(reason)
        .bind(next_try_in.as_secs() as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    })
.await
    }

    /// Every source's status, by name.
    pub async fn source_statuses(&self) -> Result<Vec<SourceStatus>, StoreError> {
        failed_to("read the sources' statuses", async {
            type Row = (
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                i64,
                Option<i64>,
                Option<i64>,
            );
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT source, last_success_at, last_error_at, last_error, last_inserted, backlog,
                    effective_interval_secs
             FROM source_status ORDER BY source",
            )
            .fetch_all(self.pool())
            .await?;
            rows.into_iter()
                .map(
                    |(source, success, error_at, error, inserted, backlog, interval)| {
                        Ok(SourceStatus {
                            source,
                            last_success_at: success.as_deref().map(from_db_time).transpose()?,
                            last_error_at: error_at.as_deref().map(from_db_time).transpose()?,
                            last_error: error,
                            last_inserted: inserted.max(0) as u64,
                            backlog: backlog.map(|b| b.max(0) as u64),
                            effective_interval: interval
                                .map(|s| Duration::from_secs(s.max(0) as u64)),
                        })
                    },
                )
                .collect()
        })
        .await
    }
}
