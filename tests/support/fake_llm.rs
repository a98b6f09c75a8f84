//! A fake OpenAI-compatible chat endpoint (`POST /v1/chat/completions`) on 127.0.0.1: answers each
//! request with the scripted status and message text, and records the request bodies, so tests can
//! check what the bot sent (only the numbered posts) and how it handles good and bad answers.
// Each test binary uses a different part of this API.
#![allow(dead_code)]

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::fake_server::{FakeServer, Watched};

#[derive(Clone, Debug)]
struct Script {
    status: u16,
    content: String,
}

pub struct FakeLlm {
    script: Arc<Watched<Option<Script>>>,
    server: FakeServer,
}

impl FakeLlm {
    pub async fn start() -> FakeLlm {
        let script = Arc::new(Watched::new(None));
        let app = axum::Router::new()
            .route("/v1/chat/completions", axum::routing::post(complete))
            .with_state(Arc::clone(&script));
        let server = FakeServer::start(app).await;
        FakeLlm { script, server }
    }

    /// The base URL to configure as `summary.llm.endpoint`.
    pub fn base(&self) -> String {
        self.server.url("")
    }

    /// Answer every request with this status and, for 200, this message text.
    pub fn answer(&self, status: u16, content: &str) {
        *self.script.lock() = Some(Script {
            status,
            content: content.to_owned(),
        });
    }

    /// `(authorization header, JSON body)` of each completion request so far.
    pub fn requests(&self) -> Vec<(Option<String>, Value)> {
        let requests = self.server.requests().into_iter();
        let completions =
            requests.filter(|r| r.path == "/v1/chat/completions" && r.method == "POST");
        completions
            .map(|r| {
                let body = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
                (r.header("authorization").map(str::to_owned), body)
            })
            .collect()
    }
}

async fn complete(State(script): State<Arc<Watched<Option<Script>>>>) -> Response {
    let script = script.lock().clone();
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
