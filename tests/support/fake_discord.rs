//! A fake Discord on 127.0.0.1 for black-box tests: REST under `/api/v10/` and the gateway
//! websocket at `/gateway`, on one port.
//!
//! Point serenity at it with `HttpBuilder::new(token).proxy(fake.api_base())
//! .ratelimiter_disabled(true)` (the proxy is ignored while serenity's ratelimiter is on) and
//! `ClientBuilder::new_with_http`; the gateway URL then comes from the fake's `GET /gateway`.
//! Tests drive users' actions (`slash`, `autocomplete`), break things on purpose (`fail_next`,
//! `drop_gateway`, ...), and read back what the bot sent (`requests`, `channel_messages`).
//! Every body is checked against Discord's OpenAPI spec; see `assert_no_schema_violations`.
//!
//! Included with `#[path]` from test binaries, so submodules name their files explicitly.
// Each test binary uses a different part of this API.
#![allow(dead_code)]

#[path = "fake_discord/component.rs"]
pub mod component;
#[path = "fake_discord/gateway.rs"]
mod gateway;
#[path = "fake_discord/interaction.rs"]
mod interaction;
#[path = "fake_discord/openapi.rs"]
pub mod openapi;
#[path = "fake_discord/payloads.rs"]
pub mod payloads;
#[path = "fake_discord/ratelimit.rs"]
pub mod ratelimit;
#[path = "fake_discord/rest.rs"]
mod rest;
#[path = "fake_discord/state.rs"]
mod state;
#[path = "fake_discord/tls.rs"]
mod tls;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

// Re-exported for tests; a given test binary may not name all of them.
#[allow(unused_imports)]
pub use interaction::{InteractionReply, Invocation, SlashBuilder, DEFAULT_USER_ID};
#[allow(unused_imports)]
pub use ratelimit::{RateLimitStats, RateLimits, RouteLimit};
#[allow(unused_imports)]
pub use state::{ChannelInfo, RecordedRequest, APP_ID, BOT_NAME};
use state::{FaultAction, GatewayOrder, Shared};

use crate::fake_server::FakeServer;

/// A running fake; dropping it stops the server and cuts the gateway connection.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    server: FakeServer,
}

/// REST and the gateway, on one router.
fn router(shared: &Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .route("/gateway", axum::routing::get(gateway::upgrade))
        .fallback(rest::handle)
        .with_state(Arc::clone(shared))
}

impl FakeDiscord {
    /// Binds 127.0.0.1 on a free port and serves REST and the gateway there.
    pub async fn start() -> FakeDiscord {
        let mut shared = None;
        let server = FakeServer::start_with(|addr| {
            let state = Shared::new(addr.port());
            let router = router(&state);
            shared = Some(state);
            router
        })
        .await;
        let shared = shared.expect("the router was built");
        FakeDiscord { shared, server }
    }

    /// `http://127.0.0.1:PORT`: what the bot passes to serenity's `HttpBuilder::proxy`.
    pub fn api_base(&self) -> String {
        self.shared.base_url()
    }

