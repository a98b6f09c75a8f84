//! The X adapter when things go wrong: the right `SourceError`, a `since_id` that only moves once a
//! whole window is committed, and after recovery every post stored (the store dedupes re-reads).

use super::{distinct_ids, fake_with_users, numbered, poll, source_for, tags, xid};
use crate::fake_x::{FakeX, Fault};
use crate::sink::MemorySink;
use rounds::sources::x::XSource;
use rounds::sources::SourceError;
use std::time::Duration;

/// A fake with 5 posts already polled (cursor at 5) and 230 new ones waiting (three pages).
async fn polled_once() -> (FakeX, XSource, MemorySink) {
    let fake = fake_with_users().await;
    fake.add_posts((1..=5).map(numbered));
    let source = source_for(&fake);
    let sink = MemorySink::new();
    poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(5)));
    fake.add_posts((6..=235).map(numbered));
    fake.clear_requests();
    (fake, source, sink)
}

/// Polls again and checks that all 235 posts are stored and the cursor is at the newest.
async fn recovers(source: &XSource, sink: &MemorySink) {
    poll(source, sink, &tags(&["MedEd"])).await.unwrap();
    let ids = distinct_ids(sink);
    assert_eq!(ids.len(), 235);
    assert!((1..=235).all(|n| ids.contains(&xid(n))));
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(235)));
}

#[tokio::test]
async fn a_429_on_a_later_page_keeps_the_old_since_id() {
    let (fake, source, sink) = polled_once().await;
    fake.fail_next(Fault::Slow(Duration::ZERO));
    fake.fail_next(Fault::RateLimited { reset_in_secs: 60 });
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    let SourceError::RateLimited {
        retry_after: Some(wait),
    } = error
    else {
        panic!("{error:?}");
    };
    assert!(
        wait <= Duration::from_secs(60) && wait >= Duration::from_secs(55),
        "{wait:?}"
    );
    // The first page is stored, but the cursor still points before the whole window.
    assert_eq!(distinct_ids(&sink).len(), 105);
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(5)));
    let batches = sink.batches.lock().unwrap().clone();
    assert_eq!(batches.last().unwrap().cursor, None);
    drop(batches);
    recovers(&source, &sink).await;
    let since: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.param("since_id").map(str::to_owned))
        .collect();
    assert!(
        since.iter().all(|s| s.as_deref() == Some(xid(5).as_str())),
        "{since:?}"
    );
}

#[tokio::test]
async fn server_errors_bad_tokens_and_broken_bodies_map_to_their_errors() {
    type Expected = fn(&SourceError) -> bool;
    let (fake, source, sink) = polled_once().await;
    let cases: [(Fault, Expected); 4] = [
        (Fault::ServerError, |e| {
            matches!(e, SourceError::Unavailable(_))
        }),
        (Fault::Unauthorized, |e| {
            matches!(e, SourceError::Refused(_))
        }),
        (Fault::Truncated, |e| matches!(e, SourceError::Malformed(_))),
        (
            Fault::WrongContentType,
            |e| matches!(e, SourceError::Malformed(m) if m.contains("text/html")),
        ),
    ];
    for (fault, expected) in cases {
        fake.fail_next(fault.clone());
        let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
        assert!(expected(&error), "{fault:?} gave {error:?}");
        assert_eq!(
            sink.cursor_of("x:search:0"),
            Some(xid(5)),
            "after {fault:?}"
        );
        assert_eq!(distinct_ids(&sink).len(), 5, "after {fault:?}");
    }
    recovers(&source, &sink).await;
}

#[tokio::test]
async fn partial_errors_inside_a_200_are_logged_and_the_posts_kept() {
    let (fake, source, sink) = polled_once().await;
    fake.fail_next(Fault::PartialErrors);
    poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(distinct_ids(&sink).len(), 235);
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(235)));
}

#[tokio::test]
async fn a_malformed_post_is_skipped_and_the_rest_kept() {
    let (fake, source, sink) = polled_once().await;
    fake.fail_next(Fault::MalformedItem);
    let report = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(report.stored.inserted, 230);
    assert_eq!(report.stored.skipped, 1);
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(235)));
}

#[tokio::test]
async fn an_exhausted_window_stops_paging_and_holds_the_next_poll() {
    let (fake, source, sink) = polled_once().await;
    fake.fail_next(Fault::Exhausted { reset_in_secs: 120 });
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(
            error,
            SourceError::RateLimited {
                retry_after: Some(_)
            }
        ),
        "{error:?}"
    );
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(5)));
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(error, SourceError::RateLimited { retry_after: Some(wait) } if wait > Duration::from_secs(100)),
        "{error:?}"
    );
    assert_eq!(fake.requests().len(), 1, "nothing is sent while holding");
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_unavailable() {
    let (fake, _, sink) = polled_once().await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let source = XSource::new(
        &fake.api_base(),
        secrecy::SecretString::from("t"),
        Duration::from_secs(900),
        impatient,
    )
    .unwrap();
    fake.fail_next(Fault::Slow(Duration::from_secs(3)));
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(
        matches!(&error, SourceError::Unavailable(m) if m.contains("timed out")),
        "{error:?}"
    );
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(5)));
    recovers(&source, &sink).await;
}

#[tokio::test]
async fn a_failing_store_moves_no_cursor_and_a_later_poll_recovers() {
    let (_fake, source, sink) = polled_once().await;
    *sink.failing.lock().unwrap() = true;
    let error = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap_err();
    assert!(matches!(error, SourceError::Sink(_)), "{error:?}");
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(5)));
    *sink.failing.lock().unwrap() = false;
    recovers(&source, &sink).await;
}
