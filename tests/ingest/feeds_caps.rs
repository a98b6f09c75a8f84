//! The feed caps against a fake feed host: a feed with more new items than a poll takes sends only
//! the newest `max_items_per_poll`, whatever order it lists them in; a body over 2 MiB is refused
//! without storing anything, even when every byte of it is a well-formed item.

use crate::fake_feeds::{FakeFeeds, Route};
use crate::sink::MemorySink;
use chrono::{DateTime, TimeZone, Utc};
use rounds::http::{AddressPolicy, ClientSpec, GuardedClient};
use rounds::sources::feeds::{FeedSource, MAX_FEED_BODY_BYTES};
use rounds::sources::{PollRequest, Source, SourceError};
use std::time::Duration;

fn source(max_items: usize) -> FeedSource {
    let spec = ClientSpec::new(Duration::from_secs(5), Duration::from_secs(10));
    let client = GuardedClient::new(&spec, AddressPolicy::allowing_private(true)).unwrap();
    FeedSource::new(Duration::from_secs(900), client).with_max_items_per_poll(max_items)
}

fn item_date(n: usize) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::hours(n as i64)
}

/// An RSS feed whose items `numbers` are listed in the given order; item `n` is dated `n` hours
/// after the start of 2024.
fn rss(numbers: impl Iterator<Item = usize>) -> String {
    let mut xml = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Flood</title><link>https://flood.example/</link>");
    for n in numbers {
        xml.push_str(&format!(
            "<item><guid>item-{n}</guid><title>Item {n}</title><link>https://flood.example/{n}</link><pubDate>{}</pubDate></item>",
            item_date(n).to_rfc2822()
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

#[tokio::test]
async fn a_feed_with_many_items_sends_at_most_the_cap_and_the_newest() {
    let fake = FakeFeeds::start().await;
    // Oldest first, the opposite of what feeds usually do, so keeping the first 200 would be wrong.
    fake.set(
        "/flood/feed.xml",
        Route::body(rss(0..1_000), "application/rss+xml"),
    );
    let sink = MemorySink::new();
    let feeds = vec![fake.url("/flood/feed.xml")];
    let request = PollRequest {
        tags: &[],
        feeds: &feeds,
        sink: &sink,
    };

    let report = source(200).poll(&request).await.unwrap();

    assert_eq!(report.fetched, 200);
    let posts = sink.posts();
    assert_eq!(posts.len(), 200);
    let mut kept: Vec<usize> = posts
        .iter()
        .map(|p| {
            let title = p.title.as_deref().expect("every item has a title");
            title.trim_start_matches("Item ").parse().unwrap()
        })
        .collect();
    kept.sort_unstable();
    assert_eq!(kept, (800..1_000).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_feed_body_over_2_mib_is_refused_even_if_well_formed() {
    let fake = FakeFeeds::start().await;
    let mut count = 0;
    while rss(0..count).len() <= MAX_FEED_BODY_BYTES {
        count += 2_000;
    }
    let body = rss(0..count);
    assert!(body.len() > MAX_FEED_BODY_BYTES && body.len() < 3 * 1024 * 1024);
    fake.set("/big/feed.xml", Route::body(body, "application/rss+xml"));
    let sink = MemorySink::new();
    let feeds = vec![fake.url("/big/feed.xml")];
    let request = PollRequest {
        tags: &[],
        feeds: &feeds,
        sink: &sink,
    };

    let error = source(200).poll(&request).await.unwrap_err();

    assert!(matches!(error, SourceError::Malformed(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("over the limit of 2097152 bytes"),
        "{error}"
    );
    assert!(sink.posts().is_empty());
}

#[tokio::test]
async fn a_feed_of_tiny_elements_or_deep_nesting_under_2_mib_is_refused_clearly() {
    let fake = FakeFeeds::start().await;
    // Just under the body cap: ~520,000 empty elements, five times the parser's element cap.
    let elements = (MAX_FEED_BODY_BYTES - 200) / 4;
    let flood = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>{}</channel></rss>",
        "<i/>".repeat(elements)
    );
    assert!(flood.len() <= MAX_FEED_BODY_BYTES);
    fake.set("/flood/feed.xml", Route::body(flood, "application/rss+xml"));
    let deep = format!("<rss>{}", "<a>".repeat(500_000));
    fake.set("/deep/feed.xml", Route::body(deep, "application/rss+xml"));
    let json = format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{}]}}"#,
        vec!["{}"; 600_000].join(",")
    );
    fake.set(
        "/flood/feed.json",
        Route::body(json, "application/feed+json"),
    );
    for (path, reason) in [
        ("/flood/feed.xml", "more than 100000 elements"),
        ("/deep/feed.xml", "nested deeper than 64 levels"),
        ("/flood/feed.json", "more than 100000 JSON values"),
    ] {
        let sink = MemorySink::new();
        let feeds = vec![fake.url(path)];
        let request = PollRequest {
            tags: &[],
            feeds: &feeds,
            sink: &sink,
        };
        let error = source(200).poll(&request).await.unwrap_err();
        assert!(
            matches!(error, SourceError::Malformed(_)),
            "{path}: {error:?}"
        );
        assert!(error.to_string().contains(reason), "{path}: {error}");
        assert!(sink.posts().is_empty(), "{path}");
    }
}
