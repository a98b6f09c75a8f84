//! `/feeds add|remove|list` and `/sources status`: moderators choose feeds and see how sources fare.

use crate::app::*;
use crate::fake_discord::InteractionReply;
use rounds::domain::GuildId;
use rounds::store::Store;

async fn feeds(
    app: &TestApp,
    guild: u64,
    sub: &str,
    url: Option<&str>,
    user: u64,
    perms: u64,
) -> InteractionReply {
    let mut builder = app
        .fake
        .slash(guild, "feeds")
        .subcommand(sub)
        .user(user)
        .permissions(perms);
    if let Some(url) = url {
        builder = builder.string("url", url);
    }
    builder
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /feeds {sub}: {e}\n{}", app.logs()))
}

#[tokio::test]
async fn moderators_follow_list_and_unfollow_feeds_per_guild() {
    let app = spawn_app().await;
    let url = "https://connect.biorxiv.org/biorxiv_xml/cardiovascular_medicine";
    let added = feeds(
        &app,
        GUILD_A,
        "add",
        Some(&format!("<{url}>")),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(added.ephemeral);
    assert!(added.content.contains("Now following"), "{}", added.content);
    let listed = feeds(&app, GUILD_A, "list", None, MODERATOR, MANAGE_GUILD).await;
    assert!(listed.content.contains(url), "{}", listed.content);
    let other = feeds(&app, GUILD_B, "list", None, MODERATOR, MANAGE_GUILD).await;
    assert!(
        other.content.contains("follows no feeds"),
        "{}",
        other.content
    );

    for bad in [
        "javascript:alert(1)",
        "ftp://example.org/feed",
        "https://user:pw@example.org/rss",
        "not a url",
    ] {
        let refused = feeds(&app, GUILD_A, "add", Some(bad), MODERATOR, MANAGE_GUILD).await;
        assert!(
            refused.content.contains("can't be used"),
            "{bad}: {}",
            refused.content
        );
    }
    let member = feeds(
        &app,
        GUILD_A,
        "add",
        Some("https://example.org/rss"),
        MEMBER,
        0,
    )
    .await;
    assert!(
        member.content.contains("Manage Server"),
        "{}",
        member.content
    );

    let store = Store::open(&app.database_url).await.unwrap();
    assert_eq!(
        store.feeds(GuildId::new(GUILD_A).unwrap()).await.unwrap(),
        [url]
    );
    store.close().await;

    let removed = feeds(&app, GUILD_A, "remove", Some(url), MODERATOR, MANAGE_GUILD).await;
    assert!(
        removed.content.contains("Stopped following"),
        "{}",
        removed.content
    );
    let store = Store::open(&app.database_url).await.unwrap();
    assert!(store
        .feeds(GuildId::new(GUILD_A).unwrap())
        .await
        .unwrap()
        .is_empty());
    store.close().await;
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn sources_status_shows_a_guild_its_own_feeds_in_detail_and_shared_sources_as_ok_or_failing()
{
    let app = spawn_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    let now = chrono::Utc::now();
    let minute = std::time::Duration::from_secs(120);
    let (a, b) = (
        GuildId::new(GUILD_A).unwrap(),
        GuildId::new(GUILD_B).unwrap(),
    );
    let own = "https://journal-a.example/rss";
    let other = "https://secret-b.example/feed-of-guild-b";
    store.follow_feed(a, own, None, now).await.unwrap();
    store
        .follow_feed(a, "https://journal-a.example/new", None, now)
        .await
        .unwrap();
    store.follow_feed(b, other, None, now).await.unwrap();
    store
        .record_poll_success(
            "mastodon:med-mastodon.com",
            12,
            None,
            minute,
            now - chrono::Duration::minutes(5),
        )
        .await
        .unwrap();
    store
        .record_poll_failure(
            "x",
            "rate limited; retry after 900s",
            std::time::Duration::from_secs(900),
            now,
        )
        .await
        .unwrap();
    store
        .record_poll_failure(
            "feed:https://journal-a.example/rss",
            "server answered 404 Not Found",
            std::time::Duration::from_secs(900),
            now - chrono::Duration::minutes(2),
        )
        .await
        .unwrap();
    store
        .record_poll_failure(
            "feed:https://secret-b.example/feed-of-guild-b",
            "server answered 500 secret-b-marker",
            std::time::Duration::from_secs(900),
            now,
        )
        .await
        .unwrap();
    store.close().await;

    let status = |guild: u64| {
        let app = &app;
        async move {
            app.fake
                .slash(guild, "sources")
                .subcommand("status")
                .user(MODERATOR)
                .permissions(MANAGE_GUILD)
                .send()
                .await
                .wait_response(STEP)
                .await
                .unwrap()
        }
    };
    let reply = status(GUILD_A).await;
    assert!(reply.ephemeral);
    let content = &reply.content;
    assert!(content.contains("**This server's feeds**"), "{content}");
    assert!(
        content.contains(
            "<https://journal-a.example/rss>: no success yet; last error 2m ago: server answered 404 Not Found; polling every 15m"
        ),
        "{content}"
    );
    assert!(
        content.contains("<https://journal-a.example/new>: not polled yet"),
        "{content}"
    );
    assert!(
        content.contains("**mastodon\\:med\\-mastodon.com**: ok, last success 5m ago"),
        "{content}"
    );
    assert!(
        content.contains("**x**: failing, last error 0s ago; no success yet"),
        "{content}"
    );
    // Shared sources' error text, and other guilds' feeds, are not this guild's to read.
    assert!(!content.contains("rate limited"), "{content}");
    assert!(!content.contains("secret-b"), "{content}");
    assert!(!content.contains("(12 new)"), "{content}");

    let reply = status(GUILD_B).await;
    assert!(
        reply
            .content
            .contains("<https://secret-b.example/feed-of-guild-b>: no success yet; last error"),
        "{}",
        reply.content
    );
    assert!(!reply.content.contains("journal-a"), "{}", reply.content);
    app.fake.assert_no_schema_violations();
}
