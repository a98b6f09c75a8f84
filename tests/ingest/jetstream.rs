//! The Jetstream source against the fake firehose: what it keeps, where its cursor goes, and that
//! reconnects, drops and database failures lose nothing and store nothing twice.

use crate::fake_jetstream::{FakeJetstream, FIXTURE_START_US};
use crate::sink::MemorySink;
use rounds::domain::post::SourceKind;
use rounds::domain::Hashtag;
use rounds::sources::bluesky::{JetstreamSource, JetstreamTuning};
use rounds::sources::{PollReport, PollRequest, Source, SourceError, Upstream};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const STREAM: &str = "bluesky:jetstream";
const AMARA: &str = "did:plc:hq4tmkd2ws7yaxn3bu5vlzpe";
const SEC: u64 = 1_000_000;

/// The fixture's posts that carry #MedEd or #MedSky, in stream order.
const MATCHING: [&str; 6] = [
    "at://did:plc:hq4tmkd2ws7yaxn3bu5vlzpe/app.bsky.feed.post/3lf2a7kq2ms2c",
    "at://did:plc:rk6b2wqyfm3tnzv4sx7ho5da/app.bsky.feed.post/3lf2a7nb4wz2p",
    "at://did:plc:t7ylc2mw4qz6vbhx3kr5nesd/app.bsky.feed.post/3lf2a7pd2hk2s",
    "at://did:plc:m3zqx5vw7kd2hyt4bn6rflea/app.bsky.feed.post/3lf2a7rt6vb2d",
    "at://did:plc:w2kd7ztm5qx3yrb6nh4vlaec/app.bsky.feed.post/3lf2a7tx3gn2f",
    "at://did:plc:t7ylc2mw4qz6vbhx3kr5nesd/app.bsky.feed.post/3lf2a7xk2pd2j",
];

/// The last fixture frame, a post with no tracked tag.
const LAST_US: u64 = FIXTURE_START_US + 15 * SEC;

fn tuning() -> JetstreamTuning {
    JetstreamTuning {
        // Long enough that a busy machine does not end a replay early, short enough for tests.
        idle: Duration::from_millis(600),
        ..JetstreamTuning::default()
    }
}

fn source(fake: &FakeJetstream) -> JetstreamSource {
    JetstreamSource::new(&fake.url)
        .unwrap()
        .with_tuning(tuning())
}

fn tracked() -> Vec<Hashtag> {
    vec![
        Hashtag::parse("MedEd").unwrap(),
        Hashtag::parse("#medsky").unwrap(),
    ]
}

async fn poll(source: &JetstreamSource, sink: &MemorySink) -> Result<PollReport, SourceError> {
    let tags = tracked();
    let request = PollRequest {
        tags: &tags,
        feeds: &[],
        sink,
    };
    source.poll(&request).await
}

fn distinct_ids(sink: &MemorySink) -> BTreeSet<String> {
    sink.posts().into_iter().map(|p| p.remote_id).collect()
}

fn expected_ids() -> BTreeSet<String> {
    MATCHING
        .iter()
        .map(std::string::ToString::to_string)
        .collect()
}

