//! What each REST route does to the fake's state and answers. Runs under the state lock, so
//! nothing here awaits.
//!
//! Where Discord has a well-known refusal that a buggy bot would hit (an unknown channel, a second
//! callback for one interaction, a follow-up before any callback), the fake refuses the same way,
//! with Discord's error code, so those bugs show up in tests.

use serde_json::{json, Value};

use super::{Incoming, Reply};
use crate::fake_discord::payloads::{self, MessageOrigin};
use crate::fake_discord::state::{ChannelInfo, Inner, APP_ID};

/// Discord marks a deferred "thinking…" original response with this message flag.
const LOADING: u64 = 1 << 7;

pub fn route(inner: &mut Inner, request: &Incoming<'_>, gateway_url: &str) -> Reply {
    let body = request.body;
    match (request.method, request.segments.as_slice()) {
        ("GET", ["gateway"]) => Reply::ok(json!({ "url": gateway_url })),
        ("GET", ["gateway", "bot"]) => Reply::ok(json!({
            "url": gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1,
            },
        })),
        ("GET", ["oauth2", "applications", "@me"]) => Reply::ok(payloads::current_application()),
        ("GET", ["users", "@me"]) => Reply::ok(payloads::bot_user()),
        // Leave Guild: the bot is no longer in it.
        ("DELETE", ["users", "@me", "guilds", guild]) => with_id(guild, |guild| {
            if !inner.guilds.contains(&guild) {
                return Reply::error(404, "Unknown Guild", 10004);
            }
            inner.guilds.retain(|g| *g != guild);
            Reply::no_content()
        }),
        ("PUT", ["applications", app, "commands"]) => {
            with_app(app, || put_commands(inner, None, body))
        }
        ("PUT", ["applications", app, "guilds", guild, "commands"]) => with_app(app, || {
            with_id(guild, |guild| put_commands(inner, Some(guild), body))
        }),
        ("GET", ["applications", app, "commands"]) => with_app(app, || {
            Reply::ok(json!(inner
                .registered
                .get(&None)
                .cloned()
                .unwrap_or_default()))
        }),
        ("GET", ["applications", app, "guilds", guild, "commands"]) => with_app(app, || {
            with_id(guild, |guild| {
                Reply::ok(json!(inner
                    .registered
                    .get(&Some(guild))
                    .cloned()
                    .unwrap_or_default()))
            })
        }),
        ("POST", ["interactions", id, token, "callback"]) => {
            with_id(id, |id| interaction_callback(inner, id, token, body))
        }
        ("POST", ["webhooks", app, token]) => {
            with_app(app, || followup(inner, token, body, request.attachments))
        }
        (method, ["webhooks", app, token, "messages", which]) => {
            with_app(app, || webhook_message(inner, method, token, which, body))
        }
        ("POST", ["channels", channel, "messages"]) => with_id(channel, |channel| {
            create_message(inner, channel, body, request.attachments)
        }),
        ("GET", ["channels", channel, "messages"]) => with_id(channel, |channel| {
            list_messages(inner, channel, request.query)
        }),
        (method, ["channels", channel, "messages", message]) => with_id(channel, |channel| {
            with_id(message, |message| {
                channel_message(inner, method, channel, message, body)
            })
        }),
        ("GET", ["channels", channel]) => {
            with_id(channel, |channel| match inner.channels.get(&channel) {
                Some(info) => Reply::ok(payloads::guild_channel(channel, info)),
                None => Reply::error(404, "Unknown Channel", 10003),
            })
        }
        ("POST", ["channels", channel, "threads"]) => {
            with_id(channel, |channel| create_thread(inner, channel, None, body))
        }
        ("POST", ["channels", channel, "messages", message, "threads"]) => {
            with_id(channel, |channel| {
                with_id(message, |message| {
                    create_thread(inner, channel, Some(message), body)
                })
            })
        }
        ("GET", ["guilds", guild, "channels"]) => with_id(guild, |guild| {
            let mut channels: Vec<(&u64, &ChannelInfo)> = inner
                .channels
                .iter()
                .filter(|(_, info)| info.guild_id == guild)
                .collect();
            channels.sort_by_key(|(id, _)| **id);
            let list: Vec<Value> = channels
                .into_iter()
                .map(|(id, info)| payloads::guild_channel(*id, info))
                .collect();
            Reply::ok(Value::Array(list))
        }),
        _ => Reply::not_found(),
    }
}

