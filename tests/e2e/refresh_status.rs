//! `/sources status` shows the refresh stage: each service's last pass, what it refreshed and
//! deleted, and whether it is failing.

use crate::app::*;
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
    assert!(text.contains("**x**: last success"), "{text}");
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
