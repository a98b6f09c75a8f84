//! X (optional, paid): `GET /2/tweets/search/recent`, one OR-combined query for all tracked tags
//! per poll, since every read is billed.
//!
//! - **Queries**: `(#a OR #b …) -is:retweet`, tags in key order, split into several queries only
//!   when one would exceed 512 characters. Query `i` keeps its cursor under `x:search:{i}`, so
//!   adding a tag keeps the `since_id` of the query it joins (it is not backfilled, which would cost
//!   reads; its posts from then on arrive).
//! - **Cursor**: the next `since_id` is `meta.newest_id` of the *first* page. Pages after it are
//!   fetched with `next_token` and the same `since_id`. Every page is committed as it arrives, but
//!   only the *last* page's batch carries the new cursor: if the poll stops part-way (a crash, a
//!   429, a broken page), the stored cursor still points before all of it, so the next poll reads
//!   the same window again: some posts are read twice (the store keeps them once), none are lost.
//! - **First poll** of a query (no cursor): the newest page only, not seven days of billed reads.
//!
//! The bearer token is sent as a header and never logged.

mod payload;
mod query;

use super::http::{fetch, Fetched};
use super::{
    Batch, BoxFuture, InvalidSourceConfig, PollReport, PollRequest, PostSink, Source, SourceError,
};
use chrono::{DateTime, Utc};
/// Whether an X post id is safe to put in a URL (the refresh stage reads posts by id).
pub use payload::is_plausible_id as is_plausible_post_id;
use payload::{is_plausible_id, to_raw_post, users_by_id, SearchResponse};
pub use query::{build_queries, MAX_QUERY_CHARS};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Mutex;
use std::time::Duration;

const RESULTS_PER_PAGE: u32 = 100;
/// A ceiling on pages per query per poll, against a server that never stops handing out tokens.
const MAX_PAGES: usize = 50;

/// The names of the field parameters, which X's newer spec renamed (`tweet.fields` →
/// `post.fields`, `referenced_tweets` → `referenced_posts`). Responses are read in either naming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XFieldNames {
    /// The query parameter listing post fields.
    pub post_fields_param: String,
    /// The post field naming a post's replies/quotes/reposts.
    pub referenced_field: String,
}

impl Default for XFieldNames {
    /// The names of the quickstart and changelog, which the live API accepts.
    fn default() -> Self {
        Self {
            post_fields_param: "tweet.fields".into(),
            referenced_field: "referenced_tweets".into(),
        }
    }
}

impl XFieldNames {
    /// The names of the 2026-08 OpenAPI spec.
    pub fn post_naming() -> Self {
        Self {
            post_fields_param: "post.fields".into(),
            referenced_field: "referenced_posts".into(),
        }
    }
}

pub struct XSource {
    search_url: reqwest::Url,
    bearer: SecretString,
    poll_interval: Duration,
    http: reqwest::Client,
    fields: XFieldNames,
    /// Set when the rate-limit headers say the window is used up.
    hold_until: Mutex<Option<DateTime<Utc>>>,
}

impl XSource {
    pub fn new(
        api_base: &str,
        bearer: SecretString,
        poll_interval: Duration,
        http: reqwest::Client,
    ) -> Result<Self, InvalidSourceConfig> {
        let invalid = |reason: String| InvalidSourceConfig { what: "x", reason };
        let mut search_url = reqwest::Url::parse(api_base.trim())
            .map_err(|e| invalid(format!("api_base `{api_base}` is not a URL: {e}")))?;
        if !matches!(search_url.scheme(), "http" | "https") || search_url.host_str().is_none() {
            return Err(invalid(format!(
                "api_base `{api_base}` must be an https:// URL"
            )));
        }
        if bearer.expose_secret().trim().is_empty() {
            return Err(invalid("the bearer token is empty".into()));
        }
        search_url
            .path_segments_mut()
            .map_err(|()| invalid(format!("api_base `{api_base}` cannot take a path")))?
            .pop_if_empty()
            .extend(["2", "tweets", "search", "recent"]);
        Ok(Self {
            search_url,
            bearer,
            poll_interval,
            http,
            fields: XFieldNames::default(),
            hold_until: Mutex::new(None),
        })
    }