/// Runs `then` with a snowflake path segment, or answers as Discord does to a malformed one.
fn with_id(segment: &str, then: impl FnOnce(u64) -> Reply) -> Reply {
    match segment.parse::<u64>() {
        Ok(id) if id > 0 => then(id),
        _ => Reply::error(400, "Invalid Form Body (value is not snowflake)", 50035),
    }
}

/// Only the fake's own application id is known; anything else is Discord's "Unknown Application".
fn with_app(segment: &str, then: impl FnOnce() -> Reply) -> Reply {
    if segment == APP_ID.to_string() {
        then()
    } else {
        Reply::error(404, "Unknown Application", 10002)
    }
}

/// A bulk overwrite: ids are kept per (guild, name) across overwrites, as Discord keeps them.
fn put_commands(inner: &mut Inner, guild: Option<u64>, body: &Value) -> Reply {
    let Some(list) = body.as_array() else {
        return Reply::error(400, "Invalid Form Body (expected an array)", 50035);
    };
    let mut created = Vec::with_capacity(list.len());
    for command in list {
        let name = command
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let key = (guild, name);
        let id = match inner.command_ids.get(&key) {
            Some(id) => *id,
            None => {
                let id = inner.snowflake();
                inner.command_ids.insert(key, id);
                id
            }
        };
        created.push(payloads::command(id, guild, command));
    }
    inner.registered.insert(guild, created.clone());
    inner.last_commands = Some(list.clone());
    Reply::ok(Value::Array(created))
}

fn interaction_callback(inner: &mut Inner, id: u64, token: &str, body: &Value) -> Reply {
    let guild = inner.interactions.get(token).and_then(|log| log.guild_id);
    let message_id = inner.snowflake();
    let Some(log) = inner
        .interactions
        .get_mut(token)
        .filter(|log| log.interaction_id == id)
    else {
        return Reply::error(404, "Unknown interaction", 10062);
    };
    if log.callback.is_some() {
        return Reply::error(400, "Interaction has already been acknowledged.", 40060);
    }
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    let original = match body.get("type").and_then(Value::as_u64) {
        Some(4) => Some(payloads::message(
            message_id,
            log.channel_id,
            guild,
            &data,
            &[],
            MessageOrigin::Interaction,
        )),
        Some(5) => {
            let flags = data.get("flags").and_then(Value::as_u64).unwrap_or(0) | LOADING;
            let placeholder = json!({ "flags": flags });
            Some(payloads::message(
                message_id,
                log.channel_id,
                guild,
                &placeholder,
                &[],
                MessageOrigin::Interaction,
            ))
        }
        _ => None,
    };
    log.callback = Some(body.clone());
    log.bodies.push(body.clone());
    if let Some(original) = original {
        log.original = Some(original.clone());
        inner.messages.insert(message_id, original);
    }
    Reply::no_content()
}

