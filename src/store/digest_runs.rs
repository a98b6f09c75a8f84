//! The ledger of digest runs: each channel and period is claimed once, with the messages to send, and
//! each part is recorded as it is posted. See migrations/0005_digest_runs.sql for the protocol.

use super::{from_db_time, to_db_time, Store};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

/// A claimed run, as the scheduler resumes or starts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRun {
    pub run_id: i64,
    pub guild: GuildId,
    pub channel_id: u64,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub periods: u32,
    /// JSON of the messages to send, fixed at claim time.
    pub messages: String,
    pub parts_total: usize,
    pub parts_posted: usize,
}

/// A new run to claim.
#[derive(Debug, Clone)]
pub struct NewDigestRun<'a> {
    pub guild: GuildId,
    pub channel_id: u64,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub periods: u32,
    pub messages: &'a str,
    pub parts_total: usize,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    run_id: i64,
    guild_id: i64,
    channel_id: i64,
    period_start: String,
    period_end: String,
    periods: i64,
    messages: String,
    parts_total: i64,
    parts_posted: i64,
}

const RUN_COLUMNS: &str = "SELECT run_id, guild_id, channel_id, period_start, period_end, periods,
     messages, parts_total, parts_posted FROM digest_runs";

impl RunRow {
    fn into_run(self) -> Result<DigestRun, sqlx::Error> {
        Ok(DigestRun {
            run_id: self.run_id,
            guild: GuildId::new(self.guild_id as u64)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            channel_id: self.channel_id as u64,
            period_start: from_db_time(&self.period_start)?,
            period_end: from_db_time(&self.period_end)?,
            periods: self.periods.max(1) as u32,
            messages: self.messages,
            parts_total: self.parts_total.max(0) as usize,
            parts_posted: self.parts_posted.max(0) as usize,
        })
    }
}

impl Store {
    /// Claims the run of a channel and period; `None` when it was claimed before (posted, failed, or
    /// left unfinished by a crash — `unfinished_digest_runs` picks those up).
    #[tracing::instrument(skip(self, run), fields(channel = run.channel_id, end = %run.period_end))]
    pub async fn claim_digest_run(
        &self,
        run: &NewDigestRun<'_>,
        now: DateTime<Utc>,
    ) -> Result<Option<DigestRun>, StoreError> {
        failed_to("claim a digest run", async {
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO digest_runs (guild_id, channel_id, period_start, period_end, periods, messages,
                 parts_total, claimed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (channel_id, period_end) DO NOTHING
             RETURNING run_id",
        )
        .bind(run.guild.as_i64())
        .bind(run.channel_id as i64)
        .bind(to_db_time(run.period_start))
        .bind(to_db_time(run.period_end))
        .bind(i64::from(run.periods))
        .bind(run.messages)
        .bind(run.parts_total as i64)
        .bind(to_db_time(now))
        .fetch_optional(self.pool())
        .await?;
        Ok(inserted.map(|(run_id,)| DigestRun {
            run_id,
            guild: run.guild,
            channel_id: run.channel_id,
            period_start: run.period_start,
            period_end: run.period_end,
            periods: run.periods,
            messages: run.messages.to_owned(),
            parts_total: run.parts_total,
            parts_posted: 0,
        }))
    })
.await
    }

    /// Runs claimed but neither fully posted nor failed: what a crash left behind.
    pub async fn unfinished_digest_runs(&self) -> Result<Vec<DigestRun>, StoreError> {
        failed_to("read the unfinished digest runs", async {
            let rows: Vec<RunRow> = sqlx::query_as(&format!(
                "{RUN_COLUMNS} WHERE posted_at IS NULL AND failed_at IS NULL ORDER BY run_id"
            ))
            .fetch_all(self.pool())
            .await?;
            rows.into_iter().map(RunRow::into_run).collect()
        })
        .await
    }

    /// Records that part `part` (0-based) was posted; the run is finished with its last part.
    pub async fn mark_digest_part_posted(
        &self,
        run_id: i64,
        part: usize,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("mark a digest part posted", async {
            sqlx::query(
                "UPDATE digest_runs SET parts_posted = ?1 + 1,
                 posted_at = CASE WHEN ?1 + 1 >= parts_total THEN ?2 ELSE posted_at END
             WHERE run_id = ?3 AND parts_posted = ?1",
            )
            .bind(part as i64)
            .bind(to_db_time(now))
            .bind(run_id)
            .execute(self.pool())
            .await?;
            Ok(())
        })
        .await
    }

    /// Gives up on a run Discord refused for good; it is not retried.
    pub async fn mark_digest_run_failed(
        &self,
        run_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("mark a digest run failed", async {
            sqlx::query("UPDATE digest_runs SET failed_at = ?, failed_reason = ? WHERE run_id = ?")
                .bind(to_db_time(now))
                .bind(reason.chars().take(300).collect::<String>())
                .bind(run_id)
                .execute(self.pool())
                .await?;
            Ok(())
        })
        .await
    }

    /// The end of the latest period claimed for a channel, posted or not.
    pub async fn last_digest_end(
        &self,
        channel_id: u64,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        failed_to("read a channel's last digest end", async {
            let row: Option<(Option<String>,)> =
                sqlx::query_as("SELECT max(period_end) FROM digest_runs WHERE channel_id = ?")
                    .bind(channel_id as i64)
                    .fetch_optional(self.pool())
                    .await?;
            row.and_then(|(end,)| end)
                .as_deref()
                .map(from_db_time)
                .transpose()
        })
        .await
    }

    /// Every run of a channel, oldest first (for tests and `rounds doctor`).
    pub async fn digest_runs(&self, channel_id: u64) -> Result<Vec<DigestRun>, StoreError> {
        failed_to("read the digest runs", async {
            let rows: Vec<RunRow> = sqlx::query_as(&format!(
                "{RUN_COLUMNS} WHERE channel_id = ? ORDER BY period_end"
            ))
            .bind(channel_id as i64)
            .fetch_all(self.pool())
            .await?;
            rows.into_iter().map(RunRow::into_run).collect()
        })
        .await
    }
}
