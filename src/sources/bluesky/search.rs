//! `app.bsky.feed.searchPosts` as an optional backfill for Jetstream: it needs an app-password
//! session, but gives handles, display names and counts. Each tracked tag has its own cursor, the
//! newest `indexedAt` stored, and each poll asks for what came since (less a margin, because the
//! service filters on the earlier of creation and indexing time, so a post created just before
//! the last poll may be indexed just after it).

mod session;

use super::record::{Delivery, PostRecord, PostUri, TrackedKeys};
use super::{parse_base_url, BlueskySetupError};
use crate::domain::post::{Engagement, RawPost};
use crate::domain::Hashtag;
use crate::sources::{Batch, BoxFuture, PollReport, PollRequest, PostSink, Source, SourceError};
use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Url;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::Value;
use session::Session;
use std::collections::HashSet;
use std::time::Duration;

/// How the search source paces itself.
#[derive(Debug, Clone)]
pub struct SearchTuning {
    pub interval: Duration,
    /// Pages read per tag and poll once a tag has a cursor; a first poll reads one page.
    pub max_pages: usize,
    /// How far before the stored cursor `since` is set.
    pub since_margin: Duration,
    /// Posts per page (the service allows 1–100).
    pub page_size: u8,
}

impl Default for SearchTuning {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(5 * 60),
            max_pages: 5,
            since_margin: Duration::from_secs(120),
            page_size: 100,
        }
    }
}

/// The logged-in Bluesky search source.
pub struct BlueskySearchSource {
    base: Url,
    /// The service's host, as `RawPost::origin`.
    origin: String,
    http: reqwest::Client,
    session: Session,
    tuning: SearchTuning,
}

impl BlueskySearchSource {
    /// `appview_url` is where the session lives and the search is sent, e.g. `https://bsky.social`
    /// (the PDS entryway, which forwards `app.bsky.*` to the appview).
    pub fn new(
        appview_url: &str,
        handle: &str,
        app_password: SecretString,
        http: reqwest::Client,
    ) -> Result<Self, BlueskySetupError> {
        let base = parse_base_url(appview_url, &["http", "https"])?;
        let handle = handle.trim().trim_start_matches('@');
        if handle.is_empty() {
            return Err(BlueskySetupError::MissingHandle);
        }
        Ok(Self {
            origin: base.host_str().unwrap_or_default().to_owned(),
            session: Session::new(base.clone(), handle.to_owned(), app_password, http.clone()),
            base,
            http,
            tuning: SearchTuning::default(),
        })
    }

    pub fn with_tuning(mut self, tuning: SearchTuning) -> Self {
        self.tuning = tuning;
        self
    }

    /// The cursor's name in the store for one tag.
    pub fn stream(tag: &Hashtag) -> String {
        format!("bluesky:search:{}", tag.key())
    }

    #[tracing::instrument(name = "bluesky_search_poll", skip_all, fields(tags = request.tags.len()))]
    async fn poll_all(&self, request: &PollRequest<'_>) -> Result<PollReport, SourceError> {
        let tracked = TrackedKeys::new(request.tags);
        let mut report = PollReport::default();
        let mut done = HashSet::new();
        // One tag's failure (a 429 above all) ends the poll; what came before is committed.
        for tag in request.tags.iter().filter(|t| done.insert(t.key())) {
            let one = self.poll_tag(tag, &tracked, request.sink).await?;
            report.requests += one.requests;
            report.fetched += one.fetched;
            report.stored += one.stored;
        }
        Ok(report)
    }

    /// Reads a tag's new posts page by page, newest first. Pages are committed as they come but
    /// the cursor only with the last one, so a failure halfway leaves it where it was.
    #[tracing::instrument(skip_all, fields(tag = %tag))]
    async fn poll_tag(
        &self,
        tag: &Hashtag,
        tracked: &TrackedKeys,
        sink: &dyn PostSink,
    ) -> Result<PollReport, SourceError> {
        let stream = Self::stream(tag);
        let stored = sink.cursor(&stream).await?.and_then(|text| {
            DateTime::parse_from_rfc3339(text.trim())
                .ok()
                .map(|t| t.with_timezone(&Utc))
        });
        let since = stored.map(|t| {
            let margin = chrono::Duration::from_std(self.tuning.since_margin).unwrap_or_default();
            (t - margin).to_rfc3339_opts(SecondsFormat::Millis, true)
        });
        let pages = if stored.is_some() {
            self.tuning.max_pages.max(1)
        } else {
            1
        };
        let mut report = PollReport::default();
        let mut newest = stored;
        let mut page_cursor: Option<String> = None;
        for page in 1..=pages {
            let url = self.search_url(tag, since.as_deref(), page_cursor.as_deref());
            let body = self
                .session
                .send(|token| self.http.get(url.clone()).bearer_auth(token))
                .await?;
            report.requests += 1;
            let found: SearchPage = serde_json::from_slice(&body)
                .map_err(|e| SourceError::Malformed(format!("searchPosts answer: {e}")))?;
            let full_page = !found.posts.is_empty();
            let posts = self.posts_of(found.posts, tracked, &mut newest);
            page_cursor = found.cursor.filter(|c| !c.is_empty() && full_page);
            let last = page == pages || page_cursor.is_none();
            if last && page_cursor.is_some() {
                tracing::warn!(
                    pages,
                    "more results than one poll reads; older ones are left out"
                );
            }
            let advance = newest.filter(|&n| last && Some(n) > stored);
            report.fetched += posts.len();
            if !posts.is_empty() || advance.is_some() {
                let stored = sink
                    .commit(Batch {
                        stream: stream.clone(),
                        cursor: advance.map(|n| n.to_rfc3339_opts(SecondsFormat::Millis, true)),
                        posts,
                        changes: Vec::new(),
                    })
                    .await?;
                report.stored += stored;
            }
            if last {
                break;
            }
        }
        Ok(report)
    }

