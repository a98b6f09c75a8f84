//! The sources, probed the way the pollers use them: Mastodon instances, Jetstream (connected to
//! until it sends a frame), the Bluesky app-password login, the X token (one recent search) and
//! every followed feed (fetched and parsed).

use super::probe::{self, describe, shown};
use super::Line;
use crate::config::Settings;
use crate::store::Store;
use futures_util::StreamExt as _;
use secrecy::ExposeSecret;
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// The Jetstream collection the bot subscribes to.
const POSTS: &str = "app.bsky.feed.post";
/// The Jetstream source's frame cap.
const MAX_FRAME_BYTES: usize = 4 * 1024 * 1024;
/// How long to wait for Jetstream's first frame: a live stream sends several a second.
const FIRST_FRAME_WAIT: Duration = Duration::from_secs(10);
/// Feeds fetched at once.
const FEEDS_AT_ONCE: usize = 8;

/// Every source's configuration and service, in a fixed order.
pub(super) async fn sources(settings: &Settings, client: &reqwest::Client) -> Vec<Line> {
    let mut lines = vec![match crate::ingest::build_sources(settings) {
        Ok(built) => Line::ok(
            "sources config",
            format!("{} source(s) enabled", built.len()),
        ),
        Err(e) => Line::fail("sources config", format!("{e:#}")),
    }];
    let config = &settings.sources;
    let (mastodon, jetstream, login, x) = tokio::join!(
        mastodon(settings, client),
        async {
            if config.bluesky.enabled {
                jetstream(&config.bluesky.jetstream_url).await
            } else {
                Line::skip("jetstream", "skipped: sources.bluesky.enabled is false")
            }
        },
        bluesky_login(settings, client),
        x(settings, client),
    );
    lines.extend(mastodon);
    lines.extend([jetstream, login, x]);
    lines
}

async fn mastodon(settings: &Settings, client: &reqwest::Client) -> Vec<Line> {
    let config = &settings.sources.mastodon;
    if !config.enabled {
        return vec![Line::skip(
            "mastodon",
            "skipped: sources.mastodon.enabled is false",
        )];
    }
    let mut lines = Vec::new();
    for instance in &config.instances {
        let base = instance.trim_end_matches('/');
        let url = format!("{base}/api/v1/instance");
        lines.push(match client.get(&url).send().await {
            Ok(response) if response.status().is_success() => Line::ok(
                "mastodon",
                format!("{}: answered GET /api/v1/instance", shown(base)),
            ),
            Ok(response) => Line::fail(
                "mastodon",
                format!(
                    "{}: GET /api/v1/instance answered {}",
                    shown(base),
                    response.status()
                ),
            ),
            Err(e) => Line::fail("mastodon", format!("{}: {}", shown(base), describe(&e))),
        });
    }
    lines
}

/// Subscribes as the Jetstream source does and waits for one frame.
async fn jetstream(url: &str) -> Line {
    let check = "jetstream";
    let mut subscribe = match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "ws" | "wss") => u,
        _ => {
            return Line::fail(
                check,
                "sources.bluesky.jetstream_url must be a ws:// or wss:// URL",
            )
        }
    };
    subscribe
        .query_pairs_mut()
        .append_pair("wantedCollections", POSTS);
    let where_ = shown(url);
    let config = WebSocketConfig {
        max_message_size: Some(MAX_FRAME_BYTES),
        max_frame_size: Some(MAX_FRAME_BYTES),
        ..WebSocketConfig::default()
    };
    let connecting =
        tokio_tungstenite::connect_async_with_config(subscribe.as_str(), Some(config), false);
    let mut socket = match tokio::time::timeout(probe::PROBE_TIMEOUT, connecting).await {
        Err(_) => return Line::fail(check, format!("{where_}: connecting timed out")),
        Ok(Err(WsError::Http(response))) => {
            return Line::fail(
                check,
                format!(
                    "{where_}: answered HTTP {} instead of opening a websocket",
                    response.status()
                ),
            )
        }
        Ok(Err(WsError::Io(_))) => {
            return Line::fail(check, format!("{where_}: could not connect"))
        }
        Ok(Err(_)) => {
            return Line::fail(check, format!("{where_}: the websocket handshake failed"))
        }
        Ok(Ok((socket, _))) => socket,
    };
    let first = tokio::time::timeout(FIRST_FRAME_WAIT, async {
        while let Some(message) = socket.next().await {
            match message {
                Ok(Message::Text(text)) => return Ok(text),
                Ok(Message::Binary(bytes)) => {
                    return Ok(String::from_utf8_lossy(&bytes).into_owned())
                }
                Ok(Message::Close(_)) => return Err("the server closed the connection"),
                Ok(_) => {}
                Err(_) => return Err("the connection failed while reading"),
            }
        }
        Err("the connection ended before any frame")
    })
    .await;
    let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
    match first {
        Err(_) => Line::fail(
            check,
            format!(
                "{where_}: connected, but no frame came within {} s",
                FIRST_FRAME_WAIT.as_secs()
            ),
        ),
        Ok(Err(reason)) => Line::fail(check, format!("{where_}: connected, but {reason}")),
        Ok(Ok(frame)) => {
            let kind = serde_json::from_str::<serde_json::Value>(&frame)
                .ok()
                .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned));
            match kind {
                Some(kind) => Line::ok(
                    check,
                    format!("{where_}: connected and read one frame (a `{kind}` event)"),
                ),
                None => Line::fail(
                    check,
                    format!("{where_}: connected, but the first frame is not a Jetstream event"),
                ),
            }
        }
    }
}

