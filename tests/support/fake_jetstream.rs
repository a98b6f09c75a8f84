//! A fake Jetstream on 127.0.0.1: a websocket at `/subscribe` that replays hand-written frames
//! (`fake_jetstream/events.jsonl`, in Jetstream's v1 shapes), from the `cursor` the client asks
//! for, then stays open and silent as a caught-up stream does. It records each connection's query
//! and can drop a connection abruptly after a number of frames. `post_frame`, `delete_frame`,
//! `account_frame` and `identity_frame` write the v1 shapes of the events a test pushes.

use crate::fake_server::{FakeServer, Recorded};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Extension, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::{Arc, Mutex};

/// Sixteen frames, one second apart from `FIXTURE_START_US`: posts that carry #MedEd or #MedSky
/// (by facet, by `tags`, a reply, a quote, one with broken facet offsets), posts that do not,
/// identity and account events, an edit, a delete, a like, a truncated frame and a post record
/// without text.
pub const FIXTURE: &str = include_str!("fake_jetstream/events.jsonl");

/// `time_us` of the first fixture frame (2026-01-01T10:00:00Z); frame `n` is `n` seconds later.
pub const FIXTURE_START_US: u64 = 1_767_261_600_000_000;

pub struct FakeJetstream {
    /// The `/subscribe` endpoint, `ws://127.0.0.1:PORT/subscribe`.
    pub url: String,
    state: Arc<Shared>,
    server: FakeServer,
}

#[derive(Default)]
struct Shared {
    frames: Mutex<Vec<Frame>>,
    drop_after: Mutex<Option<usize>>,
    /// How long to wait before each frame (zero: all at once).
    pace: Mutex<std::time::Duration>,
    /// While set, connections are refused with this HTTP status instead of upgraded.
    refuse_with: Mutex<Option<u16>>,
}

#[derive(Clone)]
struct Frame {
    /// Where the frame sits in the stream; an unreadable frame sits where the frame before it does.
    time_us: u64,
    text: String,
}

#[allow(dead_code)]
impl FakeJetstream {
    /// Serves the fixture.
    pub async fn start() -> Self {
        Self::serving(FIXTURE.lines().map(str::to_owned).collect()).await
    }

    /// Serves these frames, in this order.
    pub async fn serving(frames: Vec<String>) -> Self {
        let state = Arc::new(Shared::default());
        for frame in frames {
            state.push(frame);
        }
        let app = Router::new()
            .route("/subscribe", get(subscribe))
            .with_state(state.clone());
        let server = FakeServer::start(app).await;
        Self {
            url: server.ws_url("/subscribe"),
            state,
            server,
        }
    }

    /// Adds a frame at the end of the stream.
    pub fn push(&self, frame: String) {
        self.state.push(frame);
    }

    /// The query string of every connection so far, in order.
    pub fn queries(&self) -> Vec<String> {
        let connections = self.connections().into_iter();
        connections.map(|r| r.raw_query).collect()
    }

    /// The `cursor` each connection asked for (`None` when it asked for the live stream).
    pub fn cursors(&self) -> Vec<Option<u64>> {
        self.connections()
            .iter()
            .map(|r| r.param("cursor").map(|c| c.parse().unwrap()))
            .collect()
    }

    fn connections(&self) -> Vec<Recorded> {
        let requests = self.server.requests().into_iter();
        requests.filter(|r| r.path == "/subscribe").collect()
    }

    /// The next connection breaks off, without a close frame, after sending `frames` frames.
    pub fn drop_next_after(&self, frames: usize) {
        *self.state.drop_after.lock().unwrap() = Some(frames);
    }

    /// Sends each frame `pace` after the one before, like a stream that trickles in.
    pub fn pace(&self, pace: std::time::Duration) {
        *self.state.pace.lock().unwrap() = pace;
    }

    /// `Some(status)`: refuse every connection with that status (an outage); `None`: serve again.
    pub fn refuse(&self, status: Option<u16>) {
        *self.state.refuse_with.lock().unwrap() = status;
    }
}

