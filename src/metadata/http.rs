//! What both metadata clients share: one polite HTTP client (timeouts, a User-Agent that names the
//! operator), GETs whose bodies are capped in size, HTTP statuses turned into errors, and a limiter
//! that spaces requests to a service.

use super::Service;
use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

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

/// `rounds/0.1.0 (self-hosted Discord bot; mailto:ops@example.org)`: Crossref routes requests that
/// name a contact to its "polite" pool, and NCBI asks to be able to reach whoever runs a tool.
pub fn user_agent(mailto: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    if mailto.is_empty() {
        format!("rounds/{version} (self-hosted Discord bot)")
    } else {
        format!("rounds/{version} (self-hosted Discord bot; mailto:{mailto})")
    }
}

pub fn client(mailto: &str) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(user_agent(mailto))
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
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
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|secs| secs.is_finite() && *secs >= 0.0)
            .map(|secs| Duration::from_secs_f64(secs.min(3600.0)));
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
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY_BYTES as u64)
    {
        return Err(FetchError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(FetchError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
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

/// Spaces requests at least `interval` apart, across every task that shares it.
#[derive(Debug)]
pub struct Limiter {
    interval: Duration,
    next_slot: Mutex<Instant>,
}

impl Limiter {
    pub fn new(interval: Duration) -> Limiter {
        Limiter {
            interval,
            next_slot: Mutex::new(Instant::now()),
        }
    }

    /// Waits for this caller's turn. The lock is held only to book a slot, never while sleeping.
    pub async fn wait_turn(&self) {
        let slot = {
            let mut next = self.next_slot.lock().await;
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limiter_spaces_concurrent_callers() {
        let limiter = std::sync::Arc::new(Limiter::new(Duration::from_millis(60)));
        let started = std::time::Instant::now();
        let waits: Vec<_> = (0..4)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.wait_turn().await;
                    started.elapsed()
                })
            })
            .collect();
        let mut times = Vec::new();
        for wait in waits {
            times.push(wait.await.unwrap());
        }
        times.sort();
        // A sleep never ends early, so the i-th caller goes no sooner than i intervals in.
        for (i, time) in times.iter().enumerate() {
            assert!(*time >= Duration::from_millis(60) * i as u32, "{times:?}");
        }
    }

    #[test]
    fn api_keys_stay_out_of_logs_and_the_agent_names_the_operator() {
        assert_eq!(
            redact_key("http://x/esummary.fcgi?db=pubmed&api_key=secret&id=1"),
            "http://x/esummary.fcgi?db=pubmed&api_key=…&id=1"
        );
        assert!(user_agent("ops@example.org").ends_with("mailto:ops@example.org)"));
        assert!(!user_agent("").contains("mailto"));
    }
}
