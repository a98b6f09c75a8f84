//! Posts, their authors and what they mention, written batch by batch with the source cursor that
//! covers them, in one transaction: a cursor never moves past posts that are not stored.

mod authors;
mod by_topic;
mod seen_again;

use super::{to_db_time, Store};
use crate::domain::normalize::Post;
use crate::sources::{CommitReport, Upstream};
use crate::store::{failed_to, StoreError};
use authors::{author_key, upsert_authors};
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};

/// Rows per multi-row INSERT of posts and authors (18 and 8 columns), largest first; a batch is cut
/// greedily into these sizes. A statement's text depends only on its row count, so the few texts
/// there are get prepared once per connection and reused from sqlx's statement cache: one statement
/// sized to each batch was prepared anew every time (parsing and planning thousands of
/// placeholders). 256 posts of 18 columns stay well under SQLite's 32,766 bound parameters.
const CHUNK_ROWS: [usize; 5] = [256, 64, 16, 4, 1];

/// Rows per multi-row INSERT of a post's child rows (hashtags, links, papers, entities: 3 columns),
/// largest first. A batch of 500 posts has ~2,900 entity rows; each statement costs a round trip to
/// SQLite's worker thread, and, since a multi-row INSERT can fail halfway (a foreign key), a
/// statement journal in which every page it touches is copied first. Cut into 256-row statements,
/// 2,900 rows took 14; in powers of two (at most one statement of each size) they take 6. 2,048
/// rows of 3 columns bind 6,144 parameters.
const CHILD_CHUNK_ROWS: [usize; 12] = [2048, 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2, 1];

/// `rows` cut into slices of the sizes in [`CHUNK_ROWS`], largest first.
fn chunks<T>(rows: &[T]) -> impl Iterator<Item = &[T]> {
    chunks_of(rows, &CHUNK_ROWS)
}

/// `rows` cut greedily into slices of `sizes` (largest first, ending with 1).
fn chunks_of<'r, T>(mut rows: &'r [T], sizes: &'static [usize]) -> impl Iterator<Item = &'r [T]> {
    std::iter::from_fn(move || {
        let size = sizes.iter().copied().find(|&size| size <= rows.len())?;
        let (chunk, rest) = rows.split_at(size);
        rows = rest;
        Some(chunk)
    })
}

/// Why a batch of posts was not committed. Nothing of it is stored, and the cursor stays put.
#[derive(Debug, thiserror::Error)]
pub enum CommitPostsError {
    /// A broken invariant, not a database failure: the author upsert returned no id for this
    /// author (`remote_id` on `service`), so their posts cannot be linked to them.
    #[error("broken invariant: author {remote_id} of {service} has no id after the author upsert")]
    AuthorNotStored { service: String, remote_id: String },
    #[error("failed to commit a batch of posts: {0}")]
    Database(#[from] sqlx::Error),
}

impl CommitPostsError {
    /// The invariant broken for the author keyed `(service, remote_id)`.
    fn author_not_stored((service, remote_id): (&str, &str)) -> Self {
        Self::AuthorNotStored {
            service: service.to_owned(),
            remote_id: remote_id.to_owned(),
        }
    }
}

impl Store {
    /// Stores new posts (with their hashtags, links, papers, entities and full-text entry), refreshes
    /// the counts of posts already stored, and moves `stream`'s cursor, all in one transaction.
    pub async fn commit_posts(
        &self,
        stream: &str,
        cursor: Option<&str>,
        posts: &[Post],
        now: DateTime<Utc>,
    ) -> Result<CommitReport, CommitPostsError> {
        self.commit_batch(stream, cursor, posts, &[], now).await
    }

