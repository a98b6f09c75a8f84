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
    let ids = post_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(KEEP)
        .bind(format!("[{ids}]"))
        .execute(conn)
        .await?;
    Ok(())
}

/// `held` is each guild's hold on each post of the batch, read once and used for the three kinds.
const KEEP: &str = "
WITH held (guild_id, post_id, created_at, author_id, points) AS (
    SELECT DISTINCT t.guild_id, p.post_id, p.created_at, p.author_id,
           p.reply_to IS NOT NULL OR p.quote_of IS NOT NULL
    FROM json_each(?1) b
         JOIN posts p ON p.post_id = b.value
         JOIN post_hashtags h ON h.post_id = p.post_id
         JOIN tracked_hashtags t ON t.tag = h.tag
)
INSERT OR IGNORE INTO guild_topic_posts
    (guild_id, kind, key, created_at, post_id, author_id, points)
SELECT guild_id, 'g', '', created_at, post_id, author_id, points FROM held
UNION ALL
SELECT k.guild_id, 'h', o.tag, k.created_at, k.post_id, k.author_id, 0
FROM held k JOIN post_hashtags o ON o.post_id = k.post_id
UNION ALL
SELECT k.guild_id, 'e', e.canonical, k.created_at, k.post_id, k.author_id, 0
FROM held k JOIN post_entities e ON e.post_id = k.post_id AND e.kind IN ('drug', 'disease')";
