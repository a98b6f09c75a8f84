//! The searchPosts backfill against the fake appview: one login shared by every poll, a refresh
//! when the access token expires, per-tag cursors, and 429s that move nothing.

use crate::fake_bluesky::{post_view, FakeBluesky, APP_PASSWORD, HANDLE};
use crate::sink::MemorySink;
use rounds::domain::Hashtag;
use rounds::sources::bluesky::{BlueskySearchSource, SearchTuning};
use rounds::sources::{PollReport, PollRequest, Source, SourceError};
use secrecy::SecretString;
use std::collections::BTreeSet;
use std::time::Duration;

const AMARA: &str = "did:plc:hq4tmkd2ws7yaxn3bu5vlzpe";
const JO: &str = "did:plc:rk6b2wqyfm3tnzv4sx7ho5da";
const ICU: &str = "did:plc:w2kd7ztm5qx3yrb6nh4vlaec";

fn source(fake: &FakeBluesky) -> BlueskySearchSource {
    source_with(fake, APP_PASSWORD)
}

fn source_with(fake: &FakeBluesky, password: &str) -> BlueskySearchSource {
    BlueskySearchSource::new(
        &fake.url,
        &format!("@{HANDLE}"),
        SecretString::from(password.to_owned()),
        rounds::sources::http::client(),
    )
    .unwrap()
}

fn tags(names: &[&str]) -> Vec<Hashtag> {
    names.iter().map(|n| Hashtag::parse(n).unwrap()).collect()
}

async fn poll(
    source: &BlueskySearchSource,
    sink: &MemorySink,
    tags: &[Hashtag],
) -> Result<PollReport, SourceError> {
    let request = PollRequest {
        tags,
        feeds: &[],
        sink,
    };
    source.poll(&request).await
}

fn param(query: &str, name: &str) -> Option<String> {
    let url = reqwest::Url::parse(&format!("http://x/?{query}")).unwrap();
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Three clinicians' posts: two under #MedEd, one under #MedSky.
fn seed(fake: &FakeBluesky) {
    let mut pearl = post_view(
        AMARA,
        "dr-amara.bsky.social",
        "3lf2a7kq2ms2c",
        "Teaching pearl: ask every patient what would bring them back. #MedEd",
        "2026-01-01T10:00:01.000Z",
    );
    pearl["author"]["displayName"] = "Dr Amara Okafor".into();
    pearl["likeCount"] = 41.into();
    pearl["repostCount"] = 9.into();
    pearl["replyCount"] = 5.into();
    pearl["quoteCount"] = 2.into();
    fake.add_post(pearl);
    fake.add_post(post_view(
        JO,
        "jo-pharmd.bsky.social",
        "3lf2a7nb4wz2p",
        "DOAC dosing in CKD: the new guideline in one table. #MedSky #PharmSky",
        "2026-01-01T10:00:03.000Z",
    ));
    fake.add_post(post_view(
        ICU,
        "handle.invalid",
        "3lf2a7tx3gn2f",
        "Sepsis bundles, revisited for the residents. #meded",
        "2026-01-01T10:00:05.000Z",
    ));
}

fn ids(sink: &MemorySink) -> BTreeSet<String> {
    sink.posts().into_iter().map(|p| p.remote_id).collect()
}

#[tokio::test]
async fn posts_are_mapped_with_handles_names_and_counts() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let report = poll(&source(&fake), &sink, &tags(&["MedEd", "MedSky"]))
        .await
        .unwrap();
    assert_eq!(report.requests, 2);
    assert_eq!(report.stored.inserted, 3);

    let posts = sink.posts();
    let pearl = posts.iter().find(|p| p.author.remote_id == AMARA).unwrap();
    assert_eq!(
        pearl.remote_id,
        format!("at://{AMARA}/app.bsky.feed.post/3lf2a7kq2ms2c")
    );
    assert_eq!(
        pearl.url.as_deref(),
        Some("https://bsky.app/profile/did:plc:hq4tmkd2ws7yaxn3bu5vlzpe/post/3lf2a7kq2ms2c")
    );
    assert_eq!(pearl.author.handle, "dr-amara.bsky.social");
    assert_eq!(
        pearl.author.display_name.as_deref(),
        Some("Dr Amara Okafor")
    );
    assert_eq!(
        (
            pearl.engagement.likes,
            pearl.engagement.reposts,
            pearl.engagement.replies,
            pearl.engagement.quotes
        ),
        (41, 9, 5, 2)
    );
    assert_eq!(pearl.hashtags, vec!["MedEd"]);
    assert_eq!(pearl.origin, "127.0.0.1");

    let icu = posts.iter().find(|p| p.author.remote_id == ICU).unwrap();
    assert_eq!(
        icu.author.handle, ICU,
        "an unverified handle gives way to the DID"
    );
    assert_eq!(icu.author.display_name, None);

    let jo = posts.iter().find(|p| p.author.remote_id == JO).unwrap();
    assert_eq!(jo.hashtags, vec!["MedSky", "PharmSky"]);

    let searches = fake.searches();
    let first = &searches[0].query;
    assert_eq!(param(first, "q").as_deref(), Some("#MedEd"));
    assert_eq!(param(first, "tag").as_deref(), Some("MedEd"));
    assert_eq!(param(first, "sort").as_deref(), Some("latest"));
    assert_eq!(param(first, "limit").as_deref(), Some("100"));
    assert_eq!(
        param(first, "since"),
        None,
        "a first poll reads the latest page"
    );
    assert!(first.contains("q=%23MedEd"), "{first}");

    assert_eq!(
        sink.cursor_of("bluesky:search:meded").as_deref(),
        Some("2026-01-01T10:00:05.000Z")
    );
    assert_eq!(
        sink.cursor_of("bluesky:search:medsky").as_deref(),
        Some("2026-01-01T10:00:03.000Z")
    );
}

