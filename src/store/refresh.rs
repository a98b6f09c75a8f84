//! What the refresh stage reads and writes: the recent posts of a service, stalest first; their
//! counts as read again; deletions found (through `deletions`, so a deleted post leaves every
//! table); Bluesky profiles; and each service's last pass, for `/sources status` and the doctor.

use super::{from_db_time, to_db_time, Store};
use crate::domain::post::SourceKind;
use crate::sources::refresh::{Reading, Tracked};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};

/// What one pass of one service did, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefreshRun {
    /// `mastodon:host`, `bluesky` or `x`.
    pub service: String,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub refreshed: u64,
    pub deleted: u64,
    pub profiles: u64,
    pub requests: u64,
    /// Why the last pass stopped early, if it did.
    pub last_error: Option<String>,
}

/// What applying one reading changed in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    pub refreshed: usize,
    pub deleted: usize,
    pub profiles: usize,
}

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
    /// Up to `limit` posts of `source` (delivered by `origin`, when given) created after
    /// `created_after` and not read again since `read_before`, never-read first, then stalest.
    /// Mastodon posts without a stored lookup id (stored before it was kept) cannot be read again
    /// and are left out.
    pub async fn posts_to_refresh(
        &self,
        source: SourceKind,
        origin: Option<&str>,
        created_after: DateTime<Utc>,
        read_before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Tracked>, StoreError> {
        failed_to("read the posts due a refresh", async {
            let rows: Vec<(String, Option<String>)> = sqlx::query_as(
                "SELECT remote_id, lookup_id FROM posts
             WHERE source = ?1 AND (?2 IS NULL OR origin = ?2) AND created_at > ?3
               AND (refreshed_at IS NULL OR refreshed_at < ?4)
               AND (?1 <> 'mastodon' OR lookup_id IS NOT NULL)
             ORDER BY refreshed_at IS NOT NULL, refreshed_at, created_at DESC
             LIMIT ?5",
            )
            .bind(source.as_str())
            .bind(origin)
            .bind(to_db_time(created_after))
            .bind(to_db_time(read_before))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(self.pool())
            .await?;
            Ok(rows
                .into_iter()
                .map(|(remote_id, lookup_id)| Tracked {
                    lookup: lookup_id.unwrap_or_else(|| remote_id.clone()),
                    remote_id,
                })
                .collect())
        })
        .await
    }

    /// Up to `limit` authors of `source` with a post created after `created_after` whose profile
    /// was not read since `read_before` (never-read first).
    pub async fn profiles_to_refresh(
        &self,
        source: SourceKind,
        created_after: DateTime<Utc>,
        read_before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        failed_to("read the profiles due a refresh", async {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT a.remote_id FROM authors a
             WHERE a.source = ?1 AND (a.profile_read_at IS NULL OR a.profile_read_at < ?3)
               AND EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.author_id AND p.created_at > ?2)
             ORDER BY a.profile_read_at IS NOT NULL, a.profile_read_at
             LIMIT ?4",
        )
        .bind(source.as_str())
        .bind(to_db_time(created_after))
        .bind(to_db_time(read_before))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    })
