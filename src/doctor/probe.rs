//! The little HTTP the doctor needs: one client with a short timeout, bodies read up to a cap, and
//! URLs and errors described without anything secret in them.

use std::time::Duration;

/// How long any one probe may take.
pub(super) const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a body a probe reads: the sources' own cap.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

pub(super) fn client() -> reqwest::Result<reqwest::Client> {
    crate::http::client(&probe_spec())
}

/// The timeouts every probe runs under, for the plain client and the guarded one that fetches
/// guilds' feeds.
pub(super) fn probe_spec() -> crate::http::ClientSpec {
    crate::http::ClientSpec::new(PROBE_TIMEOUT, Duration::from_secs(5))
}

/// A URL as the doctor may print it: scheme, host, port and path, without credentials, query or
/// fragment (where tokens and keys travel).
pub(super) fn shown(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => {
            let host = parsed.host_str().unwrap_or("");
            let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
            let path = parsed.path();
            let path = if path == "/" { "" } else { path };
            let hidden = if parsed.query().is_some() { "?…" } else { "" };
            format!("{}://{host}{port}{path}{hidden}", parsed.scheme())
        }
        Err(_) => "(not a valid URL)".to_owned(),
    }
}

pub(super) use crate::http::describe;

/// Why a probed service's answer could not be read; the words go into the doctor's line.
#[derive(Debug, thiserror::Error)]
pub(super) enum ReadAnswerError {
    #[error("the answer could not be read: {0}")]
    Unreadable(crate::http::BodyError),
    #[error("the answer is not JSON")]
    NotJson,
}

/// The body, read up to the cap.
pub(super) async fn body(mut response: reqwest::Response) -> Result<Vec<u8>, ReadAnswerError> {
    crate::http::read_capped(&mut response, MAX_BODY_BYTES)
        .await
        .map_err(ReadAnswerError::Unreadable)
}

/// The body as JSON, read up to the cap.
pub(super) async fn json_body(
    response: reqwest::Response,
) -> Result<serde_json::Value, ReadAnswerError> {
    let body = body(response).await?;
    serde_json::from_slice(&body).map_err(|_| ReadAnswerError::NotJson)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_urls_drop_credentials_and_queries() {
        assert_eq!(
            shown("https://user:pw@feeds.example:8443/rss?token=s3cret#x"),
            "https://feeds.example:8443/rss?…"
        );
        assert_eq!(shown("https://discord.com"), "https://discord.com");
        assert_eq!(
            shown("wss://jet.example/subscribe"),
            "wss://jet.example/subscribe"
        );
        assert_eq!(shown("not a url"), "(not a valid URL)");
    }
}
