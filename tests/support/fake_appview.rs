//! A fake public Bluesky AppView on 127.0.0.1 for the refresh stage: `app.bsky.feed.getPosts`
//! (at most 25 `uris`; posts it does not hold are left out, as deleted ones are) and
//! `app.bsky.actor.getProfiles` (at most 25 `actors`). It is unkind on purpose: every read of a
//! post adds `grow_on_read` likes, it can answer one 429 with `Retry-After`, and it counts calls.
#![allow(dead_code)]

use crate::fake_server::{retry_after, FakeServer, Recorded, Watched};
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

pub struct FakeAppView {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    state: Arc<Watched<Inner>>,
    server: FakeServer,
}

#[derive(Default)]
struct Inner {
    /// Post views by URI (`uri`, counts; nothing else is read back).
    posts: Vec<Value>,
    profiles: Vec<Value>,
    growth: u64,
    /// The next this many calls are answered 429 with `Retry-After: 1`.
    rate_limited: usize,
}

impl FakeAppView {
    pub async fn start() -> Self {
        let state = Arc::new(Watched::new(Inner::default()));
        let app = Router::new()
            .route("/xrpc/app.bsky.feed.getPosts", get(get_posts))
            .route("/xrpc/app.bsky.actor.getProfiles", get(get_profiles))
            .with_state(state.clone());
        let server = FakeServer::start(app).await;
        Self {
            url: server.url(""),
            state,
            server,
        }
    }

    /// A post the AppView knows, with its counts.
    pub fn add_post(&self, uri: &str, likes: u64, reposts: u64) {
        self.state.lock().posts.push(json!({
            "uri": uri, "cid": "bafyreifake",
            "author": {"did": uri.trim_start_matches("at://").split('/').next().unwrap(), "handle": "handle.invalid"},
            "record": {"$type": "app.bsky.feed.post", "text": "", "createdAt": "2026-01-01T00:00:00Z"},
            "likeCount": likes, "repostCount": reposts, "replyCount": 0, "quoteCount": 0,
            "indexedAt": "2026-01-01T00:00:00Z"
        }));
    }

    /// The author deletes the post: getPosts leaves it out from now on.
    pub fn delete_post(&self, uri: &str) {
        self.state.lock().posts.retain(|p| p["uri"] != uri);
    }

    pub fn add_profile(&self, did: &str, handle: &str, display_name: &str, bio: &str) {
        self.state.lock().profiles.push(json!({
            "did": did, "handle": handle, "displayName": display_name, "description": bio,
            "followersCount": 321, "followsCount": 10, "postsCount": 99,
            "avatar": "https://cdn.bsky.app/img/avatar/plain/x"
        }));
    }

    /// Every read of a post adds `likes` to its `likeCount`.
    pub fn grow_on_read(&self, likes: u64) {
        self.state.lock().growth = likes;
    }

    /// The next `count` calls are answered 429 with `Retry-After: 1`.
    pub fn rate_limit_next(&self, count: usize) {
        self.state.lock().rate_limited = count;
    }

    /// Every call: (method, the URIs or actors asked for).
    pub fn calls(&self) -> Vec<(String, Vec<String>)> {
        let calls = self.server.requests().into_iter().filter_map(|r| {
            let method = r.path.strip_prefix("/xrpc/app.bsky.")?;
            let (method, name) = match method {
                "feed.getPosts" => ("getPosts", "uris"),
                "actor.getProfiles" => ("getProfiles", "actors"),
                _ => return None,
            };
            let asked = r.params(name).into_iter().map(str::to_owned).collect();
            Some((method.to_owned(), asked))
        });
        calls.collect()
    }
}

fn values(request: &Recorded, name: &str) -> Vec<String> {
    request
        .params(name)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The call's 429 or 400, if it gets one.
fn refusal(inner: &mut Inner, asked: &[String]) -> Option<Response> {
    if inner.rate_limited > 0 {
        inner.rate_limited -= 1;
        let response = (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"})),
        )
            .into_response();
        return Some(retry_after(response, "1"));
    }
    if asked.len() > 25 {
        return Some(
            (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "InvalidRequest", "message": "at most 25"})),
            )
                .into_response(),
        );
    }
    None
}

async fn get_posts(
    State(state): State<Arc<Watched<Inner>>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let uris = values(&request, "uris");
    let mut inner = state.lock();
    if let Some(refused) = refusal(&mut inner, &uris) {
        return refused;
    }
    let growth = inner.growth;
    let mut found = Vec::new();
    for uri in &uris {
        if let Some(post) = inner.posts.iter_mut().find(|p| p["uri"] == uri.as_str()) {
            post["likeCount"] = (post["likeCount"].as_u64().unwrap_or(0) + growth).into();
            found.push(post.clone());
        }
    }
    Json(json!({ "posts": found })).into_response()
}

async fn get_profiles(
    State(state): State<Arc<Watched<Inner>>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let actors = values(&request, "actors");
    let mut inner = state.lock();
    if let Some(refused) = refusal(&mut inner, &actors) {
        return refused;
    }
    let found: Vec<Value> = inner
        .profiles
        .iter()
        .filter(|p| actors.iter().any(|a| p["did"] == a.as_str()))
        .cloned()
        .collect();
    Json(json!({ "profiles": found })).into_response()
}