#[tokio::test]
async fn a_first_poll_stores_exactly_the_posts_with_a_tracked_tag() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    let report = poll(&source(&fake), &sink).await.unwrap();

    let posts = sink.posts();
    let ids: Vec<&str> = posts.iter().map(|p| p.remote_id.as_str()).collect();
    assert_eq!(ids, MATCHING);
    assert_eq!(report.fetched, 6);
    assert_eq!(report.stored.inserted, 6);
    assert_eq!(report.requests, 1);
    assert_eq!(
        fake.queries(),
        vec!["wantedCollections=app.bsky.feed.post"],
        "no cursor stored: read live, uncompressed"
    );
    // The last frame matched nothing, yet the cursor is past it.
    assert_eq!(sink.cursor_of(STREAM), Some(LAST_US.to_string()));

    let pearl = &posts[0];
    assert_eq!(
        pearl.url.as_deref(),
        Some("https://bsky.app/profile/did:plc:hq4tmkd2ws7yaxn3bu5vlzpe/post/3lf2a7kq2ms2c")
    );
    assert_eq!(pearl.uri, MATCHING[0]);
    assert_eq!(pearl.origin, "jetstream");
    assert!(pearl.text.starts_with("Teaching pearl for new interns"));
    assert_eq!(pearl.hashtags, vec!["MedEd"]);
    assert_eq!(pearl.author.remote_id, AMARA);
    assert_eq!(pearl.author.handle, AMARA, "Jetstream has no handles");
    assert_eq!(pearl.engagement, Default::default());
    assert_eq!(pearl.language.as_deref(), Some("en"));
    assert_eq!(
        pearl.created_at.to_rfc3339(),
        "2026-01-01T09:59:59.412+00:00"
    );

    let guideline = &posts[1];
    assert_eq!(guideline.hashtags, vec!["MedSky", "PharmSky"]);
    assert_eq!(
        guideline.links,
        vec![
            "https://www.acc.org/guidelines/2025/doac-ckd?utm_source=bsky",
            "https://doi.org/10.1016/j.jacc.2025.01.001",
        ]
    );
    assert!(
        guideline.text.contains(
            "below. https://www.acc.org/guidelines/2025/doac-ckd?utm_source=bsky doi.org/10.1016/j.jacc.2025.01.001 #MedSky"
        ),
        "the shortened link is shown in full: {}",
        guideline.text
    );

    let simulation = &posts[2];
    assert!(simulation.text.contains("🫀🩺, résumé of the debrief"));
    assert_eq!(simulation.hashtags, vec!["MedEd", "NurseEd"]);

    let reply = &posts[3];
    assert_eq!(reply.reply_to.as_deref(), Some(MATCHING[0]));
    assert_eq!(reply.mentions, vec![AMARA]);
    assert_eq!(reply.quote_of, None);

    let quote = &posts[4];
    assert_eq!(quote.quote_of.as_deref(), Some(MATCHING[0]));
    assert_eq!(quote.hashtags, vec!["meded"]);

    let night = &posts[5];
    assert_eq!(
        night.text, "Night shift reflections 🌙 quiet ward, loud thoughts. #MedSky",
        "facets with impossible offsets leave the text alone"
    );
    assert_eq!(night.hashtags, vec!["MedSky"]);
}

#[tokio::test]
async fn the_next_poll_resumes_a_few_seconds_back_and_stores_nothing_twice() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    let source = source(&fake);
    poll(&source, &sink).await.unwrap();
    let again = poll(&source, &sink).await.unwrap();

    assert_eq!(fake.cursors(), vec![None, Some(LAST_US - 5 * SEC)]);
    // From 10:00:10 on, the quote and the night-shift post come again: repeats, not new posts.
    assert_eq!(again.stored.inserted, 0);
    assert_eq!(again.stored.updated, 2);
    assert_eq!(distinct_ids(&sink), expected_ids());
    assert_eq!(sink.cursor_of(STREAM), Some(LAST_US.to_string()));
}

#[tokio::test]
async fn a_connection_dropped_midstream_loses_nothing_once_the_next_poll_runs() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    let source = source(&fake);
    fake.drop_next_after(5);

    let broken = poll(&source, &sink).await.unwrap_err();
    assert!(matches!(broken, SourceError::Unavailable(_)), "{broken}");
    // The five frames read were committed: two posts, and the cursor at the fifth frame.
    assert_eq!(distinct_ids(&sink).len(), 2);
    assert_eq!(
        sink.cursor_of(STREAM),
        Some((FIXTURE_START_US + 4 * SEC).to_string())
    );

    poll(&source, &sink).await.unwrap();
    assert_eq!(
        fake.cursors(),
        vec![None, Some(FIXTURE_START_US - SEC)],
        "resumed from the fifth frame less the rewind"
    );
    assert_eq!(distinct_ids(&sink), expected_ids());
    assert_eq!(sink.cursor_of(STREAM), Some(LAST_US.to_string()));
}

#[tokio::test]
async fn a_failing_database_leaves_the_cursor_where_it_was() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    let source = source(&fake);
    let stored = (FIXTURE_START_US + 2 * SEC).to_string();
    sink.set_cursor(STREAM, &stored);
    *sink.failing.lock().unwrap() = true;

    let failed = poll(&source, &sink).await.unwrap_err();
    assert!(matches!(failed, SourceError::Sink(_)), "{failed}");
    assert_eq!(sink.cursor_of(STREAM), Some(stored));
    assert!(sink.posts().is_empty());

    *sink.failing.lock().unwrap() = false;
    poll(&source, &sink).await.unwrap();
    assert_eq!(
        fake.cursors(),
        vec![Some(FIXTURE_START_US - 3 * SEC); 2],
        "both polls start from the same stored cursor"
    );
    assert_eq!(distinct_ids(&sink), expected_ids());
}

