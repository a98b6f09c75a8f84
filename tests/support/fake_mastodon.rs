//! A fake Mastodon instance on 127.0.0.1 serving `GET /api/v1/timelines/tag/:tag` from an in-memory
//! list of statuses, with Mastodon's paging (`limit`, `max_id`, `since_id`, `min_id`, the `Link`
//! header), its rate-limit headers, an optional required token, and faults injected on purpose.
//! It records every request (path, query, headers) for tests to read back.
//!
//! Status lookups (the refresh stage) are served too: `GET /api/v1/statuses?id[]=…` (absent, 404,
//! on a server set `without_batch_lookup`, as before Mastodon 4.3) and `GET /api/v1/statuses/:id`
//! (404 for a removed status, 410 for one marked `gone`), each read of a status adding
//! `grow_on_read` likes, with their own fault queue (`fail_next_lookup`).
//!
//! Statuses are built with `status` (see `fake_mastodon/fixtures.rs`) in the entity's real shape.
//! Included with `#[path]` from test binaries, so submodules name their files explicitly.
#![allow(dead_code)]

#[path = "fake_mastodon/fixtures.rs"]
mod fixtures;
#[path = "fake_mastodon/lookup.rs"]
mod lookup;

use lookup::lookup;

pub use fixtures::{status, Author};

use crate::fake_server::{percent_decode, truncated, FakeServer, Faults, Recorded, Watched};
use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// A request as the fake received it; see `fake_server::Recorded`.
pub type RecordedRequest = Recorded;

/// What to do instead of (or besides) answering the next request normally.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `Retry-After` and the rate-limit headers.
    RateLimited { retry_after_secs: u64 },
    /// 500 with an HTML error page.
    ServerError,
    /// 401 `{"error":"The access token is invalid"}`.
    Unauthorized,
    /// 404 `{"error":"Record not found"}`, as the docs say an unknown tag gets.
    NotFound,
    /// The normal body cut in half.
    Truncated,
    /// A 200 with an HTML page (a captive portal, a maintenance page).
    WrongContentType,
    /// A 200 whose body is bigger than the client's cap.
    Huge,
    /// The normal page with one broken status inserted.
    MalformedItem,
    /// The normal answer, after a delay.
    Slow(Duration),
    /// The normal answer, reporting this many requests left in the window.
    RemainingRequests(u64),
}

#[derive(Default)]
struct Inner {
    statuses: Vec<Value>,
    required_token: Option<String>,
    remaining: u64,
    /// The most statuses a page holds, whatever `limit` asks (some servers cap below 40).
    max_limit: Option<usize>,
    /// No `GET /api/v1/statuses?id[]=` (404), as on servers before 4.3.
    no_batch: bool,
    /// Likes each status gains every time a lookup reads it.
    growth: u64,
    /// Ids answered 410 Gone.
    gone: Vec<String>,
}

struct Shared {
    host: String,
    state: Watched<Inner>,
    /// Timeline faults and lookup faults, each kind taken in the order queued.
    faults: Faults<Fault>,
}

/// A running fake instance; dropping it stops the server.
pub struct FakeMastodon {
    shared: Arc<Shared>,
    server: FakeServer,
}

fn is_lookup(request: &Recorded) -> bool {
    request.path.starts_with("/api/v1/statuses")
}

impl FakeMastodon {
    pub async fn start() -> FakeMastodon {
        let mut state = None;
        let server = FakeServer::start_with(|addr| {
            let shared = Arc::new(Shared {
                host: addr.to_string(),
                state: Watched::new(Inner {
                    remaining: 300,
                    ..Inner::default()
                }),
                faults: Faults::default(),
            });
            state = Some(Arc::clone(&shared));
            axum::Router::new().fallback(handle).with_state(shared)
        })
        .await;
        let shared = state.expect("the router was built");
        FakeMastodon { shared, server }
    }

    /// `http://127.0.0.1:PORT`, the instance's base URL.
    pub fn base_url(&self) -> String {
        self.server.url("")
    }

