//! Secrets never in logs or errors: every secret the configuration has is set to a distinctive
//! value, every outside service refuses or fails, and none of the values appears in the bot's logs,
//! in anything it sends to Discord (`/sources status` included), or in `rounds doctor` and
//! `rounds ingest --once` output.

use super::*;
use crate::fake_server::FakeServer;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;

const DISCORD_TOKEN: &str = "zqsecret-discord-token-5b1e";
const MASTODON_TOKEN: &str = "zqsecret-mastodon-token-77c2";
const BLUESKY_PASSWORD: &str = "zqsecret-bsky-pass-91d0";
const X_TOKEN: &str = "zqsecret-x-bearer-3f4a";
const NCBI_KEY: &str = "zqsecret-ncbi-key-a8e6";
const LLM_KEY: &str = "zqsecret-llm-key-c0d7";
/// `questions.author_key` is 64 hex characters.
const AUTHOR_KEY: &str = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e70a0b";

const SECRETS: &[&str] = &[
    DISCORD_TOKEN,
    MASTODON_TOKEN,
    BLUESKY_PASSWORD,
    X_TOKEN,
    NCBI_KEY,
    LLM_KEY,
    AUTHOR_KEY,
];

/// Every outside service at once on one 127.0.0.1 port, each failing its own way: Mastodon 401,
/// X 500, Bluesky login 401 with an XRPC error, Jetstream 401, Crossref garbage, E-utilities 500,
/// the LLM 401, feeds 503, Discord's `/users/@me` (for `doctor`) 401.
async fn start_failing_services() -> FakeServer {
    let router = axum::Router::new().fallback(|uri: Uri| async move { answer(uri.path()) });
    FakeServer::start(router).await
}

/// Every request the failing services received, flattened to text.
fn received(server: &FakeServer) -> String {
    let requests = server.requests().into_iter();
    let seen = requests.map(|r| {
        let (body, query) = (String::from_utf8_lossy(&r.body), &r.raw_query);
        format!("{} {}?{query} {:?} {body}", r.method, r.path, r.headers)
    });
    seen.collect::<Vec<_>>().join("\n")
}

fn answer(path: &str) -> Response {
    let json = |status: StatusCode, body: &str| {
        (
            status,
            [("content-type", "application/json")],
            body.to_owned(),
        )
            .into_response()
    };
    if path.contains("createSession") || path.contains("searchPosts") {
        json(
            StatusCode::UNAUTHORIZED,
            r#"{"error":"AuthenticationRequired","message":"Invalid identifier or password"}"#,
        )
    } else if path.starts_with("/crossref") {
        (StatusCode::OK, "<html>not a Crossref record").into_response()
    } else if path.starts_with("/eutils") || path.starts_with("/2/") {
        json(StatusCode::INTERNAL_SERVER_ERROR, r#"{"title":"oops"}"#)
    } else if path.starts_with("/feeds") {
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    } else {
        json(StatusCode::UNAUTHORIZED, r#"{"error":"unauthorized"}"#)
    }
}

/// Every secret setting, and every service pointed at the failing ones.
fn secret_env(base: &str) -> Vec<(String, String)> {
    let ws = base.replace("http://", "ws://");
    [
        ("DISCORD_TOKEN", DISCORD_TOKEN.to_owned()),
        ("ROUNDS__SOURCES__MASTODON__ENABLED", "true".to_owned()),
        (
            "ROUNDS__SOURCES__MASTODON__INSTANCES",
            format!("[\"{base}\"]"),
        ),
        (
            "ROUNDS__SOURCES__MASTODON__ACCESS_TOKENS",
            format!(
                "{{ \"{}\" = \"{MASTODON_TOKEN}\" }}",
                base.trim_start_matches("http://")
            ),
        ),
        ("ROUNDS__SOURCES__BLUESKY__ENABLED", "true".to_owned()),
        (
            "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
            format!("{ws}/subscribe"),
        ),
        ("ROUNDS__SOURCES__BLUESKY__APPVIEW_URL", base.to_owned()),
        (
            "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
            base.to_owned(),
        ),
        (
            "ROUNDS__SOURCES__BLUESKY__HANDLE",
            "rounds.example.org".to_owned(),
        ),
        (
            "ROUNDS__SOURCES__BLUESKY__APP_PASSWORD",
            BLUESKY_PASSWORD.to_owned(),
        ),
        ("ROUNDS__SOURCES__X__ENABLED", "true".to_owned()),
        ("ROUNDS__SOURCES__X__API_BASE", base.to_owned()),
        ("ROUNDS__SOURCES__X__BEARER_TOKEN", X_TOKEN.to_owned()),
        ("ROUNDS__SOURCES__RSS__ENABLED", "true".to_owned()),
        // The failing feed host is on 127.0.0.1.
        (
            "ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES",
            "true".to_owned(),
        ),
        (
            "ROUNDS__METADATA__CROSSREF_BASE",
            format!("{base}/crossref"),
        ),
        ("ROUNDS__METADATA__EUTILS_BASE", format!("{base}/eutils")),
        ("ROUNDS__METADATA__NCBI_API_KEY", NCBI_KEY.to_owned()),
        ("ROUNDS__SUMMARY__LLM__ENABLED", "true".to_owned()),
        ("ROUNDS__SUMMARY__LLM__ENDPOINT", base.to_owned()),
        ("ROUNDS__SUMMARY__LLM__MODEL", "any".to_owned()),
        ("ROUNDS__SUMMARY__LLM__API_KEY", LLM_KEY.to_owned()),
        ("ROUNDS__QUESTIONS__AUTHOR_KEY", AUTHOR_KEY.to_owned()),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v))
    .collect()
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.contains(secret),
            "{what} shows the secret `{secret}`:\n{text}"
        );
    }
}

