//! A fake X API v2 on 127.0.0.1 serving `GET /2/tweets/search/recent` from an in-memory list of
//! posts: the `#tag OR #tag` part of `query` is matched against each post's hashtag entities,
//! `-is:retweet` drops reposts, and `since_id`, `max_results` and `next_token` page as X does
//! (newest first; the token keeps the place across pages). Responses name references
//! `referenced_posts` when the request asked with `post.fields`, else `referenced_tweets`.
//! Post lookups (`GET /2/tweets?ids=`, the refresh stage) are served from the same posts (see
//! `fake_x/lookup.rs`). Every request is recorded; faults can be injected on purpose.
//!
//! Included with `#[path]` from test binaries, so submodules name their files explicitly.
#![allow(dead_code)]

#[path = "fake_x/lookup.rs"]
mod lookup;

use crate::fake_server::{truncated, FakeServer, Faults, Recorded, Watched};
use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use lookup::lookup;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// A request as the fake received it; see `fake_server::Recorded`.
pub type RecordedRequest = Recorded;

#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `x-rate-limit-reset` this many seconds ahead.
    RateLimited {
        reset_in_secs: i64,
    },
    ServerError,
    /// 401 as X sends it for a bad bearer token.
    Unauthorized,
    Truncated,
    /// The normal answer plus an `errors` array, as X sends for partial failures.
    PartialErrors,
    /// The normal answer with one broken post inserted.
    MalformedItem,
    WrongContentType,
    Slow(Duration),
    /// The normal answer, reporting no requests left until `reset_in_secs`.
    Exhausted {
        reset_in_secs: i64,
    },
}

#[derive(Default)]
struct Inner {
    posts: Vec<Value>,
    users: Vec<Value>,
}

#[derive(Default)]
struct Shared {
    state: Watched<Inner>,
    faults: Faults<Fault>,
}

pub struct FakeX {
    shared: Arc<Shared>,
    server: FakeServer,
}

/// A user object as `includes.users` carries it.
pub fn user(id: &str, username: &str, name: &str, description: &str, followers: u64) -> Value {
    json!({
        "id": id,
        "username": username,
        "name": name,
        "description": description,
        "public_metrics": {
            "followers_count": followers,
            "following_count": 402,
            "tweet_count": 15890,
            "listed_count": 77,
            "like_count": 3001
        }
    })
}

/// A post as `data` carries it with the fields Rounds asks for. `urls` are `(t.co, expanded)`.
pub fn post(
    id: &str,
    author_id: &str,
    text: &str,
    hashtags: &[&str],
    urls: &[(&str, &str)],
) -> Value {
    let entity_hashtags: Vec<Value> = hashtags
        .iter()
        .map(|tag| {
            let start = text.find(&format!("#{tag}")).unwrap_or(0);
            json!({"start": start, "end": start + tag.len() + 1, "tag": tag})
        })
        .collect();
    let entity_urls: Vec<Value> = urls
        .iter()
        .map(|(short, expanded)| {
            let start = text.find(short).unwrap_or(0);
            json!({
                "start": start, "end": start + short.len(), "url": short,
                "expanded_url": expanded, "display_url": expanded.trim_start_matches("https://")
            })
        })
        .collect();
    json!({
        "id": id,
        "text": text,
        "created_at": "2026-03-02T14:05:09.000Z",
        "author_id": author_id,
        "lang": "en",
        "edit_history_tweet_ids": [id],
        "public_metrics": {
            "retweet_count": 4, "reply_count": 3, "like_count": 25, "quote_count": 1,
            "bookmark_count": 6, "impression_count": 2210
        },
        "entities": {"hashtags": entity_hashtags, "urls": entity_urls}
    })
}

impl FakeX {
    pub async fn start() -> FakeX {
        let shared = Arc::new(Shared::default());
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let server = FakeServer::start(router).await;
        FakeX { shared, server }
    }

    pub fn api_base(&self) -> String {
        self.server.url("")
    }

    pub fn add_users(&self, users: impl IntoIterator<Item = Value>) {
        self.inner().users.extend(users);
    }

    pub fn add_posts(&self, posts: impl IntoIterator<Item = Value>) {
        self.inner().posts.extend(posts);
    }

    /// Queues a fault for the next request that has none queued before it.
    pub fn fail_next(&self, fault: Fault) {
        self.shared.faults.push(|_| true, fault, 1);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests()
    }

    pub fn clear_requests(&self) {
        self.server.clear_requests();
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.shared.state.lock()
    }
}

