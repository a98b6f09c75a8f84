//! A fake OpenAI-compatible chat endpoint (`POST /v1/chat/completions`) on 127.0.0.1: answers each
//! request with the scripted status and message text, and records the request bodies, so tests can
//! check what the bot sent (only the numbered posts) and how it handles good and bad answers.
// Each test binary uses a different part of this API.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use tokio::task::JoinHandle;

#[derive(Clone, Debug)]
struct Script {
    status: u16,
    content: String,
}

#[derive(Default)]
struct Inner {
    script: Option<Script>,
    requests: Vec<(HeaderMap, Value)>,
}

pub struct FakeLlm {
    inner: Arc<Mutex<Inner>>,
    port: u16,
    server: JoinHandle<()>,
}

impl FakeLlm {
    pub async fn start() -> FakeLlm {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = axum::Router::new()
            .route("/v1/chat/completions", axum::routing::post(complete))
            .with_state(Arc::clone(&inner));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake LLM serves");
        });
        FakeLlm {
            inner,
            port,
            server,
        }
    }

    /// The base URL to configure as `summary.llm.endpoint`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answer every request with this status and, for 200, this message text.
    pub fn answer(&self, status: u16, content: &str) {
        self.inner.lock().unwrap().script = Some(Script {
            status,
            content: content.to_owned(),
        });
    }

    /// `(authorization header, JSON body)` of each request so far.
    pub fn requests(&self) -> Vec<(Option<String>, Value)> {
        self.inner
            .lock()
            .unwrap()
            .requests
            .iter()
            .map(|(headers, body)| {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                (auth, body.clone())
            })
            .collect()
    }
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn complete(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let script = {
        let mut inner = inner.lock().unwrap();
        inner.requests.push((headers, parsed));
        inner.script.clone()
    };
    let Some(script) = script else {
        return (StatusCode::SERVICE_UNAVAILABLE, "no answer scripted").into_response();
    };
    let status = StatusCode::from_u16(script.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status != StatusCode::OK {
        return (
            status,
            json!({"error": {"message": "scripted failure"}}).to_string(),
        )
            .into_response();
    }
    let answer = json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": script.content},
            "finish_reason": "stop"
        }]
    });
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        answer.to_string(),
    )
        .into_response()
}
