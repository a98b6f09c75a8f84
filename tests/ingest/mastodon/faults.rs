//! The Mastodon adapter when things go wrong: each fault gives the right `SourceError`, never moves
//! a cursor past posts not committed, and after recovery every post arrives exactly once.

use super::{committed_once, numbered, poll, source_for, tags, uri_of};
use crate::fake_mastodon::{FakeMastodon, Fault};
use crate::sink::MemorySink;
use rounds::sources::mastodon::MastodonSource;
use rounds::sources::SourceError;
use std::time::Duration;

/// A fake with 20 #MedEd statuses already polled once (cursor at 20), and 60 new ones waiting.
async fn polled_once() -> (FakeMastodon, MastodonSource, MemorySink, String) {
    let fake = FakeMastodon::start().await;
    fake.add((1..=20).map(|n| numbered(n, "MedEd")));
    let source = source_for(&fake);
    let sink = MemorySink::new();
    poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    let stream = format!("mastodon:{}:meded", fake.host());
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    fake.add((21..=80).map(|n| numbered(n, "MedEd")));
    fake.clear_requests();
    (fake, source, sink, stream)
}

/// Polls until the fake has nothing new, then checks that all 80 posts arrived exactly once.
async fn recovers(fake: &FakeMastodon, source: &MastodonSource, sink: &MemorySink, stream: &str) {
    for _ in 0..3 {
        poll(source, sink, &tags(&["MedEd"])).await.unwrap();
    }
    let ids = committed_once(sink);
    assert_eq!(ids.len(), 80, "{ids:?}");
    for n in 1..=80 {
        assert!(ids.contains(&uri_of(n)), "post {n} is missing");
    }
    assert_eq!(sink.cursor_of(stream).as_deref(), Some("80"));
    assert!(fake.requests().len() >= 3);
}

#[tokio::test]
async fn a_429_is_rate_limited_with_its_wait_and_moves_nothing() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::RateLimited {
        retry_after_secs: 30,
    });
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(error, SourceError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(30)),
        "{error:?}"
    );
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn a_500_is_unavailable_and_moves_nothing() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::ServerError);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(matches!(error, SourceError::Unavailable(_)), "{error:?}");
    assert!(error.is_transient());
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn a_401_is_refused_and_not_transient() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::Unauthorized);
    fake.fail_next(Fault::Unauthorized);
    for _ in 0..2 {
        let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
        assert!(matches!(error, SourceError::Refused(_)), "{error:?}");
        assert!(!error.is_transient());
    }
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn truncated_json_skips_the_page_and_keeps_the_cursor() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::Truncated);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(matches!(error, SourceError::Malformed(_)), "{error:?}");
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    assert_eq!(sink.batches.lock().unwrap().len(), 1);
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn an_html_page_instead_of_json_is_malformed() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::WrongContentType);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(&error, SourceError::Malformed(m) if m.contains("text/html")),
        "{error:?}"
    );
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_without_buffering_it() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::Huge);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(&error, SourceError::Malformed(m) if m.contains("over the limit")),
        "{error:?}"
    );
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn one_malformed_status_is_skipped_and_the_rest_of_its_page_kept() {
    let (fake, source, sink, stream) = polled_once().await;
    fake.fail_next(Fault::MalformedItem);
    let report = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(report.stored.inserted, 60);
    assert_eq!(report.stored.skipped, 1);
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("80"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_unavailable() {
    let (fake, _, sink, stream) = polled_once().await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let source =
        MastodonSource::new(&fake.base_url(), Duration::from_secs(120), None, impatient).unwrap();
    fake.fail_next(Fault::Slow(Duration::from_secs(3)));
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(&error, SourceError::Unavailable(m) if m.contains("timed out")),
        "{error:?}"
    );
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn a_failure_mid_way_keeps_the_pages_already_committed() {
    let (fake, source, sink, stream) = polled_once().await;
    // First forward page (21..=60) succeeds; the second fails.
    fake.fail_next(Fault::RemainingRequests(250));
    fake.fail_next(Fault::ServerError);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(matches!(error, SourceError::Unavailable(_)), "{error:?}");
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("60"));
    assert_eq!(committed_once(&sink).len(), 60);
    fake.clear_requests();
    poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(fake.requests()[0].param("min_id"), Some("60"));
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn a_failing_store_moves_no_cursor_and_a_later_poll_recovers() {
    let (fake, source, sink, stream) = polled_once().await;
    *sink.failing.lock().unwrap() = true;
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(matches!(error, SourceError::Sink(_)), "{error:?}");
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("20"));
    *sink.failing.lock().unwrap() = false;
    recovers(&fake, &source, &sink, &stream).await;
}

#[tokio::test]
async fn few_remaining_requests_stop_the_poll_and_hold_the_next_one() {
    let fake = FakeMastodon::start().await;
    let source = source_for(&fake);
    let sink = MemorySink::new();
    fake.fail_next(Fault::RemainingRequests(3));
    let report = poll(&source, &sink, &tags(&["MedEd", "CardioTwitter"]))
        .await
        .unwrap();
    assert_eq!(report.requests, 1, "the poll stops after the first answer");
    let error = poll(&source, &sink, &tags(&["MedEd", "CardioTwitter"]))
        .await
        .unwrap_err();
    assert!(
        matches!(error, SourceError::RateLimited { retry_after: Some(wait) } if wait > Duration::from_secs(200)),
        "{error:?}"
    );
    assert_eq!(fake.requests().len(), 1, "nothing is sent while holding");
}

#[tokio::test]
async fn a_failed_backfill_page_keeps_the_newest_page() {
    let fake = FakeMastodon::start().await;
    fake.add((1..=60).map(|n| numbered(n, "MedEd")));
    let source = source_for(&fake);
    let sink = MemorySink::new();
    fake.fail_next(Fault::RemainingRequests(250));
    fake.fail_next(Fault::Truncated);
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(matches!(error, SourceError::Malformed(_)), "{error:?}");
    assert_eq!(committed_once(&sink).len(), 40);
    assert_eq!(
        sink.cursor_of(&format!("mastodon:{}:meded", fake.host()))
            .as_deref(),
        Some("60")
    );
}