#[tokio::test]
async fn one_session_serves_every_poll() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let source = source(&fake);
    let tracked = tags(&["MedEd", "MedSky"]);
    for _ in 0..3 {
        poll(&source, &sink, &tracked).await.unwrap();
    }
    assert_eq!(fake.sessions_created(), 1);
    assert_eq!(fake.refreshes(), 0);
    let searches = fake.searches();
    assert_eq!(searches.len(), 6);
    assert!(searches
        .iter()
        .all(|s| s.bearer.as_deref() == Some("access-1")));
    // Later polls ask from the cursor, less two minutes for posts indexed late.
    assert_eq!(
        param(&searches[2].query, "since").as_deref(),
        Some("2026-01-01T09:58:05.000Z")
    );
    assert_eq!(
        ids(&sink).len(),
        3,
        "repeats are dedupe work for the store, not new posts"
    );
    let last = sink.batches.lock().unwrap().last().unwrap().clone();
    assert_eq!(
        last.cursor, None,
        "a cursor already there is not written again"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_not_replaced() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let source = source(&fake);
    let tracked = tags(&["MedEd"]);
    poll(&source, &sink, &tracked).await.unwrap();
    fake.expire_access_tokens();
    fake.add_post(post_view(
        AMARA,
        "dr-amara.bsky.social",
        "3lf2b22c4hx2n",
        "Morning report case: hyponatraemia with a twist. #MedEd",
        "2026-01-01T10:05:00.000Z",
    ));
    let report = poll(&source, &sink, &tracked).await.unwrap();

    assert_eq!(report.stored.inserted, 1);
    assert_eq!(fake.sessions_created(), 1);
    assert_eq!(fake.refreshes(), 1);
    let bearers: Vec<Option<String>> = fake.searches().into_iter().map(|s| s.bearer).collect();
    assert_eq!(
        bearers,
        vec![
            Some("access-1".into()),
            Some("access-1".into()),
            Some("access-2".into())
        ]
    );
    poll(&source, &sink, &tracked).await.unwrap();
    assert_eq!((fake.sessions_created(), fake.refreshes()), (1, 1));
}

#[tokio::test]
async fn a_refused_refresh_token_leads_to_one_new_login() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let source = source(&fake);
    let tracked = tags(&["MedEd"]);
    poll(&source, &sink, &tracked).await.unwrap();
    fake.expire_access_tokens();
    fake.revoke_refresh_tokens();
    poll(&source, &sink, &tracked).await.unwrap();
    poll(&source, &sink, &tracked).await.unwrap();
    assert_eq!(fake.sessions_created(), 2);
    assert_eq!(fake.refreshes(), 0);
}

#[tokio::test]
async fn a_rate_limit_reports_the_wait_and_moves_no_cursor() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let source = source(&fake);
    fake.rate_limit_next(1);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    let SourceError::RateLimited {
        retry_after: Some(wait),
    } = error
    else {
        panic!("{error:?}");
    };
    assert!(
        wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    assert!(sink.batches.lock().unwrap().is_empty());
    assert_eq!(sink.cursor_of("bluesky:search:meded"), None);

    poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(ids(&sink).len(), 2);
    assert_eq!(fake.sessions_created(), 1);
}

#[tokio::test]
async fn a_backlog_is_read_page_by_page_with_the_cursor_moved_last() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let source = source(&fake).with_tuning(SearchTuning {
        page_size: 2,
        ..SearchTuning::default()
    });
    let tracked = tags(&["MedEd"]);
    poll(&source, &sink, &tracked).await.unwrap();
    for minute in 1..=5 {
        fake.add_post(post_view(
            ICU,
            "icu-doc.bsky.social",
            &format!("3lf2c{minute}aaaaaaa"),
            &format!("ICU teaching, part {minute}: vasopressors. #MedEd"),
            &format!("2026-01-01T10:0{minute}:00.000Z"),
        ));
    }
    let report = poll(&source, &sink, &tracked).await.unwrap();
    // Seven posts since the cursor's margin, two per page.
    assert_eq!(report.requests, 4);
    assert_eq!(ids(&sink).len(), 7);
    let batches = sink.batches.lock().unwrap().clone();
    let cursors: Vec<Option<String>> = batches[1..].iter().map(|b| b.cursor.clone()).collect();
    assert_eq!(
        cursors,
        vec![None, None, None, Some("2026-01-01T10:05:00.000Z".into())]
    );
    let searches = fake.searches();
    assert_eq!(param(&searches[2].query, "cursor").as_deref(), Some("2"));
}

#[tokio::test]
async fn a_wrong_app_password_is_refused_as_configuration() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let error = poll(
        &source_with(&fake, "wrong-pass-word-0000"),
        &sink,
        &tags(&["MedEd"]),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, SourceError::Refused(_)), "{error:?}");
    assert!(!error.is_transient());
    assert!(!error.to_string().contains("wrong-pass"), "{error}");
    assert!(fake.searches().is_empty());
}

#[tokio::test]
async fn a_tag_tracked_twice_is_searched_once() {
    let fake = FakeBluesky::start().await;
    seed(&fake);
    let sink = MemorySink::new();
    let report = poll(&source(&fake), &sink, &tags(&["MedEd", "#meded"]))
        .await
        .unwrap();
    assert_eq!(report.requests, 1);
    assert_eq!(source(&fake).name(), "bluesky:search");
}

#[test]
fn a_handle_is_required() {
    let error = BlueskySearchSource::new(
        "https://bsky.social",
        " ",
        SecretString::from("x".to_owned()),
        rounds::sources::http::client(),
    );
    assert!(error.is_err());
}