fn id_key(id: &str) -> (usize, String) {
    (id.len(), id.to_owned())
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Extension(recorded): Extension<Recorded>,
) -> Response {
    let fault = shared.faults.take(&recorded);
    let body = answer(&shared.state.lock(), &recorded);
    let reset_at = |secs: i64| (chrono::Utc::now().timestamp() + secs).to_string();
    let respond =
        |status: StatusCode, content_type: &str, remaining: u32, reset: String, body: String| {
            Response::builder()
                .status(status)
                .header("content-type", content_type)
                .header("x-rate-limit-limit", "450")
                .header("x-rate-limit-remaining", remaining.to_string())
                .header("x-rate-limit-reset", reset)
                .body(Body::from(body))
                .expect("response")
        };
    let json_type = "application/json; charset=utf-8";
    let body = match body {
        Ok(body) => body,
        Err((status, problem)) => {
            return respond(status, json_type, 449, reset_at(900), problem.to_string())
        }
    };
    match fault {
        None => respond(StatusCode::OK, json_type, 449, reset_at(900), body.to_string()),
        Some(Fault::RateLimited { reset_in_secs }) => respond(
            StatusCode::TOO_MANY_REQUESTS,
            json_type,
            0,
            reset_at(reset_in_secs),
            json!({"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}).to_string(),
        ),
        Some(Fault::ServerError) => respond(
            StatusCode::SERVICE_UNAVAILABLE,
            json_type,
            449,
            reset_at(900),
            json!({"title": "Service Unavailable", "status": 503}).to_string(),
        ),
        Some(Fault::Unauthorized) => respond(
            StatusCode::UNAUTHORIZED,
            json_type,
            449,
            reset_at(900),
            json!({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}).to_string(),
        ),
        Some(Fault::Truncated) => {
            respond(StatusCode::OK, json_type, 449, reset_at(900), truncated(&body.to_string()))
        }
        Some(Fault::PartialErrors) => {
            let mut body = body;
            body["errors"] = json!([{
                "value": "1234", "detail": "Could not find user with ids: [1234].",
                "title": "Not Found Error", "resource_type": "user", "parameter": "ids",
                "resource_id": "1234", "type": "https://api.twitter.com/2/problems/resource-not-found"
            }]);
            respond(StatusCode::OK, json_type, 449, reset_at(900), body.to_string())
        }
        Some(Fault::MalformedItem) => {
            let mut body = body;
            if let Some(data) = body["data"].as_array_mut() {
                data.insert(data.len().min(1), json!({"id": "not-a-number", "text": 5}));
            }
            respond(StatusCode::OK, json_type, 449, reset_at(900), body.to_string())
        }
        Some(Fault::WrongContentType) => respond(
            StatusCode::OK,
            "text/html",
            449,
            reset_at(900),
            "<html><body>Something went wrong</body></html>".into(),
        ),
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            respond(StatusCode::OK, json_type, 449, reset_at(900), body.to_string())
        }
        Some(Fault::Exhausted { reset_in_secs }) => {
            respond(StatusCode::OK, json_type, 0, reset_at(reset_in_secs), body.to_string())
        }
    }
}

/// The normal answer to a search, or an error status and body.
fn answer(inner: &Inner, request: &RecordedRequest) -> Result<Value, (StatusCode, Value)> {
    if request.path == "/2/tweets" {
        return Ok(lookup(inner, request));
    }
    if request.path != "/2/tweets/search/recent" {
        return Err((
            StatusCode::NOT_FOUND,
            json!({"title": "Not Found", "status": 404}),
        ));
    }
    if !request
        .headers
        .get("authorization")
        .is_some_and(|a| a.starts_with("Bearer "))
    {
        return Err((
            StatusCode::UNAUTHORIZED,
            json!({"title": "Unauthorized", "status": 401}),
        ));
    }
    let Some(query) = request.param("query") else {
        return Err((
            StatusCode::BAD_REQUEST,
            json!({"title": "Invalid Request", "status": 400}),
        ));
    };
    let tags: Vec<String> = query
        .split([' ', '(', ')'])
        .filter_map(|t| t.strip_prefix('#'))
        .map(str::to_lowercase)
        .collect();
    let no_reposts = query.contains("-is:retweet");
    let page_size = request
        .param("max_results")
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(10, 100);
    let since = request.param("since_id").map(id_key);
    let until = request
        .param("next_token")
        .or(request.param("pagination_token"))
        .and_then(|t| t.strip_prefix("until:"))
        .map(id_key);
    let post_naming = request.param("post.fields").is_some();
    let mut matching: Vec<Value> = inner
        .posts
        .iter()
        .filter(|p| {
            p["entities"]["hashtags"].as_array().is_some_and(|hs| {
                hs.iter().any(|h| {
                    h["tag"]
                        .as_str()
                        .is_some_and(|t| tags.contains(&t.to_lowercase()))
                })
            })
        })
        .filter(|p| {
            !(no_reposts
                && p["referenced_tweets"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r["type"] == "retweeted")))
        })
        .filter(|p| {
            let id = id_key(p["id"].as_str().unwrap_or_default());
            since.as_ref().is_none_or(|s| id > *s) && until.as_ref().is_none_or(|u| id < *u)
        })
        .cloned()
        .collect();
    matching.sort_by_key(|p| std::cmp::Reverse(id_key(p["id"].as_str().unwrap_or_default())));
    let more = matching.len() > page_size;
    matching.truncate(page_size);
    if matching.is_empty() {
        return Ok(json!({"meta": {"result_count": 0}}));
    }
    let author_ids: Vec<&str> = matching
        .iter()
        .filter_map(|p| p["author_id"].as_str())
        .collect();
    let users: Vec<Value> = inner
        .users
        .iter()
        .filter(|u| u["id"].as_str().is_some_and(|id| author_ids.contains(&id)))
        .cloned()
        .collect();
    let newest = matching[0]["id"].clone();
    let oldest = matching[matching.len() - 1]["id"].clone();
    let mut meta =
        json!({"newest_id": newest, "oldest_id": oldest, "result_count": matching.len()});
    if more {
        meta["next_token"] = json!(format!("until:{}", oldest.as_str().unwrap_or_default()));
    }
    if post_naming {
        for post in &mut matching {
            if let Some(refs) = post
                .as_object_mut()
                .and_then(|o| o.remove("referenced_tweets"))
            {
                post["referenced_posts"] = refs;
            }
        }
    }
    Ok(json!({"data": matching, "includes": {"users": users}, "meta": meta}))
}