/// `POST /webhooks/{app}/{token}`: an interaction follow-up. After a defer, the first follow-up
/// takes the place of the "thinking…" original, as on Discord.
fn followup(inner: &mut Inner, token: &str, body: &Value, files: &[(String, usize)]) -> Reply {
    let guild = inner.interactions.get(token).and_then(|log| log.guild_id);
    let fresh_id = inner.snowflake();
    let Some(log) = inner
        .interactions
        .get_mut(token)
        .filter(|log| log.callback.is_some())
    else {
        return Reply::error(404, "Unknown Webhook", 10015);
    };
    let loading = log
        .original
        .as_ref()
        .filter(|m| flags(m) & LOADING != 0)
        .cloned();
    let message = match loading {
        Some(mut original) => {
            original["flags"] = json!(flags(&original) & !LOADING);
            payloads::apply_edit(&mut original, body);
            log.original = Some(original.clone());
            original
        }
        None => payloads::message(
            fresh_id,
            log.channel_id,
            guild,
            body,
            files,
            MessageOrigin::Interaction,
        ),
    };
    log.bodies.push(body.clone());
    log.after_callback.push(body.clone());
    if let Some(id) = message_id(&message) {
        inner.messages.insert(id, message.clone());
    }
    Reply::ok(message)
}

/// GET, PATCH or DELETE of `@original` or a follow-up message.
fn webhook_message(
    inner: &mut Inner,
    method: &str,
    token: &str,
    which: &str,
    body: &Value,
) -> Reply {
    let Some(log) = inner.interactions.get(token) else {
        return Reply::error(404, "Unknown Webhook", 10015);
    };
    let id = if which == "@original" {
        log.original.as_ref().and_then(message_id)
    } else {
        which.parse::<u64>().ok()
    };
    let Some(id) = id.filter(|id| inner.messages.contains_key(id)) else {
        return Reply::error(404, "Unknown Message", 10008);
    };
    let is_original = which == "@original";
    match method {
        "GET" => Reply::ok(inner.messages[&id].clone()),
        "DELETE" => {
            inner.messages.remove(&id);
            Reply::no_content()
        }
        "PATCH" => {
            let Some(message) = inner.messages.get_mut(&id) else {
                return Reply::error(404, "Unknown Message", 10008);
            };
            let was_loading = flags(message) & LOADING != 0;
            if was_loading {
                message["flags"] = json!(flags(message) & !LOADING);
            } else {
                message["edited_timestamp"] = json!(payloads::now());
            }
            payloads::apply_edit(message, body);
            let message = message.clone();
            if let Some(log) = inner.interactions.get_mut(token) {
                log.bodies.push(body.clone());
                log.after_callback.push(body.clone());
                if is_original {
                    log.original = Some(message.clone());
                }
            }
            Reply::ok(message)
        }
        _ => Reply::not_found(),
    }
}

fn create_message(
    inner: &mut Inner,
    channel: u64,
    body: &Value,
    files: &[(String, usize)],
) -> Reply {
    let Some(info) = inner.channels.get(&channel) else {
        return Reply::error(404, "Unknown Channel", 10003);
    };
    // Forums and categories take posts/threads, not messages.
    if matches!(info.kind, 4 | 15) {
        return Reply::error(400, "Cannot send messages in a non-text channel", 50008);
    }
    if let Some(earlier) = repeated_nonce(inner, channel, body) {
        return Reply::ok(earlier);
    }
    let id = inner.snowflake();
    let message = payloads::message(id, channel, None, body, files, MessageOrigin::Channel);
    inner.messages.insert(id, message.clone());
    inner
        .channel_bodies
        .entry(channel)
        .or_default()
        .push(body.clone());
    if let Some(nonce) = enforced_nonce(body) {
        inner.nonces.insert((channel, nonce), id);
    }
    Reply::ok(message)
}