.await
    }

    /// Stores what a pass read, in one transaction: the counts as they are now (they may also go
    /// down: a like can be taken back) with the time they were read, the time posts answered
    /// without counts were read, the posts found deleted (gone from every table), and the profiles
    /// read (`profiles_asked` were asked for, found or not).
    pub async fn apply_refresh(
        &self,
        source: SourceKind,
        reading: &Reading,
        now: DateTime<Utc>,
    ) -> Result<Applied, StoreError> {
        failed_to("store a refresh pass's counts and deletions", async {
            let Reading {
                fresh,
                gone,
                unchanged,
                profiles,
                profiles_asked,
                ..
            } = reading;
            let now = to_db_time(now);
            let mut applied = Applied::default();
            // IMMEDIATE: the write lock is taken up front, so the deletions' lookups cannot read a
            // snapshot another connection writes past before this transaction's first write.
            let mut tx = self.writer().begin_with("BEGIN IMMEDIATE").await?;
            for (remote_id, e) in fresh {
                let updated = sqlx::query(
                "UPDATE posts SET likes = ?, reposts = ?, replies = ?, quotes = ?, refreshed_at = ?
                 WHERE source = ? AND remote_id = ?",
            )
            .bind(count(e.likes))
            .bind(count(e.reposts))
            .bind(count(e.replies))
            .bind(count(e.quotes))
            .bind(&now)
            .bind(source.as_str())
            .bind(remote_id)
            .execute(&mut *tx)
            .await?;
                applied.refreshed += updated.rows_affected() as usize;
            }
            if !unchanged.is_empty() {
                sqlx::query(
                    "UPDATE posts SET refreshed_at = ?1
                 WHERE source = ?2 AND remote_id IN (SELECT value FROM json_each(?3))",
                )
                .bind(&now)
                .bind(source.as_str())
                .bind(serde_json::Value::from(unchanged.clone()).to_string())
                .execute(&mut *tx)
                .await?;
            }
            if !gone.is_empty() {
                let changes: Vec<crate::sources::Upstream> = gone
                    .iter()
                    .map(|remote_id| crate::sources::Upstream::PostDeleted {
                        source,
                        remote_id: remote_id.clone(),
                    })
                    .collect();
                applied.deleted = super::deletions::apply(&mut tx, &changes).await?.deleted;
            }
            if !profiles_asked.is_empty() {
                sqlx::query(
                    "UPDATE authors SET profile_read_at = ?1
                 WHERE source = ?2 AND remote_id IN (SELECT value FROM json_each(?3))",
                )
                .bind(&now)
                .bind(source.as_str())
                .bind(serde_json::Value::from(profiles_asked.clone()).to_string())
                .execute(&mut *tx)
                .await?;
            }
            for profile in profiles {
                let updated = sqlx::query(
                    "UPDATE authors SET handle = ?, display_name = coalesce(?, display_name),
                     bio = coalesce(?, bio), followers = coalesce(?, followers),
                     profile_read_at = ?, updated_at = ?
                 WHERE source = ? AND remote_id = ?",
                )
                .bind(&profile.handle)
                .bind(profile.display_name.as_deref())
                .bind(profile.bio.as_deref())
                .bind(profile.followers.map(count))
                .bind(&now)
                .bind(&now)
                .bind(source.as_str())
                .bind(&profile.remote_id)
                .execute(&mut *tx)
                .await?;
                applied.profiles += updated.rows_affected() as usize;
            }
            tx.commit().await?;
            Ok(applied)
        })
        .await
    }

    /// Records the end of a pass of `service`; `error` (short, no URL) when it stopped early.
    pub async fn record_refresh_run(
        &self,
        service: &str,
        applied: Applied,
        requests: usize,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("record a refresh pass", async {
            let error: Option<String> = error.map(|e| e.chars().take(300).collect());
            sqlx::query(
            "INSERT INTO refresh_status (service, last_run_at, last_success_at, refreshed, deleted,
                 profiles, requests, last_error)
             VALUES (?1, ?2, CASE WHEN ?7 IS NULL THEN ?2 END, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (service) DO UPDATE SET
                 last_run_at = excluded.last_run_at,
                 last_success_at = coalesce(excluded.last_success_at, last_success_at),
                 refreshed = excluded.refreshed, deleted = excluded.deleted,
                 profiles = excluded.profiles, requests = excluded.requests,
                 last_error = excluded.last_error",
        )
        .bind(service)
        .bind(to_db_time(now))
        .bind(applied.refreshed as i64)
        .bind(applied.deleted as i64)
        .bind(applied.profiles as i64)
        .bind(requests as i64)
        .bind(error)
        .execute(self.writer())
        .await?;
            Ok(())
        })
        .await
    }

    /// Every service's last refresh pass, by name.
    pub async fn refresh_runs(&self) -> Result<Vec<RefreshRun>, StoreError> {
        failed_to("read the refresh passes", async {
            type Row = (
                String,
                String,
                Option<String>,
                i64,
                i64,
                i64,
                i64,
                Option<String>,
            );
            let rows: Vec<Row> = sqlx::query_as(
            "SELECT service, last_run_at, last_success_at, refreshed, deleted, profiles, requests,
                    last_error
             FROM refresh_status ORDER BY service",
        )
        .fetch_all(self.pool())
        .await?;
            rows.into_iter()
                .map(
                    |(service, run, success, refreshed, deleted, profiles, requests, error)| {
                        Ok(RefreshRun {
                            service,
                            last_run_at: Some(from_db_time(&run)?),
                            last_success_at: success.as_deref().map(from_db_time).transpose()?,
                            refreshed: refreshed.max(0) as u64,
                            deleted: deleted.max(0) as u64,
                            profiles: profiles.max(0) as u64,
                            requests: requests.max(0) as u64,
                            last_error: error,
                        })
                    },
                )
                .collect()
        })
        .await
    }
}

#[cfg(test)]
mod tests;