impl Shared {
    fn push(&self, text: String) {
        let mut frames = self.frames.lock().unwrap();
        let time_us = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["time_us"].as_u64())
            .or_else(|| frames.last().map(|f| f.time_us))
            .unwrap_or(0);
        frames.push(Frame { time_us, text });
    }
}

/// A `commit` creating a post by `did` whose text carries `#tag` as a facet.
#[allow(dead_code)]
pub fn post_frame(
    did: &str,
    rkey: &str,
    time_us: u64,
    created_at: &str,
    text: &str,
    tag: &str,
) -> String {
    let start = text
        .find(&format!("#{tag}"))
        .expect("the text carries the tag");
    serde_json::json!({
        "did": did, "time_us": time_us, "kind": "commit",
        "commit": {"rev": rkey, "operation": "create", "collection": "app.bsky.feed.post",
            "rkey": rkey, "cid": format!("bafy{rkey}"),
            "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": created_at,
                "langs": ["en"],
                "facets": [{"index": {"byteStart": start, "byteEnd": start + tag.len() + 1},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}]}]}}
    })
    .to_string()
}

/// A `commit` deleting the post `at://{did}/app.bsky.feed.post/{rkey}` (deletes carry no record).
#[allow(dead_code)]
pub fn delete_frame(did: &str, rkey: &str, time_us: u64) -> String {
    serde_json::json!({
        "did": did, "time_us": time_us, "kind": "commit",
        "commit": {"rev": format!("{rkey}d"), "operation": "delete",
            "collection": "app.bsky.feed.post", "rkey": rkey}
    })
    .to_string()
}

/// An `account` event: `active` with a `status` such as `deleted`, `takendown`, `deactivated`,
/// `suspended` (Jetstream omits the status of an active account).
#[allow(dead_code)]
pub fn account_frame(did: &str, time_us: u64, active: bool, status: Option<&str>) -> String {
    let mut account = serde_json::json!({"active": active, "did": did, "seq": 7,
        "time": "2026-01-01T10:00:00.000Z"});
    if let Some(status) = status {
        account["status"] = status.into();
    }
    serde_json::json!({"did": did, "time_us": time_us, "kind": "account", "account": account})
        .to_string()
}

/// An `identity` event announcing `did`'s handle.
#[allow(dead_code)]
pub fn identity_frame(did: &str, time_us: u64, handle: &str) -> String {
    serde_json::json!({"did": did, "time_us": time_us, "kind": "identity",
        "identity": {"did": did, "handle": handle, "seq": 8, "time": "2026-01-01T10:00:00.000Z"}})
    .to_string()
}

async fn subscribe(
    State(state): State<Arc<Shared>>,
    Extension(request): Extension<Recorded>,
    ws: WebSocketUpgrade,
) -> Response {
    if let Some(status) = *state.refuse_with.lock().unwrap() {
        return refusal(status);
    }
    let cursor: u64 = request
        .param("cursor")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let frames: Vec<Frame> = state
        .frames
        .lock()
        .unwrap()
        .iter()
        .filter(|f| f.time_us >= cursor)
        .cloned()
        .collect();
    let drop_after = state.drop_after.lock().unwrap().take();
    let pace = *state.pace.lock().unwrap();
    ws.on_upgrade(move |socket| replay(socket, frames, drop_after, pace))
}

/// What an overloaded or broken Jetstream answers instead of upgrading.
fn refusal(status: u16) -> Response {
    let status = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::SERVICE_UNAVAILABLE);
    axum::response::IntoResponse::into_response((status, "upstream unavailable"))
}

async fn replay(
    mut socket: WebSocket,
    frames: Vec<Frame>,
    drop_after: Option<usize>,
    pace: std::time::Duration,
) {
    for (sent, frame) in frames.into_iter().enumerate() {
        if drop_after == Some(sent) {
            // Returning drops the TCP connection without a close frame.
            return;
        }
        if !pace.is_zero() {
            tokio::time::sleep(pace).await;
        }
        if socket.send(Message::Text(frame.text.into())).await.is_err() {
            return;
        }
    }
    // Caught up: stay open and quiet until the client leaves.
    while let Some(Ok(message)) = socket.recv().await {
        if matches!(message, Message::Close(_)) {
            return;
        }
    }
}
