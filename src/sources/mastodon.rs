//! Mastodon: the public hashtag timeline (`GET /api/v1/timelines/tag/:tag`) of one instance.
//!
//! Each tag has its own cursor, `mastodon:{host}:{tag key}`, holding the newest timeline id stored.
//! - **First poll of a tag** (no cursor): the newest page, then up to `BACKFILL_PAGES - 1` older
//!   pages through the `Link` header's `rel="next"` for as long as it is there (a full page without
//!   one is followed by its oldest id), committed as one batch with the cursor set to
//!   the newest id. If an older page fails, what was fetched is still committed: backfill is a
//!   courtesy, and the newest posts matter most.
//! - **Later polls**: `min_id=cursor` returns the posts right after the cursor. Each page is
//!   committed with the cursor at its newest id, and while pages come back full the poll moves
//!   forward from there (where `rel="prev"` points), so a crash or an error mid-way loses nothing
//!   and repeats nothing. `since_id` is not used: it returns the newest page and can leave a gap.
//! - **Budget**: a poll sends at most its share of the instance's allowance (see `budget`); with
//!   more tags than that, tags take turns, which `effective_interval` reports.
//!
//! The same status seen on two instances has one `uri`, which is its `remote_id`, so the store
//! keeps it once.

mod budget;
pub mod page;
mod payload;

/// Whether a status id is safe to put in a URL (the refresh stage reads statuses by id).
pub use payload::is_plausible_id as is_plausible_status_id;