    /// `127.0.0.1:PORT`, as the adapter names this instance.
    pub fn host(&self) -> String {
        self.shared.host.clone()
    }

    /// Adds statuses (in any order) to what the timelines serve.
    pub fn add(&self, statuses: impl IntoIterator<Item = Value>) {
        self.state().statuses.extend(statuses);
    }

    /// Changes a stored status in place, e.g. its counts.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut Value)) {
        let mut state = self.state();
        if let Some(status) = state.statuses.iter_mut().find(|s| s["id"] == id) {
            change(status);
        }
    }

    /// Serves at most `statuses` per page, as servers that cap `limit` below Mastodon's 40 do.
    #[allow(dead_code)]
    pub fn cap_limit(&self, statuses: usize) {
        self.state().max_limit = Some(statuses);
    }

    pub fn require_token(&self, token: &str) {
        self.state().required_token = Some(token.to_owned());
    }

    /// Queues a fault for the next timeline request that has none queued before it.
    pub fn fail_next(&self, fault: Fault) {
        self.shared.faults.push(|r| !is_lookup(r), fault, 1);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    pub fn clear_requests(&self) {
        self.server.clear_requests();
    }

    /// Stops serving, as an instance that is down: connections are refused from then on.
    pub async fn stop(&self) {
        self.server.stop().await;
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.shared.state.lock()
    }
}

fn id_key(id: &str) -> (usize, String) {
    (id.len(), id.to_owned())
}

