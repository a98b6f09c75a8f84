//! The paper metadata cache: response bodies from Crossref and NCBI E-utilities by identifier.
//! Public data shared by every guild; nothing here says who looked a paper up.

use super::{to_db_time, Store};
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Duration, Utc};

/// Entries older than this are deleted whenever a new one is stored, so the table stays small.
const KEEP_FOR: Duration = Duration::days(90);

/// The service a cached body came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataService {
    Crossref,
    Pubmed,
    Pmc,
}

impl MetadataService {
    pub fn as_str(self) -> &'static str {
        match self {
            MetadataService::Crossref => "crossref",
            MetadataService::Pubmed => "pubmed",
            MetadataService::Pmc => "pmc",
        }
    }
}

impl Store {
    /// The cached body for `key` if it was fetched at or after `fresh_since`.
    #[tracing::instrument(skip(self), fields(service = service.as_str()))]
    pub async fn cached_metadata(
        &self,
        service: MetadataService,
        key: &str,
        fresh_since: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        failed_to("read cached paper metadata", async {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT body FROM paper_metadata_cache
             WHERE service = ? AND lookup_key = ? AND fetched_at >= ?",
            )
            .bind(service.as_str())
            .bind(key)
            .bind(to_db_time(fresh_since))
            .fetch_optional(self.pool())
            .await?;
            Ok(row.map(|(body,)| body))
        })
        .await
    }

    /// Stores (or replaces) a body, and drops entries past their keeping time.
    #[tracing::instrument(skip(self, body), fields(service = service.as_str(), bytes = body.len()))]
    pub async fn cache_metadata(
        &self,
        service: MetadataService,
        key: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("cache paper metadata", async {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO paper_metadata_cache (service, lookup_key, body, fetched_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (service, lookup_key) DO UPDATE SET
                 body = excluded.body, fetched_at = excluded.fetched_at",
        )
        .bind(service.as_str())
        .bind(key)
        .bind(body)
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM paper_metadata_cache WHERE fetched_at < ?")
            .bind(to_db_time(now - KEEP_FOR))
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    })
.await
    }

    /// Whether `key` was answered "not found" at or after `since` (migration 0013).
    pub async fn metadata_missed_since(
        &self,
        service: MetadataService,
        key: &str,
        since: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        failed_to("check for a recent metadata miss", async {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT 1 FROM paper_metadata_misses
             WHERE service = ? AND lookup_key = ? AND missed_at >= ?",
            )
            .bind(service.as_str())
            .bind(key)
            .bind(to_db_time(since))
            .fetch_optional(self.pool())
            .await?;
            Ok(row.is_some())
        })
        .await
    }

    /// Remembers that the service had no record of `key`, and forgets misses older than a week.
    pub async fn record_metadata_miss(
        &self,
        service: MetadataService,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failed_to("record a metadata miss", async {
            let mut tx = self.pool().begin().await?;
            sqlx::query(
            "INSERT INTO paper_metadata_misses (service, lookup_key, missed_at) VALUES (?, ?, ?)
             ON CONFLICT (service, lookup_key) DO UPDATE SET missed_at = excluded.missed_at",
        )
        .bind(service.as_str())
        .bind(key)
        .bind(to_db_time(now))
        .execute(&mut *tx)
        .await?;
            sqlx::query("DELETE FROM paper_metadata_misses WHERE missed_at < ?")
                .bind(to_db_time(now - Duration::days(7)))
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    #[tokio::test]
    async fn a_cached_body_is_found_while_fresh_and_replaced_by_a_newer_one() {
        let store = test_store().await;
        let now = Utc::now();
        let key = "10.5555/x";
        store
            .cache_metadata(MetadataService::Crossref, key, "{\"a\":1}", now)
            .await
            .unwrap();
        let day_ago = now - Duration::days(1);
        assert_eq!(
            store
                .cached_metadata(MetadataService::Crossref, key, day_ago)
                .await
                .unwrap()
                .as_deref(),
            Some("{\"a\":1}")
        );
        assert_eq!(
            store
                .cached_metadata(MetadataService::Pubmed, key, day_ago)
                .await
                .unwrap(),
            None
        );
        let later = now + Duration::minutes(1);
        assert_eq!(
            store
                .cached_metadata(MetadataService::Crossref, key, later)
                .await
                .unwrap(),
            None,
            "stale entries are not served"
        );
        store
            .cache_metadata(MetadataService::Crossref, key, "{\"a\":2}", later)
            .await
            .unwrap();
        assert_eq!(
            store
                .cached_metadata(MetadataService::Crossref, key, later)
                .await
                .unwrap()
                .as_deref(),
            Some("{\"a\":2}")
        );
        store
            .cache_metadata(
                MetadataService::Pmc,
                "1",
                "{}",
                now + KEEP_FOR + Duration::days(1),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .cached_metadata(MetadataService::Crossref, key, day_ago)
                .await
                .unwrap(),
            None,
            "old entries are pruned"
        );
    }
}
