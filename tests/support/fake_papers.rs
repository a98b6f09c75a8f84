//! A fake Crossref (`/crossref/works/{doi}`) and NCBI E-utilities (`/eutils/esummary.fcgi`) on one
//! 127.0.0.1 port, answering from the hand-written fixtures in `tests/fixtures/papers/` the way the
//! real services do, errors included: Crossref's plain-text 404 for an unknown DOI, E-utilities'
//! per-record error inside an HTTP 200 for an unknown id. Tests script faults (`fail_next`) and read
//! back every request (`requests`), e.g. to check the `mailto` or the pacing.
// Each test binary uses a different part of this API.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::task::JoinHandle;

/// One request as the bot sent it.
#[derive(Clone, Debug)]
pub struct PaperRequest {
    /// "crossref" or "eutils".
    pub service: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub user_agent: String,
    pub at: Instant,
}

impl PaperRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What a scripted fault answers instead of the fixture.
#[derive(Clone, Debug)]
pub enum PaperFault {
    /// This HTTP status with the service's usual error body.
    Status(u16),
    /// HTTP 200 with this JSON body (E-utilities reports errors this way).
    Ok200(serde_json::Value),
}

#[derive(Default)]
struct Inner {
    requests: Vec<PaperRequest>,
    /// (service, fault, remaining uses)
    faults: Vec<(String, PaperFault, usize)>,
}

pub struct FakePapers {
    inner: Arc<Mutex<Inner>>,
    port: u16,
    server: JoinHandle<()>,
}

impl FakePapers {
    pub async fn start() -> FakePapers {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding the fake metadata services to 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let inner = Arc::new(Mutex::new(Inner::default()));
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&inner));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakePapers {
            inner,
            port,
            server,
        }
    }

    pub fn crossref_base(&self) -> String {
        format!("http://127.0.0.1:{}/crossref", self.port)
    }

    pub fn eutils_base(&self) -> String {
        format!("http://127.0.0.1:{}/eutils", self.port)
    }

    /// The settings that point the bot here, with a contact address for the polite pools.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            (
                "ROUNDS__METADATA__CROSSREF_BASE".to_owned(),
                self.crossref_base(),
            ),
            (
                "ROUNDS__METADATA__EUTILS_BASE".to_owned(),
                self.eutils_base(),
            ),
            (
                "ROUNDS__METADATA__MAILTO".to_owned(),
                "journal-club@example.org".to_owned(),
            ),
        ]
    }

    /// The next `times` requests to `service` ("crossref" or "eutils") get `fault`.
    pub fn fail_next(&self, service: &str, fault: PaperFault, times: usize) {
        self.lock().faults.push((service.to_owned(), fault, times));
    }

    pub fn requests(&self) -> Vec<PaperRequest> {
        self.lock().requests.clone()
    }

    pub fn requests_to(&self, service: &str) -> Vec<PaperRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.service == service)
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for FakePapers {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn handle(State(inner): State<Arc<Mutex<Inner>>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_owned();
    let query = parse_query(uri.query().unwrap_or(""));
    let service = if path.starts_with("/crossref/") {
        "crossref"
    } else if path.starts_with("/eutils/") {
        "eutils"
    } else {
        "unknown"
    };
    let fault = {
        let mut inner = inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.requests.push(PaperRequest {
            service: service.to_owned(),
            path: path.clone(),
            query: query.clone(),
            user_agent: headers
                .get("user-agent")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned(),
            at: Instant::now(),
        });
        let found = inner
            .faults
            .iter_mut()
            .find(|(s, _, left)| s == service && *left > 0);
        found.map(|(_, fault, left)| {
            *left -= 1;
            fault.clone()
        })
    };
    if let Some(fault) = fault {
        return injected(service, fault);
    }
    match service {
        "crossref" => crossref(&path),
        "eutils" => eutils(&path, &query),
        _ => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}

/// `GET /crossref/works/{doi}`: the fixture, or Crossref's plain-text 404.
fn crossref(path: &str) -> Response {
    let Some(doi) = path.strip_prefix("/crossref/works/") else {
        return (StatusCode::NOT_FOUND, "Resource not found.").into_response();
    };
    let name = percent_decode(doi).to_lowercase().replace('/', "_");
    match fixture(&format!("crossref/{name}.json")) {
        Some(body) => json_response(StatusCode::OK, body),
        None => (StatusCode::NOT_FOUND, "Resource not found.").into_response(),
    }
}

/// `GET /eutils/esummary.fcgi?db=…&id=…&retmode=json`: the fixture, or the per-record error
/// E-utilities returns inside a 200 for an id it has no summary of.
fn eutils(path: &str, query: &[(String, String)]) -> Response {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    if path != "/eutils/esummary.fcgi" || param("retmode") != "json" {
        return (StatusCode::BAD_REQUEST, "unsupported request").into_response();
    }
    let (db, id) = (param("db"), param("id"));
    if !id.bytes().all(|b| b.is_ascii_digit()) || id.is_empty() {
        let body = json!({
            "header": {"type": "esummary", "version": "0.3"},
            "esummaryresult": [format!("Invalid uid {id} at position=0")],
        });
        return json_response(StatusCode::OK, body.to_string());
    }
    match fixture(&format!("eutils/{db}-{id}.json")) {
        Some(body) => json_response(StatusCode::OK, body),
        None => {
            let body = json!({
                "header": {"type": "esummary", "version": "0.3"},
                "result": {"uids": [id], id: {"uid": id, "error": "cannot get document summary"}},
            });
            json_response(StatusCode::OK, body.to_string())
        }
    }
}

fn injected(service: &str, fault: PaperFault) -> Response {
    match fault {
        PaperFault::Ok200(body) => json_response(StatusCode::OK, body.to_string()),
        PaperFault::Status(429) if service == "eutils" => {
            let body = json!({"error": "API rate limit exceeded", "api-key": "127.0.0.1", "count": "4", "limit": "3"});
            let mut response = json_response(StatusCode::TOO_MANY_REQUESTS, body.to_string());
            response
                .headers_mut()
                .insert("retry-after", "1".parse().expect("header value"));
            response
        }
        PaperFault::Status(429) => {
            let mut response = (StatusCode::TOO_MANY_REQUESTS, "Too Many Requests").into_response();
            response
                .headers_mut()
                .insert("retry-after", "2".parse().expect("header value"));
            response
        }
        PaperFault::Status(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, "<html><body>Service Unavailable</body></html>").into_response()
        }
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        "content-type",
        "application/json; charset=utf-8"
            .parse()
            .expect("header value"),
    );
    response
}

fn fixture(relative: &str) -> Option<String> {
    if relative.contains("..") {
        return None;
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/papers")
        .join(relative);
    std::fs::read_to_string(path).ok()
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (
                percent_decode(key),
                percent_decode(&value.replace('+', " ")),
            )
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
