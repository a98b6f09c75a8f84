//! A guild's posts kept by topic (`guild_topic_posts`, migration 0015) for the posts a batch stored
//! or added tags and entities to: one statement per batch, in the batch's transaction.
//!
//! A guild holds a post when it tracks one of the post's hashtags, and then holds a row for the post
//! ('g'), one for each of its hashtags ('h') and one for each drug or disease it names ('e'). The
//! rows are written with `INSERT OR IGNORE`, so a post seen again with a new tag or entity gains
//! exactly what it lacked, and a guild holding the post through two tags holds it once.

use sqlx::SqliteConnection;

/// Writes the `guild_topic_posts` rows of `post_ids` (posts already stored with their hashtags and
/// entities) for every guild tracking one of their hashtags.
pub(super) async fn keep(conn: &mut SqliteConnection, post_ids: &[i64]) -> Result<(), sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(());
    }
    sqlx::query(KEEP)
        .bind(crate::store::digests::id_list(post_ids.iter().copied()))
        .execute(conn)
        .await?;
    Ok(())
}

/// The statement, in its own file so that the ingest bench's Python peer runs the very same one.
const KEEP: &str = include_str!("by_topic.sql");
