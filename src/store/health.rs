//! What `/healthz` and `/metrics` ask of the database: does it answer, how big is it, how busy are
//! its connection pools.

use super::Store;
use crate::store::{failed_to, StoreError};
use sqlx::SqlitePool;

/// One pool's connections at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    /// `readers` (commands, digests, the CLI) or `writer` (the one ingest connection).
    pub name: &'static str,
    pub idle: usize,
    pub busy: usize,
}

impl Store {
    /// A connection from the pool and a trivial query: the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        failed_to("reach the database", async {
            sqlx::query("SELECT 1").execute(self.pool()).await?;
            Ok(())
        })
        .await
    }

    /// The main database file's size (pages in use and free), without the write-ahead log.
    pub async fn size_bytes(&self) -> Result<u64, StoreError> {
        failed_to("measure the database's size", async {
            let (pages, page_size): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT page_count FROM pragma_page_count()), \
                    (SELECT page_size FROM pragma_page_size())",
            )
            .fetch_one(self.pool())
            .await?;
            Ok(u64::try_from(pages.saturating_mul(page_size)).unwrap_or(0))
        })
        .await
    }

    /// The open connections of both pools, idle and in use.
    pub fn pool_usage(&self) -> [PoolUsage; 2] {
        let usage = |name, pool: &SqlitePool| {
            let open = pool.size() as usize;
            let idle = pool.num_idle().min(open);
            PoolUsage {
                name,
                idle,
                busy: open - idle,
            }
        };
        [
            usage("readers", self.pool()),
            usage("writer", self.writer()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_fresh_database_answers_and_has_a_size() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("h.db").display());
        let store = Store::open(&url).await.unwrap();
        store.ping().await.unwrap();
        let size = store.size_bytes().await.unwrap();
        assert!(size >= 4096 && size % 4096 == 0, "{size}");
        let [readers, writer] = store.pool_usage();
        assert_eq!((readers.name, writer.name), ("readers", "writer"));
        assert!(readers.idle + readers.busy >= 1, "{readers:?}");
        store.close().await;
        assert!(
            store.ping().await.is_err(),
            "a closed store does not answer"
        );
    }
}
