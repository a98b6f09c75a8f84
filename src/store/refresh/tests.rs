use super::*;
use crate::domain::entities::Tagger;
use crate::domain::normalize::{normalize, Post};
use crate::domain::post::Engagement;
use crate::domain::post::{RawAuthor, RawPost};
use crate::sources::refresh::Profile;
use crate::sources::Upstream;
use chrono::Duration;

fn post(source: SourceKind, id: &str, author: &str, age_secs: i64) -> Post {
    let raw = RawPost {
        source,
        origin: "a.example".into(),
        remote_id: id.to_owned(),
        uri: id.to_owned(),
        url: None,
        author: RawAuthor {
            remote_id: author.to_owned(),
            handle: author.to_owned(),
            ..RawAuthor::default()
        },
        title: None,
        text: format!("Post {id} about metformin #MedEd"),
        language: None,
        created_at: Utc::now() - Duration::seconds(age_secs),
        engagement: Engagement {
            likes: 1,
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

async fn likes(store: &Store, remote_id: &str) -> Option<i64> {
    sqlx::query_as::<_, (i64,)>("SELECT likes FROM posts WHERE remote_id = ?")
        .bind(remote_id)
        .fetch_optional(store.pool())
        .await
        .unwrap()
        .map(|(l,)| l)
}

#[tokio::test]
async fn recent_posts_come_stalest_first_and_mastodon_needs_a_lookup_id() {
    let store = crate::store::test_store().await;
    let now = Utc::now();
    let posts = [
        post(
            SourceKind::Bluesky,
            "at://did:plc:a/app.bsky.feed.post/1",
            "did:plc:a",
            60,
        ),
        post(
            SourceKind::Bluesky,
            "at://did:plc:a/app.bsky.feed.post/2",
            "did:plc:a",
            120,
        ),
        post(
            SourceKind::Bluesky,
            "at://did:plc:a/app.bsky.feed.post/old",
            "did:plc:a",
            5 * 86_400,
        ),
        post(
            SourceKind::Mastodon,
            "https://a.example/users/x/statuses/9",
            "https://a.example/@x",
            60,
        ),
        post(
            SourceKind::Mastodon,
            "https://b.example/users/y/statuses/8",
            "https://b.example/@y",
            60,
        ),
    ];
    let located = vec![Upstream::PostLocated {
        source: SourceKind::Mastodon,
        remote_id: "https://a.example/users/x/statuses/9".into(),
        origin: "a.example".into(),
        local_id: "1109".into(),
    }];
    store
        .commit_batch("t", None, &posts, &located, now)
        .await
        .unwrap();
    let since = now - Duration::hours(48);
    let bluesky = store
        .posts_to_refresh(SourceKind::Bluesky, None, since, now, 10)
        .await
        .unwrap();
    let ids: Vec<&str> = bluesky.iter().map(|t| t.remote_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "at://did:plc:a/app.bsky.feed.post/1",
            "at://did:plc:a/app.bsky.feed.post/2"
        ],
        "the newest first among never-read posts; the old one is past max_age"
    );
    let mastodon = store
        .posts_to_refresh(SourceKind::Mastodon, Some("a.example"), since, now, 10)
        .await
        .unwrap();
    assert_eq!(
        mastodon,
        [Tracked {
            remote_id: "https://a.example/users/x/statuses/9".into(),
            lookup: "1109".into()
        }],
        "the post without a local id cannot be asked for"
    );

    // Read once: the other one is now first in line; counts are replaced, not maxed.
    let fresh = [(
        "at://did:plc:a/app.bsky.feed.post/1".to_owned(),
        Engagement {
            likes: 0,
            reposts: 4,
            ..Engagement::default()
        },
    )];
    let applied = store
        .apply_refresh(
            SourceKind::Bluesky,
            &Reading {
                fresh: fresh.to_vec(),
                ..Reading::default()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(applied.refreshed, 1);
    assert_eq!(
        likes(&store, "at://did:plc:a/app.bsky.feed.post/1").await,
        Some(0)
    );
    let later = now + Duration::minutes(20);
    let next = store
        .posts_to_refresh(SourceKind::Bluesky, None, since, later, 1)
        .await
        .unwrap();
    assert_eq!(next[0].remote_id, "at://did:plc:a/app.bsky.feed.post/2");
    let not_yet = store
        .posts_to_refresh(
            SourceKind::Bluesky,
            None,
            since,
            now - Duration::minutes(15),
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        not_yet.len(),
        1,
        "a post read this interval is not read again"
    );
}

#[tokio::test]
async fn deletions_found_leave_the_store_and_profiles_stick() {
    let store = crate::store::test_store().await;
    let now = Utc::now();
    let posts = [
        post(
            SourceKind::Bluesky,
            "at://did:plc:a/app.bsky.feed.post/1",
            "did:plc:a",
            60,
        ),
        post(
            SourceKind::Bluesky,
            "at://did:plc:a/app.bsky.feed.post/2",
            "did:plc:a",
            60,
        ),
    ];
    store
        .commit_batch("t", None, &posts, &[], now)
        .await
        .unwrap();
    let profile = Profile {
        remote_id: "did:plc:a".into(),
        handle: "heart.bsky.social".into(),
        display_name: Some("Dr Heart".into()),
        bio: Some("Cardiologist".into()),
        followers: Some(5),
    };
    let applied = store
        .apply_refresh(
            SourceKind::Bluesky,
            &Reading {
                gone: vec!["at://did:plc:a/app.bsky.feed.post/2".to_owned()],
                profiles: vec![profile],
                ..Reading::default()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!((applied.deleted, applied.profiles), (1, 1));
    assert_eq!(
        likes(&store, "at://did:plc:a/app.bsky.feed.post/2").await,
        None
    );
    let (fts,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'metformin'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(fts, 1, "the deleted post left the full-text index");
    // A later Jetstream post (no handle: the DID stands in) keeps the handle read.
    let again = [post(
        SourceKind::Bluesky,
        "at://did:plc:a/app.bsky.feed.post/3",
        "did:plc:a",
        10,
    )];
    store
        .commit_batch("t", None, &again, &[], now)
        .await
        .unwrap();
    let (handle, name): (String, Option<String>) =
        sqlx::query_as("SELECT handle, display_name FROM authors WHERE remote_id = 'did:plc:a'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(
        (handle.as_str(), name.as_deref()),
        ("heart.bsky.social", Some("Dr Heart"))
    );
    let stale = store
        .profiles_to_refresh(
            SourceKind::Bluesky,
            now - Duration::hours(48),
            now - Duration::hours(24),
            10,
        )
        .await
        .unwrap();
    assert!(
        stale.is_empty(),
        "a profile read today is not read again: {stale:?}"
    );

    store
        .record_refresh_run("bluesky", applied, 3, Some("rate limited"), now)
        .await
        .unwrap();
    let runs = store.refresh_runs().await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].deleted, runs[0].requests), (1, 3));
    assert_eq!(runs[0].last_success_at, None);
    assert_eq!(runs[0].last_error.as_deref(), Some("rate limited"));
}
