//! The REST half of the fake: one fallback handler for everything under `/api/v10/`.
//!
//! Routes are matched on path segments rather than registered with axum, because Discord paths
//! contain literal segments such as `@me` and `@original` next to ids. The handler records each
//! request, checks its body against the OpenAPI spec, applies scripted faults and only then hands
//! over to `routes`. Nothing here may panic on what the bot sends: bad input gets a Discord-style
//! 400 and a recorded violation.

#[path = "rest/multipart.rs"]
mod multipart;
#[path = "rest/routes.rs"]
mod routes;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::fake_server::Recorded;

use super::payloads::error;
use super::ratelimit::Verdict;
use super::state::{FaultAction, RecordedRequest, Shared};
use super::{openapi, FakeDiscord};

/// A parsed request, as the route handlers see it.
pub struct Incoming<'a> {
    pub method: &'a str,
    /// Path segments after `/api/v10`.
    pub segments: Vec<&'a str>,
    pub body: &'a Value,
    pub attachments: &'a [(String, usize)],
    /// Query pairs, e.g. `limit` and `before` when listing messages.
    pub query: &'a [(String, String)],
}

/// What a route answers: a status and an optional JSON body (`None` for 204).
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Option<Value>,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body: Some(body),
        }
    }

    pub fn no_content() -> Reply {
        Reply {
            status: 204,
            body: None,
        }
    }

    pub fn error(status: u16, message: &str, code: u32) -> Reply {
        Reply {
            status,
            body: Some(error(message, code)),
        }
    }

    pub fn not_found() -> Reply {
        Reply::error(404, "404: Not Found", 0)
    }
}

impl FakeDiscord {
    /// Every REST request answered so far, in the order of their answers (unknown routes
    /// included, with status 404), so a list read earlier is a prefix of one read later.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let mut answered: Vec<_> = self
            .server
            .requests()
            .into_iter()
            .filter(|r| r.path != "/gateway" && r.answered.is_some())
            .collect();
        answered.sort_by_key(|r| r.answered);
        let unread = self.shared.lock().unread.clone();
        answered
            .into_iter()
            .map(|r| {
                let (mut record, _) = parse(&r);
                if unread.contains(&r.seq) {
                    (record.body, record.attachments) = (Value::Null, Vec::new());
                    record.attachment_contents.clear();
                }
                record
            })
            .collect()
    }
}

/// The axum fallback: every request that is not the gateway websocket lands here.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let (method, path) = (request.method.as_str(), request.path.as_str());
    let verdict = shared.update(|inner| {
        let limiter = inner.rate_limiter.as_mut()?;
        limiter.check(method, path)
    });
    let reply = match verdict {
        Some(Verdict::Limited(ref refusal, _)) => {
            // Refused before its body was read: it is recorded without one.
            shared.update(|inner| inner.unread.insert(request.seq));
            refusal.clone()
        }
        _ => answer(&shared, &request).await,
    };
    let bucket = bucket_for(method, path);
    let global = is_global_rate_limit(&reply);
    let mut response = respond(reply, &bucket);
    if global {
        mark_global(&mut response);
    }
    if let Some(verdict) = verdict {
        verdict.apply(response.headers_mut());
    }
    response
}

/// The request as tests read it back (its JSON and files parsed, `status` as answered), and
/// what is wrong with its body, if anything.
pub fn parse(request: &Recorded) -> (RecordedRequest, Option<String>) {
    let mut record = RecordedRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        headers: request.headers.clone(),
        body: Value::Null,
        attachments: Vec::new(),
        attachment_contents: Vec::new(),
        status: request.status.unwrap_or(0),
    };
    let content_type = request.header("content-type").unwrap_or("");
    match read_body(content_type, &request.body) {
        Ok((body, files, contents)) => {
            record.body = body;
            record.attachments = files;
            record.attachment_contents = contents;
            (record, None)
        }
        Err(problem) => {
            record.body = Value::String(String::from_utf8_lossy(&request.body).into_owned());
            (record, Some(problem))
        }
    }
}