    /// `ws://127.0.0.1:PORT/gateway`, as `GET /gateway` reports it.
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url()
    }

    /// A guild the bot is in; listed (as unavailable) in READY.
    pub fn add_guild(&self, guild_id: u64) {
        self.shared.update(|inner| {
            if !inner.guilds.contains(&guild_id) {
                inner.guilds.push(guild_id);
            }
        });
    }

    /// A channel the bot can see. `kind`: 0 text, 5 announcement, 15 forum. Posting to a channel
    /// the fake does not know gets Discord's "Unknown Channel".
    pub fn add_channel(&self, guild_id: u64, channel_id: u64, name: &str, kind: u8) {
        let info = ChannelInfo {
            guild_id,
            name: name.to_owned(),
            kind,
            parent_id: None,
        };
        self.shared
            .update(|inner| inner.channels.insert(channel_id, info));
    }

    /// Makes bodies that fail the OpenAPI check get Discord's 400 "Invalid Form Body" instead
    /// of a normal answer (they are recorded as violations either way).
    pub fn reject_invalid_bodies(&self, reject: bool) {
        self.shared
            .update(|inner| inner.reject_invalid_bodies = reject);
    }

    /// Waits until a client has identified (or resumed) on the current connection.
    pub async fn wait_ready(&self, timeout: Duration) -> anyhow::Result<()> {
        self.shared
            .wait_for(timeout, "a client to identify on the gateway", |inner| {
                inner.gateway.as_ref().filter(|link| link.live).map(|_| ())
            })
            .await
    }

    /// The body of the latest bulk command overwrite (global or guild), waiting for one.
    pub async fn wait_commands(&self, timeout: Duration) -> anyhow::Result<Vec<Value>> {
        self.shared
            .wait_for(timeout, "the bot to register its commands", |inner| {
                inner.last_commands.clone()
            })
            .await
    }

    /// The command objects the fake returned for the last overwrite in `guild_id` (`None`:
    /// global), with the ids it assigned.
    pub fn registered_commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        self.shared
            .lock()
            .registered
            .get(&guild_id)
            .cloned()
            .unwrap_or_default()
    }

    /// A user running `/command` in `guild_id`; finish with `.send().await`.
    pub fn slash(&self, guild_id: u64, command: &str) -> SlashBuilder {
        SlashBuilder::new(Arc::clone(&self.shared), 2, guild_id, command)
    }

    /// A user typing into an option of `/command`; mark the option with `.focused(..)`.
    pub fn autocomplete(&self, guild_id: u64, command: &str) -> SlashBuilder {
        SlashBuilder::new(Arc::clone(&self.shared), 4, guild_id, command)
    }

    /// Sends any dispatch event (op 0) to the connected client.
    pub async fn dispatch(&self, event: &str, data: Value) -> anyhow::Result<()> {
        interaction::dispatch(&self.shared, event, data).await
    }

    /// Cuts the connection without a close frame; the client must reconnect and RESUME.
    pub async fn drop_gateway(&self) {
        self.order_and_wait_gone(GatewayOrder::Drop, false).await;
    }

    /// Sends op 7 RECONNECT; the client should reconnect and RESUME.
    pub fn send_reconnect(&self) {
        let frame = json!({ "op": 7, "d": null, "s": null, "t": null });
        self.order(GatewayOrder::Raw(frame), false);
    }

    /// Sends op 9 INVALID_SESSION (not resumable) and forgets the session; the client must
    /// IDENTIFY again.
    pub fn invalidate_session(&self) {
        let frame = json!({ "op": 9, "d": false, "s": null, "t": null });
        self.order(GatewayOrder::Raw(frame), true);
    }

    pub fn identify_count(&self) -> usize {
        self.shared.lock().identify_count
    }

    pub fn resume_count(&self) -> usize {
        self.shared.lock().resume_count
    }

    /// The `d` of every IDENTIFY received (token, intents, properties, ...).
    pub fn identify_payloads(&self) -> Vec<Value> {
        self.shared.lock().identify_payloads.clone()
    }

    /// The next `times` requests with this method and a path containing `path_contains` get
    /// `status` instead: 429 with `retry-after: 0.1` and rate-limit headers (not global), or a
    /// Discord-style 5xx/4xx error body.
    pub fn fail_next(&self, method: &str, path_contains: &str, status: u16, times: usize) {
        self.add_fault(method, path_contains, FaultAction::Status(status), times);
    }

    /// The next `times` matching requests get a *global* 429 (`"global": true` in the body,
    /// `x-ratelimit-global: true`, `retry-after: 0.1`).
    pub fn rate_limit_globally_next(&self, method: &str, path_contains: &str, times: usize) {
        self.add_fault(method, path_contains, FaultAction::GlobalRateLimit, times);
    }

    /// The next `times` matching requests are answered normally, but only after `delay`.
    pub fn delay_next(&self, method: &str, path_contains: &str, delay: Duration, times: usize) {
        self.add_fault(method, path_contains, FaultAction::Delay(delay), times);
    }

    fn add_fault(&self, method: &str, path_contains: &str, action: FaultAction, times: usize) {
        let (method, path_contains) = (method.to_owned(), path_contains.to_owned());
        let applies = move |r: &crate::fake_server::Recorded| {
            r.method.eq_ignore_ascii_case(&method) && r.path.contains(&path_contains)
        };
        self.shared.faults.push(applies, action, times);
    }

    /// Message-create bodies the bot successfully POSTed to this channel, in order (a forum
    /// post's first message counts for the new thread).
    pub fn channel_messages(&self, channel_id: u64) -> Vec<Value> {
        self.shared
            .lock()
            .channel_bodies
            .get(&channel_id)
            .cloned()
            .unwrap_or_default()
    }

    /// A member (not the bot) writes `content` in a channel or thread; returns the message id. It
    /// is served by `GET /channels/{id}/messages` but is not one of the bot's `channel_messages`.
    pub fn add_member_message(&self, channel_id: u64, user_id: u64, content: &str) -> u64 {
        self.shared.update(|inner| {
            let id = inner.snowflake();
            let guild = inner.channels.get(&channel_id).map(|info| info.guild_id);
            let body = serde_json::json!({ "content": content });
            let mut message = payloads::message(
                id,
                channel_id,
                guild,
                &body,
                &[],
                payloads::MessageOrigin::Channel,
            );
            message["author"] = payloads::human_user(user_id);
            inner.messages.insert(id, message);
            id
        })
    }

    /// Waits until at least `count` messages were posted to the channel; returns them all.
    pub async fn wait_channel_messages(
        &self,
        channel_id: u64,
        count: usize,
        timeout: Duration,
    ) -> anyhow::Result<Vec<Value>> {
        let what = format!("{count} messages in channel {channel_id}");
        self.shared
            .wait_for(timeout, &what, |inner| {
                let bodies = inner.channel_bodies.get(&channel_id)?;
                (bodies.len() >= count).then(|| bodies.clone())
            })
            .await
    }

    /// Channels the bot created (threads, forum posts) under `parent_id`, as `(id, info)`.
    pub fn threads_of(&self, parent_id: u64) -> Vec<(u64, ChannelInfo)> {
        let mut threads: Vec<(u64, ChannelInfo)> = self
            .shared
            .lock()
            .channels
            .iter()
            .filter(|(_, info)| info.parent_id == Some(parent_id))
            .map(|(id, info)| (*id, info.clone()))
            .collect();
        threads.sort_by_key(|(id, _)| *id);
        threads
    }

    /// Each body that failed the OpenAPI check: `"POST /api/v10/...: <error> in <body excerpt>"`.
    pub fn schema_violations(&self) -> Vec<String> {
        self.shared.lock().violations.clone()
    }

    pub fn assert_no_schema_violations(&self) {
        let violations = self.schema_violations();
        assert!(
            violations.is_empty(),
            "the bot sent {} bodies Discord's OpenAPI spec rejects:\n{}",
            violations.len(),
            violations.join("\n")
        );
    }

    /// Every message body the bot sent so far (channel messages, forum posts, interaction
    /// responses, follow-ups and edits), as `"METHOD path"` and the message object itself.
    /// Deferrals, autocomplete results and thread creations without a message carry no text and
    /// are left out.
    pub fn sent_message_bodies(&self) -> Vec<(String, Value)> {
        self.requests()
            .into_iter()
            .filter(|r| matches!(r.method.as_str(), "POST" | "PATCH"))
            .filter_map(|r| {
                let segments: Vec<&str> =
                    r.path.trim_start_matches("/api/v10/").split('/').collect();
                let message = match segments.as_slice() {
                    ["interactions", _, _, "callback"] => r.body.get("data")?.clone(),
                    ["channels", _, "threads"] => r.body.get("message")?.clone(),
                    ["channels", _, "messages"]
                    | ["channels", _, "messages", _]
                    | ["webhooks", _, _]
                    | ["webhooks", _, _, "messages", _] => r.body.clone(),
                    _ => return None,
                };
                // A deferral carries `{"attachments": [], "flags": ..}`: nothing to read.
                let says_something = ["content", "embeds", "attachments"].iter().any(|key| {
                    message.get(key).is_some_and(|v| match v {
                        Value::String(text) => !text.is_empty(),
                        Value::Array(items) => !items.is_empty(),
                        Value::Null => false,
                        _ => true,
                    })
                });
                says_something.then(|| (format!("{} {}", r.method, r.path), message))
            })
            .collect()
    }

    /// R4: every message body the bot sent has `allowed_mentions` that pings nobody: `parse`
    /// empty and no `users` or `roles` listed (and no reply ping). Returns how many were checked.
    pub fn assert_nothing_could_ping(&self) -> usize {
        let bodies = self.sent_message_bodies();
        let mut problems = Vec::new();
        for (request, message) in &bodies {
            let mentions = &message["allowed_mentions"];
            let empty = |key: &str| {
                mentions.get(key).is_none_or(|v| {
                    v.is_null() || v.as_array().is_some_and(std::vec::Vec::is_empty)
                })
            };
            let parse_empty = mentions
                .get("parse")
                .and_then(Value::as_array)
                .is_some_and(std::vec::Vec::is_empty);
            let replied_user = mentions
                .get("replied_user")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if !(parse_empty && empty("users") && empty("roles") && !replied_user) {
                problems.push(format!(
                    "{request}: allowed_mentions = {mentions} in {message}"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{} of {} bodies could ping someone:\n{}",
            problems.len(),
            bodies.len(),
            problems.join("\n")
        );
        bodies.len()
    }

    /// Sends an order to the live connection; `forget_session` makes a later RESUME fail.
    fn order(&self, order: GatewayOrder, forget_session: bool) -> Option<u64> {
        self.shared.update(|inner| {
            if forget_session {
                inner.session = None;
            }
            let link = inner.gateway.as_mut()?;
            // Dispatches must wait for the client's next session, not go down a dying socket.
            link.live = false;
            link.orders.send(order).ok()?;
            Some(link.conn_id)
        })
    }

    async fn order_and_wait_gone(&self, order: GatewayOrder, forget_session: bool) {
        let Some(conn_id) = self.order(order, forget_session) else {
            return;
        };
        // Once the old task has let go, `wait_ready` only sees the client's new connection.
        let _ = self
            .shared
            .wait_for(
                Duration::from_secs(2),
                "the old gateway connection to close",
                |inner| {
                    let same = inner
                        .gateway
                        .as_ref()
                        .is_some_and(|link| link.conn_id == conn_id);
                    (!same).then_some(())
                },
            )
            .await;
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        // The server stops with its own drop, after this.
        self.order(GatewayOrder::Drop, true);
    }
}
