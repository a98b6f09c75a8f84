use super::*;
use crate::domain::entities::Tagger;
use crate::domain::normalize::{normalize, Post};
use crate::domain::post::{RawAuthor, RawPost, SourceKind};
use crate::domain::summary::Topic;
use crate::domain::{GuildId, Hashtag};
use chrono::Duration;

const DAY: i64 = 86_400;

fn post(id: &str, author: &str, text: &str, age_secs: i64) -> Post {
    let raw = RawPost {
        source: SourceKind::Bluesky,
        origin: "jetstream".into(),
        remote_id: format!("at://{author}/app.bsky.feed.post/{id}"),
        uri: format!("at://{author}/app.bsky.feed.post/{id}"),
        url: None,
        author: RawAuthor {
            remote_id: author.to_owned(),
            handle: author.to_owned(),
            ..RawAuthor::default()
        },
        title: None,
        text: text.to_owned(),
        language: None,
        created_at: Utc::now() - Duration::seconds(age_secs),
        engagement: Default::default(),
        hashtags: vec![],
        links: vec!["https://doi.org/10.1056/NEJMoa2206286".into()],
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

async fn seeded() -> (Store, GuildId) {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(3).unwrap();
    store
        .track_hashtag(guild, &Hashtag::parse("MedEd").unwrap(), None, Utc::now())
        .await
        .unwrap();
    let posts = [
        post("p1", "did:plc:a", "Semaglutide in HFpEF #MedEd", 3600),
        post("p2", "did:plc:a", "Metformin and lactate #MedEd", 3600),
        post("p3", "did:plc:b", "Statins for everyone? #MedEd", 3600),
        post(
            "old",
            "did:plc:c",
            "Old news about aspirin #MedEd",
            100 * DAY,
        ),
    ];
    store
        .commit_posts("t", None, &posts, Utc::now())
        .await
        .unwrap();
    (store, guild)
}

/// Rows per table that holds posts: posts, hashtags, links, papers, entities, FTS matches of `word`.
async fn rows(store: &Store, word: &str) -> [i64; 6] {
    let mut counts = [0; 6];
    for (i, table) in [
        "posts",
        "post_hashtags",
        "post_links",
        "post_papers",
        "post_entities",
    ]
    .iter()
    .enumerate()
    {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(store.pool())
            .await
            .unwrap();
        counts[i] = n;
    }
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?")
        .bind(word)
        .fetch_one(store.pool())
        .await
        .unwrap();
    counts[5] = n;
    counts
}

async fn commit(store: &Store, cursor: &str, changes: Vec<Upstream>) -> usize {
    store
        .commit_batch("s", Some(cursor), &[], &changes, Utc::now())
        .await
        .unwrap()
        .deleted
}

fn deleted(author: &str, id: &str) -> Upstream {
    Upstream::PostDeleted {
        source: SourceKind::Bluesky,
        remote_id: format!("at://{author}/app.bsky.feed.post/{id}"),
    }
}

#[tokio::test]
async fn a_deleted_post_leaves_every_table_and_the_cursor_moves_with_it() {
    let (store, guild) = seeded().await;
    let before = rows(&store, "semaglutide").await;
    assert_eq!(before[0], 4);
    assert_eq!(before[5], 1);
    assert!(before[1] >= 4 && before[2] >= 4 && before[3] >= 4 && before[4] >= 1);
    let removed = commit(&store, "7", vec![deleted("did:plc:a", "p1")]).await;
    assert_eq!(removed, 1);
    let after = rows(&store, "semaglutide").await;
    assert_eq!(after[0], 3);
    assert_eq!(after[5], 0, "the FTS index still finds the deleted post");
    for table in 1..4 {
        assert_eq!(after[table], before[table] - 1, "table {table}: {after:?}");
    }
    let (orphans,): (i64,) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM post_entities WHERE post_id NOT IN (SELECT post_id FROM posts))
              + (SELECT count(*) FROM post_hashtags WHERE post_id NOT IN (SELECT post_id FROM posts))",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(orphans, 0);
    assert_eq!(
        store.source_cursor("s").await.unwrap().as_deref(),
        Some("7")
    );
    // The FTS index stays consistent: a full integrity check passes.
    sqlx::query("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)")
        .execute(store.pool())
        .await
        .unwrap();
    let topic = Topic::parse("semaglutide").unwrap();
    let (start, end) = (Utc::now() - Duration::days(1), Utc::now());
    assert!(store
        .topic_hits(guild, Some(&topic), start, end)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_flood_of_deletions_of_posts_never_stored_changes_nothing_but_the_cursor() {
    let (store, _) = seeded().await;
    let before = rows(&store, "semaglutide").await;
    let flood: Vec<Upstream> = (0..5_000)
        .map(|i| deleted("did:plc:zzz", &format!("r{i}")))
        .collect();
    let started = std::time::Instant::now();
    assert_eq!(commit(&store, "8", flood).await, 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(rows(&store, "semaglutide").await, before);
    assert_eq!(
        store.source_cursor("s").await.unwrap().as_deref(),
        Some("8")
    );
}

#[tokio::test]
async fn accounts_go_hide_come_back_and_change_handles() {
    let (store, guild) = seeded().await;
    let (start, end) = (Utc::now() - Duration::days(1), Utc::now());
    let shown = |store: Store| async move {
        let mut handles: Vec<String> = store
            .digest_posts(guild, start, end)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.author.handle)
            .collect();
        handles.sort();
        handles
    };
    let bluesky = SourceKind::Bluesky;
    let gone = commit(
        &store,
        "1",
        vec![Upstream::AccountGone {
            source: bluesky,
            author: "did:plc:b".into(),
        }],
    )
    .await;
    assert_eq!(gone, 1);
    let (authors,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM authors WHERE remote_id = 'did:plc:b'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(authors, 0, "a deleted account's profile stays");
    commit(
        &store,
        "2",
        vec![Upstream::AccountHidden {
            source: bluesky,
            author: "did:plc:a".into(),
        }],
    )
    .await;
    assert!(shown(store.clone()).await.is_empty());
    assert!(store
        .topic_hits(guild, None, start, end)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.post_count().await.unwrap(), 3, "hidden, not deleted");
    let (author_id,): (i64,) =
        sqlx::query_as("SELECT author_id FROM authors WHERE remote_id = 'did:plc:a'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    commit(
        &store,
        "3",
        vec![
            Upstream::AccountActive {
                source: bluesky,
                author: "did:plc:a".into(),
            },
            Upstream::HandleChanged {
                source: bluesky,
                author: "did:plc:a".into(),
                handle: "doc.example.org".into(),
            },
        ],
    )
    .await;
    assert_eq!(
        shown(store.clone()).await,
        ["doc.example.org", "doc.example.org"]
    );
    let (same,): (i64,) =
        sqlx::query_as("SELECT author_id FROM authors WHERE handle = 'doc.example.org'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(same, author_id, "a new handle is the same author");
}

#[tokio::test]
async fn retention_prunes_old_posts_their_children_and_orphaned_authors() {
    let (store, _) = seeded().await;
    let before = rows(&store, "aspirin").await;
    assert_eq!(before[5], 1);
    let pruned = store
        .prune_posts(Utc::now() - Duration::days(90))
        .await
        .unwrap();
    assert_eq!(
        pruned,
        Pruned {
            posts: 1,
            authors: 1
        }
    );
    let after = rows(&store, "aspirin").await;
    assert_eq!(after[0], 3);
    assert_eq!(after[5], 0);
    for table in 1..4 {
        assert_eq!(after[table], before[table] - 1, "table {table}: {after:?}");
    }
    let (authors,): (i64,) = sqlx::query_as("SELECT count(*) FROM authors")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(authors, 2);
    let again = store
        .prune_posts(Utc::now() - Duration::days(90))
        .await
        .unwrap();
    assert_eq!(again, Pruned::default());
}
