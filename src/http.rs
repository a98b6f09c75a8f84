//! The HTTP toolkit every outgoing client is made with: one client builder (timeouts, the bot's
//! User-Agent, at most `MAX_REDIRECTS` redirects), one size-capped body reader, one `Retry-After`
//! reader (seconds and HTTP-dates), one even-spacing limiter, and guarded fetching for addresses
//! that come from a guild or a remote payload.
//!
//! Two kinds of client: `client` for the bases the operator configured (Mastodon instances, X,
//! Bluesky, Crossref, E-utilities, the LLM), which are trusted; `guard::GuardedClient` for URLs a
//! guild or a remote server chose (feeds), which may not reach private addresses.

mod body;
pub mod guard;
pub(crate) mod limiter;
mod retry_after;

pub use body::{read_capped, BodyError};
pub use guard::{AddressPolicy, GuardedClient, Refused};
pub use limiter::Limiter;
pub use retry_after::{parse_retry_after, retry_after, retry_after_at, MAX_WAIT};

use std::time::Duration;

/// The most redirects any client follows; a guarded client re-checks each hop.
pub const MAX_REDIRECTS: usize = 5;

/// How a client behaves: how long it waits, and whom its User-Agent names.
#[derive(Debug, Clone)]
pub struct ClientSpec {
    /// The longest one request may take in all, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// An e-mail address for the User-Agent, so a service can reach the operator (Crossref's polite
    /// pool, NCBI's request); empty for none.
    pub mailto: String,
}

impl ClientSpec {
    pub fn new(timeout: Duration, connect_timeout: Duration) -> Self {
        Self {
            timeout,
            connect_timeout,
            mailto: String::new(),
        }
    }

    pub fn mailto(mut self, mailto: &str) -> Self {
        mailto.trim().clone_into(&mut self.mailto);
        self
    }
}

/// `Rounds/0.1.0 (self-hosted Discord bot; mailto:ops@example.org)`, the contact left out when
/// there is none.
pub fn user_agent(mailto: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    if mailto.is_empty() {
        format!("Rounds/{version} (self-hosted Discord bot)")
    } else {
        format!("Rounds/{version} (self-hosted Discord bot; mailto:{mailto})")
    }
}

/// The builder both kinds of client start from.
fn builder(spec: &ClientSpec) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(spec.timeout)
        .connect_timeout(spec.connect_timeout)
        .user_agent(user_agent(&spec.mailto))
}

/// A client for a base the operator configured: trusted, so any address, at most `MAX_REDIRECTS`
/// redirects.
pub fn client(spec: &ClientSpec) -> reqwest::Result<reqwest::Client> {
    builder(spec)
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .build()
}

/// Why a request failed, in words fit for a log or a status line: never a URL (it may carry a key)
/// and never a remote body.
pub fn describe(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_redirect() {
        "too many redirects"
    } else if error.is_body() || error.is_decode() {
        "the body broke off"
    } else {
        "request failed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agent_names_the_operator_only_when_given() {
        assert!(user_agent("ops@example.org").ends_with("mailto:ops@example.org)"));
        assert!(user_agent("").starts_with("Rounds/"));
        assert!(!user_agent("").contains("mailto"));
    }
}
