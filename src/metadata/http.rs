//! What both metadata clients share: one polite client (timeouts, a User-Agent that names the
//! operator) and GETs whose bodies are capped in size, with HTTP statuses turned into errors. The
//! plumbing (client builder, capped reader, `Retry-After`, the limiter that paces E-utilities) is
//! the toolkit's, in `crate::http`.

use super::Service;
use crate::http::{read_capped, BodyError, ClientSpec};
use reqwest::StatusCode;
use std::time::Duration;

/// The longest a request may take in all; a member is waiting on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest body read: a Crossref work with a long abstract and reference list is a few hundred
/// kilobytes; anything far bigger is not a metadata record.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Why a GET gave no usable body.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not found (HTTP {0})")]
    NotFound(u16),
    #[error("rate limited (HTTP 429)")]
    RateLimited { retry_after: Option<Duration> },
    #[error("HTTP {0}")]
    Status(u16),
    #[error("timed out")]
    Timeout,
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("the response was larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("the response could not be read: {0}")]
    Read(String),
}

/// A client whose User-Agent names `mailto`: Crossref routes requests that name a contact to its
/// "polite" pool, and NCBI asks to be able to reach whoever runs a tool.
pub fn client(mailto: &str) -> reqwest::Result<reqwest::Client> {
    crate::http::client(&ClientSpec::new(REQUEST_TIMEOUT, CONNECT_TIMEOUT).mailto(mailto))
}

/// GETs `url` and returns its body as text, refusing bodies over `MAX_BODY_BYTES`.
#[tracing::instrument(skip(client), fields(url = %redact_key(url.as_str())))]
pub async fn get_text(
    client: &reqwest::Client,
    url: reqwest::Url,
    service: Service,
) -> Result<String, FetchError> {
    let mut response = client.get(url).send().await.map_err(from_reqwest)?;
    let status = response.status();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = crate::http::retry_after(response.headers());
        tracing::warn!(
            service = service.name(),
            ?retry_after,
            "metadata service is rate limiting"
        );
        return Err(FetchError::RateLimited { retry_after });
    }
    if matches!(status.as_u16(), 400 | 404 | 410) {
        return Err(FetchError::NotFound(status.as_u16()));
    }
    if !status.is_success() {
        tracing::warn!(
            service = service.name(),
            status = status.as_u16(),
            "metadata service error"
        );
        return Err(FetchError::Status(status.as_u16()));
    }
    let body = read_capped(&mut response, MAX_BODY_BYTES)
        .await
        .map_err(|error| match error {
            BodyError::TooLarge { .. } => FetchError::TooLarge,
            BodyError::Read(error) => from_reqwest(error),
        })?;
    String::from_utf8(body).map_err(|_| FetchError::Read("the body is not UTF-8".to_owned()))
}

fn from_reqwest(error: reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout
    } else if error.is_connect() {
        FetchError::Connect(error.without_url().to_string())
    } else {
        FetchError::Read(error.without_url().to_string())
    }
}

/// Keeps NCBI API keys out of the logs.
fn redact_key(url: &str) -> String {
    match url.find("api_key=") {
        Some(at) => {
            let end = url[at..].find('&').map_or(url.len(), |e| at + e);
            format!("{}api_key=…{}", &url[..at], &url[end..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_stay_out_of_logs_and_the_agent_names_the_operator() {
        let user_agent = crate::http::user_agent;
        assert_eq!(
            redact_key("http://x/esummary.fcgi?db=pubmed&api_key=secret&id=1"),
            "http://x/esummary.fcgi?db=pubmed&api_key=…&id=1"
        );
        assert!(user_agent("ops@example.org").ends_with("mailto:ops@example.org)"));
        assert!(!user_agent("").contains("mailto"));
    }
}