fn has_tag(status: &Value, tag: &str) -> bool {
    let tags_of = |s: &Value| {
        s["tags"].as_array().is_some_and(|tags| {
            tags.iter()
                .any(|t| t["name"].as_str().is_some_and(|n| n.to_lowercase() == tag))
        })
    };
    tags_of(status) || tags_of(&status["reblog"])
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Extension(recorded): Extension<Recorded>,
) -> Response {
    let (fault, answer) = {
        let mut state = shared.state.lock();
        state.remaining = state.remaining.saturating_sub(1);
        let fault = shared.faults.take(&recorded);
        let answer = if is_lookup(&recorded) {
            if fault.is_none() {
                lookup(&mut state, &recorded)
            } else {
                Ok((StatusCode::OK, None, "[]".to_owned()))
            }
        } else {
            answer(&shared.host, &state, &recorded)
        };
        (fault, answer)
    };
    let remaining = shared.state.lock().remaining;
    let reset = (chrono::Utc::now() + chrono::Duration::seconds(300)).to_rfc3339();
    let builder = |status: StatusCode, content_type: &str, remaining: u64| {
        Response::builder()
            .status(status)
            .header("content-type", content_type)
            .header("x-ratelimit-limit", "300")
            .header("x-ratelimit-remaining", remaining.to_string())
            .header("x-ratelimit-reset", reset.clone())
    };
    let json = "application/json; charset=utf-8";
    let error = |status: StatusCode, message: &str| {
        builder(status, json, remaining)
            .body(Body::from(
                serde_json::json!({ "error": message }).to_string(),
            ))
            .expect("response")
    };
    let (status, link, body) = match answer {
        Err(Rejection::Unauthorized) => {
            return error(StatusCode::UNAUTHORIZED, "The access token is invalid")
        }
        Err(Rejection::NotFound) => return error(StatusCode::NOT_FOUND, "Record not found"),
        Err(Rejection::Gone) => return error(StatusCode::GONE, "Gone"),
        Ok(page) => page,
    };
    let ok = |body: String, remaining: u64| {
        let mut response = builder(status, json, remaining);
        if let Some(link) = &link {
            response = response.header("link", link.clone());
        }
        response.body(Body::from(body)).expect("response")
    };
    match fault {
        None => ok(body, remaining),
        Some(Fault::RateLimited { retry_after_secs }) => {
            builder(StatusCode::TOO_MANY_REQUESTS, json, 0)
                .header("retry-after", retry_after_secs.to_string())
                .body(Body::from(r#"{"error":"Too many requests"}"#))
                .expect("response")
        }
        Some(Fault::ServerError) => {
            builder(StatusCode::INTERNAL_SERVER_ERROR, "text/html", remaining)
                .body(Body::from(
                    "<html><body>We're sorry, but something went wrong.</body></html>",
                ))
                .expect("response")
        }
        Some(Fault::Unauthorized) => error(StatusCode::UNAUTHORIZED, "The access token is invalid"),
        Some(Fault::NotFound) => error(StatusCode::NOT_FOUND, "Record not found"),
        Some(Fault::Truncated) => ok(truncated(&body), remaining),
        Some(Fault::WrongContentType) => {
            builder(StatusCode::OK, "text/html; charset=utf-8", remaining)
                .body(Body::from(
                    "<!DOCTYPE html><html><body>Maintenance</body></html>",
                ))
                .expect("response")
        }
        Some(Fault::Huge) => {
            let filler = format!("[\"{}\"]", "x".repeat(9 * 1024 * 1024));
            ok(filler, remaining)
        }
        Some(Fault::MalformedItem) => {
            let mut items: Vec<Value> = serde_json::from_str(&body).expect("own page");
            let at = items.len().min(1);
            items.insert(
                at,
                serde_json::json!({"id": "1", "uri": 42, "created_at": "yesterday"}),
            );
            ok(Value::Array(items).to_string(), remaining)
        }
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            ok(body, remaining)
        }
        Some(Fault::RemainingRequests(left)) => ok(body, left),
    }
}

enum Rejection {
    Unauthorized,
    NotFound,
    Gone,
}

/// The normal answer to a request: status, `Link` header and body.
fn answer(
    host: &str,
    state: &Inner,
    request: &RecordedRequest,
) -> Result<(StatusCode, Option<String>, String), Rejection> {
    if let Some(token) = &state.required_token {
        if request.headers.get("authorization") != Some(&format!("Bearer {token}")) {
            return Err(Rejection::Unauthorized);
        }
    }
    let Some(encoded) = request.path.strip_prefix("/api/v1/timelines/tag/") else {
        return Err(Rejection::NotFound);
    };
    let tag = percent_decode(encoded).to_lowercase();
    let limit = request
        .param("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(20)
        .clamp(1, state.max_limit.unwrap_or(40).clamp(1, 40));
    let bound = |name: &str| request.param(name).map(id_key);
    let (max_id, since_id, min_id) = (bound("max_id"), bound("since_id"), bound("min_id"));
    let mut matching: Vec<&Value> = state
        .statuses
        .iter()
        .filter(|s| has_tag(s, &tag))
        .filter(|s| {
            let id = id_key(s["id"].as_str().unwrap_or_default());
            max_id.as_ref().is_none_or(|m| id < *m)
                && since_id.as_ref().is_none_or(|m| id > *m)
                && min_id.as_ref().is_none_or(|m| id > *m)
        })
        .collect();
    matching.sort_by_key(|s| std::cmp::Reverse(id_key(s["id"].as_str().unwrap_or_default())));
    let page: Vec<Value> = if min_id.is_some() {
        // `min_id` pages forward: the statuses right after it, still sent newest first.
        let start = matching.len().saturating_sub(limit);
        matching[start..].iter().map(|s| (*s).clone()).collect()
    } else {
        matching.iter().take(limit).map(|s| (*s).clone()).collect()
    };
    let link = match (page.first(), page.last()) {
        (Some(newest), Some(oldest)) => {
            let base = format!("http://{host}/api/v1/timelines/tag/{encoded}?limit={limit}");
            Some(format!(
                "<{base}&max_id={}>; rel=\"next\", <{base}&min_id={}>; rel=\"prev\"",
                oldest["id"].as_str().unwrap_or_default(),
                newest["id"].as_str().unwrap_or_default()
            ))
        }
        _ => None,
    };
    Ok((StatusCode::OK, link, Value::Array(page).to_string()))
}