/// The nonce of a body that asks Discord to enforce it (`enforce_nonce: true`), as text.
fn enforced_nonce(body: &Value) -> Option<String> {
    if body["enforce_nonce"] != Value::Bool(true) {
        return None;
    }
    match &body["nonce"] {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The message an earlier create with the same enforced nonce made in this channel, if any:
/// Discord returns it instead of posting again (it remembers nonces for a few minutes; the fake,
/// for its whole life).
fn repeated_nonce(inner: &Inner, channel: u64, body: &Value) -> Option<Value> {
    let nonce = enforced_nonce(body)?;
    let id = inner.nonces.get(&(channel, nonce))?;
    inner.messages.get(id).cloned()
}

/// `GET /channels/{id}/messages`: newest first, `limit` (default 50, at most 100) messages older
/// than `before` when given, as Discord pages a channel's history.
fn list_messages(inner: &mut Inner, channel: u64, query: &[(String, String)]) -> Reply {
    if !inner.channels.contains_key(&channel) {
        return Reply::error(404, "Unknown Channel", 10003);
    }
    let param = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| value.parse::<u64>().ok())
    };
    let limit = param("limit").unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Reply::error(400, "Invalid Form Body (limit)", 50035);
    }
    let before = param("before").unwrap_or(u64::MAX);
    let wanted = channel.to_string();
    let mut found: Vec<(u64, &Value)> = inner
        .messages
        .iter()
        .filter(|(id, m)| {
            **id < before && m.get("channel_id").and_then(Value::as_str) == Some(wanted.as_str())
        })
        .map(|(id, m)| (*id, m))
        .collect();
    found.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    let page: Vec<Value> = found
        .into_iter()
        .take(limit as usize)
        .map(|(_, m)| m.clone())
        .collect();
    Reply::ok(Value::Array(page))
}

fn channel_message(inner: &mut Inner, method: &str, channel: u64, id: u64, body: &Value) -> Reply {
    let belongs = inner
        .messages
        .get(&id)
        .is_some_and(|m| m.get("channel_id").and_then(Value::as_str) == Some(&channel.to_string()));
    if !belongs {
        return Reply::error(404, "Unknown Message", 10008);
    }
    match method {
        "GET" => Reply::ok(inner.messages[&id].clone()),
        "DELETE" => {
            inner.messages.remove(&id);
            Reply::no_content()
        }
        "PATCH" => match inner.messages.get_mut(&id) {
            Some(message) => {
                message["edited_timestamp"] = json!(payloads::now());
                payloads::apply_edit(message, body);
                Reply::ok(message.clone())
            }
            None => Reply::error(404, "Unknown Message", 10008),
        },
        _ => Reply::not_found(),
    }
}

/// A thread from a message (its id becomes the thread's id, as on Discord), a thread without a
/// message, or a forum post (a thread plus its first message, returned together).
fn create_thread(inner: &mut Inner, parent: u64, from_message: Option<u64>, body: &Value) -> Reply {
    let Some(parent_info) = inner.channels.get(&parent).cloned() else {
        return Reply::error(404, "Unknown Channel", 10003);
    };
    if let Some(message) = from_message {
        if !inner.messages.contains_key(&message) {
            return Reply::error(404, "Unknown Message", 10008);
        }
    }
    let kind = match (parent_info.kind, body.get("type").and_then(Value::as_u64)) {
        (5, _) => 10,
        (_, Some(12)) if from_message.is_none() => 12,
        _ => 11,
    };
    let id = match from_message {
        Some(message) => message,
        None => inner.snowflake(),
    };
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("thread")
        .to_owned();
    let info = ChannelInfo {
        guild_id: parent_info.guild_id,
        name,
        kind,
        parent_id: Some(parent),
    };
    let mut channel = payloads::guild_channel(id, &info);
    inner.channels.insert(id, info);
    if parent_info.kind == 15 {
        let first = body.get("message").cloned().unwrap_or_else(|| json!({}));
        // A forum post's first message shares the thread's id.
        let message = payloads::message(id, id, None, &first, &[], MessageOrigin::Channel);
        inner.messages.insert(id, message.clone());
        inner.channel_bodies.entry(id).or_default().push(first);
        channel["message"] = message;
    }
    Reply::ok(channel)
}

fn flags(message: &Value) -> u64 {
    message.get("flags").and_then(Value::as_u64).unwrap_or(0)
}

fn message_id(message: &Value) -> Option<u64> {
    message
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| id.parse().ok())
}
