//! Reading stored posts again (issue #15): each service's lookup API is asked for the posts it
//! delivered, in batches, for their counts as they are now and for whether they still exist; Bluesky's
//! AppView is also asked for profiles (Jetstream carries no handle or name). A refresher knows its
//! service's API and nothing else: the store and the schedule are `ingest::refresh`'s.
//!
//! A reading is partial by design: a 429 or an unreachable server ends it with what was read so
//! far, and the posts not reached keep their place at the front of the next pass. Only an explicit
//! answer counts as a deletion (a 404/410 for one status, a URI the AppView no longer returns, an X
//! `resource-not-found`): a server that is down deletes nothing.

pub mod bluesky;
pub mod mastodon;
pub mod x;

use super::{BoxFuture, SourceError};
use crate::domain::post::{Engagement, SourceKind};

/// A stored post to read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    /// The post's `remote_id` as stored.
    pub remote_id: String,
    /// What the service is asked for: a Mastodon status id on the delivering instance, a Bluesky
    /// `at://` URI, an X post id.
    pub lookup: String,
}

/// A profile as the service describes it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The author's stable id (a DID).
    pub remote_id: String,
    pub handle: String,
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub followers: Option<u64>,
}

/// What one pass of one refresher read.
#[derive(Debug, Default)]
pub struct Reading {
    /// Posts read, with their counts as they are now (by `remote_id`).
    pub fresh: Vec<(String, Engagement)>,
    /// Posts the service says no longer exist (by `remote_id`).
    pub gone: Vec<String>,
    /// Posts the service answered about without counts (withheld, protected): read, so they wait
    /// their turn again instead of staying first in line.
    pub unchanged: Vec<String>,
    /// Profiles read (Bluesky only).
    pub profiles: Vec<Profile>,
    /// Authors whose profiles were asked for and answered (found or not), so one the service does
    /// not know is not asked for again at every pass.
    pub profiles_asked: Vec<String>,
    pub requests: usize,
    /// Why the pass stopped before reading everything it was given; what it read is kept.
    pub stopped: Option<SourceError>,
}

/// One service's lookup API.
pub trait Refresher: Send + Sync {
    /// For logs and the status tables, e.g. `mastodon:med-mastodon.com`, `bluesky`, `x`.
    fn name(&self) -> String;
    fn source(&self) -> SourceKind;
    /// Only posts delivered by this origin can be read here (a Mastodon instance's host); `None`
    /// for services with one API.
    fn origin(&self) -> Option<&str> {
        None
    }
    /// The most posts one pass reads, so a pass stays a small share of the service's budget.
    fn posts_per_pass(&self) -> usize;
    /// Whether this refresher reads profiles (`read` is then also given authors).
    fn reads_profiles(&self) -> bool {
        false
    }
    /// Reads `posts` (and the profiles of `authors`, when it reads profiles) again.
    fn read<'a>(&'a self, posts: &'a [Tracked], authors: &'a [String]) -> BoxFuture<'a, Reading>;
}

/// A lookup's answer: the body, or the service saying the thing asked for is gone.
#[derive(Debug)]
pub(crate) enum Answer {
    Body(Vec<u8>),
    /// 404 or 410. For a single status this is a deletion; for a batch endpoint, its absence.
    Gone,
}

/// Sends a lookup and reads its answer: like `sources::http::fetch`, except that 404 and 410 are an
/// answer (`Gone`), not an error. Texts name the status only, never the URL or the body.
pub(crate) async fn lookup(request: reqwest::RequestBuilder) -> Result<Answer, SourceError> {
    use reqwest::StatusCode;
    let mut response = request
        .send()
        .await
        .map_err(|e| super::http::unavailable(&e))?;
    let status = response.status();
    match status {
        StatusCode::NOT_FOUND | StatusCode::GONE => return Ok(Answer::Gone),
        StatusCode::TOO_MANY_REQUESTS => {
            return Err(SourceError::RateLimited {
                retry_after: super::http::retry_after(response.headers()),
            })
        }
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            return Err(SourceError::Refused(format!("server answered {status}")))
        }
        _ if status.is_server_error() => {
            return Err(SourceError::Unavailable(format!(
                "server answered {status}"
            )))
        }
        _ if !status.is_success() => {
            return Err(SourceError::Malformed(format!("server answered {status}")))
        }
        _ => {}
    }
    crate::http::read_capped(&mut response, super::http::MAX_BODY_BYTES)
        .await
        .map(Answer::Body)
        .map_err(|error| match error {
            crate::http::BodyError::TooLarge { .. } => SourceError::Malformed(error.to_string()),
            crate::http::BodyError::Read(error) => super::http::unavailable(&error),
        })
}

/// A count read leniently: a missing, negative or odd value reads as 0 rather than costing the post.
pub(crate) fn count(value: &serde_json::Value) -> u64 {
    value
        .as_u64()
        .or_else(|| value.as_f64().filter(|f| *f > 0.0).map(|f| f as u64))
        .unwrap_or(0)
}

/// A base URL from configuration, checked to be http(s) with a host.
pub(crate) fn parse_base(
    what: &'static str,
    base: &str,
) -> Result<reqwest::Url, super::InvalidSourceConfig> {
    let invalid = |reason: String| super::InvalidSourceConfig { what, reason };
    let url = reqwest::Url::parse(base.trim())
        .map_err(|e| invalid(format!("`{base}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid(format!("`{base}` must be an https:// URL")));
    }
    Ok(url)
}

/// `path` (e.g. `/api/v1/statuses`) under a base URL that may itself have a path.
pub(crate) fn endpoint(base: &reqwest::Url, path: &str) -> reqwest::Url {
    let mut url = base.clone();
    url.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
    url.set_query(None);
    url
}