    /// `commit_posts`, then what changed upstream (deletions, accounts, handles; see
    /// `deletions::apply`), before the cursor moves, all in the same transaction.
    #[tracing::instrument(skip(self, posts, changes, cursor), fields(posts = posts.len(), changes = changes.len()))]
    pub async fn commit_batch(
        &self,
        stream: &str,
        cursor: Option<&str>,
        posts: &[Post],
        changes: &[Upstream],
        now: DateTime<Utc>,
    ) -> Result<CommitReport, CommitPostsError> {
        let now_text = to_db_time(now);
        let mut tx = self.writer().begin().await?;
        let mut report = CommitReport::default();
        // Each author once, as the first of their posts describes them; the upsert is the
        // transaction's first write, so from here on no other connection writes until it commits.
        let authors = upsert_authors(&mut tx, posts, &now_text).await?;
        // The first post of each (source, remote_id) is inserted unless already stored; the ids of
        // the rows actually inserted come back with their keys (RETURNING's order is unspecified).
        let mut firsts: HashSet<(&str, &str)> = HashSet::with_capacity(posts.len());
        let candidates: Vec<&Post> = posts
            .iter()
            .filter(|p| firsts.insert(post_key(p)))
            .collect();
        let mut inserted: HashMap<(String, String), i64> = HashMap::with_capacity(posts.len());
        for chunk in chunks(&candidates) {
            let mut builder: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
                "INSERT INTO posts (source, remote_id, origin, uri, url, author_id, title, text, language,
                     created_at, ingested_at, likes, reposts, replies, quotes, reply_to, quote_of, repost_of) ",
            );
            let mut missing_author = None;
            builder.push_values(chunk, |mut b, post| {
                let raw = &post.raw;
                let author_id = authors.get(&author_key(post)).copied();
                if author_id.is_none() {
                    missing_author.get_or_insert(author_key(post));
                }
                b.push_bind(raw.source.as_str())
                    .push_bind(raw.remote_id.as_str())
                    .push_bind(raw.origin.as_str())
                    .push_bind(raw.uri.as_str())
                    .push_bind(raw.url.as_deref())
                    .push_bind(author_id.unwrap_or_default())
                    .push_bind(raw.title.as_deref())
                    .push_bind(raw.text.as_str())
                    .push_bind(raw.language.as_deref())
                    .push_bind(to_db_time(raw.created_at))
                    .push_bind(now_text.as_str())
                    .push_bind(count(raw.engagement.likes))
                    .push_bind(count(raw.engagement.reposts))
                    .push_bind(count(raw.engagement.replies))
                    .push_bind(count(raw.engagement.quotes))
                    .push_bind(raw.reply_to.as_deref())
                    .push_bind(raw.quote_of.as_deref())
                    .push_bind(raw.repost_of.as_deref());
            });
            if let Some(author) = missing_author {
                return Err(CommitPostsError::author_not_stored(author));
            }
            builder.push(
                " ON CONFLICT (source, remote_id) DO NOTHING RETURNING post_id, source, remote_id",
            );
            let rows: Vec<(i64, String, String)> =
                builder.build_query_as().fetch_all(&mut *tx).await?;
            inserted.extend(rows.into_iter().map(|(id, s, r)| ((s, r), id)));
        }
        let mut new_posts: Vec<(i64, &Post)> = Vec::with_capacity(inserted.len());
        // Stored before, or a repeat within the batch: its counts are refreshed, and what this copy
        // adds (another instance may know a link or tag the first did not) joins what is stored.
        // Its text stays as first stored.
        let mut again: Vec<&Post> = Vec::new();
        for post in posts {
            let (source, remote_id) = post_key(post);
            match inserted.remove(&(source.to_owned(), remote_id.to_owned())) {
                Some(post_id) => {
                    new_posts.push((post_id, post));
                    report.inserted += 1;
                }
                None => {
                    again.push(post);
                    report.updated += 1;
                }
            }
        }
        let seen_again = seen_again::refresh_counts(&mut tx, &again).await?;
        insert_children(&mut tx, &new_posts, true).await?;
        insert_children(&mut tx, &seen_again, false).await?;
        let touched: Vec<i64> = new_posts
            .iter()
            .chain(&seen_again)
            .map(|(id, _)| *id)
            .collect();
        by_topic::keep(&mut tx, &touched).await?;
        report.deleted += super::deletions::apply(&mut tx, changes).await?.deleted;
        if let Some(cursor) = cursor {
            sqlx::query(
                "INSERT INTO source_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
                 ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
            )
            .bind(stream)
            .bind(cursor)
            .bind(&now_text)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Where a source stream stands, if it has been read before.
    pub async fn source_cursor(&self, stream: &str) -> Result<Option<String>, StoreError> {
        failed_to("read a source's cursor", async {
            let row: Option<(String,)> =
                sqlx::query_as("SELECT cursor FROM source_cursors WHERE stream = ?")
                    .bind(stream)
                    .fetch_optional(self.pool())
                    .await?;
            Ok(row.map(|(cursor,)| cursor))
        })
        .await
    }

    /// How many posts are stored in all.
    pub async fn post_count(&self) -> Result<u64, StoreError> {
        failed_to("count the stored posts", async {
            let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM posts")
                .fetch_one(self.pool())
                .await?;
            Ok(count as u64)
        })
        .await
    }
}

fn post_key(post: &Post) -> (&str, &str) {
    (post.raw.source.as_str(), post.raw.remote_id.as_str())
}

/// Hashtags, links, papers and entities of posts, in multi-row inserts that skip what is already
/// stored; and, for new posts (`index_text`), their full-text entries.
async fn insert_children(
    conn: &mut SqliteConnection,
    posts: &[(i64, &Post)],
    index_text: bool,
) -> Result<(), sqlx::Error> {
    // Each hashtag row carries the post's time, for finding a guild's posts of a window by tag.
    let hashtags: Vec<(i64, &str, String)> = posts
        .iter()
        .flat_map(|(id, p)| {
            let created_at = to_db_time(p.raw.created_at);
            p.hashtags
                .iter()
                .map(move |t| (*id, t.as_str(), created_at.clone()))
        })
        .collect();
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO post_hashtags (post_id, tag, created_at) ",
        &hashtags,
        |b, (id, tag, created_at)| {
            b.push_bind(*id)
                .push_bind(*tag)
                .push_bind(created_at.as_str());
        },
    )
    .await?;
    let links: Vec<(i64, &str, &str)> = posts
        .iter()
        .flat_map(|(id, p)| {
            p.links
                .iter()
                .map(move |l| (*id, l.url.as_str(), l.domain.as_str()))
        })
        .collect();
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO post_links (post_id, url, domain) ",
        &links,
        |b, (id, url, domain)| {
            b.push_bind(*id).push_bind(*url).push_bind(*domain);
        },
    )
    .await?;
    let papers: Vec<(i64, &str, String)> = posts
        .iter()
        .flat_map(|(id, p)| p.papers.iter().map(move |r| (*id, r.kind(), r.value())))
        .collect();
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO post_papers (post_id, kind, value) ",
        &papers,
        |b, (id, kind, value)| {
            b.push_bind(*id).push_bind(*kind).push_bind(value.as_str());
        },
    )
    .await?;
    let entities: Vec<(i64, &str, &str)> = posts
        .iter()
        .flat_map(|(id, p)| {
            p.entities
                .iter()
                .map(move |(k, c)| (*id, k.as_str(), c.as_str()))
        })
        .collect();
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO post_entities (post_id, kind, canonical) ",
        &entities,
        |b, (id, kind, canonical)| {
            b.push_bind(*id).push_bind(*kind).push_bind(*canonical);
        },
    )
    .await?;
    if !index_text || posts.is_empty() {
        return Ok(());
    }
    // The full-text entries, read back from the rows just stored, in one statement: FTS5 writes
    // what it holds to a new segment at every statement that opens a savepoint (each multi-row
    // INSERT does), so one statement per chunk made several small segments per batch, and merging
    // them cost more than the indexing; and the texts are not bound (copied) a second time.
    sqlx::query(
        "INSERT INTO posts_fts (rowid, title, text)
         SELECT post_id, title, text FROM posts
         WHERE post_id IN (SELECT value FROM json_each(?1))
         ORDER BY post_id",
    )
    .bind(super::digests::id_list(posts.iter().map(|(id, _)| *id)))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Multi-row INSERTs of the sizes in [`CHILD_CHUNK_ROWS`]; `bind` pushes one row's values.
async fn insert_rows<'a, T>(
    conn: &mut SqliteConnection,
    head: &str,
    rows: &'a [T],
    bind: impl Fn(&mut sqlx::query_builder::Separated<'_, 'a, Sqlite, &'static str>, &'a T) + Copy,
) -> Result<(), sqlx::Error> {
    for chunk in chunks_of(rows, &CHILD_CHUNK_ROWS) {
        let mut builder: QueryBuilder<'a, Sqlite> = QueryBuilder::new(head);
        builder.push_values(chunk, |mut separated, row| bind(&mut separated, row));
        builder.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Counts as SQLite integers; nothing real comes near the bound.
fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
