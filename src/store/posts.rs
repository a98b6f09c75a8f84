//! Posts, their authors and what they mention, written batch by batch with the source cursor that
//! covers them, in one transaction: a cursor never moves past posts that are not stored.

use super::{to_db_time, Store};
use crate::domain::normalize::Post;
use crate::sources::CommitReport;
use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashMap;

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters.
const ROWS_PER_INSERT: usize = 500;

impl Store {
    /// Stores new posts (with their hashtags, links, papers, entities and full-text entry), refreshes
    /// the counts of posts already stored, and moves `stream`'s cursor, all in one transaction.
    #[tracing::instrument(skip(self, posts, cursor), fields(posts = posts.len()))]
    pub async fn commit_posts(
        &self,
        stream: &str,
        cursor: Option<&str>,
        posts: &[Post],
        now: DateTime<Utc>,
    ) -> Result<CommitReport, sqlx::Error> {
        let now_text = to_db_time(now);
        let mut tx = self.pool().begin().await?;
        let mut report = CommitReport::default();
        let mut authors: HashMap<(&str, &str), i64> = HashMap::new();
        let mut new_posts: Vec<(i64, &Post)> = Vec::new();
        for post in posts {
            let raw = &post.raw;
            let author_key = (raw.source.as_str(), raw.author.remote_id.as_str());
            let author_id = match authors.get(&author_key) {
                Some(id) => *id,
                None => {
                    let id = upsert_author(&mut tx, post, &now_text).await?;
                    authors.insert(author_key, id);
                    id
                }
            };
            let inserted: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO posts (source, remote_id, origin, uri, url, author_id, title, text, language,
                     created_at, ingested_at, likes, reposts, replies, quotes, reply_to, quote_of, repost_of)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (source, remote_id) DO NOTHING
                 RETURNING post_id",
            )
            .bind(raw.source.as_str())
            .bind(&raw.remote_id)
            .bind(&raw.origin)
            .bind(&raw.uri)
            .bind(&raw.url)
            .bind(author_id)
            .bind(&raw.title)
            .bind(&raw.text)
            .bind(&raw.language)
            .bind(to_db_time(raw.created_at))
            .bind(&now_text)
            .bind(count(raw.engagement.likes))
            .bind(count(raw.engagement.reposts))
            .bind(count(raw.engagement.replies))
            .bind(count(raw.engagement.quotes))
            .bind(&raw.reply_to)
            .bind(&raw.quote_of)
            .bind(&raw.repost_of)
            .fetch_optional(&mut *tx)
            .await?;
            match inserted {
                Some((post_id,)) => {
                    new_posts.push((post_id, post));
                    report.inserted += 1;
                }
                None => {
                    refresh_counts(&mut tx, post).await?;
                    report.updated += 1;
                }
            }
        }
        insert_children(&mut tx, &new_posts).await?;
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
    pub async fn source_cursor(&self, stream: &str) -> Result<Option<String>, sqlx::Error> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT cursor FROM source_cursors WHERE stream = ?")
                .bind(stream)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|(cursor,)| cursor))
    }

    /// How many posts are stored in all.
    pub async fn post_count(&self) -> Result<u64, sqlx::Error> {
        let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM posts")
            .fetch_one(self.pool())
            .await?;
        Ok(count as u64)
    }
}

/// Inserts or refreshes an author; returns their id.
async fn upsert_author(
    conn: &mut SqliteConnection,
    post: &Post,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let author = &post.raw.author;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO authors (source, remote_id, handle, display_name, followers, bio, url, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, remote_id) DO UPDATE SET
             handle = excluded.handle,
             display_name = coalesce(excluded.display_name, display_name),
             followers = coalesce(excluded.followers, followers),
             bio = coalesce(excluded.bio, bio),
             url = coalesce(excluded.url, url),
             updated_at = excluded.updated_at
         RETURNING author_id",
    )
    .bind(post.raw.source.as_str())
    .bind(&author.remote_id)
    .bind(&author.handle)
    .bind(&author.display_name)
    .bind(author.followers.map(count))
    .bind(&author.bio)
    .bind(&author.url)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// A post seen again: its counts only ever grow (another instance may report fewer).
async fn refresh_counts(conn: &mut SqliteConnection, post: &Post) -> Result<(), sqlx::Error> {
    let e = post.raw.engagement;
    sqlx::query(
        "UPDATE posts SET likes = max(likes, ?), reposts = max(reposts, ?), replies = max(replies, ?),
             quotes = max(quotes, ?)
         WHERE source = ? AND remote_id = ?",
    )
    .bind(count(e.likes))
    .bind(count(e.reposts))
    .bind(count(e.replies))
    .bind(count(e.quotes))
    .bind(post.raw.source.as_str())
    .bind(&post.raw.remote_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Hashtags, links, papers, entities and the full-text entries of new posts, in multi-row inserts.
async fn insert_children(
    conn: &mut SqliteConnection,
    posts: &[(i64, &Post)],
) -> Result<(), sqlx::Error> {
    let hashtags: Vec<(i64, &str)> = posts
        .iter()
        .flat_map(|(id, p)| p.hashtags.iter().map(move |t| (*id, t.as_str())))
        .collect();
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO post_hashtags (post_id, tag) ",
        &hashtags,
        |b, (id, tag)| {
            b.push_bind(*id).push_bind(*tag);
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
    let papers: Vec<(i64, &str, &str)> = posts
        .iter()
        .flat_map(|(id, p)| p.papers.iter().map(move |r| (*id, r.kind(), r.value())))
        .collect();
    insert_rows(
        conn,
        "INSERT OR IGNORE INTO post_papers (post_id, kind, value) ",
        &papers,
        |b, (id, kind, value)| {
            b.push_bind(*id).push_bind(*kind).push_bind(*value);
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
    let texts: Vec<(i64, Option<&str>, &str)> = posts
        .iter()
        .map(|(id, p)| (*id, p.raw.title.as_deref(), p.raw.text.as_str()))
        .collect();
    insert_rows(
        conn,
        "INSERT INTO posts_fts (rowid, title, text) ",
        &texts,
        |b, (id, title, text)| {
            b.push_bind(*id).push_bind(*title).push_bind(*text);
        },
    )
    .await
}

/// One multi-row INSERT per `ROWS_PER_INSERT` rows; `bind` pushes one row's values.
async fn insert_rows<'a, T>(
    conn: &mut SqliteConnection,
    head: &str,
    rows: &'a [T],
    bind: impl Fn(&mut sqlx::query_builder::Separated<'_, 'a, Sqlite, &'static str>, &'a T) + Copy,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
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
