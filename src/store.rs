//! The SQLite store: the only module with SQL. One file per aggregate; every query that touches a
//! guild's data is scoped by its `GuildId`.

pub mod alerts;
pub mod backup;
pub mod command_registrations;
pub mod deletions;
pub mod digest_channels;
pub mod digest_runs;
pub mod digests;
mod error;
pub mod exclusions;
pub mod feeds;
pub mod guilds;
pub mod hashtags;
pub mod health;
pub mod journal_clubs;
mod packed;
pub mod papers;
pub mod posts;
pub mod questions;
pub mod refresh;
pub mod sources;
pub mod summaries;

pub(crate) use error::failed_to;
pub use error::StoreError;

use crate::domain::summary::ExcludedAuthors;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Migrations compiled into the binary, so a released `rounds` carries its own schema.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Page cache of the ingest writer, in KiB (SQLite's default is 2 MiB): a batch touches index pages
/// all over the posts table, and re-reading them from the OS on every commit cost as much CPU, in
/// system calls, as the inserts themselves (profiled in `cargo bench --bench ingest`).
const WRITER_CACHE_KIB: i64 = 32 * 1024;

/// WAL pages after which the ingest writer checkpoints (SQLite's default is 1,000, about one
/// 500-post batch, so nearly every commit copied the WAL into the database and synced both). At
/// 10,000 pages (~40 MiB of WAL) a page rewritten by many batches is copied once. With
/// `synchronous = NORMAL` a power loss (not a process crash) can roll back the transactions since
/// the last sync: more of them, with a longer WAL; each takes its source cursor with it, so the
/// posts are fetched again.
const WRITER_AUTOCHECKPOINT_PAGES: i64 = 10_000;

/// Rows the ingest writer's worker thread may queue for its caller before it waits (sqlx's default
/// is 50): a batch's post and author upserts return up to 256 rows per statement.
const WRITER_ROW_BUFFER: usize = 512;

/// Why `integrity_check` did not report "ok".
#[derive(Debug, thiserror::Error)]
pub enum IntegrityCheckError {
    /// The check itself could not run.
    #[error("{0}")]
    NotRun(sqlx::Error),
    /// SQLite's own report, one line per problem found.
    #[error("{}", .0.join("; "))]
    Problems(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    /// The one connection posts are written on (the same pool for an in-memory database): its
    /// prepared statements stay cached across batches, its page cache holds the hot index pages,
    /// and batches from several sources queue for it instead of contending for SQLite's lock.
    writer: SqlitePool,
    /// The operator's opt-out list (`summary.excluded_authors`), shared by every clone, so every
    /// reader of posts for members (digests built anywhere, summaries) leaves out the same authors.
    excluded: Arc<RwLock<Arc<ExcludedAuthors>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenStoreError {
    #[error("database.url `{url}` is not a SQLite URL (expected e.g. sqlite://data/rounds.db): {source}")]
    BadUrl { url: String, source: sqlx::Error },
    #[error("failed to create the database folder {path}: {source}")]
    CreateFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("failed to open the database at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("failed to apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A migration as the database records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    pub version: i64,
    pub description: String,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self, OpenStoreError> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens (creating if needed) the database without touching its schema.
    pub async fn connect(url: &str) -> Result<Self, OpenStoreError> {
        Self::connect_with(url, true).await
    }

    /// Opens the database only if it already exists; never creates a file.
    pub async fn connect_existing(url: &str) -> Result<Self, OpenStoreError> {
        Self::connect_with(url, false).await
    }

    #[tracing::instrument(name = "store.connect")]
    async fn connect_with(url: &str, create: bool) -> Result<Self, OpenStoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|source| OpenStoreError::BadUrl {
                url: url.to_owned(),
                source,
            })?
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL with NORMAL is durable across a process kill; only a power loss can drop the
            // last transactions, never corrupt the file.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Deleted rows (a forgotten question above all) are overwritten with zeros, not left
            // readable in free pages of the file (issue #13).
            .pragma("secure_delete", "ON")
            .busy_timeout(BUSY_TIMEOUT);
        let file = options.get_filename();
        let in_memory = file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:");
        if !in_memory && create {
            if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder).map_err(|source| OpenStoreError::CreateFolder {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
        }
        let connect_error = |source| OpenStoreError::Connect {
            url: url.to_owned(),
            source,
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .connect_with(options.clone())
            .await
            .map_err(connect_error)?;
        let writer = if in_memory {
            pool.clone()
        } else {
            let options = options
                .pragma("cache_size", (-WRITER_CACHE_KIB).to_string())
                .pragma(
                    "wal_autocheckpoint",
                    WRITER_AUTOCHECKPOINT_PAGES.to_string(),
                )
                .pragma("temp_store", "memory")
                // The ids a batch's inserts return (a row each) are handed to the caller through
                // a channel of this many rows; at sqlx's 50 the worker thread stopped and waited
                // for the caller several times per statement.
                .row_buffer_size(WRITER_ROW_BUFFER);
            SqlitePoolOptions::new()
                .max_connections(1)
                // Opened on first write: a command-line run that only reads never opens it.
                .min_connections(0)
                .connect_lazy_with(options)
        };
        Ok(Self {
            pool,
            writer,
            excluded: Arc::default(),
        })
    }

    /// Applies every migration the database has not seen yet, in order, each in its own transaction.
    #[tracing::instrument(name = "store.migrate", skip(self))]
    pub async fn migrate(&self) -> Result<(), OpenStoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// The migrations recorded as applied, oldest first.
    pub async fn applied_migrations(&self) -> Result<Vec<AppliedMigration>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT version, description FROM _sqlx_migrations WHERE success = 1 ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::new("read the applied migrations", e))?;
        Ok(rows
            .into_iter()
            .map(|(version, description)| AppliedMigration {
                version,
                description,
            })
            .collect())
    }

    /// The newest schema version this binary knows.
    pub fn latest_known_migration() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// Runs SQLite's own consistency check; `Ok(())` when it reports "ok".
    pub async fn integrity_check(&self) -> Result<(), IntegrityCheckError> {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(IntegrityCheckError::NotRun)?;
        match rows.as_slice() {
            [(only,)] if only == "ok" => Ok(()),
            _ => Err(IntegrityCheckError::Problems(
                rows.into_iter().map(|(r,)| r).collect(),
            )),
        }
    }

    /// Waits for in-flight queries and closes every connection (checkpointing the WAL).
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The ingest writer's connection pool (of one).
    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Sets the operator's opt-out list for every clone of this store (done once, at start-up).
    pub fn set_excluded_authors(&self, excluded: ExcludedAuthors) {
        *self
            .excluded
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(excluded);
    }

    /// The operator's opt-out list (empty unless set).
    pub fn excluded_authors(&self) -> Arc<ExcludedAuthors> {
        Arc::clone(
            &self
                .excluded
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// Times are stored as RFC 3339 UTC text, always with milliseconds: one fixed width, so text order is
/// time order, and fine enough that "asked just now" falls inside a window ending now.
fn to_db_time(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn from_db_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, sqlx::Error> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            sqlx::Error::Decode(format!("stored time `{text}` is not RFC 3339: {e}").into())
        })
}

/// Whether an error is SQLite refusing a row because of a UNIQUE or PRIMARY KEY constraint.
fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
pub(crate) async fn test_store() -> Store {
    Store::open("sqlite::memory:")
        .await
        .expect("in-memory store opens")
}
