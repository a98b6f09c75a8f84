//! serenity's own HTTP client against the fake's REST routes: what it sends is recorded, what the
//! fake answers parses, and scripted faults surface as serenity errors.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serenity::all::{
    Channel, ChannelId, ChannelType, CreateAttachment, CreateForumPost, CreateMessage,
    CreateThread, HttpError,
};

use super::{fake_with_guild, http_for, FORUM, NEWS, TEXT};

/// The Discord error code of a failed serenity call, and its HTTP status.
fn discord_error(result: serenity::Result<impl std::fmt::Debug>) -> (u16, isize) {
    match result {
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
            (response.status_code.as_u16(), response.error.code)
        }
        other => panic!("expected a Discord error response, got {other:?}"),
    }
}

#[tokio::test]
async fn serenity_finds_the_gateway_and_posts_a_message_through_the_fake() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);

    let gateway = http.get_gateway().await.expect("GET /gateway");
    let sent = ChannelId::new(TEXT)
        .say(&http, "hello")
        .await
        .expect("message posted");

    assert_eq!(gateway.url, fake.gateway_url());
    assert_eq!(sent.content, "hello");
    assert_eq!(sent.channel_id.get(), TEXT);
    let posted = fake.channel_messages(TEXT);
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["content"], "hello");
    let requests = fake.requests();
    let post = requests
        .iter()
        .find(|r| r.method == "POST")
        .expect("the POST was recorded");
    assert_eq!(post.path, format!("/api/v10/channels/{TEXT}/messages"));
    assert_eq!(post.headers["authorization"], "Bot fake-token");
    assert_eq!(post.status, 200);
    fake.assert_no_schema_violations();
}

#[tokio::test]
async fn posting_to_an_unknown_channel_gets_discords_unknown_channel_error() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);

    let result = ChannelId::new(12345).say(&http, "hello").await;

    assert_eq!(discord_error(result), (404, 10003));
    assert!(fake.channel_messages(12345).is_empty());
}

#[tokio::test]
async fn injected_failures_hit_only_the_next_matching_requests() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);
    let path = format!("/channels/{TEXT}/messages");
    fake.fail_next("POST", &path, 500, 1);
    fake.fail_next("POST", &path, 429, 1);

    let first = ChannelId::new(TEXT).say(&http, "one").await;
    let second = ChannelId::new(TEXT).say(&http, "two").await;
    let third = ChannelId::new(TEXT).say(&http, "three").await;

    assert_eq!(discord_error(first).0, 500);
    assert_eq!(discord_error(second).0, 429);
    assert_eq!(third.expect("faults are used up").content, "three");
    let contents: Vec<Value> = fake
        .channel_messages(TEXT)
        .iter()
        .map(|m| m["content"].clone())
        .collect();
    assert_eq!(
        contents,
        vec![json!("three")],
        "failed posts create no message"
    );
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![500, 429, 200]);
}

#[tokio::test]
async fn a_rate_limited_answer_carries_what_serenitys_ratelimiter_reads() {
    let fake = fake_with_guild().await;
    fake.fail_next("POST", "/messages", 429, 1);
    let url = format!("{}/api/v10/channels/{TEXT}/messages", fake.api_base());

    let response = reqwest::Client::new()
        .post(&url)
        .json(&json!({ "content": "x" }))
        .send()
        .await;

    let response = response.expect("the fake answers");
    assert_eq!(response.status().as_u16(), 429);
    let headers = response.headers();
    assert_eq!(headers["retry-after"], "0.1");
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    assert!(headers.contains_key("x-ratelimit-bucket"));
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["global"], false);
}

#[tokio::test]
async fn a_delayed_request_is_answered_normally_after_the_delay() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);
    fake.delay_next("POST", "/messages", Duration::from_millis(300), 1);

    let started = Instant::now();
    let sent = ChannelId::new(TEXT).say(&http, "slow").await;

    assert!(sent.is_ok(), "{sent:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn an_attachment_is_read_from_multipart_with_its_payload_json() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);
    let builder = CreateMessage::new()
        .content("weekly export")
        .add_file(CreateAttachment::bytes(
            b"a,b\n1,2\n".to_vec(),
            "digest.csv",
        ));

    let sent = ChannelId::new(TEXT)
        .send_message(&http, builder)
        .await
        .expect("posted");

    assert_eq!(sent.attachments[0].filename, "digest.csv");
    let requests = fake.requests();
    let post = requests.last().expect("recorded");
    assert_eq!(post.attachments, vec![("digest.csv".to_owned(), 8)]);
    assert_eq!(post.body["content"], "weekly export");
    assert_eq!(fake.channel_messages(TEXT)[0]["content"], "weekly export");
    fake.assert_no_schema_violations();
}

