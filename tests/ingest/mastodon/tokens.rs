//! Per-instance access tokens, from the configuration to the wire: two fake instances, each with
//! its own token in `sources.mastodon.access_tokens`, polled through the sources `rounds` builds;
//! each instance sees only its own token.

use super::{numbered, tags};
use crate::fake_mastodon::FakeMastodon;
use crate::sink::MemorySink;
use rounds::config::Settings;
use rounds::sources::PollRequest;

#[tokio::test]
async fn each_instance_sees_only_its_own_token() {
    let (first, second) = (FakeMastodon::start().await, FakeMastodon::start().await);
    first.require_token("token-of-the-first");
    second.require_token("token-of-the-second");
    first.add([numbered(1, "MedEd")]);
    second.add([numbered(2, "MedEd")]);
    let env = [
        (
            "ROUNDS__SOURCES__MASTODON__INSTANCES",
            format!(r#"["{}", "{}"]"#, first.base_url(), second.base_url()),
        ),
        (
            "ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS",
            format!(
                r#"{{ "{}" = "token-of-the-first", "{}" = "token-of-the-second" }}"#,
                first.host(),
                second.host()
            ),
        ),
        ("ROUNDS__SOURCES__BLUESKY__ENABLED", "false".into()),
        ("ROUNDS__SOURCES__RSS__ENABLED", "false".into()),
    ];
    let settings =
        Settings::load_from(&[], env.map(|(k, v)| (k.to_owned(), v))).expect("settings load");
    let sources = rounds::ingest::build_sources(&settings).unwrap();
    assert_eq!(sources.len(), 2);

    let sink = MemorySink::new();
    let tags = tags(&["MedEd"]);
    let request = PollRequest {
        tags: &tags,
        feeds: &[],
        sink: &sink,
    };
    for source in &sources {
        source.poll(&request).await.expect("each token is accepted");
    }

    for (fake, own) in [
        (&first, "Bearer token-of-the-first"),
        (&second, "Bearer token-of-the-second"),
    ] {
        let requests = fake.requests();
        assert!(!requests.is_empty());
        for request in requests {
            assert_eq!(
                request.headers.get("authorization").map(String::as_str),
                Some(own)
            );
        }
    }
    assert_eq!(sink.posts().len(), 2);
}