    /// Uses other field-parameter names (see `XFieldNames`).
    pub fn with_field_names(mut self, fields: XFieldNames) -> Self {
        self.fields = fields;
        self
    }

    #[tracing::instrument(name = "x_poll", skip_all, fields(tags = request.tags.len()))]
    async fn poll_queries(&self, request: &PollRequest<'_>) -> Result<PollReport, SourceError> {
        let now = Utc::now();
        if let Some(until) = *self.hold_until.lock().expect("x hold lock") {
            if until > now {
                return Err(SourceError::RateLimited {
                    retry_after: (until - now).to_std().ok(),
                });
            }
        }
        let mut report = PollReport::default();
        let mut malformed = None;
        for (index, query) in build_queries(request.tags).iter().enumerate() {
            let stream = format!("x:search:{index}");
            match self
                .poll_query(query, stream, request.sink, &mut report)
                .await
            {
                Ok(()) => {}
                Err(error @ SourceError::Malformed(_)) => {
                    tracing::warn!(index, %error, "skipped an X query this poll");
                    malformed.get_or_insert(error);
                }
                Err(error) => return Err(error),
            }
        }
        match malformed {
            Some(error) => Err(error),
            None => Ok(report),
        }
    }

    async fn poll_query(
        &self,
        query: &str,
        stream: String,
        sink: &dyn PostSink,
        report: &mut PollReport,
    ) -> Result<(), SourceError> {
        let since_id = sink.cursor(&stream).await?.filter(|id| is_plausible_id(id));
        let max_pages = if since_id.is_some() { MAX_PAGES } else { 1 };
        let mut newest: Option<String> = None;
        let mut token: Option<String> = None;
        for page_number in 1..=max_pages {
            let (response, exhausted) = self
                .get_page(query, since_id.as_deref(), token.as_deref(), report)
                .await?;
            for error in response.errors.iter().take(5) {
                tracing::warn!(%error, "X reported a partial error");
            }
            let users = users_by_id(response.includes.users);
            let mut posts = Vec::with_capacity(response.data.len());
            let mut page_newest: Option<String> = None;
            for item in response.data {
                match serde_json::from_value(item).map_err(|e| e.to_string()) {
                    Ok(post) => match to_raw_post(post, &users) {
                        Ok(raw) => {
                            if page_newest
                                .as_deref()
                                .is_none_or(|n| newer(&raw.remote_id, n))
                            {
                                page_newest = Some(raw.remote_id.clone());
                            }
                            posts.push(raw);
                        }
                        Err(reason) => skip(report, &reason.to_string()),
                    },
                    Err(reason) => skip(report, &reason),
                }
            }
            if page_number == 1 {
                newest = response
                    .meta
                    .newest_id
                    .filter(|id| is_plausible_id(id))
                    .or(page_newest);
            }
            let next = response
                .meta
                .next_token
                .filter(|t| !t.is_empty() && Some(t) != token.as_ref());
            let last = next.is_none() || page_number == max_pages;
            if last && next.is_some() && since_id.is_some() {
                tracing::warn!(
                    pages = max_pages,
                    "X search still had pages; older ones skipped"
                );
            }
            if exhausted && !last {
                // Commit what we have without the cursor, so the next poll reads this window again.
                self.commit(sink, &stream, None, posts, report).await?;
                return Err(SourceError::RateLimited {
                    retry_after: self.wait(),
                });
            }
            let cursor = if last { newest.clone() } else { None };
            if cursor.is_some() || !posts.is_empty() {
                self.commit(sink, &stream, cursor, posts, report).await?;
            }
            if last {
                return Ok(());
            }
            token = next;
        }
        Ok(())
    }

