//! `commit_posts`: what a batch stores, and what a post seen again adds.

use super::*;
use crate::domain::entities::Tagger;
use crate::domain::normalize::normalize;
use crate::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use crate::store::test_store;

fn status(links: Vec<String>, likes: u64) -> Post {
    let raw = RawPost {
        source: SourceKind::Mastodon,
        origin: "a.example".into(),
        remote_id: "https://home.example/users/doc/statuses/1".into(),
        uri: "https://home.example/users/doc/statuses/1".into(),
        url: None,
        author: RawAuthor {
            remote_id: "https://home.example/@doc".into(),
            handle: "@doc@home.example".into(),
            ..RawAuthor::default()
        },
        title: None,
        text: "SGLT2i in HFpEF #MedEd".into(),
        language: None,
        created_at: Utc::now(),
        engagement: Engagement {
            likes,
            ..Engagement::default()
        },
        hashtags: vec![],
        links,
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

#[test]
fn batches_are_cut_into_the_few_statement_sizes_there_are() {
    let rows: Vec<usize> = (0..500).collect();
    let sizes: Vec<usize> = chunks(&rows).map(<[usize]>::len).collect();
    assert_eq!(sizes, [256, 64, 64, 64, 16, 16, 16, 4]);
    let joined: Vec<usize> = chunks(&rows).flatten().copied().collect();
    assert_eq!(joined, rows, "every row once, in order");
    assert_eq!(
        chunks(&rows[..7]).map(<[usize]>::len).collect::<Vec<_>>(),
        [4, 1, 1, 1]
    );
    assert_eq!(chunks::<usize>(&[]).count(), 0);
    let children: Vec<usize> = (0..2_900).collect();
    let sizes: Vec<usize> = chunks_of(&children, &CHILD_CHUNK_ROWS)
        .map(<[usize]>::len)
        .collect();
    assert_eq!(sizes, [2048, 512, 256, 64, 16, 4]);
    let joined: Vec<usize> = chunks_of(&children, &CHILD_CHUNK_ROWS)
        .flatten()
        .copied()
        .collect();
    assert_eq!(joined, children, "every child row once, in order");
}

#[tokio::test]
async fn a_post_seen_again_is_stored_once_and_gains_what_the_second_copy_knows() {
    let store = test_store().await;
    let now = Utc::now();
    let bare = store
        .commit_posts("a", None, &[status(vec![], 3)], now)
        .await
        .unwrap();
    let richer = vec!["https://www.nejm.org/doi/10.1056/x?utm_source=y".to_owned()];
    let again = store
        .commit_posts("b", Some("9"), &[status(richer, 1)], now)
        .await
        .unwrap();
    assert_eq!((bare.inserted, again.inserted, again.updated), (1, 0, 1));
    let links: Vec<(String,)> = sqlx::query_as("SELECT url FROM post_links")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(links, [("https://nejm.org/doi/10.1056/x".to_owned(),)]);
    let (likes, fts): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT likes FROM posts), (SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'hfpef')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(
        (likes, fts),
        (3, 1),
        "counts only grow; the text is indexed once"
    );
    assert_eq!(
        store.source_cursor("b").await.unwrap().as_deref(),
        Some("9")
    );
}