async fn answer(shared: &Shared, request: &Recorded) -> Reply {
    let (record, problem) = parse(request);
    let label = format!("{} {}", record.method, record.path);
    if let Some(problem) = problem {
        shared.update(|inner| inner.violations.push(format!("{label}: {problem}")));
        return Reply::error(400, "The request body contains invalid JSON.", 50109);
    }
    let mut invalid = false;
    if !record.body.is_null() {
        if let Err(problem) = openapi::validate(&record.method, &record.path, &record.body) {
            invalid = true;
            let excerpt = openapi::truncate(&record.body.to_string(), 300);
            let line = format!("{label}: {problem} in {excerpt}");
            shared.update(|inner| inner.violations.push(line));
        }
    }
    match shared.faults.take(request) {
        Some(FaultAction::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(FaultAction::Status(status)) => return injected(status),
        Some(FaultAction::GlobalRateLimit) => return global_rate_limit(),
        None => {}
    }
    if invalid && shared.lock().reject_invalid_bodies {
        return Reply::error(400, "Invalid Form Body", 50035);
    }
    let Some(rest) = record.path.strip_prefix("/api/v10/") else {
        return Reply::not_found();
    };
    let incoming = Incoming {
        method: &record.method,
        segments: rest.split('/').filter(|s| !s.is_empty()).collect(),
        body: &record.body,
        attachments: &record.attachments,
        query: &record.query,
    };
    let gateway_url = shared.gateway_url();
    shared.update(|inner| routes::route(inner, &incoming, &gateway_url))
}

/// A request body: its JSON, and the files of a multipart body as `(name, size)` and bytes.
type ReadBody = (Value, Vec<(String, usize)>, Vec<Vec<u8>>);

/// The JSON body (from `payload_json` for multipart) and any attached files.
fn read_body(content_type: &str, raw: &[u8]) -> Result<ReadBody, String> {
    if let Some(boundary) = multipart::boundary(content_type) {
        let form = multipart::parse(raw, &boundary)?;
        let body = match form.payload_json {
            Some(text) => serde_json::from_str(&text).map_err(|e| format!("payload_json: {e}"))?,
            None => Value::Null,
        };
        return Ok((body, form.files, form.contents));
    }
    if raw.is_empty() {
        return Ok((Value::Null, Vec::new(), Vec::new()));
    }
    let body = serde_json::from_slice(raw).map_err(|e| format!("body is not JSON: {e}"))?;
    Ok((body, Vec::new(), Vec::new()))
}

/// The answer to a scripted fault. A 429 carries what serenity's ratelimiter reads; `global`
/// stays false so only the one route is affected.
fn injected(status: u16) -> Reply {
    match status {
        429 => Reply {
            status,
            body: Some(json!({
                "message": "You are being rate limited.",
                "retry_after": 0.1,
                "global": false,
                "code": 0,
            })),
        },
        500..=599 => Reply::error(status, &format!("{status}: Internal Server Error"), 0),
        _ => Reply::error(status, &format!("{status}: Injected by test"), 0),
    }
}

/// A global 429: every route must wait, not just this one.
fn global_rate_limit() -> Reply {
    Reply {
        status: 429,
        body: Some(json!({
            "message": "You are being rate limited.",
            "retry_after": 0.1,
            "global": true,
            "code": 0,
        })),
    }
}

fn is_global_rate_limit(reply: &Reply) -> bool {
    reply.status == 429
        && reply
            .body
            .as_ref()
            .is_some_and(|body| body["global"] == Value::Bool(true))
}

/// The headers Discord adds to a global 429, on top of the per-route ones.
fn mark_global(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-global", HeaderValue::from_static("true"));
    headers.insert("x-ratelimit-scope", HeaderValue::from_static("global"));
}

fn respond(reply: Reply, bucket: &str) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match reply.body {
        Some(body) => {
            let mut response = Response::new(Body::from(body.to_string()));
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            response
        }
        None => Response::new(Body::empty()),
    };
    *response.status_mut() = status;
    let reset = chrono::Utc::now().timestamp() + 1;
    let limited = reply.status == 429;
    let pairs = [
        ("x-ratelimit-limit", "5".to_owned()),
        (
            "x-ratelimit-remaining",
            if limited { "0" } else { "4" }.to_owned(),
        ),
        ("x-ratelimit-reset", reset.to_string()),
        (
            "x-ratelimit-reset-after",
            if limited { "0.100" } else { "1.000" }.to_owned(),
        ),
        ("x-ratelimit-bucket", bucket.to_owned()),
    ];
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    if limited {
        let headers = response.headers_mut();
        headers.insert("retry-after", HeaderValue::from_static("0.1"));
        headers.insert("x-ratelimit-scope", HeaderValue::from_static("user"));
    }
    response
}

/// A stable bucket id per route shape, like Discord's opaque hashes: ids other than the first
/// (the "major parameter") are blanked out.
fn bucket_for(method: &str, path: &str) -> String {
    let mut seen_id = false;
    let shape: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let is_id = segment.chars().all(|c| c.is_ascii_digit()) && !segment.is_empty();
            if is_id && seen_id {
                ":id"
            } else {
                seen_id |= is_id;
                segment
            }
        })
        .collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (method, shape).hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
