//! HTTP shared by the sources: one client, bodies capped in size, and status codes turned into
//! `SourceError`s the poller understands (429 with its wait, 5xx and timeouts as unavailable).

use super::SourceError;
use reqwest::header::HeaderMap;
use std::time::Duration;

/// The largest response body read from any source; a bigger one is refused, not buffered.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The HTTP client every source shares.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!(
            "Rounds/",
            env!("CARGO_PKG_VERSION"),
            " (self-hosted Discord bot)"
        ))
        .build()
        .expect("the HTTP client builds with static settings")
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
    fetch_conditional(request).await?.ok_or_else(|| {
        SourceError::Malformed(
            "server answered 304 Not Modified to an unconditional request".into(),
        )
    })
}

/// Like `fetch`, for a request carrying `If-None-Match` or `If-Modified-Since`: `None` when the
/// server answers 304 Not Modified.
pub async fn fetch_conditional(
    request: reqwest::RequestBuilder,
) -> Result<Option<Fetched>, SourceError> {
    let mut response = request.send().await.map_err(describe)?;
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
    if let Some(length) = response.content_length() {
        if length as usize > MAX_BODY_BYTES {
            return Err(SourceError::Malformed(format!(
                "body of {length} bytes is over the limit"
            )));
        }
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(SourceError::Malformed(format!(
                "body is over the limit of {MAX_BODY_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    if status == reqwest::StatusCode::NOT_FOUND {
        let excerpt: String = String::from_utf8_lossy(&body).chars().take(200).collect();
        return Err(SourceError::NotFound(excerpt));
    }
    if !status.is_success() {
        let excerpt: String = String::from_utf8_lossy(&body).chars().take(200).collect();
        return Err(SourceError::Malformed(format!(
            "server answered {status}: {excerpt}"
        )));
    }
    Ok(Some(Fetched { headers, body }))
}

/// How long a 429 asks us to wait: `Retry-After` in seconds, else a reset time from the rate-limit
/// headers (`X-RateLimit-Reset` as an ISO time or epoch seconds, `x-rate-limit-reset` as epoch).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    // `NaN` and `inf` parse as floats; only a finite number of seconds is a wait.
    let seconds = text("retry-after")
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite());
    if let Some(seconds) = seconds {
        return Some(Duration::from_secs_f64(seconds.clamp(0.0, 3600.0)));
    }
    let reset = text("x-ratelimit-reset").or_else(|| text("x-rate-limit-reset"))?;
    let now = chrono::Utc::now();
    let reset_at = match reset.parse::<i64>() {
        Ok(epoch) => chrono::DateTime::from_timestamp(epoch, 0)?,
        Err(_) => chrono::DateTime::parse_from_rfc3339(reset)
            .ok()?
            .with_timezone(&chrono::Utc),
    };
    let wait = (reset_at - now).num_milliseconds().clamp(0, 3_600_000);
    Some(Duration::from_millis(wait as u64))
}

fn describe(error: reqwest::Error) -> SourceError {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the body broke off"
    } else {
        "request failed"
    };
    SourceError::Unavailable(what.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_reset_times() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));

        let mut headers = HeaderMap::new();
        let reset = (chrono::Utc::now() + chrono::Duration::seconds(30))
            .timestamp()
            .to_string();
        headers.insert("x-rate-limit-reset", HeaderValue::from_str(&reset).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait <= Duration::from_secs(30) && wait >= Duration::from_secs(28),
            "{wait:?}"
        );

        assert_eq!(retry_after(&HeaderMap::new()), None);

        for hostile in ["NaN", "-inf", "inf", "1e999"] {
            let mut headers = HeaderMap::new();
            headers.insert("retry-after", HeaderValue::from_static(hostile));
            assert_eq!(retry_after(&headers), None, "{hostile}");
        }
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("-5"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    }
}