#[tokio::test]
async fn threads_and_forum_posts_become_channels_the_bot_can_use() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);

    let post = CreateForumPost::new(
        "Digest 2025-01-01",
        CreateMessage::new().content("Top posts"),
    );
    let forum_thread = ChannelId::new(FORUM)
        .create_forum_post(&http, post)
        .await
        .expect("posted");
    let announcement = ChannelId::new(NEWS)
        .say(&http, "new digest")
        .await
        .expect("posted");
    let thread = ChannelId::new(NEWS)
        .create_thread_from_message(&http, announcement.id, CreateThread::new("Discussion"))
        .await
        .expect("thread created");
    let reply = thread.id.say(&http, "first reply").await;

    assert_eq!(forum_thread.kind, ChannelType::PublicThread);
    assert_eq!(forum_thread.parent_id, Some(ChannelId::new(FORUM)));
    assert_eq!(
        fake.channel_messages(forum_thread.id.get())[0]["content"],
        "Top posts"
    );
    assert_eq!(
        thread.id.get(),
        announcement.id.get(),
        "a message's thread shares its id"
    );
    assert_eq!(thread.kind, ChannelType::NewsThread);
    assert!(reply.is_ok(), "{reply:?}");
    assert_eq!(fake.threads_of(FORUM).len(), 1);
    fake.assert_no_schema_violations();
}

#[tokio::test]
async fn a_known_channel_can_be_fetched_and_posting_to_a_forum_is_refused() {
    let fake = fake_with_guild().await;
    let http = http_for(&fake);

    let channel = ChannelId::new(TEXT)
        .to_channel(&http)
        .await
        .expect("fetched");
    let forum_post = ChannelId::new(FORUM).say(&http, "not a thread").await;

    let Channel::Guild(channel) = channel else {
        panic!("expected a guild channel, got {channel:?}");
    };
    assert_eq!(channel.name, "general");
    assert_eq!(discord_error(forum_post), (400, 50008));
}

#[tokio::test]
async fn unknown_routes_and_broken_bodies_get_discord_style_errors_and_are_recorded() {
    let fake = fake_with_guild().await;
    let client = reqwest::Client::new();
    let base = fake.api_base();

    let unknown = client
        .get(format!("{base}/api/v10/no/such/route"))
        .send()
        .await
        .expect("answered");
    let broken = client
        .post(format!("{base}/api/v10/channels/{TEXT}/messages"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("answered");

    assert_eq!(unknown.status().as_u16(), 404);
    assert_eq!(unknown.json::<Value>().await.expect("JSON")["code"], 0);
    assert_eq!(broken.status().as_u16(), 400);
    assert_eq!(broken.json::<Value>().await.expect("JSON")["code"], 50109);
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(fake.schema_violations().len(), 1);
}

#[tokio::test]
async fn a_body_the_spec_rejects_is_recorded_and_can_be_refused_like_discord_does() {
    let fake = fake_with_guild().await;
    let url = format!("{}/api/v10/channels/{TEXT}/messages", fake.api_base());
    let too_long = json!({ "content": "digest", "embeds": [{ "title": "t".repeat(257) }] });
    let client = reqwest::Client::new();

    let accepted = client
        .post(&url)
        .json(&too_long)
        .send()
        .await
        .expect("answered");
    fake.reject_invalid_bodies(true);
    let refused = client
        .post(&url)
        .json(&too_long)
        .send()
        .await
        .expect("answered");

    assert_eq!(
        accepted.status().as_u16(),
        200,
        "by default the fake answers and records"
    );
    assert_eq!(refused.status().as_u16(), 400);
    assert_eq!(refused.json::<Value>().await.expect("JSON")["code"], 50035);
    let violations = fake.schema_violations();
    assert_eq!(violations.len(), 2);
    assert!(violations[0].starts_with(&format!("POST /api/v10/channels/{TEXT}/messages: ")));
    assert!(
        violations[0].contains("/embeds/0/title"),
        "{}",
        violations[0]
    );
}
