//! SIGKILL while ingesting: a Mastodon instance paging through hundreds of statuses, a Jetstream
//! trickling events and a slow feed, with the bot killed at random points of its polls and started
//! again. Every post the fakes served ends up stored exactly once, no cursor ever runs ahead of
//! the posts it covers, and SQLite finds the database intact.

use super::*;
use crate::app::*;
use crate::fake_feeds::{FakeFeeds, Route};
use crate::fake_jetstream::FakeJetstream;
use crate::fake_mastodon::{status, Author, FakeMastodon, Fault};
use rounds::domain::{GuildId, Hashtag};
use std::collections::BTreeSet;

const KILLS: usize = 6;
/// Statuses the instance holds before the first poll (under the three-page backfill).
const FIRST_STATUSES: usize = 100;
/// Statuses and Jetstream posts that arrive between two runs.
const NEW_PER_RUN: usize = 30;
const FEED_ITEMS: usize = 25;

const NURSE: Author = Author {
    username: "icu_nurse",
    home: "med-mastodon.example",
    account_id: "2001",
    display_name: "ICU Nurse, RN",
    note: "<p>Critical care nurse.</p>",
    followers: 800,
};

/// Status `n` on the instance: fixed-width ids so they sort as Mastodon's do.
fn nth_status(n: usize) -> serde_json::Value {
    let id = format!("{}", 200_000 + n);
    status(
        &id,
        &id,
        &NURSE,
        &format!("<p>Handover pearl {n}: check the lines before the meds #MedEd</p>"),
        &["meded"],
    )
}

/// Where status `n` is stored: its `uri`.
fn status_uri(n: usize) -> String {
    format!(
        "https://med-mastodon.example/users/icu_nurse/statuses/{}",
        200_000 + n
    )
}

/// Jetstream events an hour old, a second apart (never "live", so each poll reads until idle).
fn event_time(n: usize) -> u64 {
    // Read once, so every call agrees even when the test runs across a change of hour.
    static BASE: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let base = *BASE.get_or_init(|| {
        let hour_ago = (chrono::Utc::now() - chrono::Duration::hours(1)).timestamp() as u64;
        (hour_ago - hour_ago % 3600) * 1_000_000
    });
    base + n as u64 * 1_000_000
}

fn jetstream_post(n: usize, time_us: u64) -> String {
    let text = format!("Sepsis bundle audit {n} #MedEd");
    let start = text.find("#MedEd").unwrap();
    serde_json::json!({
        "did": "did:plc:faultsnurse", "time_us": time_us, "kind": "commit",
        "commit": {"rev": format!("3kf{n:06}"), "operation": "create",
            "collection": "app.bsky.feed.post", "rkey": format!("3kf{n:06}"),
            "cid": format!("bafyfault{n}"),
            "record": {"$type": "app.bsky.feed.post", "text": text,
                "createdAt": "2026-11-26T10:00:00.000Z", "langs": ["en"],
                "facets": [{"index": {"byteStart": start, "byteEnd": start + 6},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "MedEd"}]}]}}
    })
    .to_string()
}

fn jetstream_uri(n: usize) -> String {
    format!("at://did:plc:faultsnurse/app.bsky.feed.post/3kf{n:06}")
}