#[tokio::test]
async fn commits_come_in_batches_each_with_the_cursor_of_the_last_frame_read() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    let source = JetstreamSource::new(&fake.url)
        .unwrap()
        .with_tuning(JetstreamTuning {
            batch_posts: 2,
            batch_every: Duration::from_secs(60),
            ..tuning()
        });
    poll(&source, &sink).await.unwrap();

    let batches = sink.batches.lock().unwrap().clone();
    // A batch closes at two items, posts and upstream changes (handle, account, deletion) alike.
    let shape: Vec<(usize, usize, Option<u64>)> = batches
        .iter()
        .map(|b| {
            (
                b.posts.len(),
                b.changes.len(),
                b.cursor.as_ref().map(|c| c.parse().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (1, 1, Some(FIXTURE_START_US + SEC)),
            (1, 1, Some(FIXTURE_START_US + 4 * SEC)),
            (1, 1, Some(FIXTURE_START_US + 6 * SEC)),
            (2, 0, Some(FIXTURE_START_US + 10 * SEC)),
            (1, 0, Some(LAST_US)),
        ]
    );
    let changes: Vec<Upstream> = batches.iter().flat_map(|b| b.changes.clone()).collect();
    let bluesky = SourceKind::Bluesky;
    assert_eq!(
        changes,
        vec![
            Upstream::HandleChanged {
                source: bluesky,
                author: "did:plc:rk6b2wqyfm3tnzv4sx7ho5da".into(),
                handle: "jo-pharmd.bsky.social".into(),
            },
            Upstream::AccountHidden {
                source: bluesky,
                author: "did:plc:b5x2qw7ezm4kyt3nv6hrlcad".into(),
            },
            Upstream::PostDeleted {
                source: bluesky,
                remote_id: "at://did:plc:b5x2qw7ezm4kyt3nv6hrlcad/app.bsky.feed.post/3lf2a7ms5cx2k"
                    .into(),
            },
        ]
    );
    assert!(batches.iter().all(|b| b.stream == STREAM));
}

#[tokio::test]
async fn a_sequence_number_cursor_is_ignored_and_replaced_by_a_time() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    sink.set_cursor(STREAM, "48210331");
    poll(&source(&fake), &sink).await.unwrap();
    assert_eq!(fake.cursors(), vec![None]);
    assert_eq!(sink.cursor_of(STREAM), Some(LAST_US.to_string()));
}

#[tokio::test]
async fn reading_stops_as_soon_as_the_stream_reaches_now() {
    let now_us = chrono::Utc::now().timestamp_micros() as u64;
    let live = format!(
        r#"{{"did":"did:plc:t7ylc2mw4qz6vbhx3kr5nesd","time_us":{now_us},"kind":"commit","commit":{{"rev":"3lf2b","operation":"create","collection":"app.bsky.feed.post","rkey":"3lf2b7live2ab","record":{{"$type":"app.bsky.feed.post","text":"Handover done. #MedEd","createdAt":"2026-01-01T10:00:00Z","tags":["MedEd"]}},"cid":"bafy"}}}}"#
    );
    let fake = FakeJetstream::serving(vec![live]).await;
    let sink = MemorySink::new();
    let source = JetstreamSource::new(&fake.url)
        .unwrap()
        .with_tuning(JetstreamTuning {
            idle: Duration::from_secs(15),
            // Generous, so a slow machine still sees the frame as live.
            live_within: Duration::from_secs(30),
            ..JetstreamTuning::default()
        });
    let started = Instant::now();
    let report = poll(&source, &sink).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(report.stored.inserted, 1);
    assert_eq!(sink.cursor_of(STREAM), Some(now_us.to_string()));
}

#[tokio::test]
async fn an_unreachable_jetstream_is_unavailable_and_commits_nothing() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let source = JetstreamSource::new(&format!("ws://{address}/subscribe"))
        .unwrap()
        .with_tuning(tuning());
    let sink = MemorySink::new();
    let error = poll(&source, &sink).await.unwrap_err();
    assert!(matches!(error, SourceError::Unavailable(_)), "{error}");
    assert!(error.is_transient());
    assert!(sink.batches.lock().unwrap().is_empty());
}

#[tokio::test]
async fn with_no_tracked_tags_nothing_is_read() {
    let fake = FakeJetstream::start().await;
    let sink = MemorySink::new();
    let request = PollRequest {
        tags: &[],
        feeds: &[],
        sink: &sink,
    };
    let report = source(&fake).poll(&request).await.unwrap();
    assert_eq!(report, PollReport::default());
    assert!(fake.queries().is_empty());
}

#[test]
fn only_websocket_urls_are_accepted() {
    assert!(JetstreamSource::new("https://jetstream2.us-east.bsky.network/subscribe").is_err());
    let source = JetstreamSource::new("wss://jetstream2.us-east.bsky.network/subscribe").unwrap();
    assert_eq!(source.name(), "bluesky:jetstream");
}
