//! A fake Bluesky PDS/appview on 127.0.0.1: `createSession`, `refreshSession` and `searchPosts`,
//! with app-password login, access tokens that the test can expire, refresh tokens it can revoke,
//! and 429s with Bluesky's `ratelimit-*` headers on demand. It counts logins and refreshes and
//! records every search's query and bearer token.

use crate::fake_server::{FakeServer, Recorded, Watched};
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;

pub const HANDLE: &str = "rounds-bot.bsky.social";
pub const APP_PASSWORD: &str = "abcd-efgh-ijkl-mnop";

pub struct FakeBluesky {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    state: Arc<Watched<Inner>>,
    server: FakeServer,
}

#[derive(Default)]
struct Inner {
    posts: Vec<Value>,
    issued: usize,
    sessions_created: usize,
    refreshes: usize,
    live_access: HashSet<String>,
    expired_access: HashSet<String>,
    live_refresh: HashSet<String>,
    rate_limited: usize,
}

#[derive(Clone, Debug)]
pub struct Search {
    pub query: String,
    pub bearer: Option<String>,
}

#[allow(dead_code)]
impl FakeBluesky {
    pub async fn start() -> Self {
        let state = Arc::new(Watched::new(Inner::default()));
        let app = Router::new()
            .route(
                "/xrpc/com.atproto.server.createSession",
                post(create_session),
            )
            .route(
                "/xrpc/com.atproto.server.refreshSession",
                post(refresh_session),
            )
            .route("/xrpc/app.bsky.feed.searchPosts", get(search_posts))
            .with_state(state.clone());
        let server = FakeServer::start(app).await;
        Self {
            url: server.url(""),
            state,
            server,
        }
    }

    /// Indexes a post view (see `post_view`).
    pub fn add_post(&self, view: Value) {
        self.state.lock().posts.push(view);
    }

    /// Every access token issued so far now answers `400 ExpiredToken`.
    pub fn expire_access_tokens(&self) {
        let mut inner = self.state.lock();
        let live: Vec<String> = inner.live_access.drain().collect();
        inner.expired_access.extend(live);
    }

    /// Every refresh token issued so far is refused.
    pub fn revoke_refresh_tokens(&self) {
        self.state.lock().live_refresh.clear();
    }

    /// The next `count` searches are answered 429.
    pub fn rate_limit_next(&self, count: usize) {
        self.state.lock().rate_limited = count;
    }

    pub fn sessions_created(&self) -> usize {
        self.state.lock().sessions_created
    }

    pub fn refreshes(&self) -> usize {
        self.state.lock().refreshes
    }

    /// Every search so far: its raw query and bearer token.
    pub fn searches(&self) -> Vec<Search> {
        let requests = self.server.requests().into_iter();
        let searches = requests.filter(|r| r.path == "/xrpc/app.bsky.feed.searchPosts");
        searches
            .map(|r| Search {
                bearer: r.bearer().map(str::to_owned),
                query: r.raw_query,
            })
            .collect()
    }
}

/// A post view as the appview returns it: tag facets for every `#word` in `text`, at their UTF-8
/// byte offsets, and zero counts (set `likeCount` etc. on the result to change them).
pub fn post_view(did: &str, handle: &str, rkey: &str, text: &str, indexed_at: &str) -> Value {
    let mut facets = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('#').map(|i| from + i) {
        let end = text[at + 1..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(text.len(), |i| at + 1 + i);
        if end > at + 1 {
            facets.push(json!({
                "index": { "byteStart": at, "byteEnd": end },
                "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": &text[at + 1..end] }]
            }));
        }
        from = end.max(at + 1);
    }
    json!({
        "uri": format!("at://{did}/app.bsky.feed.post/{rkey}"),
        "cid": format!("bafyrei{rkey}"),
        "author": { "did": did, "handle": handle, "displayName": "", "avatar": "https://cdn.bsky.app/img/avatar/plain/x" },
        "record": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": indexed_at,
            "langs": ["en"],
            "facets": facets
        },
        "replyCount": 0, "repostCount": 0, "likeCount": 0, "quoteCount": 0,
        "indexedAt": indexed_at,
        "labels": []
    })
}

fn xrpc_error(status: StatusCode, name: &str, message: &str) -> Response {
    (status, Json(json!({ "error": name, "message": message }))).into_response()
}