fn feed(items: usize) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Critical care TOC</title><link>https://journal.example/</link>"#,
    );
    for i in 0..items {
        xml.push_str(&format!(
            "<item><title>Trial {i} of early mobilisation</title><link>https://journal.example/article/{i}</link>\
             <description>Abstract {i}.</description><pubDate>Mon, 06 May 2024 {:02}:{:02}:00 GMT</pubDate>\
             <guid isPermaLink=\"false\">journal-example-{i}</guid></item>",
            i / 60,
            i % 60
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

/// `(source, uri)` of every stored post.
async fn stored(app: &TestApp) -> Vec<(String, String)> {
    let pool = db(app).await;
    let rows = sqlx::query_as("SELECT source, uri FROM posts ORDER BY post_id")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

async fn cursor(app: &TestApp, stream_prefix: &str) -> Option<String> {
    let pool = db(app).await;
    let row: Option<(String,)> =
        sqlx::query_as("SELECT cursor FROM source_cursors WHERE stream LIKE ? || '%'")
            .bind(stream_prefix)
            .fetch_optional(&pool)
            .await
            .unwrap();
    pool.close().await;
    row.map(|(c,)| c)
}

/// A cursor never covers a post that is not stored: every status up to the Mastodon cursor and
/// every event up to the Jetstream cursor is in the database.
async fn assert_cursors_behind_stored_posts(app: &TestApp, statuses: usize, events: usize) {
    let uris: BTreeSet<String> = stored(app).await.into_iter().map(|(_, u)| u).collect();
    if let Some(newest) = cursor(app, "mastodon:").await {
        let newest: usize = newest.parse::<usize>().unwrap() - 200_000;
        for n in (0..statuses).filter(|n| *n <= newest) {
            assert!(
                uris.contains(&status_uri(n)),
                "the Mastodon cursor is at {newest} but status {n} is not stored"
            );
        }
    }
    if let Some(at) = cursor(app, "bluesky:jetstream").await {
        let at: u64 = at.parse().unwrap();
        for n in (0..events).filter(|n| event_time(*n) <= at) {
            assert!(
                uris.contains(&jetstream_uri(n)),
                "the Jetstream cursor is at {at} but event {n} is not stored"
            );
        }
    }
}

#[tokio::test]
async fn killed_at_random_points_while_ingesting_every_post_is_stored_exactly_once() {
    let mastodon = FakeMastodon::start().await;
    mastodon.add((0..FIRST_STATUSES).map(nth_status));
    // Every answer is slow, so kills land between a page's fetch and its commit.
    for _ in 0..400 {
        mastodon.fail_next(Fault::Slow(Duration::from_millis(200)));
    }
    let mut events = FIRST_STATUSES;
    let jetstream = FakeJetstream::serving(
        (0..events)
            .map(|n| jetstream_post(n, event_time(n)))
            .collect(),
    )
    .await;
    jetstream.pace(Duration::from_millis(15));
    let feeds = FakeFeeds::start().await;
    let mut route = Route::body(feed(FEED_ITEMS), "application/rss+xml");
    route.delay = Duration::from_millis(400);
    feeds.set("/toc.xml", route);

    let mut app = prepare_app().await;
    app.set_env(
        "ROUNDS__SOURCES__MASTODON__INSTANCES",
        &format!(r#"["{}"]"#, mastodon.base_url()),
    );
    // The fixtures are dated (March 2026 statuses, a 2024 feed): the bot's daily retention prune
    // would remove them, and this test is about what ingest stores.
    app.set_env("ROUNDS__RETENTION__POSTS_DAYS", "0");
    app.set_env("ROUNDS__SOURCES__MASTODON__ENABLED", "true");
    app.set_env("ROUNDS__SOURCES__BLUESKY__ENABLED", "true");
    app.set_env("ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL", &jetstream.url);
    // The refresh stage reads no real AppView in tests: a closed local port.
    app.set_env(
        "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
        "http://127.0.0.1:9",
    );
    app.set_env("ROUNDS__SOURCES__RSS__ENABLED", "true");
    // The fake feed host is on 127.0.0.1.
    app.set_env("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true");
    let store = rounds::store::Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    let now = chrono::Utc::now();
    store
        .track_hashtag(guild, &Hashtag::parse("MedEd").unwrap(), None, now)
        .await
        .unwrap();
    store
        .follow_feed(guild, &feeds.url("/toc.xml"), None, now)
        .await
        .unwrap();
    store.close().await;

    let mut statuses = FIRST_STATUSES;
    let mut schedule = Schedule::from_env_or_clock("ingest kills");
    for _ in 0..KILLS {
        // New posts arrive between runs once the first backfill is in (older ones would be out of
        // its reach by design).
        if cursor(&app, "mastodon:").await.is_some() {
            mastodon.add((statuses..statuses + NEW_PER_RUN).map(nth_status));
            statuses += NEW_PER_RUN;
        }
        for n in events..events + NEW_PER_RUN {
            jetstream.push(jetstream_post(n, event_time(n)));
        }
        events += NEW_PER_RUN;
        // Kill only once this run is ingesting: after its first request to a source.
        let asked = mastodon.requests().len();
        app.launch_bot();
        eventually(&app, STEP, "the bot to poll Mastodon", || async {
            (mastodon.requests().len() > asked).then_some(())
        })
        .await;
        tokio::time::sleep(schedule.between(Duration::ZERO, Duration::from_secs(2))).await;
        app.kill().await;
        assert_cursors_behind_stored_posts(&app, statuses, events).await;
    }

    app.start_bot().await;
    let expected: BTreeSet<(String, String)> = (0..statuses)
        .map(|n| ("mastodon".to_owned(), status_uri(n)))
        .chain((0..events).map(|n| ("bluesky".to_owned(), jetstream_uri(n))))
        .collect();
    let rows = eventually(
        &app,
        Duration::from_secs(30),
        "every post stored",
        || async {
            let rows = stored(&app).await;
            let feed_rows = rows.iter().filter(|(s, _)| s == "feed").count();
            let all_in = expected
                .iter()
                .all(|want| rows.iter().any(|(s, u)| s == &want.0 && u == &want.1));
            (all_in && feed_rows >= FEED_ITEMS).then_some(rows)
        },
    )
    .await;
    let by_source = |source: &str| rows.iter().filter(|(s, _)| s == source).count();
    assert_eq!(by_source("mastodon"), statuses, "a status stored twice");
    assert_eq!(by_source("bluesky"), events, "an event stored twice");
    assert_eq!(by_source("feed"), FEED_ITEMS, "a feed item stored twice");
    let distinct: BTreeSet<&(String, String)> = rows.iter().collect();
    assert_eq!(distinct.len(), rows.len(), "one post under two ids");
    assert_eq!(
        rows.len(),
        statuses + events + FEED_ITEMS,
        "unexpected posts: {rows:?}"
    );

    // The cursors end at the newest post each source served.
    assert_eq!(
        cursor(&app, "mastodon:").await.as_deref(),
        Some(format!("{}", 200_000 + statuses - 1).as_str())
    );
    let jetstream_at: u64 = cursor(&app, "bluesky:jetstream")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(jetstream_at >= event_time(events - 1), "{jetstream_at}");
    assert!(cursor(&app, "feed:").await.is_some());
    app.kill().await;
    assert_database_intact(&app).await;
    eprintln!(
        "ingest kills: {KILLS} kills, {} posts stored once ({statuses} statuses, {events} events, {FEED_ITEMS} feed items)",
        rows.len()
    );
}
