//! Button clicks as Discord delivers them: a MESSAGE_COMPONENT interaction (type 3) over the
//! gateway, carrying the message the button is on, the button's `custom_id` and the member who
//! pressed it. The bot answers through the same callback and webhook routes as for a command.

use std::sync::Arc;

use serde_json::{json, Value};

use super::interaction::{dispatch, Invocation};
use super::payloads::{self, DEFAULT_APP_PERMISSIONS};
use super::state::{InteractionLog, APP_ID};
use super::FakeDiscord;

impl FakeDiscord {
    /// `user_id` presses the button `custom_id` on the bot's reply to `on` (its `@original`
    /// message, ephemeral or not). Returns the click's own interaction, whose callback the bot must
    /// send within Discord's 3 s.
    pub async fn click(&self, on: &Invocation, custom_id: &str, user_id: u64) -> Invocation {
        let (message, channel_id, guild_id) = {
            let inner = self.shared.lock();
            let log = inner.interactions.get(&on.token);
            (
                log.and_then(|log| log.original.clone()),
                log.map(|log| log.channel_id).unwrap_or_default(),
                log.and_then(|log| log.guild_id),
            )
        };
        let (id, token) = self.shared.update(|inner| {
            let id = inner.snowflake();
            (id, format!("fake-component-token-{id:x}"))
        });
        let Some(message) = message else {
            return Invocation::failed(
                Arc::clone(&self.shared),
                id,
                token,
                "the bot has not answered that interaction with a message to click on",
            );
        };
        let channel_info = self.shared.lock().channels.get(&channel_id).cloned();
        let channel = channel_info
            .map(|info| payloads::partial_channel(channel_id, &info))
            .unwrap_or(json!({ "id": channel_id.to_string(), "type": 0 }));
        let payload = component_payload(
            id,
            &token,
            custom_id,
            user_id,
            (channel_id, channel),
            guild_id,
            &message,
        );
        self.shared.update(|inner| {
            inner.interactions.insert(
                token.clone(),
                InteractionLog {
                    interaction_id: id,
                    channel_id,
                    guild_id,
                    ..Default::default()
                },
            );
        });
        let error = dispatch(&self.shared, "INTERACTION_CREATE", payload)
            .await
            .err()
            .map(|e| e.to_string());
        Invocation::dispatched(Arc::clone(&self.shared), id, token, error)
    }
}

/// The INTERACTION_CREATE `d` of a button press: `channel` is the channel's id and partial object,
/// `message` the message the button is on.
pub fn component_payload(
    id: u64,
    token: &str,
    custom_id: &str,
    user_id: u64,
    channel: (u64, Value),
    guild_id: Option<u64>,
    message: &Value,
) -> Value {
    let (channel_id, channel) = channel;
    let mut payload = json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": 3,
        "token": token,
        "version": 1,
        "channel_id": channel_id.to_string(),
        "channel": channel,
        "data": { "custom_id": custom_id, "component_type": 2 },
        "message": message,
        "app_permissions": DEFAULT_APP_PERMISSIONS.to_string(),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 26_214_400,
        "context": 0,
    });
    match guild_id {
        Some(guild_id) => {
            payload["guild_id"] = json!(guild_id.to_string());
            payload["guild_locale"] = json!("en-US");
            payload["authorizing_integration_owners"] = json!({ "0": guild_id.to_string() });
            payload["member"] = payloads::guild_member(user_id, 0);
        }
        None => payload["user"] = payloads::human_user(user_id),
    }
    payload
}
