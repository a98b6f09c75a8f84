//! Slash commands and autocomplete requests as a user would trigger them: `SlashBuilder` assembles
//! the INTERACTION_CREATE payload, `send` dispatches it over the live gateway, and the returned
//! `Invocation` waits for what the bot answered over REST.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::payloads::{self, DEFAULT_APP_PERMISSIONS};
use super::state::{ChannelInfo, GatewayOrder, InteractionLog, Shared, APP_ID};

/// The invoking user when a test does not pick one.
pub const DEFAULT_USER_ID: u64 = 1_000_000_000_000_000_002;
/// How long `send` waits for a live gateway connection (e.g. during a reconnect).
const SEND_WAIT: Duration = Duration::from_secs(8);

/// Builds one command or autocomplete interaction; see `FakeDiscord::slash`.
pub struct SlashBuilder {
    shared: Arc<Shared>,
    /// 2 for a slash command, 4 for autocomplete.
    kind: u8,
    guild_id: u64,
    command: String,
    subcommand: Option<String>,
    options: Vec<Value>,
    resolved_channels: Map<String, Value>,
    user_id: u64,
    permissions: u64,
    app_permissions: u64,
    channel_id: Option<u64>,
    locale: String,
    attachment_size_limit: u64,
}

impl SlashBuilder {
    pub(crate) fn new(shared: Arc<Shared>, kind: u8, guild_id: u64, command: &str) -> SlashBuilder {
        SlashBuilder {
            shared,
            kind,
            guild_id,
            command: command.to_owned(),
            subcommand: None,
            options: Vec::new(),
            resolved_channels: Map::new(),
            user_id: DEFAULT_USER_ID,
            permissions: 0,
            app_permissions: DEFAULT_APP_PERMISSIONS,
            channel_id: None,
            locale: "en-US".to_owned(),
            attachment_size_limit: 26_214_400,
        }
    }

    /// Nests all options under a SUB_COMMAND option (poise subcommands such as `/track add`).
    pub fn subcommand(mut self, name: &str) -> Self {
        self.subcommand = Some(name.to_owned());
        self
    }

    pub fn string(self, name: &str, value: &str) -> Self {
        self.option(json!({ "name": name, "type": 3, "value": value }))
    }

    pub fn integer(self, name: &str, value: i64) -> Self {
        self.option(json!({ "name": name, "type": 4, "value": value }))
    }

    pub fn boolean(self, name: &str, value: bool) -> Self {
        self.option(json!({ "name": name, "type": 5, "value": value }))
    }

    /// A channel option; Discord sends the id as the value and the channel under `resolved`.
    pub fn channel(mut self, name: &str, channel_id: u64) -> Self {
        let info = self.channel_info(channel_id);
        let resolved = payloads::partial_channel(channel_id, &info);
        self.resolved_channels
            .insert(channel_id.to_string(), resolved);
        self.option(json!({ "name": name, "type": 7, "value": channel_id.to_string() }))
    }

    /// A channel option in which the invoking member holds only `member_permissions` (Discord sends
    /// the member's computed permissions in a resolved channel).
    pub fn channel_with_permissions(
        self,
        name: &str,
        channel_id: u64,
        member_permissions: u64,
    ) -> Self {
        let mut builder = self.channel(name, channel_id);
        builder.resolved_channels[&channel_id.to_string()]["permissions"] =
            json!(member_permissions.to_string());
        builder
    }

    /// The option being typed in an autocomplete request.
    pub fn focused(self, name: &str, partial: &str) -> Self {
        self.option(json!({ "name": name, "type": 3, "value": partial, "focused": true }))
    }

    /// Any option object, for types the helpers above do not cover.
    pub fn option(mut self, option: Value) -> Self {
        self.options.push(option);
        self
    }

    pub fn user(mut self, user_id: u64) -> Self {
        self.user_id = user_id;
        self
    }

    /// The invoking member's permission bits (default 0, a plain member). MANAGE_GUILD = 1 << 5.
    pub fn permissions(mut self, perms: u64) -> Self {
        self.permissions = perms;
        self
    }

    /// The bot's permission bits in the channel (default `DEFAULT_APP_PERMISSIONS`).
    pub fn app_permissions(mut self, perms: u64) -> Self {
        self.app_permissions = perms;
        self
    }

