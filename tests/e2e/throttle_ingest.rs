//! Concurrent summaries do not stall ingest (issue #14): the real bot, throttle on with its default
//! concurrency cap (2 reports at once), 30,000 posts in the window `/summary` reads, and `/summary`
//! asked without a pause by six members of six guilds (so no cooldown, guild quota or cached
//! answer stands between them and the cap) while the bot's own feed poller stores a 200-item
//! batch. The batch must be readable in the database within 2 s of the feed's answer, with a
//! summary being computed at that moment. (Raising the cap to 6 by hand gave the same figure:
//! ingest writes through the store's own writer connection; the cap keeps reports' latency and
//! their share of the read pool bounded.)

use crate::app::*;
use crate::fake_feeds::{FakeFeeds, Route};
use crate::summary::text_of;
use chrono::Utc;
use rounds::domain::{GuildId, Hashtag};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the fake feed host holds its answer (counted from the poller's request, made at
/// start): time for the bot to connect and the summaries to get going before the batch arrives.
const FEED_DELAY: Duration = Duration::from_secs(6);

/// Posts in the window every summary reads.
const POSTS: i64 = 30_000;

/// The guilds that ask, from `FIRST_GUILD` on, each tracking the seeded tag.
const FIRST_GUILD: u64 = 7_000;
const GUILDS: u64 = 300;

/// The bound on a poll's store while summaries run.
const BOUND: Duration = Duration::from_secs(2);

fn rss(count: usize) -> String {
    let now = Utc::now();
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Batch</title><link>https://batch.example/</link>",
    );
    for n in 0..count {
        let date = now - chrono::TimeDelta::minutes(n as i64 + 1);
        xml.push_str(&format!(
            "<item><guid>batch-{n}</guid><title>Batch item {n}</title><link>https://batch.example/{n}</link><pubDate>{}</pubDate></item>",
            date.to_rfc2822()
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

/// `count` Mastodon posts under #MedEd about apixaban, spread over the last six days (inside the
/// default 7-day window of `/summary`) by 3,000 authors.
async fn seed(app: &TestApp, count: i64) {
    use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
    let store = rounds::store::Store::open(&app.database_url).await.unwrap();
    let tagger = rounds::domain::entities::Tagger::bundled();
    let now = Utc::now();
    let spacing = 6 * 24 * 3_600 / count;
    let posts: Vec<_> = (0..count)
        .map(|i| {
            let uri = format!("https://med.example/busy/{i}");
            let author = i % 3_000;
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med.example".into(),
                remote_id: uri.clone(),
                uri,
                url: None,
                author: RawAuthor {
                    remote_id: format!("https://med.example/users/doc{author}"),
                    handle: format!("@doc{author}@med.example"),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("Apixaban dosing in CKD, case {i}: stage {} #MedEd", i % 5),
                language: Some("en".into()),
                created_at: now - chrono::Duration::seconds(i * spacing + 60),
                engagement: Default::default(),
                hashtags: vec!["MedEd".to_owned()],
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            rounds::domain::normalize::normalize(raw, tagger).unwrap()
        })
        .collect();
    store
        .commit_posts("test:seed", None, &posts, now)
        .await
        .unwrap();
    store.close().await;
}

/// One `/summary` as the test saw it: when it was sent, when its answer was complete, and whether
/// it was computed (deferred, then followed up) rather than refused as busy.
struct Asked {
    sent: Instant,
    answered: Instant,
    computed: bool,
    text: String,
}

async fn feed_posts(pool: &sqlx::SqlitePool) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM posts WHERE source = 'feed'")
        .fetch_one(pool)
        .await
        .unwrap();
    count
}

#[tokio::test]
async fn concurrent_summaries_do_not_stall_a_feed_batch() {
    let feeds = FakeFeeds::start().await;
    feeds.set(
        "/batch/feed.xml",
        Route {
            delay: FEED_DELAY,
            ..Route::body(rss(200), "application/rss+xml")
        },
    );
    let mut app = prepare_app().await;
    seed(&app, POSTS).await;
    let store = app.store().await;
    // The guilds asking for summaries track the seeded tag: a summary reads its guild's posts.
    for n in 0..GUILDS {
        store
            .track_hashtag(
                GuildId::new(FIRST_GUILD + n).unwrap(),
                &Hashtag::parse("MedEd").unwrap(),
                None,
                Utc::now(),
            )
            .await
            .unwrap();
    }
    store
        .follow_feed(
            GuildId::new(GUILD_A).unwrap(),
            &feeds.url("/batch/feed.xml"),
            None,
            Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    app.set_env("ROUNDS__THROTTLE__ENABLED", "true");
    app.set_env("ROUNDS__SOURCES__RSS__ENABLED", "true");
    app.set_env("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true");
    app.start_bot().await;

    let app = Arc::new(app);
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicU64::new(0));
    let asked = Arc::new(Mutex::new(Vec::<Asked>::new()));
    let askers: Vec<_> = (0..6)
        .map(|_| {
            let (app, stop, next, asked) = (
                Arc::clone(&app),
                Arc::clone(&stop),
                Arc::clone(&next),
                Arc::clone(&asked),
            );
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    // A guild and member of its own for each report; retried as is when busy (a
                    // refusal counts as no use).
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    assert!(n < GUILDS, "ran out of guilds before the batch was stored");
                    loop {
                        let sent = Instant::now();
                        let reply = app
                            .fake
                            .slash(FIRST_GUILD + n, "summary")
                            .user(9_000 + n)
                            .string("topic", "apixaban")
                            .send()
                            .await
                            .wait_response(STEP)
                            .await
                            .unwrap_or_else(|e| {
                                panic!("no answer to /summary: {e}\n{}", app.logs())
                            });
                        let computed = reply.kind == 5;
                        asked.lock().unwrap().push(Asked {
                            sent,
                            answered: Instant::now(),
                            computed,
                            text: text_of(&reply),
                        });
                        if computed || stop.load(Ordering::Relaxed) {
                            break;
                        }
                        // Refused as busy: the cap is full, which is what this test wants.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            })
        })
        .collect();

    // The poller asked for the feed at start and the fake holds its answer for FEED_DELAY, while
    // the summaries above get going; the fake records the hit as it answers.
    let deadline = Instant::now() + FEED_DELAY + STEP;
    while feeds.hits("/batch/feed.xml").is_empty() {
        assert!(Instant::now() < deadline, "never polled\n{}", app.logs());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let answered_at = Instant::now();
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    let stored_at = loop {
        if feed_posts(&pool).await == 200 {
            break Instant::now();
        }
        assert!(
            Instant::now() < answered_at + STEP,
            "the batch was never stored\n{}",
            app.logs()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    stop.store(true, Ordering::Relaxed);
    for asker in askers {
        asker.await.unwrap();
    }
    pool.close().await;

    let asked = asked.lock().unwrap();
    let computed: Vec<&Asked> = asked.iter().filter(|a| a.computed).collect();
    let in_flight = computed
        .iter()
        .filter(|a| a.sent <= stored_at && stored_at <= a.answered)
        .count();
    let durations: Vec<Duration> = computed.iter().map(|a| a.answered - a.sent).collect();
    // Both instants are seen by polling every 5 ms: the figure is within about 5 ms.
    let latency = stored_at - answered_at;
    println!(
        "feed batch of 200 stored {} ms after the feed answered; {} summaries computed (longest {} ms), {} refused as busy, {} in flight at the commit",
        latency.as_millis(),
        computed.len(),
        durations.iter().max().unwrap_or(&Duration::ZERO).as_millis(),
        asked.len() - computed.len(),
        in_flight
    );
    assert!(
        computed[0].text.contains(&format!("**{POSTS}** posts")),
        "each summary reads the whole window: {}",
        computed[0].text
    );
    assert!(
        in_flight >= 1,
        "no summary was being computed when the batch was stored"
    );
    assert!(
        latency < BOUND,
        "the batch took {} ms while summaries ran",
        latency.as_millis()
    );
}