use super::http::{fetch, Fetched};
use super::{
    Batch, BoxFuture, InvalidSourceConfig, PollReport, PollRequest, PostSink, Source, SourceError,
    Upstream,
};
use crate::domain::post::SourceKind;
use crate::domain::Hashtag;
use budget::Budget;
use page::{compare_ids, Page};
use secrecy::{ExposeSecret, SecretString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Statuses per request: Mastodon's maximum.
const PAGE_LIMIT: usize = 40;
/// Pages fetched the first time a tag is polled: enough to show recent activity, not an archive.
const BACKFILL_PAGES: usize = 3;

/// One Mastodon instance.
pub struct MastodonSource {
    base: reqwest::Url,
    /// `host` or `host:port`: names the instance in cursors, logs and handles.
    host: String,
    poll_interval: Duration,
    access_token: Option<SecretString>,
    http: reqwest::Client,
    budget: Budget,
    /// So a refused token is logged once, not on every poll.
    refusal_logged: AtomicBool,
}

/// What polling one tag ended with, when it did not fail.
enum TagOutcome {
    Done,
    /// The instance reported few requests left: stop polling for now.
    OutOfRequests,
}

impl MastodonSource {
    pub fn new(
        base_url: &str,
        poll_interval: Duration,
        access_token: Option<SecretString>,
        http: reqwest::Client,
    ) -> Result<Self, InvalidSourceConfig> {
        let invalid = |reason: String| InvalidSourceConfig {
            what: "mastodon",
            reason,
        };
        let base = reqwest::Url::parse(base_url.trim())
            .map_err(|e| invalid(format!("instance `{base_url}` is not a URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid(format!(
                "instance `{base_url}` must start with https://"
            )));
        }
        let host = match (base.host_str(), base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err(invalid(format!("instance `{base_url}` has no host"))),
        };
        Ok(Self {
            base,
            host,
            poll_interval,
            access_token,
            http,
            budget: Budget::default(),
            refusal_logged: AtomicBool::new(false),
        })
    }

    /// How often each tag is actually fetched when `tag_count` tags are tracked, for
    /// `/sources status`: the poll interval while all tags fit into one poll's budget, longer after.
    pub fn effective_interval(&self, tag_count: usize) -> Duration {
        budget::effective_interval(self.poll_interval, tag_count)
    }

    /// The cursor's name for a tag on this instance.
    pub fn stream(&self, tag: &Hashtag) -> String {
        format!("mastodon:{}:{}", self.host, tag.key())
    }

    #[tracing::instrument(name = "mastodon_poll", skip_all, fields(host = %self.host, tags = request.tags.len()))]
    async fn poll_tags(&self, request: &PollRequest<'_>) -> Result<PollReport, SourceError> {
        if let Some(wait) = self.budget.wait(chrono::Utc::now()) {
            return Err(SourceError::RateLimited {
                retry_after: Some(wait),
            });
        }
        let per_poll = budget::requests_per_poll(self.poll_interval);
        let selected = self.budget.select(request.tags, per_poll);
        // One request per selected tag is reserved; the rest may go to extra pages.
        let mut spare = per_poll.saturating_sub(selected.len());
        let mut report = PollReport::default();
        let mut polled = 0;
        let mut malformed: Option<SourceError> = None;
        for tag in &selected {
            match self
                .poll_tag(tag, request.sink, &mut report, &mut spare)
                .await
            {
                Ok(outcome) => {
                    polled += 1;
                    if matches!(outcome, TagOutcome::OutOfRequests) {
                        break;
                    }
                }
                // One tag's bad page says nothing about the others.
                Err(error @ SourceError::Malformed(_)) => {
                    tracing::warn!(tag = tag.key(), %error, "skipped a Mastodon page");
                    polled += 1;
                    malformed.get_or_insert(error);
                }
                Err(error) => {
                    // The failed tag is first in line next time.
                    self.budget.advance(polled, request.tags.len());
                    return Err(self.note_refusal(error));
                }
            }
        }
        self.budget.advance(polled, request.tags.len());
        self.refusal_logged.store(false, Ordering::Relaxed);
        match malformed {
            Some(error) => Err(error),
            None => Ok(report),
        }
    }

    fn note_refusal(&self, error: SourceError) -> SourceError {
        if matches!(error, SourceError::Refused(_))
            && !self.refusal_logged.swap(true, Ordering::Relaxed)
        {
            tracing::warn!(
                host = %self.host,
                %error,
                "the instance refused the hashtag timeline; it may require an access token \
                 (sources.mastodon.access_tokens)"
            );
        }
        error
    }

    async fn poll_tag(
        &self,
        tag: &Hashtag,
        sink: &dyn PostSink,
        report: &mut PollReport,
        spare: &mut usize,
    ) -> Result<TagOutcome, SourceError> {
        let stream = self.stream(tag);
        match sink.cursor(&stream).await? {
            None => self.backfill(tag, stream, sink, report, spare).await,
            Some(cursor) => {
                self.catch_up(tag, stream, cursor, sink, report, spare)
                    .await
            }
        }
    }

    async fn backfill(
        &self,
        tag: &Hashtag,
        stream: String,
        sink: &dyn PostSink,
        report: &mut PollReport,
        spare: &mut usize,
    ) -> Result<TagOutcome, SourceError> {
        let (first, mut out_of_requests) = self.get_page(tag, None, report).await?;
        let cursor = first.newest_id.clone();
        let mut older_id = first.next_max_id.clone().or(first.oldest_id.clone());
        let mut more = has_more(&first);
        let mut posts = first.posts;
        let mut located = first.local_ids;
        let mut failure = None;
        for _ in 1..BACKFILL_PAGES {
            let Some(max_id) = older_id
                .take()
                .filter(|_| more && *spare > 0 && !out_of_requests)
            else {
                break;
            };
            *spare -= 1;
            match self.get_page(tag, Some(("max_id", &max_id)), report).await {
                Ok((older, low)) => {
                    out_of_requests = low;
                    more = has_more(&older);
                    older_id = older.next_max_id.or(older.oldest_id);
                    posts.extend(older.posts);
                    located.extend(older.local_ids);
                }
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        if cursor.is_some() {
            posts.reverse();
            self.commit(sink, stream, cursor, posts, located, report)
                .await?;
        }
        match failure {
            Some(error) => Err(error),
            None if out_of_requests => Ok(TagOutcome::OutOfRequests),
            None => Ok(TagOutcome::Done),
        }
    }

    async fn catch_up(
        &self,
        tag: &Hashtag,
        stream: String,
        mut cursor: String,
        sink: &dyn PostSink,
        report: &mut PollReport,
        spare: &mut usize,
    ) -> Result<TagOutcome, SourceError> {
        loop {
            let (page, out_of_requests) = self
                .get_page(tag, Some(("min_id", &cursor)), report)
                .await?;
            // A server that ignores `min_id` would otherwise send us round in circles.
            let Some(newest) = page.newest_id.filter(|n| compare_ids(n, &cursor).is_gt()) else {
                return Ok(outcome(out_of_requests));
            };
            let full = page.items >= PAGE_LIMIT;
            let mut posts = page.posts;
            posts.reverse();
            self.commit(
                sink,
                stream.clone(),
                Some(newest.clone()),
                posts,
                page.local_ids,
                report,
            )
            .await?;
            cursor = newest;
            if !full || out_of_requests || *spare == 0 {
                return Ok(outcome(out_of_requests));
            }
            *spare -= 1;
        }
    }

    async fn commit(
        &self,
        sink: &dyn PostSink,
        stream: String,
        cursor: Option<String>,
        posts: Vec<crate::domain::post::RawPost>,
        located: Vec<(String, String)>,
        report: &mut PollReport,
    ) -> Result<(), SourceError> {
        let changes = located
            .into_iter()
            .map(|(remote_id, local_id)| Upstream::PostLocated {
                source: SourceKind::Mastodon,
                remote_id,
                origin: self.host.clone(),
                local_id,
            })
            .collect();
        let stored = sink
            .commit(Batch {
                stream,
                cursor,
                posts,
                changes,
            })
            .await?;
        report.stored += stored;
        Ok(())
    }

    /// Fetches one page of a tag's timeline. Returns the page and whether the instance says we are
    /// nearly out of requests. An unknown tag (404 `Record not found`) is an empty page.
    #[tracing::instrument(skip(self, report), fields(host = %self.host, tag = tag.key()))]
    async fn get_page(
        &self,
        tag: &Hashtag,
        bound: Option<(&str, &str)>,
        report: &mut PollReport,
    ) -> Result<(Page, bool), SourceError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| SourceError::Refused("the instance URL cannot take a path".into()))?
            .pop_if_empty()
            .extend(["api", "v1", "timelines", "tag", tag.key()]);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("limit", &PAGE_LIMIT.to_string());
            if let Some((name, value)) = bound {
                query.append_pair(name, value);
            }
        }
        let mut request = self.http.get(url);
        if let Some(token) = &self.access_token {
            request = request.bearer_auth(token.expose_secret());
        }
        report.requests += 1;
        let Fetched { headers, body } = match fetch(request).await {
            Ok(fetched) => fetched,
            Err(SourceError::NotFound(_)) => {
                tracing::debug!("unknown tag: no posts");
                return Ok((Page::default(), false));
            }
            Err(error) => return Err(error),
        };
        let low = self.budget.observe(&headers, chrono::Utc::now());
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        if !content_type.contains("json") {
            return Err(SourceError::Malformed(format!(
                "expected JSON, got {content_type}"
            )));
        }
        let page = page::parse(&body, &headers, &self.host).map_err(SourceError::malformed)?;
        report.fetched += page.items;
        report.stored.skipped += page.skipped;
        Ok((page, low))
    }
}