    async fn commit(
        &self,
        sink: &dyn PostSink,
        stream: &str,
        cursor: Option<String>,
        posts: Vec<crate::domain::post::RawPost>,
        report: &mut PollReport,
    ) -> Result<(), SourceError> {
        let stored = sink
            .commit(Batch {
                stream: stream.to_owned(),
                cursor,
                posts,
                changes: Vec::new(),
            })
            .await?;
        report.stored += stored;
        Ok(())
    }

    /// One page of results, and whether the rate-limit window is now used up.
    #[tracing::instrument(skip(self, report), fields(query_chars = query.chars().count()))]
    async fn get_page(
        &self,
        query: &str,
        since_id: Option<&str>,
        next_token: Option<&str>,
        report: &mut PollReport,
    ) -> Result<(SearchResponse, bool), SourceError> {
        let mut url = self.search_url.clone();
        {
            let mut pairs = url.query_pairs_mut();
            pairs
                .append_pair("query", query)
                .append_pair("max_results", &RESULTS_PER_PAGE.to_string());
            if let Some(since_id) = since_id {
                pairs.append_pair("since_id", since_id);
            }
            if let Some(token) = next_token {
                pairs.append_pair("next_token", token);
            }
            let post_fields = format!(
                "created_at,public_metrics,author_id,lang,entities,{}",
                self.fields.referenced_field
            );
            pairs
                .append_pair(&self.fields.post_fields_param, &post_fields)
                .append_pair("expansions", "author_id")
                .append_pair("user.fields", "username,name,public_metrics,description");
        }
        let request = self.http.get(url).bearer_auth(self.bearer.expose_secret());
        report.requests += 1;
        let Fetched { headers, body } = fetch(request).await?;
        let exhausted = self.observe(&headers);
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        if !content_type.contains("json") {
            return Err(SourceError::Malformed(format!(
                "expected JSON, got {content_type}"
            )));
        }
        let response: SearchResponse = serde_json::from_slice(&body)
            .map_err(|e| SourceError::Malformed(format!("not a search response: {e}")))?;
        report.fetched += response.data.len();
        Ok((response, exhausted))
    }

    /// Reads `x-rate-limit-remaining`; when it is 0, holds further polls until the reset.
    fn observe(&self, headers: &reqwest::header::HeaderMap) -> bool {
        let remaining = headers
            .get("x-rate-limit-remaining")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if remaining != Some(0) {
            return false;
        }
        let wait = super::http::retry_after(headers).unwrap_or(Duration::from_secs(15 * 60));
        let until = Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
        *self.hold_until.lock().expect("x hold lock") = Some(until);
        true
    }

    fn wait(&self) -> Option<Duration> {
        let until = (*self.hold_until.lock().expect("x hold lock"))?;
        (until - Utc::now()).to_std().ok()
    }
}

/// X ids are decimal: longer is newer, then by digits.
fn newer(a: &str, b: &str) -> bool {
    (a.len(), a) > (b.len(), b)
}

fn skip(report: &mut PollReport, reason: &str) {
    tracing::warn!(%reason, "skipped a malformed X post");
    report.stored.skipped += 1;
}

impl Source for XSource {
    fn name(&self) -> String {
        "x".to_owned()
    }

    fn interval(&self) -> Duration {
        self.poll_interval
    }

    fn poll<'a>(
        &'a self,
        request: &'a PollRequest<'a>,
    ) -> BoxFuture<'a, Result<PollReport, SourceError>> {
        Box::pin(self.poll_queries(request))
    }
}

/// Why a recent-search response could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a search response: {0}")]
pub struct ReadResponseError(serde_json::Error);

/// Reads a recent-search response as the API returns it, without fetching anything: what
/// `rounds demo` uses to load its bundled sample. Unreadable posts are left out.
pub fn read_response(body: &[u8]) -> Result<Vec<crate::domain::post::RawPost>, ReadResponseError> {
    let response: SearchResponse = serde_json::from_slice(body).map_err(ReadResponseError)?;
    let users = users_by_id(response.includes.users);
    Ok(response
        .data
        .into_iter()
        .filter_map(|item| serde_json::from_value(item).ok())
        .filter_map(|post| to_raw_post(post, &users).ok())
        .collect())
}
