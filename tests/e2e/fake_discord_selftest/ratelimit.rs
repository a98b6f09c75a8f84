//! The fake's Discord-like rate limits and its HTTPS mode: serenity with its real ratelimiter,
//! talking to the fake as `https://discord.com`, reads the announced buckets and never runs into
//! them; a client that ignores them gets Discord's 429s, per route and global.

use std::time::{Duration, Instant};

use serde_json::Value;
use serenity::all::{ChannelId, HttpBuilder};

use super::{GUILD, NEWS, TEXT};
use crate::fake_discord::{FakeDiscord, RateLimits, RouteLimit};

/// Discord's shape of limits, scaled down so a test takes about a second.
fn small_limits() -> RateLimits {
    RateLimits {
        global_per_second: 8,
        message_create: RouteLimit {
            limit: 2,
            window: Duration::from_millis(500),
        },
        other_routes: RouteLimit {
            limit: 50,
            window: Duration::from_secs(1),
        },
    }
}

async fn https_fake() -> FakeDiscord {
    let fake = FakeDiscord::start_https().await;
    fake.add_guild(GUILD);
    fake.add_channel(GUILD, TEXT, "general", 0);
    fake.add_channel(GUILD, NEWS, "announcements", 5);
    fake.enforce_rate_limits(small_limits());
    fake
}

#[tokio::test]
async fn serenitys_ratelimiter_waits_out_the_announced_bucket_over_https() {
    let fake = https_fake().await;
    let http = HttpBuilder::new("fake-token")
        .client(fake.https_client().unwrap())
        .build();

    let started = Instant::now();
    for i in 0..5 {
        ChannelId::new(TEXT)
            .say(&http, format!("message {i}"))
            .await
            .expect("posted");
    }

    // 2 per 500 ms: the 5th message waits for the third window.
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(fake.channel_messages(TEXT).len(), 5);
    let stats = fake.rate_limit_stats();
    assert_eq!(stats.limited(), 0, "{stats:?}");
    assert_eq!(stats.admitted.len(), 5);
}

#[tokio::test]
async fn a_client_ignoring_the_limits_gets_discords_429s() {
    let fake = https_fake().await;
    let client = fake.https_client().unwrap();
    let post = |channel: u64| {
        client
            .post(format!(
                "https://discord.com/api/v10/channels/{channel}/messages"
            ))
            .header("authorization", "Bot fake-token")
            .json(&serde_json::json!({ "content": "hi" }))
            .send()
    };

    let first = post(TEXT).await.unwrap();
    let headers = first.headers().clone();
    assert_eq!(first.status(), 200);
    assert_eq!(headers["x-ratelimit-limit"], "2");
    assert_eq!(headers["x-ratelimit-remaining"], "1");
    assert!(headers.contains_key("x-ratelimit-bucket"));
    let reset_after: f64 = headers["x-ratelimit-reset-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(reset_after > 0.0 && reset_after <= 0.5, "{reset_after}");
    post(TEXT).await.unwrap();

    let refused = post(TEXT).await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["x-ratelimit-scope"], "user");
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["global"], false);
    assert!(body["retry_after"].as_f64().unwrap() > 0.0);
    // Another channel has its own bucket with the same id.
    let other = post(NEWS).await.unwrap();
    assert_eq!(other.status(), 200);
    assert_eq!(
        other.headers()["x-ratelimit-bucket"],
        headers["x-ratelimit-bucket"]
    );

    // The global limit: 8 per second over all routes; 3 admitted so far.
    let mut global = None;
    for _ in 0..10 {
        let response = client
            .get("https://discord.com/api/v10/users/@me")
            .header("authorization", "Bot fake-token")
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            global = Some(response);
            break;
        }
    }
    let global = global.expect("the global limit was enforced");
    assert_eq!(global.headers()["x-ratelimit-global"], "true");
    assert!(!global.headers().contains_key("x-ratelimit-bucket"));
    let body: Value = global.json().await.unwrap();
    assert_eq!(body["global"], true);
    let stats = fake.rate_limit_stats();
    assert_eq!((stats.route_limited, stats.global_limited), (1, 1));
    assert_eq!(stats.most_in_any(Duration::from_secs(1)), 8);
}
