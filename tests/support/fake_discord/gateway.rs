//! The gateway half of the fake: a websocket at `/gateway` speaking just enough of Discord's
//! protocol for serenity's shard: HELLO, IDENTIFY → READY, RESUME → RESUMED, heartbeat ACKs, and
//! dispatches pushed by the test through `GatewayOrder`s.
//!
//! Frames go out as Text: serenity zlib-inflates every Binary frame on its own, and plain text is
//! accepted even though IDENTIFY asks for compression.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::payloads;
use super::state::{GatewayLink, GatewayOrder, Inner, Session, Shared};

/// Short enough that a missed ACK would show within a test, long enough that a busy 2-core CI
/// machine does not make serenity's heartbeat check flaky.
pub const HEARTBEAT_INTERVAL_MS: u64 = 2000;

impl super::FakeDiscord {
    /// Waits until `count` more heartbeats than `since` (an earlier `heartbeat_count`) arrived.
    pub async fn wait_heartbeats(
        &self,
        since: usize,
        count: usize,
        timeout: Duration,
    ) -> anyhow::Result<()> {
        self.shared
            .wait_for(timeout, "the bot to heartbeat on the gateway", |inner| {
                (inner.heartbeat_count >= since + count).then_some(())
            })
            .await
    }

    pub fn heartbeat_count(&self) -> usize {
        self.shared.lock().heartbeat_count
    }
}

pub async fn upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| run(shared, socket))
}

async fn run(shared: Arc<Shared>, mut socket: WebSocket) {
    let (orders, mut inbox) = mpsc::unbounded_channel();
    // Only one client is expected; a newer connection takes over the order channel.
    let conn_id = shared.update(|inner| {
        let conn_id = inner.snowflake();
        inner.gateway = Some(GatewayLink {
            conn_id,
            orders,
            live: false,
        });
        conn_id
    });
    let hello = json!({ "op": 10, "d": { "heartbeat_interval": HEARTBEAT_INTERVAL_MS }, "s": null, "t": null });
    if send(&mut socket, &hello).await {
        loop {
            tokio::select! {
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        let replies = shared.update(|inner| answer(inner, conn_id, &shared.gateway_url(), text.as_str()));
                        if !send_all(&mut socket, &replies).await {
                            break;
                        }
                    }
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    Some(Ok(_)) => {}
                },
                order = inbox.recv() => match order {
                    Some(GatewayOrder::Dispatch { event, data }) => {
                        let seq = shared.update(next_seq);
                        let frame = json!({ "op": 0, "s": seq, "t": event, "d": data });
                        if !send(&mut socket, &frame).await {
                            break;
                        }
                    }
                    Some(GatewayOrder::Raw(frame)) => {
                        if !send(&mut socket, &frame).await {
                            break;
                        }
                    }
                    // Returning drops the socket without a close frame: an abrupt disconnect.
                    Some(GatewayOrder::Drop) | None => break,
                },
            }
        }
    }
    shared.update(|inner| {
        if inner
            .gateway
            .as_ref()
            .is_some_and(|link| link.conn_id == conn_id)
        {
            inner.gateway = None;
        }
    });
}

async fn send(socket: &mut WebSocket, frame: &Value) -> bool {
    socket
        .send(Message::Text(frame.to_string().into()))
        .await
        .is_ok()
}

async fn send_all(socket: &mut WebSocket, frames: &[Value]) -> bool {
    for frame in frames {
        if !send(socket, frame).await {
            return false;
        }
    }
    true
}

fn next_seq(inner: &mut Inner) -> u64 {
    let session = inner.session.get_or_insert_with(Session::default);
    session.seq += 1;
    session.seq
}

/// The frames to send back for one frame from the client. Frames the fake does not understand
/// (presence updates, member requests, garbage) get no answer, as a lenient Discord would.
fn answer(inner: &mut Inner, conn_id: u64, gateway_url: &str, text: &str) -> Vec<Value> {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let data = frame.get("d").cloned().unwrap_or(Value::Null);
    match frame.get("op").and_then(Value::as_u64) {
        Some(1) => {
            inner.heartbeat_count += 1;
            vec![json!({ "op": 11, "d": null, "s": null, "t": null })]
        }
        Some(2) => identify(inner, conn_id, gateway_url, data),
        Some(6) => resume(inner, conn_id, &data),
        _ => Vec::new(),
    }
}

fn identify(inner: &mut Inner, conn_id: u64, gateway_url: &str, data: Value) -> Vec<Value> {
    let token_ok = data
        .get("token")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.is_empty());
    let intents_ok = data.get("intents").is_some_and(Value::is_u64);
    inner.identify_payloads.push(data);
    if !token_ok || !intents_ok {
        // Discord closes with 4004/4013 here; an unanswered IDENTIFY makes the test time out
        // while the recorded payload says why.
        return Vec::new();
    }
    let session_id = format!("{:032x}", inner.snowflake());
    inner.session = Some(Session {
        id: session_id.clone(),
        seq: 1,
    });
    inner.identify_count += 1;
    mark_live(inner, conn_id);
    let ready = payloads::ready(&session_id, &inner.guilds, gateway_url);
    vec![json!({ "op": 0, "s": 1, "t": "READY", "d": ready })]
}

fn resume(inner: &mut Inner, conn_id: u64, data: &Value) -> Vec<Value> {
    let wanted = data.get("session_id").and_then(Value::as_str);
    let known = inner
        .session
        .as_ref()
        .is_some_and(|session| Some(session.id.as_str()) == wanted);
    if !known {
        return vec![json!({ "op": 9, "d": false, "s": null, "t": null })];
    }
    inner.resume_count += 1;
    mark_live(inner, conn_id);
    // Nothing is replayed: the fake never sends events while no client listens.
    let seq = next_seq(inner);
    vec![json!({ "op": 0, "s": seq, "t": "RESUMED", "d": {} })]
}

fn mark_live(inner: &mut Inner, conn_id: u64) {
    if let Some(link) = inner
        .gateway
        .as_mut()
        .filter(|link| link.conn_id == conn_id)
    {
        link.live = true;
    }
    inner.sessions_started += 1;
}
