//! Posts of a batch that are already stored (or repeated within the batch): their counts refreshed
//! in one statement for the whole batch, instead of one statement per post.

use super::{count, post_key};
use crate::domain::normalize::Post;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Raises the stored counts of `posts` to what these copies report (counts only ever grow: another
/// instance may report fewer), and returns each copy with the id of its stored post. Copies of one
/// post are merged first (the largest of each count), so the statement meets each post once. A
/// copy whose post is not stored (removed since) is left out, as before it was refreshed.
pub(super) async fn refresh_counts<'p>(
    conn: &mut SqliteConnection,
    posts: &[&'p Post],
) -> Result<Vec<(i64, &'p Post)>, sqlx::Error> {
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let mut merged: HashMap<(&str, &str), [u64; 4]> = HashMap::with_capacity(posts.len());
    for post in posts {
        let e = post.raw.engagement;
        let counts = merged.entry(post_key(post)).or_default();
        for (kept, seen) in counts
            .iter_mut()
            .zip([e.likes, e.reposts, e.replies, e.quotes])
        {
            *kept = (*kept).max(seen);
        }
    }
    let rows: Vec<serde_json::Value> = merged
        .iter()
        .map(|((source, remote_id), [likes, reposts, replies, quotes])| {
            serde_json::json!([
                source,
                remote_id,
                count(*likes),
                count(*reposts),
                count(*replies),
                count(*quotes)
            ])
        })
        .collect();
    // One lookup per merged post through the (source, remote_id) unique index.
    let stored: Vec<(i64, String, String)> = sqlx::query_as(
        "UPDATE posts SET likes = max(likes, k.value ->> 2), reposts = max(reposts, k.value ->> 3),
             replies = max(replies, k.value ->> 4), quotes = max(quotes, k.value ->> 5)
         FROM json_each(?1) k
         WHERE posts.source = k.value ->> 0 AND posts.remote_id = k.value ->> 1
         RETURNING post_id, source, remote_id",
    )
    .bind(serde_json::Value::from(rows).to_string())
    .fetch_all(&mut *conn)
    .await?;
    let ids: HashMap<(&str, &str), i64> = stored
        .iter()
        .map(|(id, source, remote_id)| ((source.as_str(), remote_id.as_str()), *id))
        .collect();
    Ok(posts
        .iter()
        .filter_map(|post| ids.get(&post_key(post)).map(|id| (*id, *post)))
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::domain::entities::Tagger;
    use crate::domain::normalize::{normalize, Post};
    use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
    use crate::store::test_store;
    use chrono::Utc;

    fn copy(remote_id: &str, likes: u64, replies: u64, text: &str) -> Post {
        let raw = RawPost {
            source: SourceKind::Mastodon,
            origin: "a.example".into(),
            remote_id: remote_id.into(),
            uri: remote_id.into(),
            url: None,
            author: RawAuthor {
                remote_id: "https://home.example/@doc".into(),
                handle: "@doc@home.example".into(),
                ..RawAuthor::default()
            },
            title: None,
            text: text.into(),
            language: None,
            created_at: Utc::now(),
            engagement: Engagement {
                likes,
                replies,
                ..Engagement::default()
            },
            hashtags: vec![],
            links: vec![],
            reply_to: None,
            quote_of: None,
            repost_of: None,
            mentions: vec![],
        };
        normalize(raw, Tagger::bundled()).unwrap()
    }

    #[tokio::test]
    async fn copies_in_one_batch_keep_the_largest_counts_and_add_their_hashtags() {
        let store = test_store().await;
        let now = Utc::now();
        let (one, two) = ("https://home.example/s/1", "https://home.example/s/2");
        store
            .commit_posts("a", None, &[copy(one, 3, 9, "first #MedEd")], now)
            .await
            .unwrap();
        let batch = [
            copy(one, 7, 1, "first #MedEd"),
            copy(two, 2, 2, "second"),
            copy(one, 5, 4, "first again #FOAMed"),
            copy(two, 1, 6, "second again #Cardiology"),
        ];
        let report = store
            .commit_posts("a", Some("2"), &batch, now)
            .await
            .unwrap();
        assert_eq!((report.inserted, report.updated), (1, 3));
        let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT p.remote_id, p.likes, p.replies,
                    (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM post_hashtags h
                     WHERE h.post_id = p.post_id ORDER BY tag))
             FROM posts p ORDER BY p.remote_id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        assert_eq!(
            rows,
            [
                (one.to_owned(), 7, 9, "foamed meded".to_owned()),
                (two.to_owned(), 2, 6, "cardiology".to_owned()),
            ],
            "each count the largest any copy reported; every copy's hashtags joined"
        );
    }
}
