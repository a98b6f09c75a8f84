//! HTTP shared by the sources: one client, bodies capped in size, and status codes turned into
//! `SourceError`s the poller understands (429 with its wait, 5xx and timeouts as unavailable). The
//! plumbing (client builder, capped reader, `Retry-After`) is the toolkit's, in `crate::http`.

use super::SourceError;
use crate::http::{read_capped, BodyError, ClientSpec};
use reqwest::header::HeaderMap;
use std::time::Duration;

pub use crate::http::retry_after;

/// The largest response body read from an operator-configured source (a Mastodon instance, X,
/// Bluesky); a bigger one is refused, not buffered. Feeds, which guilds choose, have a smaller cap.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// How sources' clients behave.
pub fn spec() -> ClientSpec {
    ClientSpec::new(REQUEST_TIMEOUT, Duration::from_secs(10))
}

/// The HTTP client the sources share for the services the operator configured.
pub fn client() -> reqwest::Client {
    crate::http::client(&spec()).expect("the HTTP client builds with static settings")
}

/// A successful response: its headers and its body, at most `MAX_BODY_BYTES`.
#[derive(Debug)]
pub struct Fetched {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Sends a request and reads the answer, mapping failures to `SourceError`. The URL is left out of
/// error messages, since it may carry a token.
pub async fn fetch(request: reqwest::RequestBuilder) -> Result<Fetched, SourceError> {
    fetch_conditional(request, MAX_BODY_BYTES)
        .await?
        .ok_or_else(|| {
            SourceError::Malformed(
                "server answered 304 Not Modified to an unconditional request".into(),
            )
        })
}

/// Like `fetch`, for a request carrying `If-None-Match` or `If-Modified-Since`: `None` when the
/// server answers 304 Not Modified. Error texts name the status, never the body: they reach
/// `/sources status`, and a remote server's words must not. A body over `max_body_bytes` is an
/// error, read no further.
pub async fn fetch_conditional(
    request: reqwest::RequestBuilder,
    max_body_bytes: usize,
) -> Result<Option<Fetched>, SourceError> {
    let mut response = request.send().await.map_err(|e| unavailable(&e))?;
    let status = response.status();
    let headers = response.headers().clone();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(None);
    }
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(SourceError::RateLimited {
            retry_after: retry_after(&headers),
        });
    }
    if status.is_server_error() {
        return Err(SourceError::Unavailable(format!(
            "server answered {status}"
        )));
    }
    if matches!(status.as_u16(), 401 | 403) {
        return Err(SourceError::Refused(format!(
            "server answered {status}: check the credentials"
        )));
    }
    if status == reqwest::StatusCode::NOT_FOUND {
        return Err(SourceError::NotFound(format!("server answered {status}")));
    }
    if !status.is_success() {
        return Err(SourceError::Malformed(format!("server answered {status}")));
    }
    let body = read_capped(&mut response, max_body_bytes)
        .await
        .map_err(|error| match error {
            BodyError::TooLarge { .. } => SourceError::Malformed(error.to_string()),
            BodyError::Read(error) => unavailable(&error),
        })?;
    Ok(Some(Fetched { headers, body }))
}

/// A request that got no answer, in words without its URL; the guard's refusal (a private address
/// found when connecting or on a redirect) as such.
pub fn unavailable(error: &reqwest::Error) -> SourceError {
    match crate::http::guard::refusal_in(error) {
        Some(refused) => SourceError::Refused(refused.to_string()),
        None => SourceError::Unavailable(crate::http::describe(error).to_owned()),
    }
}
