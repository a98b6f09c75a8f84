//! A fake Crossref (`/crossref/works/{doi}`) and NCBI E-utilities (`/eutils/esummary.fcgi`) on one
//! 127.0.0.1 port, answering from the hand-written fixtures in `tests/fixtures/papers/` the way the
//! real services do, errors included: Crossref's plain-text 404 for an unknown DOI, E-utilities'
//! per-record error inside an HTTP 200 for an unknown id. Tests script faults (`fail_next`) and read
//! back every request (`requests`), e.g. to check the `mailto` or the pacing.
// Each test binary uses a different part of this API.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::fake_server::{percent_decode, retry_after, FakeServer, Faults, Recorded};

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
    fn of(request: Recorded) -> PaperRequest {
        PaperRequest {
            service: service(&request.path).to_owned(),
            user_agent: request.header("user-agent").unwrap_or("").to_owned(),
            path: request.path,
            query: request.query,
            at: request.at,
        }
    }

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

pub struct FakePapers {
    faults: Arc<Faults<PaperFault>>,
    server: FakeServer,
}

impl FakePapers {
    pub async fn start() -> FakePapers {
        let faults = Arc::new(Faults::default());
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&faults));
        let server = FakeServer::start(router).await;
        FakePapers { faults, server }
    }

    pub fn crossref_base(&self) -> String {
        self.server.url("/crossref")
    }

    pub fn eutils_base(&self) -> String {
        self.server.url("/eutils")
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
        let service = service.to_owned();
        let applies = move |r: &Recorded| self::service(&r.path) == service;
        self.faults.push(applies, fault, times);
    }

    pub fn requests(&self) -> Vec<PaperRequest> {
        let requests = self.server.requests().into_iter();
        requests.map(PaperRequest::of).collect()
    }

    pub fn requests_to(&self, service: &str) -> Vec<PaperRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.service == service)
            .collect()
    }
}

/// Which service a path belongs to: "crossref", "eutils" or "unknown".
fn service(path: &str) -> &'static str {
    if path.starts_with("/crossref/") {
        "crossref"
    } else if path.starts_with("/eutils/") {
        "eutils"
    } else {
        "unknown"
    }
}

async fn handle(
    State(faults): State<Arc<Faults<PaperFault>>>,
    Extension(request): Extension<Recorded>,
) -> Response {
    let service = service(&request.path);
    if let Some(fault) = faults.take(&request) {
        return injected(service, fault);
    }
    match service {
        "crossref" => crossref(&request.path),
        "eutils" => eutils(&request.path, &request.query),
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
            .map_or("", |(_, v)| v.as_str())
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
            let response = json_response(StatusCode::TOO_MANY_REQUESTS, body.to_string());
            retry_after(response, "1")
        }
        PaperFault::Status(429) => {
            let response = (StatusCode::TOO_MANY_REQUESTS, "Too Many Requests").into_response();
            retry_after(response, "2")
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