    fn search_url(&self, tag: &Hashtag, since: Option<&str>, cursor: Option<&str>) -> Url {
        let mut url = super::xrpc::method_url(&self.base, "app.bsky.feed.searchPosts");
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("q", &format!("#{}", tag.display()))
                .append_pair("tag", tag.display())
                .append_pair("sort", "latest")
                .append_pair("limit", &self.tuning.page_size.clamp(1, 100).to_string());
            if let Some(since) = since {
                query.append_pair("since", since);
            }
            if let Some(cursor) = cursor {
                query.append_pair("cursor", cursor);
            }
        }
        url
    }

    /// The posts of a page that carry a tracked tag, noting the newest `indexedAt`. A view that
    /// does not parse is logged and left out, never the whole page.
    fn posts_of(
        &self,
        views: Vec<Value>,
        tracked: &TrackedKeys,
        newest: &mut Option<DateTime<Utc>>,
    ) -> Vec<RawPost> {
        let mut posts = Vec::new();
        for value in views {
            let view: PostView = match serde_json::from_value(value) {
                Ok(view) => view,
                Err(error) => {
                    tracing::warn!(%error, "skipping an unreadable post view");
                    continue;
                }
            };
            *newest = (*newest).max(Some(view.indexed_at));
            match view.to_raw_post(&self.origin, tracked) {
                Ok(Some(post)) => posts.push(post),
                Ok(None) => {}
                Err(reason) => tracing::warn!(uri = %view.uri, %reason, "skipping a post"),
            }
        }
        posts
    }
}

#[derive(Deserialize)]
struct SearchPage {
    #[serde(default)]
    posts: Vec<Value>,
    cursor: Option<String>,
}

/// `app.bsky.feed.defs#postView`, the parts we keep.
#[derive(Deserialize)]
struct PostView {
    uri: String,
    author: Author,
    record: Value,
    #[serde(rename = "indexedAt")]
    indexed_at: DateTime<Utc>,
    #[serde(rename = "likeCount", default)]
    likes: u64,
    #[serde(rename = "repostCount", default)]
    reposts: u64,
    #[serde(rename = "replyCount", default)]
    replies: u64,
    #[serde(rename = "quoteCount", default)]
    quotes: u64,
}

#[derive(Deserialize)]
struct Author {
    handle: String,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
}

/// Why a post view of a search page was skipped.
#[derive(Debug, thiserror::Error)]
enum ReadPostViewError {
    #[error("not a post URI")]
    NotAPostUri,
    /// The record is not an `app.bsky.feed.post` we can read.
    #[error("{0}")]
    Record(serde_json::Error),
}

impl PostView {
    /// The post, if it carries a tracked tag (search matches text too, and loosely).
    fn to_raw_post(
        &self,
        origin: &str,
        tracked: &TrackedKeys,
    ) -> Result<Option<RawPost>, ReadPostViewError> {
        let uri = PostUri::parse(&self.uri).ok_or(ReadPostViewError::NotAPostUri)?;
        let record: PostRecord =
            serde_json::from_value(self.record.clone()).map_err(ReadPostViewError::Record)?;
        if !record.carries_any(tracked) {
            return Ok(None);
        }
        // The appview shows this when it could not verify a handle; the DID is better than that.
        let handle = Some(self.author.handle.as_str()).filter(|h| *h != "handle.invalid");
        Ok(Some(record.to_raw_post(
            &uri,
            Delivery {
                origin,
                handle,
                display_name: self.author.display_name.as_deref(),
                seen_at: self.indexed_at,
                engagement: Engagement {
                    likes: self.likes,
                    reposts: self.reposts,
                    replies: self.replies,
                    quotes: self.quotes,
                },
            },
        )))
    }
}

impl Source for BlueskySearchSource {
    fn name(&self) -> String {
        "bluesky:search".to_owned()
    }

    fn interval(&self) -> Duration {
        self.tuning.interval
    }

    fn poll<'a>(
        &'a self,
        request: &'a PollRequest<'a>,
    ) -> BoxFuture<'a, Result<PollReport, SourceError>> {
        Box::pin(self.poll_all(request))
    }
}
