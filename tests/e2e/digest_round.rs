//! The scheduler's round in process, against the fake over HTTPS as `discord.com` with rate limits
//! on and serenity's real ratelimiter: a guild's channels due together share one digest build, the
//! pacer keeps the round under the global limit (no 429), and each channel gets its digest once.

use crate::fake_discord::{FakeDiscord, RateLimits, RouteLimit};
use chrono::{Duration, Timelike, Utc};
use poise::serenity_prelude as serenity;
use rounds::discord::pacer::Pacer;
use rounds::discord::scheduler::{post_due_digests, RoundOutcome};
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::normalize;
use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
use rounds::domain::{ConfigDuration, DigestTime, GuildId, Hashtag, TimeZone};
use rounds::store::digest_channels::{DigestSetup, MAX_DIGEST_CHANNELS_PER_GUILD};
use rounds::store::Store;

const GUILD: u64 = 930_000_000_000_000_001;
const FIRST_CHANNEL: u64 = 930_000_000_000_000_100;

#[tokio::test]
async fn a_round_over_a_full_guild_builds_once_and_stays_under_the_global_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("r.db").display()))
        .await
        .unwrap();
    let guild = GuildId::new(GUILD).unwrap();
    let slot = Utc::now()
        .with_second(0)
        .unwrap()
        .with_nanosecond(0)
        .unwrap();
    store
        .track_hashtag(
            guild,
            &Hashtag::parse("MedEd").unwrap(),
            None,
            slot - Duration::days(9),
        )
        .await
        .unwrap();
    let posts: Vec<_> = (0..5)
        .map(|i| {
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med-mastodon.example".into(),
                remote_id: format!("https://med-mastodon.example/statuses/{i}"),
                uri: format!("https://med-mastodon.example/statuses/{i}"),
                url: None,
                author: RawAuthor {
                    remote_id: format!("https://med-mastodon.example/users/doc{i}"),
                    handle: format!("@doc{i}@med-mastodon.example"),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("Teaching point {i} on apixaban #MedEd"),
                language: Some("en".into()),
                created_at: slot - Duration::hours(1 + i),
                engagement: Default::default(),
                hashtags: vec!["MedEd".into()],
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, Tagger::bundled()).unwrap()
        })
        .collect();
    store
        .commit_posts("test:seed", None, &posts, Utc::now())
        .await
        .unwrap();
    let fake = FakeDiscord::start_https().await;
    fake.add_guild(GUILD);
    let channels: Vec<u64> = (0..MAX_DIGEST_CHANNELS_PER_GUILD as u64)
        .map(|c| FIRST_CHANNEL + c)
        .collect();
    for &channel in &channels {
        fake.add_channel(GUILD, channel, "digest", 0);
        store
            .set_up_digest(
                guild,
                &DigestSetup {
                    channel_id: channel,
                    time: DigestTime::parse(&slot.format("%H:%M").to_string()).unwrap(),
                    timezone: TimeZone::parse("UTC").unwrap(),
                    window: ConfigDuration::parse("24h").unwrap(),
                },
                slot - Duration::days(1),
            )
            .await
            .unwrap();
    }
    // A global limit of 5 per second, which 10 channels' messages at full speed would break.
    fake.enforce_rate_limits(RateLimits {
        global_per_second: 5,
        message_create: RouteLimit {
            limit: 5,
            window: std::time::Duration::from_secs(5),
        },
        other_routes: RouteLimit {
            limit: 50,
            window: std::time::Duration::from_secs(1),
        },
    });
    let http = serenity::HttpBuilder::new("fake-token")
        .client(fake.https_client().unwrap())
        .build();
    let pacer = Pacer::new(4);

    let started = std::time::Instant::now();
    let outcome = post_due_digests(&http, &store, &pacer, None, Utc::now())
        .await
        .unwrap();

    assert_eq!(
        outcome,
        RoundOutcome {
            claimed: channels.len(),
            built: 1,
            failed: 0
        }
    );
    for &channel in &channels {
        let posted = fake.channel_messages(channel);
        assert_eq!(posted.len(), 1, "channel {channel}");
        let title = posted[0]["embeds"][0]["title"].as_str().unwrap_or_default();
        assert!(title.starts_with("Daily digest"), "{title}");
    }
    let stats = fake.rate_limit_stats();
    assert_eq!(stats.limited(), 0, "{stats:?}");
    assert!(stats.most_in_any(std::time::Duration::from_secs(1)) <= 5);
    // Ten messages at 4 per second: nine intervals at least.
    assert!(started.elapsed() >= pacer.interval() * 9);
    // A second round finds nothing left to do.
    let again = post_due_digests(&http, &store, &pacer, None, Utc::now())
        .await
        .unwrap();
    assert_eq!(again, RoundOutcome::default());
    fake.assert_no_schema_violations();
    store.close().await;
}
