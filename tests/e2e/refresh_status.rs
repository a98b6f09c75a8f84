//! The refresh stage in the running bot: it runs under the supervisor as soon as the bot starts,
//! and `/sources status` shows each service's last pass, what it refreshed and deleted, and whether
//! it is failing.

use crate::app::*;
use crate::fake_appview::FakeAppView;
use crate::fake_jetstream::FakeJetstream;
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::normalize;
use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
use rounds::store::refresh::Applied;
use rounds::store::Store;

#[tokio::test]
async fn sources_status_shows_each_services_last_refresh_pass() {
    let app = spawn_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    let now = chrono::Utc::now();
    store
        .record_poll_success("x", 3, None, std::time::Duration::from_secs(900), now)
        .await
        .unwrap();
    let applied = Applied {
        refreshed: 120,
        deleted: 3,
        profiles: 7,
    };
    store
        .record_refresh_run(
            "bluesky",
            applied,
            6,
            None,
            now - chrono::Duration::minutes(4),
        )
        .await
        .unwrap();
    store
        .record_refresh_run(
            "mastodon:med-mastodon.com",
            Applied::default(),
            1,
            Some("rate limited; retry after 60s"),
            now,
        )
        .await
        .unwrap();
    store.close().await;

    let reply = app
        .fake
        .slash(GUILD_A, "sources")
        .subcommand("status")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    let text = &reply.content;
    assert!(reply.ephemeral);
    assert!(text.contains("**x**: ok, last success"), "{text}");
    assert!(
        text.contains("**bluesky**: last pass 4m ago: 120 posts refreshed, 3 deleted upstream, 7 profiles; ok"),
        "{text}"
    );
    assert!(
        text.contains("**mastodon\\:med\\-mastodon.com**: last pass")
            && text.contains("failing: rate limited"),
        "{text}"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn the_running_bot_refreshes_counts_profiles_and_deletions() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    let uri = |rkey: &str| format!("at://did:plc:aaaa/app.bsky.feed.post/{rkey}");
    let posts: Vec<_> = ["3kone", "3ktwo"]
        .iter()
        .map(|rkey| {
            let raw = RawPost {
                source: SourceKind::Bluesky,
                origin: "jetstream".into(),
                remote_id: uri(rkey),
                uri: uri(rkey),
                url: None,
                author: RawAuthor {
                    remote_id: "did:plc:aaaa".into(),
                    handle: "did:plc:aaaa".into(),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("Post {rkey} on sepsis bundles #MedEd"),
                language: None,
                created_at: chrono::Utc::now() - chrono::Duration::hours(2),
                engagement: Default::default(),
                hashtags: vec![],
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, Tagger::bundled()).unwrap()
        })
        .collect();
    store
        .commit_posts("test:seed", None, &posts, chrono::Utc::now())
        .await
        .unwrap();
    let appview = FakeAppView::start().await;
    appview.add_post(&uri("3kone"), 77, 3);
    // 3ktwo was deleted upstream: the AppView no longer returns it.
    appview.add_profile(
        "did:plc:aaaa",
        "sepsis.bsky.social",
        "Dr Sepsis",
        "Intensivist",
    );
    let jetstream = FakeJetstream::serving(Vec::new()).await;
    app.set_env("ROUNDS__SOURCES__BLUESKY__ENABLED", "true");
    app.set_env("ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL", &jetstream.url);
    app.set_env("ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL", &appview.url);
    app.start_bot().await;

    let deadline = tokio::time::Instant::now() + STEP;
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    loop {
        let likes: Vec<(String, i64)> =
            sqlx::query_as("SELECT remote_id, likes FROM posts ORDER BY remote_id")
                .fetch_all(&pool)
                .await
                .unwrap();
        if likes == [(uri("3kone"), 77)] {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no refresh pass within {STEP:?}: {likes:?}\n{}",
            app.logs()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (handle, name): (String, Option<String>) =
        sqlx::query_as("SELECT handle, display_name FROM authors WHERE remote_id = 'did:plc:aaaa'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    assert_eq!(
        (handle.as_str(), name.as_deref()),
        ("sepsis.bsky.social", Some("Dr Sepsis"))
    );
    let runs = store.refresh_runs().await.unwrap();
    assert!(
        runs.iter()
            .any(|r| r.service == "bluesky" && r.deleted == 1 && r.last_error.is_none()),
        "{runs:?}"
    );
    store.close().await;
    app.fake.assert_no_schema_violations();
}
