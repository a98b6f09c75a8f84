//! Every source failing at once: Mastodon rate-limiting, Jetstream refusing connections, X sending
//! a truncated body and the feeds a 500 and an HTML page, all at the same time (SPEC R2). The bot
//! keeps answering commands, `/sources status` shows each source's failure, the logs say what went
//! wrong, and once the sources recover every post is stored, once.

use super::*;
use crate::app::*;
use crate::fake_feeds::{FakeFeeds, Route};
use crate::fake_jetstream::FakeJetstream;
use crate::fake_mastodon::{status, Author, FakeMastodon, Fault as MastodonFault};
use crate::fake_x::{post, user, FakeX, Fault as XFault};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;

const PHARMACIST: Author = Author {
    username: "rxjo",
    home: "med-mastodon.example",
    account_id: "3001",
    display_name: "Jo, PharmD",
    note: "<p>Clinical pharmacist.</p>",
    followers: 450,
};

fn jetstream_post(n: usize) -> String {
    let text = format!("Antibiotic timeout {n} #MedEd");
    let start = text.find("#MedEd").unwrap();
    serde_json::json!({
        "did": "did:plc:faultsrx", "time_us": 1_764_151_200_000_000u64 + n as u64 * 1_000_000,
        "kind": "commit",
        "commit": {"rev": format!("3kd{n:04}"), "operation": "create",
            "collection": "app.bsky.feed.post", "rkey": format!("3kd{n:04}"), "cid": format!("bafyd{n}"),
            "record": {"$type": "app.bsky.feed.post", "text": text,
                "createdAt": "2026-11-26T10:00:00.000Z", "langs": ["en"],
                "facets": [{"index": {"byteStart": start, "byteEnd": start + 6},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "MedEd"}]}]}}
    })
    .to_string()
}

async fn sources_status(app: &TestApp) -> String {
    app.fake
        .slash(GUILD_A, "sources")
        .subcommand("status")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /sources status: {e}\n{}", app.logs()))
        .content
}

