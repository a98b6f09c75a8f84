//! RSS 0.9x/1.0/2.0, Atom and JSON Feed: journals' tables of contents, PubMed searches, society
//! news. Every followed feed is checked each poll with a conditional GET, a few at a time; each
//! feed is its own stream (`feed:{url}`) whose cursor holds the validators and the newest date, so a
//! feed that fails (down, rate-limited, an HTML page, broken XML) keeps its cursor and is simply
//! tried again next poll, while the others go ahead.
//!
//! The formats are read with a small tree reader over `quick-xml` rather than `feed-rs`, because
//! `feed-rs` drops the `dc:identifier` and `prism:doi` elements that carry journals' DOIs and PMIDs.

mod atom;
mod check;
mod convert;
mod cursor;
mod dates;
mod json_feed;
mod parse;
mod rss;
mod xml;

pub use check::{body_text, BodyTextError};
pub use convert::MAX_TEXT_CHARS;
pub use parse::FeedError;

use super::{Batch, BoxFuture, PollReport, PollRequest, Source, SourceError};
use crate::domain::post::RawPost;
use crate::http::GuardedClient;
use check::{check_feed, Checked};
use cursor::FeedCursor;
use std::time::Duration;
use tokio::task::JoinSet;

/// Feeds checked at once: enough that one slow server does not hold up a poll, few enough to be a
/// polite client.
pub const CONCURRENT_FEEDS: usize = 4;

/// The largest feed body read: 2 MiB holds thousands of items, far more than any journal's table
/// of contents, while an 8 MiB file of one-line items cost hundreds of megabytes to parse.
pub const MAX_FEED_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Items sent from one feed in one poll unless configured (`sources.rss.max_items_per_poll`).
pub const DEFAULT_MAX_ITEMS_PER_POLL: usize = 200;

/// The cursor stream of one feed.
pub fn stream_key(feed_url: &str) -> String {
    format!("feed:{feed_url}")
}

pub struct FeedSource {
    poll_interval: Duration,
    http: GuardedClient,
    max_items: usize,
}

impl FeedSource {
    /// `http` carries the per-request timeout, which is what bounds a slow feed, and the address
    /// policy: feed URLs come from guilds, so the client is a guarded one.
    pub fn new(poll_interval: Duration, http: GuardedClient) -> Self {
        Self {
            poll_interval,
            http,
            max_items: DEFAULT_MAX_ITEMS_PER_POLL,
        }
    }

    /// At most `max_items` posts per feed and poll, the newest (a flood or a feed that renames its
    /// items every poll then costs a bounded amount per poll). At least one.
    pub fn with_max_items_per_poll(mut self, max_items: usize) -> Self {
        self.max_items = max_items.max(1);
        self
    }

    #[tracing::instrument(name = "poll_feeds", skip_all, fields(feeds = request.feeds.len()))]
    async fn poll_feeds(&self, request: &PollRequest<'_>) -> Result<PollReport, SourceError> {
        let now = chrono::Utc::now();
        let mut urls: Vec<&String> = Vec::new();
        for url in request.feeds {
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
        let mut pending = urls.into_iter();
        let mut tasks = JoinSet::new();
        let mut report = PollReport::default();
        let mut failures = Vec::new();
        loop {
            while tasks.len() < CONCURRENT_FEEDS {
                let Some(url) = pending.next() else { break };
                let stored = request.sink.cursor(&stream_key(url)).await?;
                let cursor = FeedCursor::decode(stored.as_deref());
                let (client, url) = (self.http.clone(), url.clone());
                let max_items = self.max_items;
                report.requests += 1;
                tasks.spawn(async move {
                    let checked = check_feed(client, &url, cursor.clone(), now, max_items).await;
                    (url, cursor, checked)
                });
            }
            let Some(joined) = tasks.join_next().await else {
                break;
            };
            let (url, previous, checked) = match joined {
                Ok(done) => done,
                Err(error) => {
                    tracing::error!(%error, "a feed check stopped unexpectedly");
                    failures.push(SourceError::Unavailable("a feed check stopped".into()));
                    continue;
                }
            };
            let (posts, cursor) = match checked {
                Ok(Checked::Changed {
                    posts,
                    items,
                    cursor,
                }) => {
                    tracing::debug!(feed = %url, items, sent = posts.len(), "feed changed");
                    (posts, cursor)
                }
                // Only new validators to remember (the server changed its ETag, not its items).
                Ok(Checked::Unchanged { cursor }) if cursor != previous => (Vec::new(), cursor),
                Ok(Checked::Unchanged { .. }) => {
                    tracing::debug!(feed = %url, "feed unchanged");
                    self.record(request, &url, None, 0).await;
                    continue;
                }
                Err(error) => {
                    tracing::warn!(feed = %url, %error, "feed skipped this poll; its cursor stays");
                    self.record(request, &url, Some(&error.to_string()), 0)
                        .await;
                    failures.push(error);
                    continue;
                }
            };
            report.fetched += posts.len();
            let batch = Batch {
                stream: stream_key(&url),
                cursor: Some(cursor.encode()),
                posts,
                changes: Vec::new(),
            };
            let stored = request.sink.commit(batch).await?;
            self.record(request, &url, None, stored.inserted).await;
            report.stored += stored;
        }
        if !failures.is_empty() && failures.len() == report.requests {
            return Err(all_failed(failures));
        }
        Ok(report)
    }
}

impl FeedSource {
    /// Tells the sink how one feed went, for the guilds that follow it; a failure to record is
    /// logged, never a reason to fail the poll.
    async fn record(
        &self,
        request: &PollRequest<'_>,
        url: &str,
        error: Option<&str>,
        inserted: usize,
    ) {
        let stream = stream_key(url);
        let recorded = request
            .sink
            .record_stream(&stream, error, inserted, self.poll_interval)
            .await;
        if let Err(e) = recorded {
            tracing::warn!(feed = %url, error = %e, "failed to record a feed's status");
        }
    }
}

impl Source for FeedSource {
    fn name(&self) -> String {
        "feeds".to_owned()
    }

    fn interval(&self) -> Duration {
        self.poll_interval
    }

    fn poll<'a>(
        &'a self,
        request: &'a PollRequest<'a>,
    ) -> BoxFuture<'a, Result<PollReport, SourceError>> {
        Box::pin(self.poll_feeds(request))
    }
}

/// One error for a poll in which every feed failed: rate limiting if that is all it was (with the
/// longest wait asked for), the error itself for a single feed, else a summary.
fn all_failed(mut failures: Vec<SourceError>) -> SourceError {
    if failures
        .iter()
        .all(|f| matches!(f, SourceError::RateLimited { .. }))
    {
        let retry_after = failures
            .iter()
            .filter_map(|f| match f {
                SourceError::RateLimited { retry_after } => *retry_after,
                _ => None,
            })
            .max();
        return SourceError::RateLimited { retry_after };
    }
    if failures.len() == 1 {
        return failures.remove(0);
    }
    SourceError::Unavailable(format!(
        "all {} feeds failed; the first: {}",
        failures.len(),
        failures[0]
    ))
}

/// Reads a feed document (RSS, Atom or JSON Feed) as `feed_url` serves it, without fetching
/// anything: what `rounds demo` uses to load its bundled sample.
pub fn read_feed(
    text: &str,
    feed_url: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<RawPost>, FeedError> {
    let feed = parse::parse_feed(text, None)?;
    Ok(feed
        .items
        .iter()
        .filter_map(|item| convert::to_post(feed_url, &feed, item, now))
        .collect())
}
