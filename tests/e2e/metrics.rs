//! `[metrics] listen`: the running bot serves `/metrics` and `/healthz`. Known events (a feed of
//! five items polled, one command answered) show up as exact values in a scrape, the output passes
//! `promtool check metrics` where Prometheus's tool is installed, and `/healthz` says the gateway
//! and the database are up.

use crate::app::*;
use crate::fake_feeds::{FakeFeeds, Route};
use crate::faults::eventually;
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;

const FEED_ITEMS: usize = 5;

fn feed() -> String {
    let items: String = (0..FEED_ITEMS)
        .map(|n| {
            format!(
                "<item><title>Trial {n} of statins</title><link>https://journal.example/a/{n}</link>\
                 <guid>https://journal.example/a/{n}</guid>\
                 <pubDate>Thu, 26 Nov 2026 1{n}:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Journal</title>\
         <link>https://journal.example/</link>{items}</channel></rss>"
    )
}

/// The address the bot logged it listens on (it was given port 0).
fn listen_address(app: &TestApp) -> Option<String> {
    let logs = app.logs();
    let line = logs.lines().find(|l| l.contains("serving /metrics"))?;
    // The log may be coloured: take the address itself, not what surrounds `address=`.
    let start = line.find("127.0.0.1:")?;
    let port: String = line[start + "127.0.0.1:".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(format!("127.0.0.1:{port}"))
}

async fn get(address: &str, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("http://{address}{path}"))
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The value of one sample line (`name{labels} value`), if present.
fn sample(scrape: &str, series: &str) -> Option<f64> {
    scrape.lines().find_map(|line| {
        let value = line.strip_prefix(series)?.strip_prefix(' ')?;
        value.trim().parse().ok()
    })
}

#[tokio::test]
// The counts read back from the scrape are whole numbers, exact in an f64.
#[allow(clippy::float_cmp)]
async fn a_scrape_counts_what_happened_and_health_is_reported() {
    let feeds = FakeFeeds::start().await;
    feeds.set("/journal.xml", Route::body(feed(), "application/rss+xml"));
    let mut app = prepare_app().await;
    for (name, value) in [
        ("ROUNDS__SOURCES__RSS__ENABLED", "true"),
        ("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true"),
        ("ROUNDS__METRICS__LISTEN", "127.0.0.1:0"),
    ] {
        app.set_env(name, value);
    }
    let store = Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    let now = chrono::Utc::now();
    store
        .track_hashtag(guild, &Hashtag::parse("MedEd").unwrap(), None, now)
        .await
        .unwrap();
    store
        .follow_feed(guild, &feeds.url("/journal.xml"), None, now)
        .await
        .unwrap();
    store.close().await;
    app.start_bot().await;

    let address = eventually(&app, STEP, "the metrics listener", || async {
        listen_address(&app)
    })
    .await;
    // The feed's five items are stored and counted under the feed source.
    let scrape = eventually(&app, STEP, "five posts counted", || async {
        let (_, scrape) = get(&address, "/metrics").await;
        (sample(&scrape, "rounds_posts_ingested_total{source=\"feeds\"}") == Some(5.0))
            .then_some(scrape)
    })
    .await;
    assert_eq!(
        sample(
            &scrape,
            "rounds_source_polls_total{source=\"feeds\",outcome=\"ok\"}"
        ),
        Some(1.0),
        "{scrape}"
    );
    assert_eq!(
        sample(&scrape, "rounds_discord_gateway_connected"),
        Some(1.0)
    );
    assert!(sample(&scrape, "rounds_database_size_bytes").unwrap_or(0.0) >= 4096.0);
    assert_eq!(sample(&scrape, "rounds_digests_posted_total"), Some(0.0));
    assert!(
        scrape.contains("# TYPE rounds_posts_ingested_total counter"),
        "{scrape}"
    );

    // One command answered: one sample in its latency histogram.
    app.fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /track list: {e}\n{}", app.logs()));
    let scrape = eventually(&app, STEP, "the command's latency", || async {
        let (_, scrape) = get(&address, "/metrics").await;
        sample(
            &scrape,
            "rounds_command_duration_seconds_count{command=\"track list\",outcome=\"ok\"}",
        )
        .map(|count| (count, scrape))
    })
    .await;
    assert_eq!(scrape.0, 1.0, "{}", scrape.1);
    promtool_check(&scrape.1);

    // A refused command (bad input) is answered ephemerally and counted as refused, not failed.
    let refused = app
        .fake
        .slash(GUILD_A, "track")
        .subcommand("add")
        .string("hashtag", "med ed")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /track add: {e}\n{}", app.logs()));
    assert!(refused.ephemeral);
    assert!(
        refused.content.contains("That hashtag can't be used"),
        "{}",
        refused.content
    );
    let scrape = eventually(&app, STEP, "the refusal's latency", || async {
        let (_, scrape) = get(&address, "/metrics").await;
        sample(
            &scrape,
            "rounds_command_duration_seconds_count{command=\"track add\",outcome=\"refused\"}",
        )
        .map(|count| (count, scrape))
    })
    .await;
    assert_eq!(scrape.0, 1.0, "{}", scrape.1);
    assert!(!scrape.1.contains("outcome=\"error\""), "{}", scrape.1);

    let (status, body) = get(&address, "/healthz").await;
    assert_eq!(
        (status, body.as_str()),
        (200, "discord: ok\ndatabase: ok\n")
    );
    let (status, _) = get(&address, "/nothing").await;
    assert_eq!(status, 404);
}

/// `promtool check metrics` on a scrape, when Prometheus's tool is installed (Debian's
/// `prometheus` package); said and skipped otherwise.
fn promtool_check(scrape: &str) {
    use std::io::Write as _;
    let Ok(mut child) = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("promtool is not installed: the scrape's format was not checked by it");
        return;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(scrape.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && said.trim().is_empty(),
        "promtool check metrics: {said}\n{scrape}"
    );
}

#[tokio::test]
async fn posts_deleted_upstream_are_counted_under_their_source() {
    use crate::fake_jetstream::{delete_frame, post_frame, FakeJetstream};
    const DID: &str = "did:plc:metricsdeletions";
    let start = 1_764_151_200_000_000u64;
    let mut frames: Vec<String> = (0..3)
        .map(|n| {
            post_frame(
                DID,
                &format!("3m{n}"),
                start + n * 1_000_000,
                "2026-11-26T10:00:00.000Z",
                &format!("Sepsis bundle {n} #MedEd"),
                "MedEd",
            )
        })
        .collect();
    frames.push(delete_frame(DID, "3m1", start + 5_000_000));
    let jetstream = FakeJetstream::serving(frames).await;
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__SOURCES__BLUESKY__ENABLED", "true");
    app.set_env("ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL", &jetstream.url);
    app.set_env("ROUNDS__METRICS__LISTEN", "127.0.0.1:0");
    let store = Store::open(&app.database_url).await.unwrap();
    store
        .track_hashtag(
            GuildId::new(GUILD_A).unwrap(),
            &Hashtag::parse("MedEd").unwrap(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    app.start_bot().await;
    let address = eventually(&app, STEP, "the metrics listener", || async {
        listen_address(&app)
    })
    .await;
    let series = |name: &str| format!("{name}{{source=\"bluesky:jetstream\"}}");
    let scrape = eventually(&app, STEP, "the deletion counted", || async {
        let (_, scrape) = get(&address, "/metrics").await;
        (sample(&scrape, &series("rounds_posts_deleted_total")) == Some(1.0)).then_some(scrape)
    })
    .await;
    assert_eq!(
        sample(&scrape, &series("rounds_posts_ingested_total")),
        Some(3.0),
        "{scrape}"
    );
    let pool = crate::faults::db(&app).await;
    let (stored,): (i64,) = sqlx::query_as("SELECT count(*) FROM posts")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(stored, 2, "the scrape agrees with the store");
}

#[tokio::test]
async fn a_failing_source_shows_its_errors_and_back_off() {
    let feeds = FakeFeeds::start().await;
    feeds.set("/down.xml", Route::status(500));
    let mut app = prepare_app().await;
    for (name, value) in [
        ("ROUNDS__SOURCES__RSS__ENABLED", "true"),
        ("ROUNDS__SOURCES__RSS__POLL_INTERVAL", "1m"),
        ("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true"),
        ("ROUNDS__METRICS__LISTEN", "127.0.0.1:0"),
    ] {
        app.set_env(name, value);
    }
    let store = Store::open(&app.database_url).await.unwrap();
    store
        .follow_feed(
            GuildId::new(GUILD_A).unwrap(),
            &feeds.url("/down.xml"),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    app.start_bot().await;
    let address = eventually(&app, STEP, "the metrics listener", || async {
        listen_address(&app)
    })
    .await;
    let scrape = eventually(&app, STEP, "the failed poll", || async {
        let (_, scrape) = get(&address, "/metrics").await;
        (sample(
            &scrape,
            "rounds_source_consecutive_failures{source=\"feeds\"}",
        ) == Some(1.0))
        .then_some(scrape)
    })
    .await;
    let errors: Vec<&str> = scrape
        .lines()
        .filter(|l| l.starts_with("rounds_source_errors_total{source=\"feeds\""))
        .collect();
    assert!(
        errors.len() == 1 && errors[0].ends_with(" 1"),
        "one error of one kind: {errors:?}"
    );
    assert_eq!(
        sample(
            &scrape,
            "rounds_source_polls_total{source=\"feeds\",outcome=\"error\"}"
        ),
        Some(1.0)
    );
    // After one failure the next poll waits twice the 1 m interval, plus up to a fifth of jitter.
    let next = sample(&scrape, "rounds_source_next_poll_seconds{source=\"feeds\"}").unwrap();
    assert!((120.0..=144.0).contains(&next), "{next}");
}

#[tokio::test]
async fn digests_posted_and_failed_are_counted() {
    use crate::digests::{seed_guild, set_up_digest_due_now};
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__METRICS__LISTEN", "127.0.0.1:0");
    let store = Store::open(&app.database_url).await.unwrap();
    seed_guild(&store, GUILD_A, 3).await;
    for channel in [TEXT_CHANNEL_A, NEWS_CHANNEL_A] {
        set_up_digest_due_now(
            &store,
            GUILD_A,
            channel,
            "UTC",
            chrono::Duration::minutes(1),
        )
        .await;
    }
    store.close().await;
    // One channel's posts fail (a 500: retried next round), the other's go through.
    app.fake.fail_next(
        "POST",
        &format!("/channels/{TEXT_CHANNEL_A}/messages"),
        500,
        1_000,
    );
    app.start_bot().await;
    let address = eventually(&app, STEP, "the metrics listener", || async {
        listen_address(&app)
    })
    .await;
    let scrape = eventually(&app, STEP, "one digest posted and one failed", || async {
        let (_, scrape) = get(&address, "/metrics").await;
        (sample(&scrape, "rounds_digests_posted_total") == Some(1.0)
            && sample(&scrape, "rounds_digests_failed_total") == Some(1.0))
        .then_some(scrape)
    })
    .await;
    assert_eq!(app.fake.channel_messages(NEWS_CHANNEL_A).len(), 1);
    // Every digest message waited for the shared pacer, and was timed.
    let paced = sample(&scrape, "rounds_discord_pacer_wait_seconds_count").unwrap_or(0.0);
    assert!(paced >= 2.0, "{scrape}");
}