async fn source_counts(app: &TestApp) -> Vec<(String, i64)> {
    let pool = db(app).await;
    let rows = sqlx::query_as("SELECT source, count(*) FROM posts GROUP BY source ORDER BY source")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

#[tokio::test]
async fn every_source_failing_at_once_loses_nothing_and_the_bot_keeps_answering() {
    let mastodon = FakeMastodon::start().await;
    mastodon.add((0..12).map(|n| {
        let id = format!("{}", 300_000 + n);
        status(
            &id,
            &id,
            &PHARMACIST,
            &format!("<p>Interaction check {n} #MedEd</p>"),
            &["meded"],
        )
    }));
    mastodon.fail_next(MastodonFault::RateLimited {
        retry_after_secs: 1,
    });
    let jetstream = FakeJetstream::serving((0..8).map(jetstream_post).collect()).await;
    jetstream.refuse(Some(503));
    let x = FakeX::start().await;
    x.add_users([user(
        "77",
        "idpharm",
        "ID Pharm",
        "Infectious diseases PharmD",
        300,
    )]);
    x.add_posts([post(
        "1860000000000000777",
        "77",
        "Vancomycin AUC dosing #MedEd",
        &["MedEd"],
        &[],
    )]);
    x.fail_next(XFault::Truncated);
    let feeds = FakeFeeds::start().await;
    feeds.set("/pubmed.xml", Route::status(500));
    feeds.set(
        "/journal.xml",
        Route::body(
            "<!DOCTYPE html><html><body>Maintenance</body></html>",
            "text/html",
        ),
    );

    let mut app = prepare_app().await;
    for (name, value) in [
        ("ROUNDS__SOURCES__MASTODON__ENABLED", "true".to_owned()),
        (
            "ROUNDS__SOURCES__MASTODON__INSTANCES",
            format!(r#"["{}"]"#, mastodon.base_url()),
        ),
        ("ROUNDS__SOURCES__BLUESKY__ENABLED", "true".to_owned()),
        (
            "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
            jetstream.url.clone(),
        ),
        // The refresh stage reads no real AppView in tests: a closed local port.
        (
            "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
            "http://127.0.0.1:9".to_owned(),
        ),
        ("ROUNDS__SOURCES__X__ENABLED", "true".to_owned()),
        ("ROUNDS__SOURCES__X__API_BASE", x.api_base()),
        (
            "ROUNDS__SOURCES__X__BEARER_TOKEN",
            "x-test-bearer".to_owned(),
        ),
        ("ROUNDS__SOURCES__RSS__ENABLED", "true".to_owned()),
        // The fake feed host is on 127.0.0.1.
        (
            "ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES",
            "true".to_owned(),
        ),
    ] {
        app.set_env(name, &value);
    }
    let store = Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    let now = chrono::Utc::now();
    store
        .track_hashtag(guild, &Hashtag::parse("MedEd").unwrap(), None, now)
        .await
        .unwrap();
    for path in ["/pubmed.xml", "/journal.xml"] {
        store
            .follow_feed(guild, &feeds.url(path), None, now)
            .await
            .unwrap();
    }
    store.close().await;

    app.start_bot().await;
    // Every source has failed its first poll.
    let failed = eventually(&app, STEP, "every source to record a failure", || async {
        let store = app.store().await;
        let statuses = store.source_statuses().await.unwrap();
        store.close().await;
        let failed: Vec<String> = statuses
            .iter()
            // Each feed's own row ("feed:URL") is for the guilds that follow it.
            .filter(|s| !s.source.starts_with("feed:"))
            .filter(|s| s.last_error.is_some() && s.last_success_at.is_none())
            .map(|s| s.source.clone())
            .collect();
        (failed.len() == 4).then_some(failed)
    })
    .await;
    assert!(source_counts(&app).await.is_empty(), "nothing to store yet");

    // Members and moderators are still answered, and see what is wrong.
    let tags = app
        .fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /track list: {e}\n{}", app.logs()));
    assert!(tags.content.contains("#MedEd"), "{}", tags.content);
    let status = sources_status(&app).await;
    for source in &failed {
        let line = status
            .lines()
            .find(|l| l.contains(&format!("**{}**", source.replace(':', "\\:"))))
            .unwrap_or_else(|| panic!("{source} missing from /sources status:\n{status}"));
        assert!(
            line.contains("failing, last error") && line.contains("no success yet"),
            "{line}"
        );
    }
    let logs = app.logs();
    for source in &failed {
        assert!(
            logs.lines()
                .any(|l| l.contains("poll failed") && l.contains(source.as_str())),
            "no readable warning for {source}:\n{logs}"
        );
    }

    // The outage ends. A poll after failures waits at least twice the 30 s floor, so the bot is
    // restarted (SIGTERM) to poll at once; nothing it saw while failing was lost.
    jetstream.refuse(None);
    feeds.set(
        "/pubmed.xml",
        Route::fixture("pubmed.xml", "application/rss+xml"),
    );
    feeds.set(
        "/journal.xml",
        Route::fixture("journal.atom", "application/atom+xml"),
    );
    let status = app.terminate().await;
    assert!(status.success(), "{status:?}\n{}", app.logs());
    app.start_bot().await;
    let counts = eventually(&app, STEP, "every post from every source", || async {
        let counts = source_counts(&app).await;
        let want = [("bluesky", 8), ("feed", 4), ("mastodon", 12), ("x", 1)];
        let all = want
            .iter()
            .all(|(s, n)| counts.iter().any(|(c, k)| c == s && k >= n));
        all.then_some(counts)
    })
    .await;
    assert_eq!(
        counts,
        [
            ("bluesky".to_owned(), 8),
            ("feed".to_owned(), 4),
            ("mastodon".to_owned(), 12),
            ("x".to_owned(), 1)
        ],
        "a post lost or stored twice"
    );
    let status = sources_status(&app).await;
    for source in &failed {
        let line = status
            .lines()
            .find(|l| l.contains(&format!("**{}**", source.replace(':', "\\:"))))
            .unwrap();
        assert!(line.contains("ok, last success"), "{line}");
    }
    app.kill().await;
    assert_database_intact(&app).await;
}
