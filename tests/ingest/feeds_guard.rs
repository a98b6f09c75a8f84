//! Guarded fetching (issue #14), at the feed adapter: with the guard on, a stored feed on a private
//! address is never connected to, and a redirect from an allowed server to a private one is
//! refused before it is followed. The fakes all listen on 127.0.0.1, so the "allowed server" is
//! one loopback socket address the test policy treats as public (`treating_as_public_for_tests`);
//! the production policy has no such exemption and no setting that creates one.

use crate::fake_feeds::{FakeFeeds, Route};
use crate::sink::MemorySink;
use rounds::http::{AddressPolicy, ClientSpec, GuardedClient};
use rounds::sources::feeds::FeedSource;
use rounds::sources::{PollReport, PollRequest, Source, SourceError};
use std::net::SocketAddr;
use std::time::Duration;

const FEED: &str = "/medrxiv/cardiology.rdf";

fn source(policy: AddressPolicy) -> FeedSource {
    let spec = ClientSpec::new(Duration::from_secs(2), Duration::from_secs(2));
    FeedSource::new(
        Duration::from_secs(900),
        GuardedClient::new(&spec, policy).unwrap(),
    )
}

async fn poll(source: &FeedSource, feeds: &[String]) -> Result<PollReport, SourceError> {
    let sink = MemorySink::new();
    let request = PollRequest {
        tags: &[],
        feeds,
        sink: &sink,
    };
    source.poll(&request).await
}

fn address(fake: &FakeFeeds) -> SocketAddr {
    reqwest::Url::parse(&fake.url("/"))
        .unwrap()
        .socket_addrs(|| None)
        .unwrap()[0]
}

#[tokio::test]
async fn a_stored_feed_on_a_private_address_is_never_connected_to() {
    let fake = FakeFeeds::start().await;
    let port = address(&fake).port();
    let feeds: Vec<String> = [
        fake.url(FEED),
        format!("http://localhost:{port}{FEED}"),
        format!("http://0x7f000001:{port}{FEED}"),
        format!("http://[::ffff:127.0.0.1]:{port}{FEED}"),
    ]
    .into();

    for feed in &feeds {
        let error = poll(&source(AddressPolicy::strict()), std::slice::from_ref(feed))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, SourceError::Refused(m) if m.contains("loopback") && m.contains("may not reach")),
            "{feed}: {error}"
        );
    }
    assert!(fake.hits(FEED).is_empty(), "{:?}", fake.hits(FEED));

    // The same feed with private addresses allowed (the setting) is fetched: the refusal above was
    // the guard's, not a broken fake.
    let report = poll(&source(AddressPolicy::allowing_private(true)), &feeds[..1])
        .await
        .unwrap();
    assert_eq!(report.stored.inserted, 2);
    assert_eq!(fake.hits(FEED).len(), 1);
}

#[tokio::test]
async fn a_redirect_to_a_private_address_is_refused_before_it_is_followed() {
    let public = FakeFeeds::start().await;
    let private = FakeFeeds::start().await;
    public.set("/moved.xml", Route::redirect(&private.url(FEED)));
    public.set("/renamed.xml", Route::redirect(&public.url(FEED)));
    let policy = AddressPolicy::strict().treating_as_public_for_tests(address(&public));
    let source = source(policy);

    let error = poll(&source, &[public.url("/moved.xml")])
        .await
        .unwrap_err();
    assert!(
        matches!(&error, SourceError::Refused(m) if m.contains("127.0.0.1") && m.contains("may not reach")),
        "{error}"
    );
    assert_eq!(public.hits("/moved.xml").len(), 1);
    assert!(private.hits(FEED).is_empty(), "{:?}", private.hits(FEED));

    // A redirect that stays on allowed ground is followed.
    let report = poll(&source, &[public.url("/renamed.xml")]).await.unwrap();
    assert_eq!(report.stored.inserted, 2);
    assert_eq!(public.hits(FEED).len(), 1);
}

#[tokio::test]
async fn redirects_are_followed_five_times_at_most() {
    let public = FakeFeeds::start().await;
    for hop in 0..6 {
        public.set(
            &format!("/hop{hop}.xml"),
            Route::redirect(&public.url(&format!("/hop{}.xml", hop + 1))),
        );
    }
    public.set(
        "/hop6.xml",
        Route::fixture("biorxiv.rdf", "application/rdf+xml"),
    );
    let source = source(AddressPolicy::strict().treating_as_public_for_tests(address(&public)));

    // Five redirects (hop1 → hop6) are followed…
    let report = poll(&source, &[public.url("/hop1.xml")]).await.unwrap();
    assert_eq!(report.stored.inserted, 2);
    // …a sixth is not.
    let error = poll(&source, &[public.url("/hop0.xml")]).await.unwrap_err();
    assert!(matches!(&error, SourceError::Unavailable(_)), "{error}");
    assert_eq!(public.hits("/hop6.xml").len(), 1);
}
