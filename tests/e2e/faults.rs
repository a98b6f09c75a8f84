//! Fault injection (issue #8): the real bot killed with SIGKILL at random points while it ingests
//! and while it posts journal club reminders, Discord answering with storms of 429s and 5xxs,
//! gateway storms, and every outside source failing at once. Each test asserts on what is stored
//! or what a member sees: nothing lost, nothing twice, a database SQLite finds intact.
//!
//! The kill tests print their seed; `ROUNDS_FAULT_SEED=<seed>` replays a schedule, and
//! `ROUNDS_FAULT_LOGS=1` prints the bot's logs of the reminder test even when it passes.

mod discord_storms;
mod gateway_storms;
mod ingest_kills;
mod reminder_kills;
mod sources_down;

use crate::app::TestApp;
use std::time::Duration;

/// A reproducible random schedule: xorshift64 from a seed the test prints, so a failing run can
/// be replayed by setting `ROUNDS_FAULT_SEED`.
pub struct Schedule(u64);

impl Schedule {
    pub fn from_env_or_clock(test: &str) -> Schedule {
        let seed = std::env::var("ROUNDS_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or_else(|| u64::from(chrono::Utc::now().timestamp_subsec_nanos()) | 1);
        eprintln!("{test}: kill schedule seed {seed} (replay with ROUNDS_FAULT_SEED={seed})");
        Schedule(seed.max(1))
    }

    /// A duration in `[low, high)`.
    pub fn between(&mut self, low: Duration, high: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let span = high.checked_sub(low).unwrap().as_millis().max(1) as u64;
        low + Duration::from_millis(self.0 % span)
    }
}

/// A read-only look at the bot's database while it runs or after it was killed.
pub async fn db(app: &TestApp) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&app.database_url)
        .await
        .expect("the bot's database opens")
}

/// Asserts SQLite finds the database intact: `PRAGMA integrity_check`, no dangling foreign key,
/// and the full-text index agreeing with the posts it indexes.
pub async fn assert_database_intact(app: &TestApp) {
    let store = app.store().await;
    if let Err(problems) = store.integrity_check().await {
        panic!("PRAGMA integrity_check: {problems}");
    }
    store.close().await;
    let pool = db(app).await;
    let dangling: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(dangling.is_empty(), "dangling foreign keys: {dangling:?}");
    sqlx::query("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)")
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("the full-text index disagrees with the posts: {e}"));
    pool.close().await;
}

/// Polls `check` every 200 ms until it returns `Some`, or fails after `timeout` with `what` and
/// the bot's logs.
pub async fn eventually<T, F, Fut>(app: &TestApp, timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}\n--- bot logs ---\n{}",
            app.logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
