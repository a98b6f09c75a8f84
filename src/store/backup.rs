//! Online backups (`rounds backup`): a consistent copy of the live database, taken with
//! `VACUUM INTO` while the bot keeps reading and writing, and the checks and row counts an operator
//! judges a copy by.
//!
//! In WAL mode `VACUUM INTO` reads inside one read transaction, so the copy is the database as one
//! instant saw it: every batch of posts is in it whole or not at all, with its cursor, and writers
//! are never blocked (they only keep the WAL from being checkpointed past the copy's snapshot until
//! it finishes).

use super::Store;
use crate::store::{failed_to, StoreError};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the backup path {0} is not valid UTF-8, which SQLite cannot be given")]
    NotUtf8(String),
    #[error("SQLite failed to write the copy to {path}: {source}")]
    Copy { path: String, source: sqlx::Error },
    #[error("failed to open the copy at {path}: {source}")]
    Open { path: String, source: sqlx::Error },
    #[error("failed to read the copy at {path}: {source}")]
    Read { path: String, source: sqlx::Error },
}

/// What a copy holds, as SQLite reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// `PRAGMA quick_check`'s findings; empty when it says "ok".
    pub problems: Vec<String>,
    /// `(what, rows)` for the tables an operator recognises, in a fixed order.
    pub counts: Vec<(&'static str, u64)>,
}

/// The tables counted in a backup's summary: `(label, table)`. Fixed names only, never input.
const COUNTED: &[(&str, &str)] = &[
    ("posts", "posts"),
    ("posts in the full-text index", "posts_fts_docsize"),
    ("post hashtags", "post_hashtags"),
    ("authors", "authors"),
    ("guilds", "guilds"),
    ("tracked hashtags", "tracked_hashtags"),
    ("feeds", "feeds"),
    ("digest channels", "digest_channels"),
    ("digest runs", "digest_runs"),
    ("questions", "questions"),
    ("journal clubs", "journal_clubs"),
];

impl Store {
    /// Writes a consistent, compacted copy of the database to `path`. SQLite refuses a `path` that
    /// exists and is not empty; the caller chooses the name (see `rounds backup`).
    #[tracing::instrument(name = "store.vacuum_into", skip(self))]
    pub async fn vacuum_into(&self, path: &Path) -> Result<(), BackupError> {
        let target = path
            .to_str()
            .ok_or_else(|| BackupError::NotUtf8(path.display().to_string()))?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(self.pool())
            .await
            .map_err(|source| BackupError::Copy {
                path: target.to_owned(),
                source,
            })?;
        Ok(())
    }
}

impl Store {
    /// The file the database lives in, as SQLite itself names it; `None` in memory.
    pub async fn database_file(&self) -> Result<Option<std::path::PathBuf>, StoreError> {
        failed_to("find the database file", async {
            let (file,): (String,) =
                sqlx::query_as("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .fetch_one(self.pool())
                    .await?;
            Ok((!file.is_empty()).then(|| file.into()))
        })
        .await
    }
}

/// Opens the copy at `path` read-only (its journal mode untouched, nothing created beside it),
/// checks it and counts its rows.
pub async fn inspect_backup(path: &Path) -> Result<BackupSummary, BackupError> {
    let shown = path.display().to_string();
    let mut connection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .connect()
        .await
        .map_err(|source| BackupError::Open {
            path: shown.clone(),
            source,
        })?;
    let read = |source| BackupError::Read {
        path: shown.clone(),
        source,
    };
    let findings: Vec<(String,)> = sqlx::query_as("PRAGMA quick_check")
        .fetch_all(&mut connection)
        .await
        .map_err(read)?;
    let problems = match findings.as_slice() {
        [(only,)] if only == "ok" => Vec::new(),
        _ => findings.into_iter().map(|(f,)| f).collect(),
    };
    let mut counts = Vec::with_capacity(COUNTED.len());
    for (label, table) in COUNTED {
        // A table from a newer schema than the copy's is counted as absent, not as an error.
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
                .bind(table)
                .fetch_optional(&mut connection)
                .await
                .map_err(read)?;
        if exists.is_none() {
            continue;
        }
        let (rows,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut connection)
            .await
            .map_err(read)?;
        counts.push((*label, rows as u64));
    }
    connection.close().await.map_err(read)?;
    Ok(BackupSummary { problems, counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_copy_holds_what_the_store_holds_and_reads_back_clean() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("live.db").display());
        let store = Store::open(&url).await.unwrap();
        let guild = crate::domain::GuildId::new(5).unwrap();
        let tag = crate::domain::Hashtag::parse("MedEd").unwrap();
        store
            .track_hashtag(guild, &tag, None, chrono::Utc::now())
            .await
            .unwrap();
        assert_eq!(
            store.database_file().await.unwrap(),
            Some(dir.path().join("live.db").canonicalize().unwrap())
        );
        let copy = dir.path().join("copy.db");
        store.vacuum_into(&copy).await.unwrap();
        let summary = inspect_backup(&copy).await.unwrap();
        assert!(summary.problems.is_empty(), "{:?}", summary.problems);
        assert!(summary.counts.contains(&("tracked hashtags", 1)));
        assert!(summary.counts.contains(&("posts", 0)));
        // SQLite will not write over a file that has content.
        let again = store.vacuum_into(&copy).await.unwrap_err().to_string();
        assert!(again.contains("copy.db"), "{again}");
        store.close().await;
    }
}
