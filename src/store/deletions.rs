//! Removing what left upstream, and what grew too old: posts deleted by their authors, accounts
//! deleted or taken down (their posts and profile), accounts deactivated or suspended (hidden until
//! active again), new handles, and retention. A removed post leaves every table that holds it —
//! `posts`, `post_hashtags`, `post_links`, `post_papers`, `post_entities` and the `posts_fts`
//! index — in the transaction that removes it.

use super::{to_db_time, Store};
use crate::sources::Upstream;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// Posts removed per statement when pruning by age, so a first prune of a large store does not
/// hold the write lock for long at a time.
const PRUNE_CHUNK: i64 = 2_000;

/// What applying a batch's upstream changes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Stored posts removed.
    pub deleted: usize,
}

/// Applies `changes` in stream order on `conn` (inside the caller's transaction). Post deletions
/// are matched together in one indexed lookup, so a flood of deletions of posts never stored costs
/// one query per batch; account and handle changes are one indexed statement each.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    changes: &[Upstream],
) -> Result<Applied, sqlx::Error> {
    let mut applied = Applied::default();
    // Deletions are final, so matching them all first gives what applying them in order would.
    let mut deleted_posts: Vec<(&str, &str)> = Vec::new();
    for change in changes {
        if let Upstream::PostDeleted { source, remote_id } = change {
            deleted_posts.push((source.as_str(), remote_id.as_str()));
        }
    }
    if !deleted_posts.is_empty() {
        let keys = serde_json::Value::from(
            deleted_posts
                .iter()
                .map(|(s, r)| serde_json::json!([s, r]))
                .collect::<Vec<_>>(),
        )
        .to_string();
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT p.post_id FROM json_each(?1) k
             JOIN posts p ON p.source = k.value ->> 0 AND p.remote_id = k.value ->> 1",
        )
        .bind(keys)
        .fetch_all(&mut *conn)
        .await?;
        applied.deleted += remove_posts(conn, ids.into_iter().map(|(id,)| id)).await?;
    }
    locate(conn, changes).await?;
    for change in changes {
        match change {
            Upstream::PostDeleted { .. } | Upstream::PostLocated { .. } => {}
            Upstream::AccountGone { source, author } => {
                let ids: Vec<(i64,)> = sqlx::query_as(
                    "SELECT p.post_id FROM authors a JOIN posts p ON p.author_id = a.author_id
                     WHERE a.source = ? AND a.remote_id = ?",
                )
                .bind(source.as_str())
                .bind(author)
                .fetch_all(&mut *conn)
                .await?;
                applied.deleted += remove_posts(conn, ids.into_iter().map(|(id,)| id)).await?;
                sqlx::query("DELETE FROM authors WHERE source = ? AND remote_id = ?")
                    .bind(source.as_str())
                    .bind(author)
                    .execute(&mut *conn)
                    .await?;
            }
            Upstream::AccountHidden { source, author }
            | Upstream::AccountActive { source, author } => {
                let hidden = matches!(change, Upstream::AccountHidden { .. });
                sqlx::query("UPDATE authors SET hidden = ? WHERE source = ? AND remote_id = ?")
                    .bind(hidden)
                    .bind(source.as_str())
                    .bind(author)
                    .execute(&mut *conn)
                    .await?;
            }
            Upstream::HandleChanged {
                source,
                author,
                handle,
            } => {
                sqlx::query("UPDATE authors SET handle = ? WHERE source = ? AND remote_id = ?")
                    .bind(handle)
                    .bind(source.as_str())
                    .bind(author)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(applied)
}

/// Records where posts can be read again (`Upstream::PostLocated`), in one statement per batch: only
/// on the row delivered by the same origin, since a local id means nothing on another server.
async fn locate(conn: &mut SqliteConnection, changes: &[Upstream]) -> Result<(), sqlx::Error> {
    let located: Vec<serde_json::Value> = changes
        .iter()
        .filter_map(|change| match change {
            Upstream::PostLocated {
                source,
                remote_id,
                origin,
                local_id,
            } => Some(serde_json::json!([
                source.as_str(),
                remote_id,
                origin,
                local_id
            ])),
            _ => None,
        })
        .collect();
    if located.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE posts SET lookup_id = k.value ->> 3
         FROM json_each(?1) k
         WHERE posts.source = k.value ->> 0 AND posts.remote_id = k.value ->> 1
           AND posts.origin = k.value ->> 2",
    )
    .bind(serde_json::Value::from(located).to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes these posts from every table that holds them; returns how many there were.
pub(super) async fn remove_posts(
    conn: &mut SqliteConnection,
    ids: impl IntoIterator<Item = i64>,
) -> Result<usize, sqlx::Error> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let ids = serde_json::Value::from(ids).to_string();
    // The full-text index holds its own copy of each post's words: an external-content FTS5 table
    // forgets a row only when told its old values.
    sqlx::query(
        "INSERT INTO posts_fts (posts_fts, rowid, title, text)
         SELECT 'delete', post_id, title, text FROM posts WHERE post_id IN (SELECT value FROM json_each(?1))",
    )
    .bind(&ids)
    .execute(&mut *conn)
    .await?;
    // The child tables cascade on delete; removing their rows by name as well keeps this right
    // should a connection ever run without foreign keys.
    for table in [
        "post_hashtags",
        "post_links",
        "post_papers",
        "post_entities",
    ] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE post_id IN (SELECT value FROM json_each(?1))"
        ))
        .bind(&ids)
        .execute(&mut *conn)
        .await?;
    }
    let removed =
        sqlx::query("DELETE FROM posts WHERE post_id IN (SELECT value FROM json_each(?1))")
            .bind(&ids)
            .execute(&mut *conn)
            .await?;
    Ok(removed.rows_affected() as usize)
}

/// What one retention pass removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pruned {
    pub posts: usize,
    pub authors: usize,
}

impl Store {
    /// Removes posts created before `cutoff`, with everything that belongs to them, in chunks (one
    /// transaction each), then the authors left without a post.
    #[tracing::instrument(skip(self))]
    pub async fn prune_posts(&self, cutoff: DateTime<Utc>) -> Result<Pruned, StoreError> {
        failed_to("prune old posts", async {
            let cutoff = to_db_time(cutoff);
            let mut pruned = Pruned::default();
            loop {
                let mut tx = self.pool().begin().await?;
                let ids: Vec<(i64,)> =
                    sqlx::query_as("SELECT post_id FROM posts WHERE created_at < ? LIMIT ?")
                        .bind(&cutoff)
                        .bind(PRUNE_CHUNK)
                        .fetch_all(&mut *tx)
                        .await?;
                let found = ids.len();
                pruned.posts += remove_posts(&mut tx, ids.into_iter().map(|(id,)| id)).await?;
                tx.commit().await?;
                if (found as i64) < PRUNE_CHUNK {
                    break;
                }
            }
            // An author with no post left is kept by nothing; hidden ones too (a hidden account posts
            // nothing, and its next post would bring its row back).
            let orphans = sqlx::query(
                "DELETE FROM authors
             WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = authors.author_id)",
            )
            .execute(self.pool())
            .await?;
            pruned.authors = orphans.rows_affected() as usize;
            Ok(pruned)
        })
        .await
    }
}

#[cfg(test)]
mod tests;