    /// The channel the command is used in (default: the guild's first text channel).
    pub fn channel_id(mut self, channel_id: u64) -> Self {
        self.channel_id = Some(channel_id);
        self
    }

    /// The largest upload Discord accepts for this interaction, in bytes (default 25 MiB).
    pub fn attachment_size_limit(mut self, bytes: u64) -> Self {
        self.attachment_size_limit = bytes;
        self
    }

    pub fn locale(mut self, locale: &str) -> Self {
        locale.clone_into(&mut self.locale);
        self
    }

    /// The INTERACTION_CREATE `d` this builder stands for, with a fresh id and token.
    pub fn build_payload(&self) -> Value {
        let (id, token) = self.shared.update(|inner| {
            let id = inner.snowflake();
            (id, format!("fake-interaction-token-{id:x}"))
        });
        self.payload(id, &token)
    }

    /// Dispatches the interaction over the live gateway connection, waiting a few seconds for one
    /// if the client is reconnecting. A failure to dispatch surfaces from `wait_response`.
    pub async fn send(self) -> Invocation {
        let payload = self.build_payload();
        let id = id_of(&payload);
        let token = payload["token"].as_str().unwrap_or_default().to_owned();
        let channel_id = id_of(&payload["channel"]);
        self.shared.update(|inner| {
            inner.interactions.insert(
                token.clone(),
                InteractionLog {
                    interaction_id: id,
                    channel_id,
                    guild_id: Some(self.guild_id),
                    ..Default::default()
                },
            );
        });
        let dispatch_error = dispatch(&self.shared, "INTERACTION_CREATE", payload)
            .await
            .err()
            .map(|e| e.to_string());
        Invocation {
            shared: self.shared,
            id,
            token,
            dispatch_error,
        }
    }

    fn payload(&self, id: u64, token: &str) -> Value {
        let channel_id = self.channel_id.unwrap_or_else(|| self.default_channel());
        let channel = payloads::partial_channel(channel_id, &self.channel_info(channel_id));
        let options = match &self.subcommand {
            Some(name) => vec![json!({ "name": name, "type": 1, "options": self.options })],
            None => self.options.clone(),
        };
        let mut data = json!({
            "id": self.command_id().to_string(),
            "name": self.command,
            "type": 1,
            "options": options,
            "guild_id": self.guild_id.to_string(),
        });
        if !self.resolved_channels.is_empty() {
            data["resolved"] = json!({ "channels": self.resolved_channels });
        }
        json!({
            "id": id.to_string(),
            "application_id": APP_ID.to_string(),
            "type": self.kind,
            "token": token,
            "version": 1,
            "guild_id": self.guild_id.to_string(),
            "channel_id": channel_id.to_string(),
            "channel": channel,
            "data": data,
            "member": payloads::guild_member(self.user_id, self.permissions),
            "app_permissions": self.app_permissions.to_string(),
            "locale": self.locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": self.attachment_size_limit,
            "context": 0,
            "authorizing_integration_owners": { "0": self.guild_id.to_string() },
        })
    }

    /// The id the fake gave this command when the bot registered it, so the bot sees the same
    /// id Discord would send; a fresh one if it never registered.
    fn command_id(&self) -> u64 {
        self.shared.update(|inner| {
            let guild_key = (Some(self.guild_id), self.command.clone());
            let global_key = (None, self.command.clone());
            match inner
                .command_ids
                .get(&guild_key)
                .or_else(|| inner.command_ids.get(&global_key))
            {
                Some(id) => *id,
                None => inner.snowflake(),
            }
        })
    }

    fn channel_info(&self, channel_id: u64) -> ChannelInfo {
        let known = self.shared.lock().channels.get(&channel_id).cloned();
        known.unwrap_or_else(|| ChannelInfo {
            guild_id: self.guild_id,
            name: format!("channel-{channel_id}"),
            kind: 0,
            parent_id: None,
        })
    }

    /// The guild's lowest-id text channel, or a made-up one if the test declared none.
    fn default_channel(&self) -> u64 {
        let inner = self.shared.lock();
        inner
            .channels
            .iter()
            .filter(|(_, info)| info.guild_id == self.guild_id && info.kind == 0)
            .map(|(id, _)| *id)
            .min()
            .unwrap_or(1_100_000_000_000_000_001)
    }
}

