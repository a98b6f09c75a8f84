//! JSON objects the fake sends back, shaped so serenity 0.12.5 deserialises them.
//!
//! serenity rejects a payload over one missing required field, and for gateway events that
//! rejection is silent (the event becomes `Event::Unknown`), so every builder here is checked
//! against serenity's own types in the self-tests.

use serde_json::{json, Map, Value};

use super::state::{ChannelInfo, APP_ID, BOT_NAME};

/// Permissions a freshly invited bot typically holds: view, send, embed, attach, history,
/// reactions, external emoji, threads. Poise checks `app_permissions` against a command's
/// `required_bot_permissions`, so this has to be realistic rather than zero.
pub const DEFAULT_APP_PERMISSIONS: u64 = (1 << 6)
    | (1 << 10)
    | (1 << 11)
    | (1 << 14)
    | (1 << 15)
    | (1 << 16)
    | (1 << 18)
    | (1 << 34)
    | (1 << 35)
    | (1 << 38);

/// The time the fake stamps on messages, ISO 8601 as Discord writes it.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

pub fn bot_user() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "username": BOT_NAME,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
    })
}

pub fn human_user(user_id: u64) -> Value {
    json!({
        "id": user_id.to_string(),
        "username": format!("member{user_id}"),
        "discriminator": "0",
        "global_name": format!("Member {user_id}"),
        "avatar": null,
        "public_flags": 0,
    })
}

/// The `member` of a guild interaction: `user_id` with `permissions` (a bit set) in the channel.
pub fn guild_member(user_id: u64, permissions: u64) -> Value {
    json!({
        "user": human_user(user_id),
        "nick": null,
        "avatar": null,
        "roles": [],
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": permissions.to_string(),
        "communication_disabled_until": null,
    })
}

/// The `d` of a READY dispatch.
pub fn ready(session_id: &str, guilds: &[u64], resume_gateway_url: &str) -> Value {
    let guilds: Vec<Value> = guilds
        .iter()
        .map(|id| json!({ "id": id.to_string(), "unavailable": true }))
        .collect();
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": resume_gateway_url,
        "shard": [0, 1],
        "application": { "id": APP_ID.to_string(), "flags": 0 },
        "private_channels": [],
    })
}

/// `GET /oauth2/applications/@me`; poise fetches it at start-up to learn the owners.
pub fn current_application() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": BOT_NAME,
        "icon": null,
        "description": "",
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "owner": human_user(1_000_000_000_000_000_001),
        "verify_key": "0".repeat(64),
        "team": null,
        "flags": 0,
        "bot": bot_user(),
    })
}

/// A `GuildChannel` (also what `GET /channels/{id}` returns for a guild channel).
pub fn guild_channel(channel_id: u64, info: &ChannelInfo) -> Value {
    let mut channel = json!({
        "id": channel_id.to_string(),
        "type": info.kind,
        "guild_id": info.guild_id.to_string(),
        "name": info.name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "parent_id": info.parent_id.map(|id| id.to_string()),
        "flags": 0,
    });
    if is_thread(info.kind) {
        channel["owner_id"] = json!(APP_ID.to_string());
        channel["message_count"] = json!(0);
        channel["member_count"] = json!(1);
        channel["thread_metadata"] = json!({
            "archived": false,
            "auto_archive_duration": 1440,
            "archive_timestamp": now(),
            "locked": false,
            "create_timestamp": now(),
        });
    }
    if info.kind == 15 {
        channel["available_tags"] = json!([]);
        channel["default_reaction_emoji"] = Value::Null;
    }
    channel
}

/// Thread channel types: announcement (10), public (11), private (12).
pub fn is_thread(kind: u8) -> bool {
    matches!(kind, 10..=12)
}

/// The partial channel Discord puts in `data.resolved.channels` and in an interaction's `channel`.
pub fn partial_channel(channel_id: u64, info: &ChannelInfo) -> Value {
    json!({
        "id": channel_id.to_string(),
        "name": info.name,
        "type": info.kind,
        "guild_id": info.guild_id.to_string(),
        "permissions": DEFAULT_APP_PERMISSIONS.to_string(),
        "parent_id": info.parent_id.map(|id| id.to_string()),
    })
}

/// Where a message came from decides its type and a few fields.
#[derive(Clone, Copy, Debug)]
pub enum MessageOrigin {
    /// `POST /channels/{id}/messages`.
    Channel,
    /// An interaction response or follow-up, sent through the application's webhook.
    Interaction,
}

/// A `Message` as Discord returns it after creating one from `body` (a create-message body).
pub fn message(
    message_id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
    body: &Value,
    attachments: &[(String, usize)],
    origin: MessageOrigin,
) -> Value {
    let mut message = json!({
        "id": message_id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": bot_user(),
        "content": "",
        "timestamp": now(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    });
    if let Some(guild_id) = guild_id {
        message["guild_id"] = json!(guild_id.to_string());
    }
    if let MessageOrigin::Interaction = origin {
        message["type"] = json!(20);
        message["webhook_id"] = json!(APP_ID.to_string());
        message["application_id"] = json!(APP_ID.to_string());
    }
    let files: Vec<Value> = attachments
        .iter()
        .enumerate()
        .map(|(index, (name, size))| {
            let id = message_id + 1 + index as u64;
            let url = format!("https://cdn.discordapp.com/attachments/{channel_id}/{id}/{name}");
            json!({ "id": id.to_string(), "filename": name, "size": size, "url": url, "proxy_url": url })
        })
        .collect();
    if !files.is_empty() {
        message["attachments"] = Value::Array(files);
    }
    apply_edit(&mut message, body);
    message
}

/// Applies a create or edit body's visible fields to a message object. Discord keeps fields the
/// edit leaves out, and `null` clears them.
pub fn apply_edit(message: &mut Value, body: &Value) {
    let Some(fields) = body.as_object() else {
        return;
    };
    for (key, default) in [
        ("content", json!("")),
        ("embeds", json!([])),
        ("components", json!([])),
        ("flags", json!(0)),
        ("tts", json!(false)),
    ] {
        match fields.get(key) {
            None => {}
            Some(Value::Null) => message[key] = default,
            Some(value) => message[key] = value.clone(),
        }
    }
    if let Some(Value::Array(embeds)) = message.get_mut("embeds") {
        // Discord marks every bot-built embed as "rich" in what it returns.
        for embed in embeds.iter_mut().filter_map(Value::as_object_mut) {
            embed.entry("type").or_insert_with(|| json!("rich"));
        }
    }
}

/// A command object as Discord returns it from a bulk overwrite.
pub fn command(command_id: u64, guild_id: Option<u64>, body: &Value) -> Value {
    let mut command: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    command.insert("id".into(), json!(command_id.to_string()));
    command.insert("application_id".into(), json!(APP_ID.to_string()));
    command.insert("version".into(), json!(command_id.to_string()));
    command.entry("type").or_insert(json!(1));
    command.entry("description").or_insert(json!(""));
    command
        .entry("default_member_permissions")
        .or_insert(Value::Null);
    command.entry("nsfw").or_insert(json!(false));
    if let Some(guild_id) = guild_id {
        command.insert("guild_id".into(), json!(guild_id.to_string()));
    }
    Value::Object(command)
}

/// Discord's error body, e.g. `{"message":"Unknown Channel","code":10003}`.
pub fn error(message: &str, code: u32) -> Value {
    json!({ "message": message, "code": code })
}
