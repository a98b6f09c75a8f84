//! The fake's memory: what the bot sent, what the fake knows about guilds and channels, the
//! gateway session, and the scripted faults. One `std::sync::Mutex` guards it all; it is never held
//! across an `.await`, so REST handlers, the gateway task and the test body can share it freely.
//! The requests themselves are in the server's log (`fake_server`).

use std::collections::HashMap;
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc;

use crate::fake_server::{Faults, Watched};

/// The application (and bot user) id the fake reports; real bots share one id for both.
pub const APP_ID: u64 = 1_200_000_000_000_000_001;
/// The bot user's name in READY, `/users/@me` and every message author.
pub const BOT_NAME: &str = "Rounds Test";

/// One REST request as the bot sent it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// Full path as received, without the query, e.g. `/api/v10/channels/5/messages`.
    pub path: String,
    /// Query pairs; serenity writes `?&a=b`, so empty pieces are dropped.
    pub query: Vec<(String, String)>,
    /// Every header, names lower-cased.
    pub headers: HashMap<String, String>,
    /// The JSON body (`payload_json` for multipart), or `Null` when there was none.
    pub body: Value,
    /// `(file name, size in bytes)` of each multipart file part.
    pub attachments: Vec<(String, usize)>,
    /// The bytes of each multipart file part, in the same order as `attachments`.
    pub attachment_contents: Vec<Vec<u8>>,
    /// The status the fake answered with (after fault injection).
    pub status: u16,
}

/// What a scripted fault does to a matching request.
#[derive(Clone, Copy, Debug)]
pub enum FaultAction {
    Status(u16),
    Delay(Duration),
    /// A 429 marked global (`"global": true`, `x-ratelimit-global`), as Discord sends when the
    /// bot exceeds its overall request rate.
    GlobalRateLimit,
}

/// A channel the test declared with `add_channel`, or a thread the bot created.
#[derive(Clone, Debug)]
pub struct ChannelInfo {
    pub guild_id: u64,
    pub name: String,
    pub kind: u8,
    pub parent_id: Option<u64>,
}

/// Everything that happened to one interaction token, so `Invocation` can wait on it.
#[derive(Clone, Debug, Default)]
pub struct InteractionLog {
    pub interaction_id: u64,
    pub channel_id: u64,
    pub guild_id: Option<u64>,
    /// The callback body, once the bot answered.
    pub callback: Option<Value>,
    /// Callback, follow-up and edit bodies, in arrival order.
    pub bodies: Vec<Value>,
    /// Follow-up and `@original` edit bodies only (what a deferred reply resolves to).
    pub after_callback: Vec<Value>,
    /// The message object standing for `@original`, once there is one.
    pub original: Option<Value>,
}

/// Orders sent from test code to the live gateway connection task.
#[derive(Debug)]
pub enum GatewayOrder {
    /// An op 0 event; the connection stamps it with the session's next sequence number.
    Dispatch { event: String, data: Value },
    /// A raw frame such as op 7 or op 9, sent as is.
    Raw(Value),
    /// Drop the socket without a close frame.
    Drop,
}

/// The live gateway connection, if any.
#[derive(Debug)]
pub struct GatewayLink {
    pub conn_id: u64,
    pub orders: mpsc::UnboundedSender<GatewayOrder>,
    /// True once READY or RESUMED went out, i.e. the client will act on dispatches.
    pub live: bool,
}

#[derive(Debug, Default)]
pub struct Session {
    pub id: String,
    pub seq: u64,
}

#[derive(Debug, Default)]
pub struct Inner {
    next_snowflake: u64,
    pub guilds: Vec<u64>,
    pub channels: HashMap<u64, ChannelInfo>,
    /// Message objects by id, so edits and GETs find what was posted.
    pub messages: HashMap<u64, Value>,
    /// Bodies POSTed to `/channels/{id}/messages`, by channel, in order.
    pub channel_bodies: HashMap<u64, Vec<Value>>,
    /// The last bulk-overwrite body and the ids the fake gave each command by (guild, name).
    pub last_commands: Option<Vec<Value>>,
    pub command_ids: HashMap<(Option<u64>, String), u64>,
    pub registered: HashMap<Option<u64>, Vec<Value>>,
    pub interactions: HashMap<String, InteractionLog>,
    pub violations: Vec<String>,
    /// Requests (by `Recorded::seq`) the rate limiter refused before their body was read.
    pub unread: std::collections::HashSet<u64>,
    pub reject_invalid_bodies: bool,
    pub session: Option<Session>,
    pub gateway: Option<GatewayLink>,
    pub identify_payloads: Vec<Value>,
    pub identify_count: usize,
    pub resume_count: usize,
    /// Heartbeats (op 1) received, ever: a sign the client's gateway loop is running.
    pub heartbeat_count: usize,
    /// READY or RESUMED sent, ever; what `wait_ready` waits for.
    pub sessions_started: usize,
    /// Messages created with `enforce_nonce`, by (channel, nonce): a repeat gets the first
    /// message back and creates nothing, as Discord does.
    pub nonces: HashMap<(u64, String), u64>,
    /// Discord-like rate limits, when a test turned them on.
    pub rate_limiter: Option<super::ratelimit::Limiter>,
    /// The PEM of the self-signed `discord.com` certificate, when serving HTTPS.
    pub tls_cert_pem: Option<String>,
}

impl Inner {
    /// A fresh snowflake. Ids only need to be unique and non-zero, but starting from a realistic
    /// 2023-era value keeps timestamps derived from them plausible.
    pub fn snowflake(&mut self) -> u64 {
        if self.next_snowflake == 0 {
            self.next_snowflake = 1_300_000_000_000_000_000;
        }
        self.next_snowflake += 1;
        self.next_snowflake
    }
}

/// The state shared by the server tasks and the test-side handle.
#[derive(Debug)]
pub struct Shared {
    state: Watched<Inner>,
    pub faults: Faults<FaultAction>,
    pub port: u16,
}

impl Shared {
    pub fn new(port: u16) -> Arc<Shared> {
        Arc::new(Shared {
            state: Watched::new(Inner::default()),
            faults: Faults::default(),
            port,
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.state.lock()
    }

    /// Runs `change` under the lock and wakes every waiter.
    pub fn update<T>(&self, change: impl FnOnce(&mut Inner) -> T) -> T {
        self.state.update(change)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn gateway_url(&self) -> String {
        format!("ws://127.0.0.1:{}/gateway", self.port)
    }

    /// Waits until `check` returns `Some`, re-checking after every change.
    pub async fn wait_for<T>(
        &self,
        timeout: Duration,
        what: &str,
        check: impl FnMut(&Inner) -> Option<T>,
    ) -> anyhow::Result<T> {
        self.state.wait_for(timeout, what, check).await
    }
}