fn outcome(out_of_requests: bool) -> TagOutcome {
    if out_of_requests {
        TagOutcome::OutOfRequests
    } else {
        TagOutcome::Done
    }
}

impl Source for MastodonSource {
    fn name(&self) -> String {
        format!("mastodon:{}", self.host)
    }

    fn interval(&self) -> Duration {
        self.poll_interval
    }

    fn poll<'a>(
        &'a self,
        request: &'a PollRequest<'a>,
    ) -> BoxFuture<'a, Result<PollReport, SourceError>> {
        Box::pin(self.poll_tags(request))
    }
}

/// Reads a page of a tag timeline as an instance returns it, without fetching anything: what
/// `rounds demo` uses to load its bundled sample.
pub fn read_page(
    body: &[u8],
    host: &str,
) -> Result<Vec<crate::domain::post::RawPost>, page::ParsePageError> {
    page::parse(body, &reqwest::header::HeaderMap::new(), host).map(|page| page.posts)
}

/// Whether a backfill page says older ones exist: a `Link: rel="next"` on a page with statuses
/// (Mastodon sends one only then), or, from a server that sends no `Link`, a full page. Some
/// servers cap `limit` below 40, so a short page alone does not mean the end.
fn has_more(page: &Page) -> bool {
    page.items > 0 && (page.next_max_id.is_some() || page.items >= PAGE_LIMIT)
}