/// Logs in with the app password (`createSession`), as the searchPosts backfill does.
async fn bluesky_login(settings: &Settings, client: &reqwest::Client) -> Line {
    let check = "bluesky login";
    let config = &settings.sources.bluesky;
    let Some(password) = &config.app_password else {
        return Line::skip(
            check,
            "skipped: no app password set (the searchPosts backfill is off)",
        );
    };
    if !config.enabled {
        return Line::skip(check, "skipped: sources.bluesky.enabled is false");
    }
    if config.handle.trim().is_empty() {
        return Line::fail(
            check,
            "an app password is set but sources.bluesky.handle is empty",
        );
    }
    let base = config.appview_url.trim_end_matches('/');
    let request = client
        .post(format!("{base}/xrpc/com.atproto.server.createSession"))
        .json(&serde_json::json!({
            "identifier": config.handle.trim(),
            "password": password.expose_secret(),
        }));
    let handle = &config.handle;
    match request.send().await {
        Ok(response) if response.status().is_success() => match probe::json_body(response).await {
            Ok(v) if v.get("accessJwt").and_then(|t| t.as_str()).is_some() => Line::ok(
                check,
                format!("{}: logged in as {handle} (one createSession)", shown(base)),
            ),
            _ => Line::fail(
                check,
                format!("{}: createSession answered without a session", shown(base)),
            ),
        },
        Ok(response) => {
            let status = response.status();
            // Only the XRPC error's name: its message is the server's and is not needed here.
            let name = probe::json_body(response)
                .await
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .filter(|n| n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric()))
                .map(|n| format!(", {n}"))
                .unwrap_or_default();
            let what = if matches!(status.as_u16(), 400 | 401) {
                "the handle or app password was refused"
            } else {
                "createSession failed"
            };
            Line::fail(check, format!("{}: {what} ({status}{name})", shown(base)))
        }
        Err(e) => Line::fail(check, format!("{}: {}", shown(base), describe(&e))),
    }
}

/// One recent search with the bearer token, the request the X source makes.
async fn x(settings: &Settings, client: &reqwest::Client) -> Line {
    let config = &settings.sources.x;
    let check = "x";
    if !config.enabled {
        return Line::skip(check, "skipped: sources.x.enabled is false");
    }
    let Some(token) = &config.bearer_token else {
        return Line::fail(
            check,
            "enabled but no bearer token: set ROUNDS__SOURCES__X__BEARER_TOKEN",
        );
    };
    let base = config.api_base.trim_end_matches('/');
    let request = client
        .get(format!("{base}/2/tweets/search/recent"))
        .query(&[("query", "#MedEd -is:retweet"), ("max_results", "10")])
        .bearer_auth(token.expose_secret());
    let shown = shown(base);
    match request.send().await {
        Ok(response) => match response.status().as_u16() {
            200..=299 => Line::ok(
                check,
                format!("{shown}: the bearer token was accepted (one recent search, at most 10 post reads)"),
            ),
            429 => Line::ok(
                check,
                format!("{shown}: the bearer token was accepted, but searches are rate-limited right now (429)"),
            ),
            401 => Line::fail(check, format!("{shown}: the bearer token was refused (401)")),
            403 => Line::fail(
                check,
                format!("{shown}: the token is valid but may not use recent search (403): check the project's access level"),
            ),
            other => Line::fail(check, format!("{shown}: recent search answered {other}")),
        },
        Err(e) => Line::fail(check, format!("{shown}: {}", describe(&e))),
    }
}

/// Every feed any guild follows, fetched and parsed as the feed source does.
pub(super) async fn feeds(settings: &Settings, store: &Store) -> Vec<Line> {
    let check = "feed";
    if !settings.sources.rss.enabled {
        return vec![Line::skip("feeds", "skipped: sources.rss.enabled is false")];
    }
    // Feeds are URLs that guilds gave: the doctor fetches them as the poller does, through the guard.
    let policy =
        crate::http::AddressPolicy::allowing_private(settings.sources.rss.allow_private_addresses);
    let Ok(client) = crate::http::GuardedClient::new(&probe::probe_spec(), policy) else {
        return vec![Line::fail("feeds", "failed to build an HTTP client")];
    };
    let client = &client;
    let urls = match store.all_feed_urls().await {
        Ok(urls) => urls,
        Err(e) => {
            return vec![Line::fail(
                "feeds",
                format!("failed to list the feeds: {e}"),
            )]
        }
    };
    if urls.is_empty() {
        return vec![Line::skip("feeds", "skipped: no guild follows a feed")];
    }
    futures_util::stream::iter(urls)
        .map(|url| async move {
            let shown = shown(&url);
            let request = match client.get(&url) {
                Ok(request) => request,
                Err(refused) => return Line::fail(check, format!("{shown}: refused: {refused}")),
            };
            let response = match request.send().await {
                Ok(r) if r.status().is_success() => r,
                Ok(r) => return Line::fail(check, format!("{shown}: answered {}", r.status())),
                Err(e) => return Line::fail(check, format!("{shown}: {}", describe(&e))),
            };
            let read = async {
                let body = probe::body(response).await?;
                let text = crate::sources::feeds::body_text(&body)?;
                let items = crate::sources::feeds::read_feed(&text, &url, chrono::Utc::now())?;
                Ok::<_, Box<dyn std::error::Error>>(items)
            }
            .await;
            match read {
                Ok(items) => Line::ok(
                    check,
                    format!("{shown}: answered with a feed of {} item(s)", items.len()),
                ),
                Err(reason) => Line::fail(
                    check,
                    format!(
                        "{shown}: answered, but not with a feed it can read: {}",
                        one_line(&reason.to_string())
                    ),
                ),
            }
        })
        .buffered(FEEDS_AT_ONCE)
        .collect()
        .await
}

/// A parser's reason on one short line.
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
