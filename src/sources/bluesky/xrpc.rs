//! Calling an XRPC endpoint. The shared `http::fetch` flattens every 4xx into a message, but a
//! session needs to tell an expired token (`400 ExpiredToken`, which a refresh cures) from any
//! other refusal, and Bluesky announces its rate limits in `ratelimit-*` headers. So this sends the
//! request itself, with the same body cap and the same `SourceError`s for everything else. Errors
//! keep the status and XRPC's error name, never Bluesky's free-text message: they reach
//! `/sources status`.

use crate::http::{read_capped, BodyError};
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
    },
    Source(SourceError),
}

impl XrpcError {
    /// For when a refusal cannot be cured by logging in again.
    pub fn into_source(self) -> SourceError {
        match self {
            Self::Auth { name } => {
                SourceError::Refused(format!("Bluesky refused the session: {name}"))
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

/// The body of an XRPC error: `{"error": "ExpiredToken", "message": "Token has expired"}`; only
/// the name is read, the message being free text from the server.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
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
    let mut response = request.send().await.map_err(|e| unavailable(&e))?;
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
    let body = read_capped(&mut response, http::MAX_BODY_BYTES)
        .await
        .map_err(|error| match error {
            BodyError::TooLarge { .. } => {
                SourceError::Malformed("Bluesky's answer is over the size limit".into()).into()
            }
            BodyError::Read(error) => unavailable(&error),
        })?;
    if status.is_success() {
        return Ok(body);
    }
    let mut named: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
    // An error name is a short identifier (`ExpiredToken`); anything else is not repeated.
    if named.error.len() > 40 || !named.error.bytes().all(|b| b.is_ascii_alphanumeric()) {
        named.error.clear();
    }
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
        });
    }
    let what = if named.error.is_empty() {
        format!("Bluesky answered {status}")
    } else {
        format!("Bluesky answered {status}: {}", named.error)
    };
    Err(if status == reqwest::StatusCode::FORBIDDEN {
        SourceError::Refused(what)
    } else {
        SourceError::Malformed(what)
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

fn unavailable(error: &reqwest::Error) -> XrpcError {
    SourceError::Unavailable(format!("Bluesky: {}", crate::http::describe(error))).into()
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
