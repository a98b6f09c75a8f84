//! Calling an XRPC endpoint. The shared `http::fetch` flattens every 4xx into a message, but a
//! session needs to tell an expired token (`400 ExpiredToken`, which a refresh cures) from any
//! other refusal, and Bluesky announces its rate limits in `ratelimit-*` headers. So this sends the
//! request itself, with the same body cap and the same `SourceError`s for everything else.

use crate::sources::{http, SourceError};
use reqwest::header::HeaderMap;
use serde::Deserialize;
use std::time::Duration;

/// Why a call failed.
#[derive(Debug)]
pub(super) enum XrpcError {
    /// The bearer token or the credentials were not accepted: expired, revoked or wrong.
    Auth {
        name: String,
        message: String,
    },
    Source(SourceError),
}

impl XrpcError {
    /// For when a refusal cannot be cured by logging in again.
    pub fn into_source(self) -> SourceError {
        match self {
            Self::Auth { name, message } => {
                SourceError::Refused(format!("Bluesky refused the session: {name}: {message}"))
            }
            Self::Source(error) => error,
        }
    }
}

impl From<SourceError> for XrpcError {
    fn from(error: SourceError) -> Self {
        Self::Source(error)
    }
}

/// The body of an XRPC error: `{"error": "ExpiredToken", "message": "Token has expired"}`.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    message: String,
}

/// The address of an XRPC method under a service's base URL.
pub(super) fn method_url(base: &reqwest::Url, nsid: &str) -> reqwest::Url {
    let mut url = base.clone();
    let path = format!("{}/xrpc/{nsid}", base.path().trim_end_matches('/'));
    url.set_path(&path);
    url.set_query(None);
    url
}

/// Sends the request and returns the body of a 2xx answer.
pub(super) async fn call(request: reqwest::RequestBuilder) -> Result<Vec<u8>, XrpcError> {
    let mut response = request.send().await.map_err(unavailable)?;
    let status = response.status();
    let headers = response.headers().clone();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(SourceError::RateLimited {
            retry_after: wait_for(&headers),
        }
        .into());
    }
    if status.is_server_error() {
        return Err(SourceError::Unavailable(format!("Bluesky answered {status}")).into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unavailable)? {
        if body.len() + chunk.len() > http::MAX_BODY_BYTES {
            return Err(
                SourceError::Malformed("Bluesky's answer is over the size limit".into()).into(),
            );
        }
        body.extend_from_slice(&chunk);
    }
    if status.is_success() {
        return Ok(body);
    }
    let named: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
    let token_problem = matches!(
        named.error.as_str(),
        "ExpiredToken" | "InvalidToken" | "AuthenticationRequired" | "AuthMissing"
    );
    if status == reqwest::StatusCode::UNAUTHORIZED || token_problem {
        return Err(XrpcError::Auth {
            name: if named.error.is_empty() {
                status.to_string()
            } else {
                named.error
            },
            message: named.message,
        });
    }
    let what = if named.error.is_empty() {
        String::from_utf8_lossy(&body).chars().take(200).collect()
    } else {
        format!("{}: {}", named.error, named.message)
    };
    Err(if status == reqwest::StatusCode::FORBIDDEN {
        SourceError::Refused(format!("Bluesky answered {status}: {what}"))
    } else {
        SourceError::Malformed(format!("Bluesky answered {status}: {what}"))
    }
    .into())
}

/// How long a 429 asks us to wait. Bluesky sends `ratelimit-reset` as epoch seconds; `Retry-After`
/// and the `x-` forms are read as well, should a proxy add them.
fn wait_for(headers: &HeaderMap) -> Option<Duration> {
    http::retry_after(headers).or_else(|| {
        let reset: i64 = headers
            .get("ratelimit-reset")?
            .to_str()
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let now = chrono::Utc::now().timestamp();
        // A small number is a delay (the IETF draft's form), a large one a time.
        let seconds = if reset < 1_000_000_000 {
            reset
        } else {
            reset - now
        };
        Some(Duration::from_secs(seconds.clamp(0, 3600) as u64))
    })
}

fn unavailable(error: reqwest::Error) -> XrpcError {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "the request failed"
    };
    SourceError::Unavailable(format!("Bluesky: {what}")).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn bluesky_rate_limit_headers_give_the_wait() {
        let mut headers = HeaderMap::new();
        let reset = (chrono::Utc::now().timestamp() + 60).to_string();
        headers.insert("ratelimit-reset", HeaderValue::from_str(&reset).unwrap());
        let wait = wait_for(&headers).unwrap();
        assert!(
            wait >= Duration::from_secs(58) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );

        let mut headers = HeaderMap::new();
        headers.insert("ratelimit-reset", HeaderValue::from_static("30"));
        assert_eq!(wait_for(&headers), Some(Duration::from_secs(30)));
        assert_eq!(wait_for(&HeaderMap::new()), None);
    }
}
