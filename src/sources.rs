//! Sources of posts, one file per service behind one trait. A source knows its service's API and
//! nothing else: it fetches, parses into `RawPost`s, and hands batches to a `PostSink`, which stores
//! them and advances the source's cursor in one transaction. Each source takes its base URL from
//! configuration, so tests point it at a fake on 127.0.0.1.

pub mod bluesky;
pub mod feeds;
pub mod http;
pub mod mastodon;
pub mod refresh;
pub mod x;

use crate::domain::post::{RawPost, SourceKind};
use crate::domain::Hashtag;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Posts fetched together, and where the stream they came from stands after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Names one cursor, e.g. `mastodon:med-mastodon.com:meded` or `jetstream`.
    pub stream: String,
    /// The cursor once these posts are stored (`min_id`, `since_id`, `time_us`…); `None` leaves the
    /// stored cursor as it is.
    pub cursor: Option<String>,
    pub posts: Vec<RawPost>,
    /// What changed upstream among what may be stored (deletions, accounts, handles), in stream
    /// order, applied after `posts` in the same transaction.
    pub changes: Vec<Upstream>,
}

/// A change upstream to posts or authors the store may hold. One that matches nothing stored is a
/// no-op: a firehose reports every deletion on the network, not only of the posts we keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// The author deleted this post (`remote_id` as stored: a Bluesky `at://` URI…).
    PostDeleted {
        source: SourceKind,
        remote_id: String,
    },
    /// The account is gone (deleted, taken down): its posts and its profile leave the store.
    AccountGone { source: SourceKind, author: String },
    /// The account is deactivated or suspended: its posts are hidden until it is active again.
    AccountHidden { source: SourceKind, author: String },
    /// The account is active (again): its posts are shown.
    AccountActive { source: SourceKind, author: String },
    /// The account's handle changed; the author (by their stable id) stays the same.
    HandleChanged {
        source: SourceKind,
        author: String,
        handle: String,
    },
    /// Where the post can be read again: its id on the server that delivered it (`origin`), for
    /// services whose lookups take a server-local id (Mastodon). Recorded only on the post's row
    /// from that same origin.
    PostLocated {
        source: SourceKind,
        remote_id: String,
        origin: String,
        local_id: String,
    },
}

/// What storing a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommitReport {
    /// Posts new to the store.
    pub inserted: usize,
    /// Posts already stored (from another instance, or a repeat): their counts were refreshed.
    pub updated: usize,
    /// Posts dropped as invalid (logged), e.g. empty text or an unparseable id.
    pub skipped: usize,
    /// Stored posts removed because they were deleted upstream (or their account was).
    pub deleted: usize,
}

impl std::ops::AddAssign for CommitReport {
    fn add_assign(&mut self, more: Self) {
        self.inserted += more.inserted;
        self.updated += more.updated;
        self.skipped += more.skipped;
        self.deleted += more.deleted;
    }
}

impl std::ops::Add for CommitReport {
    type Output = Self;

    fn add(mut self, more: Self) -> Self {
        self += more;
        self
    }
}

#[derive(Debug, thiserror::Error)]
#[error("failed to store posts: {0}")]
pub struct SinkError(pub String);

/// Where sources put what they fetch. The store-backed sink normalises, tags and stores each batch
/// with its cursor in one transaction, so a cursor never moves past posts not yet stored.
pub trait PostSink: Send + Sync {
    fn commit(&self, batch: Batch) -> BoxFuture<'_, Result<CommitReport, SinkError>>;
    /// The stored cursor of a stream, if it has one.
    fn cursor<'a>(&'a self, stream: &'a str) -> BoxFuture<'a, Result<Option<String>, SinkError>>;
    /// How one stream of a poll went (each feed of the feed source: `error` when it failed, else
    /// the posts it added), so a guild can see its own feeds in `/sources status`. Sinks that keep
    /// no status ignore it.
    fn record_stream<'a>(
        &'a self,
        stream: &'a str,
        error: Option<&'a str>,
        inserted: usize,
        interval: std::time::Duration,
    ) -> BoxFuture<'a, Result<(), SinkError>> {
        let _ = (stream, error, inserted, interval);
        Box::pin(async { Ok(()) })
    }
}

/// What a source is asked to fetch in one poll.
pub struct PollRequest<'a> {
    /// Every hashtag tracked by any guild, each once.
    pub tags: &'a [Hashtag],
    /// Every feed URL followed by any guild, each once (only the feed source reads it).
    pub feeds: &'a [String],
    pub sink: &'a dyn PostSink,
}

/// What one poll did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PollReport {
    pub requests: usize,
    pub fetched: usize,
    pub stored: CommitReport,
    /// Items the source knows are waiting beyond what this poll fetched, if it can tell.
    pub backlog: Option<u64>,
}

/// Settings a source cannot work with (a base URL that is not http(s), …), found when it is built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} settings: {reason}")]
pub struct InvalidSourceConfig {
    /// Which source, e.g. `mastodon`.
    pub what: &'static str,
    pub reason: String,
}

/// Why a poll failed. Partial progress is already committed through the sink.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("rate limited{}", retry_after.map(|d| format!("; retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("refused: {0}")]
    Refused(String),
    #[error("malformed response: {0}")]
    Malformed(String),
    /// 404: what was asked for does not exist there (e.g. a tag an instance has never seen).
    #[error("not found (404): {0}")]
    NotFound(String),
    #[error(transparent)]
    Sink(#[from] SinkError),
}

impl SourceError {
    /// A malformed answer, in the words of the error that failed to read it.
    pub fn malformed(error: impl std::fmt::Display) -> Self {
        Self::Malformed(error.to_string())
    }

    /// Whether waiting and retrying can help (as opposed to a configuration problem).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Unavailable(_) | Self::Malformed(_) | Self::Sink(_)
        )
    }
}

/// One service adapter.
pub trait Source: Send + Sync {
    /// For logs and `/sources status`, e.g. `mastodon:med-mastodon.com`.
    fn name(&self) -> String;
    /// How long to wait between polls when all is well.
    fn interval(&self) -> Duration;
    /// Fetches what is new for the request's tags (or feeds) and commits it batch by batch.
    fn poll<'a>(
        &'a self,
        request: &'a PollRequest<'a>,
    ) -> BoxFuture<'a, Result<PollReport, SourceError>>;
}
