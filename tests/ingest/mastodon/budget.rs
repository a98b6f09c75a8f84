//! The Mastodon adapter's settings and request budget: bad instance URLs are refused up front, and
//! more tags than one poll's share of 300 requests per 5 minutes take turns instead of causing 429s.

use super::{poll, source_for, tags};
use crate::fake_mastodon::FakeMastodon;
use crate::sink::MemorySink;
use rounds::sources::mastodon::MastodonSource;
use std::time::Duration;

#[tokio::test]
async fn invalid_instance_urls_are_refused_at_construction() {
    for bad in ["med-mastodon.com", "ftp://med-mastodon.com", "https://"] {
        let built =
            MastodonSource::new(bad, Duration::from_secs(120), None, reqwest::Client::new());
        assert!(built.is_err(), "{bad} was accepted");
    }
}

#[tokio::test]
async fn more_tags_than_the_budget_take_turns_and_lengthen_the_effective_interval() {
    let fake = FakeMastodon::start().await;
    // A 3-second interval allows 2 requests per poll (80% of 300 per 5 minutes).
    let source = MastodonSource::new(
        &fake.base_url(),
        Duration::from_secs(3),
        None,
        rounds::sources::http::client(),
    )
    .unwrap();
    let five = tags(&["a_tag", "b_tag", "c_tag", "d_tag", "e_tag"]);
    let sink = MemorySink::new();
    for _ in 0..3 {
        let report = poll(&source, &sink, &five).await.unwrap();
        assert_eq!(report.requests, 2);
    }
    let paths: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.path.rsplit('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        ["a_tag", "b_tag", "c_tag", "d_tag", "e_tag", "a_tag"]
    );
    assert_eq!(source.effective_interval(5), Duration::from_secs(9));
    assert_eq!(source.effective_interval(2), Duration::from_secs(3));
    assert_eq!(
        source_for(&fake).effective_interval(40),
        Duration::from_secs(120)
    );
}
