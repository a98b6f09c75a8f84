//! Guarded fetching against the real binary (issue #14): a feed URL that points at this machine,
//! its private networks or a cloud metadata service is refused when added, however it is spelled,
//! by `/feeds add` and by `rounds feeds add`, and nothing is stored; a private feed that is in the
//! database anyway is never connected to while `sources.rss.allow_private_addresses` is off, and its
//! failure says why without quoting anything a server sent.

use super::*;
use crate::fake_feeds::{FakeFeeds, Route};
use rounds::domain::GuildId;
use rounds::store::Store;
use std::process::Output;
use tokio::process::Command;

/// Every spelling of a private address the issue listed, and the usual suspects.
const HOSTILE: &[&str] = &[
    "http://169.254.169.254/latest/meta-data/",
    "http://localhost:2375/containers/json",
    "http://LOCALHOST./feed",
    "http://feeds.localhost/rss",
    "http://10.0.0.5/",
    "http://192.168.1.1/rss",
    "http://172.16.0.1/rss",
    "http://100.64.0.1/rss",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://127.0.0.1./rss",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:7f00:1]/",
    "http://[fd00::1]/rss",
    "http://[fe80::1]/rss",
];

async fn cli(app: &TestApp, args: &[&str], env: &[(&str, &str)]) -> Output {
    let workdir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_rounds"));
    configure(
        &mut command,
        "",
        &app.database_url,
        &workdir.path().to_path_buf(),
    );
    command.args(args).envs(env.iter().copied());
    tokio::time::timeout(STEP * 6, command.output())
        .await
        .expect("the command finishes")
        .expect("the binary runs")
}

#[tokio::test]
async fn private_feed_addresses_are_refused_when_added_in_every_spelling() {
    let app = spawn_app().await;
    let before = database_snapshot(&app).await;
    for url in HOSTILE {
        let reply = reply_to(
            &app,
            "/feeds add",
            app.fake
                .slash(GUILD_A, "feeds")
                .subcommand("add")
                .user(MODERATOR)
                .permissions(MANAGE_GUILD)
                .string("url", url),
        )
        .await;
        assert!(reply.ephemeral, "{url}");
        assert!(
            reply.content.contains("can't be used") && reply.content.contains("may not reach"),
            "{url}: {}",
            reply.content
        );

        let guild = GUILD_A.to_string();
        let output = cli(&app, &["feeds", "add", "--guild", &guild, url], &[]).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{url} was accepted:\n{stderr}");
        assert!(stderr.contains("may not reach"), "{url}: {stderr}");
    }
    assert_same_rows(
        &before,
        &database_snapshot(&app).await,
        "refused feed additions",
    );
    app.fake.assert_nothing_could_ping();
}

#[tokio::test]
async fn a_stored_private_feed_is_never_fetched_while_the_guard_is_on() {
    let app = spawn_app().await;
    let feeds = FakeFeeds::start().await;
    let marker = "zq-private-body-7d1c";
    feeds.set("/feed.xml", Route::body(marker, "text/plain"));
    let url = feeds.url("/feed.xml");
    // Stored directly: the way a feed added before the guard existed, or a name that pointed
    // elsewhere when it was added, would be.
    let store = Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    store
        .follow_feed(guild, &url, None, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;

    let output = cli(
        &app,
        &["ingest", "--once"],
        &[("ROUNDS__SOURCES__RSS__ENABLED", "true")],
    )
    .await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("FAIL feeds") && stdout.contains("127.0.0.1 is a loopback address"),
        "{stdout}"
    );
    assert!(
        feeds.hits("/feed.xml").is_empty(),
        "the private feed was connected to: {:?}",
        feeds.hits("/feed.xml")
    );

    // The failure is what `/sources status` shows, and it says why.
    let reply = reply_to(
        &app,
        "/sources status",
        app.fake
            .slash(GUILD_A, "sources")
            .subcommand("status")
            .user(MODERATOR)
            .permissions(MANAGE_GUILD),
    )
    .await;
    assert!(
        reply.content.contains("feeds") && reply.content.contains("may not reach"),
        "{}",
        reply.content
    );

    // With private addresses allowed (as on a private network), the same feed is fetched; its
    // server's answer (not a feed) fails the poll without being quoted anywhere.
    let output = cli(
        &app,
        &["ingest", "--once"],
        &[
            ("ROUNDS__SOURCES__RSS__ENABLED", "true"),
            ("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true"),
        ],
    )
    .await;
    assert_eq!(feeds.hits("/feed.xml").len(), 1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("FAIL feeds"), "{stdout}");
    assert!(!stdout.contains(marker), "{stdout}");
    app.fake.assert_nothing_could_ping();
}

#[tokio::test]
async fn an_http_base_that_is_not_this_machine_is_refused_at_start() {
    let app = prepare_app().await;
    for (variable, value, key) in [
        (
            "ROUNDS__SOURCES__MASTODON__INSTANCES",
            r#"["http://med-mastodon.example"]"#,
            "sources.mastodon.instances",
        ),
        (
            "ROUNDS__METADATA__CROSSREF_BASE",
            "http://api.crossref.example",
            "metadata.crossref_base",
        ),
        (
            "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
            "ws://jetstream.example/subscribe",
            "sources.bluesky.jetstream_url",
        ),
    ] {
        let output = cli(&app, &["migrate"], &[(variable, value)]).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{variable}: {stderr}");
        assert!(
            stderr.contains(key) && stderr.contains("https://"),
            "{variable}: {stderr}"
        );
    }
}