/// A tag with a few posts (so `/summary` asks the LLM) and a feed, so every source polls.
async fn seed(app: &TestApp, base: &str) {
    let store = Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    let since = Utc::now() - Duration::days(2);
    let tag = Hashtag::parse("MedEd").unwrap();
    store.track_hashtag(guild, &tag, None, since).await.unwrap();
    let feed = format!("{base}/feeds/journal.rss");
    store.follow_feed(guild, &feed, None, since).await.unwrap();
    store.close().await;
    seed_posts(app, "MedEd", 3).await;
}

/// Runs a `rounds` subcommand with the secret settings; returns its stdout and stderr.
async fn run_cli(app: &TestApp, base: &str, args: &[&str], extra: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
    configure(
        &mut command,
        &app.fake.api_base(),
        &app.database_url,
        &dir.path().to_path_buf(),
    );
    command
        .envs(secret_env(base))
        .envs(extra.iter().copied())
        .args(args);
    let output = tokio::time::timeout(STEP * 4, command.output())
        .await
        .unwrap_or_else(|_| panic!("rounds {args:?} did not finish"))
        .unwrap();
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn secrets_stay_out_of_logs_replies_and_cli_output_when_every_service_fails() {
    let server = start_failing_services().await;
    let base = server.url("");
    let mut app = prepare_app().await;
    seed(&app, &base).await;
    for (name, value) in secret_env(&base) {
        app.set_env(&name, &value);
    }
    app.start_bot().await;

    // Wait for every poller's first failure to be recorded.
    let store = app.store().await;
    let deadline = tokio::time::Instant::now() + STEP;
    let statuses = loop {
        let statuses = store.source_statuses().await.unwrap();
        let failed = statuses.iter().filter(|s| s.last_error.is_some()).count();
        if failed >= 4 || tokio::time::Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    store.close().await;
    assert!(
        statuses.iter().filter(|s| s.last_error.is_some()).count() >= 4,
        "not every source failed yet: {statuses:?}\n--- bot logs ---\n{}",
        app.logs()
    );

    let moderator = |command: &str| {
        app.fake
            .slash(GUILD_A, command)
            .user(MODERATOR)
            .permissions(MANAGE_GUILD)
    };
    let status = reply_to(
        &app,
        "sources status",
        moderator("sources").subcommand("status"),
    )
    .await;
    assert!(status.content.contains("error"), "{}", status.content);
    let summary = moderator("summary").string("topic", "#MedEd").send().await;
    summary.wait_response(STEP).await.unwrap();
    for paper in ["10.1056/NEJMoa2307563", "PMID: 37952131"] {
        let invocation = moderator("journalclub")
            .subcommand("start")
            .string("paper", paper)
            .send()
            .await;
        invocation.wait_response(STEP).await.unwrap();
    }
    ask_and_post(
        &app,
        app.fake
            .slash(GUILD_A, "ask")
            .string("question", "Apixaban in CKD?"),
        crate::fake_discord::DEFAULT_USER_ID,
    )
    .await;
    // The LLM's and the metadata services' failures have reached the log.
    app.wait_log_since(0, "abstractive summary failed", 1, STEP)
        .await;
    app.wait_log_since(0, "paper lookup failed", 2, STEP).await;

    // The secrets were really in play: each service received its own.
    let received = received(&server);
    for secret in [MASTODON_TOKEN, BLUESKY_PASSWORD, X_TOKEN, NCBI_KEY, LLM_KEY] {
        assert!(received.contains(secret), "no request carried `{secret}`");
    }
    let identified = serde_json::Value::from(app.fake.identify_payloads()).to_string();
    assert!(identified.contains(DISCORD_TOKEN));

    assert_no_secret("the bot's logs", &app.logs());
    let sent: String = app
        .fake
        .requests()
        .iter()
        .map(|r| format!("{}\n", r.body))
        .collect();
    assert_no_secret("what the bot sent to Discord", &sent);
    assert_no_secret("/sources status", &status.content);

    // The command line, with Discord itself refusing the token.
    let doctor = run_cli(
        &app,
        &base,
        &["doctor"],
        &[("ROUNDS__DISCORD__API_BASE", base.as_str())],
    )
    .await;
    assert!(doctor.contains("FAIL"), "{doctor}");
    assert_no_secret("rounds doctor", &doctor);
    let ingest = run_cli(&app, &base, &["ingest", "--once"], &[]).await;
    assert_no_secret("rounds ingest --once", &ingest);
    drop(server);
    app.fake.assert_nothing_could_ping();
}