fn id_of(object: &Value) -> u64 {
    object["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .unwrap_or_default()
}

/// Sends an op 0 event once a client is connected and identified (or resumed).
pub(crate) async fn dispatch(shared: &Shared, event: &str, data: Value) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + SEND_WAIT;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let orders = shared
            .wait_for(left, "a live gateway connection", |inner| {
                inner
                    .gateway
                    .as_ref()
                    .filter(|link| link.live)
                    .map(|link| link.orders.clone())
            })
            .await?;
        let order = GatewayOrder::Dispatch {
            event: event.to_owned(),
            data: data.clone(),
        };
        if orders.send(order).is_ok() {
            return Ok(());
        }
        // The connection ended between the check and the send; wait for the next one.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One sent interaction; waits for and reads what the bot answered.
pub struct Invocation {
    shared: Arc<Shared>,
    pub id: u64,
    pub token: String,
    dispatch_error: Option<String>,
}

/// The bot's answer to an interaction, flattened for assertions.
#[derive(Clone, Debug)]
pub struct InteractionReply {
    /// The callback type: 4 message, 5 deferred (content then comes from the first follow-up or
    /// `@original` edit), 8 autocomplete result.
    pub kind: u64,
    pub content: String,
    pub ephemeral: bool,
    pub embeds: Vec<Value>,
    pub choices: Vec<Value>,
    pub allowed_mentions: Option<Value>,
    /// The body the content came from: the callback, or the follow-up/edit after a defer.
    pub raw: Value,
}

impl Invocation {
    /// An interaction dispatched by other builders (button clicks); `error` if dispatch failed.
    pub(crate) fn dispatched(
        shared: Arc<Shared>,
        id: u64,
        token: String,
        error: Option<String>,
    ) -> Invocation {
        Invocation {
            shared,
            id,
            token,
            dispatch_error: error,
        }
    }

    /// An interaction that could not even be built; `wait_response` reports `why`.
    pub(crate) fn failed(shared: Arc<Shared>, id: u64, token: String, why: &str) -> Invocation {
        Self::dispatched(shared, id, token, Some(why.to_owned()))
    }

    /// Waits for the callback; after a deferral, also for the first follow-up or edit.
    pub async fn wait_response(&self, timeout: Duration) -> anyhow::Result<InteractionReply> {
        if let Some(problem) = &self.dispatch_error {
            anyhow::bail!("the interaction was never dispatched: {problem}");
        }
        let what = format!("the bot's response to interaction {}", self.id);
        self.shared
            .wait_for(timeout, &what, |inner| {
                let log = inner.interactions.get(&self.token)?;
                let callback = log.callback.as_ref()?;
                let kind = callback
                    .get("type")
                    .and_then(Value::as_u64)
                    .unwrap_or_default();
                if kind == 5 {
                    let follow_up = log.after_callback.first()?;
                    Some(reply(kind, &callback["data"], follow_up, follow_up))
                } else {
                    Some(reply(kind, &callback["data"], &callback["data"], callback))
                }
            })
            .await
    }

    /// Waits until the interaction has produced `count` bodies (callback, follow-ups, edits).
    pub async fn wait_messages(
        &self,
        count: usize,
        timeout: Duration,
    ) -> anyhow::Result<Vec<Value>> {
        let what = format!("{count} bodies for interaction {}", self.id);
        self.shared
            .wait_for(timeout, &what, |inner| {
                let bodies = &inner.interactions.get(&self.token)?.bodies;
                (bodies.len() >= count).then(|| bodies.clone())
            })
            .await
    }

    /// Callback, follow-up and edit bodies as the bot sent them, in order.
    pub fn all_messages(&self) -> Vec<Value> {
        let inner = self.shared.lock();
        inner
            .interactions
            .get(&self.token)
            .map(|log| log.bodies.clone())
            .unwrap_or_default()
    }
}

fn reply(kind: u64, callback_data: &Value, message: &Value, raw: &Value) -> InteractionReply {
    let flags = |v: &Value| v.get("flags").and_then(Value::as_u64).unwrap_or(0);
    let list = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    InteractionReply {
        kind,
        content: message
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        ephemeral: (flags(callback_data) | flags(message)) & 64 != 0,
        embeds: list(message, "embeds"),
        choices: list(message, "choices"),
        allowed_mentions: message
            .get("allowed_mentions")
            .filter(|v| !v.is_null())
            .cloned(),
        raw: raw.clone(),
    }
}