fn issue(inner: &mut Inner) -> Value {
    inner.issued += 1;
    let access = format!("access-{}", inner.issued);
    let refresh = format!("refresh-{}", inner.issued);
    inner.live_access.insert(access.clone());
    inner.live_refresh.insert(refresh.clone());
    json!({
        "did": "did:plc:r0undsb0tfake2xq4zq2x7ab",
        "handle": HANDLE,
        "accessJwt": access,
        "refreshJwt": refresh,
        "active": true
    })
}

async fn create_session(
    State(state): State<Arc<Watched<Inner>>>,
    Json(body): Json<Value>,
) -> Response {
    let mut inner = state.lock();
    if body["identifier"] != HANDLE || body["password"] != APP_PASSWORD {
        return xrpc_error(
            StatusCode::UNAUTHORIZED,
            "AuthenticationRequired",
            "Invalid identifier or password",
        );
    }
    inner.sessions_created += 1;
    Json(issue(&mut inner)).into_response()
}

async fn refresh_session(
    State(state): State<Arc<Watched<Inner>>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let mut inner = state.lock();
    let token = request.bearer().map(str::to_owned);
    let Some(token) = token.filter(|t| inner.live_refresh.contains(t)) else {
        return xrpc_error(
            StatusCode::BAD_REQUEST,
            "ExpiredToken",
            "Token has been revoked",
        );
    };
    inner.live_refresh.remove(&token);
    inner.refreshes += 1;
    Json(issue(&mut inner)).into_response()
}

async fn search_posts(
    State(state): State<Arc<Watched<Inner>>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let mut inner = state.lock();
    match request.bearer().map(str::to_owned) {
        Some(t) if inner.live_access.contains(&t) => {}
        Some(t) if inner.expired_access.contains(&t) => {
            return xrpc_error(StatusCode::BAD_REQUEST, "ExpiredToken", "Token has expired")
        }
        _ => {
            return xrpc_error(
                StatusCode::UNAUTHORIZED,
                "AuthenticationRequired",
                "Authentication Required",
            )
        }
    }
    if inner.rate_limited > 0 {
        inner.rate_limited -= 1;
        let reset = (chrono::Utc::now().timestamp() + 30).to_string();
        let mut response = xrpc_error(
            StatusCode::TOO_MANY_REQUESTS,
            "RateLimitExceeded",
            "Rate Limit Exceeded",
        );
        let headers = response.headers_mut();
        headers.insert("ratelimit-limit", "3000".parse().unwrap());
        headers.insert("ratelimit-remaining", "0".parse().unwrap());
        headers.insert("ratelimit-reset", reset.parse().unwrap());
        headers.insert("ratelimit-policy", "3000;w=300".parse().unwrap());
        return response;
    }
    let param = |name: &str| request.param(name).map(str::to_owned);
    let tag = param("tag").unwrap_or_default().to_lowercase();
    let since = param("since").and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok());
    let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(25);
    let offset: usize = param("cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
    let time = |view: &Value, field: &str| {
        chrono::DateTime::parse_from_rfc3339(
            view.pointer(field).and_then(Value::as_str).unwrap_or(""),
        )
        .unwrap()
    };
    let mut hits: Vec<&Value> = inner
        .posts
        .iter()
        .filter(|view| {
            let record = &view["record"];
            let in_facets = record["facets"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|facet| {
                    facet["features"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|feature| {
                            feature["tag"]
                                .as_str()
                                .is_some_and(|t| t.to_lowercase() == tag)
                        })
                });
            let in_tags = record["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|t| t.as_str().is_some_and(|t| t.to_lowercase() == tag));
            in_facets || in_tags
        })
        // The service compares `since` with sortAt, the earlier of creation and indexing.
        .filter(|view| {
            since.is_none_or(|since| {
                time(view, "/record/createdAt").min(time(view, "/indexedAt")) >= since
            })
        })
        .collect();
    hits.sort_by_key(|view| std::cmp::Reverse(time(view, "/indexedAt")));
    let page: Vec<Value> = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|v| (*v).clone())
        .collect();
    let mut body = json!({ "posts": page, "hitsTotal": hits.len() });
    if offset + limit < hits.len() {
        body["cursor"] = json!((offset + limit).to_string());
    }
    Json(body).into_response()
}
