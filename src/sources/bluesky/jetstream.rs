//! The Jetstream firehose as a polled source. Each poll reconnects a few seconds before the stored
//! cursor, reads until the stream has caught up with now (or for at most `max_read`), keeps the
//! new posts that carry a tracked tag, and commits them in batches, each with the `time_us` of the
//! last event read — matching or not — as the stream's cursor. A cursor therefore never moves past
//! a post that is not stored, and the rewind makes delivery at-least-once; the store dedupes on the
//! post's `at://` URI.
//!
//! Deletions, account changes and new handles travel in the same batches, in stream order, so the
//! cursor moves past them only once they are applied. Most concern posts never stored (the firehose
//! reports every deletion on the network); the store matches a whole batch of them in one query.
//!
//! Frames that cannot be read are logged and skipped: they cannot be read on a retry either, and
//! the next readable event moves the cursor past them.

mod event;

use super::record::{Delivery, TrackedKeys};
use super::{parse_base_url, BlueskySetupError};
use crate::domain::post::SourceKind;
use crate::domain::post::{Engagement, RawPost};
use crate::sources::Upstream;
use crate::sources::{
    http, Batch, BoxFuture, PollReport, PollRequest, PostSink, Source, SourceError,
};
use chrono::{DateTime, Utc};
use event::{AccountStatus, Event, MIN_TIME_US};
use futures_util::StreamExt;
use reqwest::Url;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// The cursor's name in the store.
pub const STREAM: &str = "bluesky:jetstream";

/// How a Jetstream poll paces itself. The defaults suit the real service; tests shorten them.
#[derive(Debug, Clone)]
pub struct JetstreamTuning {
    /// How far before the stored cursor a poll starts: Jetstream delivers at least once, and
    /// events around a disconnect may not all have reached us.
    pub rewind: Duration,
    /// Silence this long means the stream has caught up.
    pub idle: Duration,
    /// An event stamped this close to now means the stream has caught up.
    pub live_within: Duration,
    /// The longest one poll reads; a larger backlog is left to the next poll.
    pub max_read: Duration,
    /// Commit once this many matching posts are waiting…
    pub batch_posts: usize,
    /// …or this long after the last commit.
    pub batch_every: Duration,
    pub connect_timeout: Duration,
    /// How often the poller should come back.
    pub interval: Duration,
}

impl Default for JetstreamTuning {
    fn default() -> Self {
        Self {
            rewind: Duration::from_secs(5),
            idle: Duration::from_millis(1500),
            live_within: Duration::from_secs(3),
            max_read: Duration::from_secs(20),
            batch_posts: 500,
            batch_every: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(10),
            interval: Duration::from_secs(30),
        }
    }
}

/// Jetstream frames are single records; anything this large is not one we want.
const MAX_FRAME_BYTES: usize = 4 * 1024 * 1024;

/// The default, login-free Bluesky source.
#[derive(Debug, Clone)]
pub struct JetstreamSource {
    endpoint: Url,
    tuning: JetstreamTuning,
}

impl JetstreamSource {
    /// `url` is the `/subscribe` endpoint, e.g. `wss://jetstream2.us-east.bsky.network/subscribe`.
    pub fn new(url: &str) -> Result<Self, BlueskySetupError> {
        Ok(Self {
            endpoint: parse_base_url(url, &["ws", "wss"])?,
            tuning: JetstreamTuning::default(),
        })
    }

    pub fn with_tuning(mut self, tuning: JetstreamTuning) -> Self {
        self.tuning = tuning;
        self
    }

    /// The subscription URL: posts only, uncompressed (Jetstream's zstd uses a custom dictionary),
    /// from `cursor` if there is one, else live.
    fn subscribe_url(&self, cursor: Option<u64>) -> Url {
        let mut url = self.endpoint.clone();
        url.query_pairs_mut()
            .append_pair("wantedCollections", super::record::POST_COLLECTION);
        if let Some(cursor) = cursor {
            url.query_pairs_mut()
                .append_pair("cursor", &cursor.to_string());
        }
        url
    }

    #[tracing::instrument(name = "jetstream_poll", skip_all, fields(tags = request.tags.len()))]
    async fn poll_once(&self, request: &PollRequest<'_>) -> Result<PollReport, SourceError> {
        let tracked = TrackedKeys::new(request.tags);
        if tracked.is_empty() {
            return Ok(PollReport::default());
        }
        let stored = request.sink.cursor(STREAM).await?;
        let stored = stored.as_deref().and_then(|text| {
            let cursor = text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|&c| c >= MIN_TIME_US);
            if cursor.is_none() {
                tracing::warn!(
                    stored = text,
                    "ignoring a cursor that is not a time in µs; reading live"
                );
            }
            cursor
        });
        let rewind = micros(self.tuning.rewind);
        let url = self.subscribe_url(stored.map(|c| c.saturating_sub(rewind)));
        let mut socket = self.connect(&url).await?;
        let mut reader = Reader {
            tuning: &self.tuning,
            tracked: &tracked,
            sink: request.sink,
            posts: Vec::new(),
            changes: Vec::new(),
            read_to: stored,
            committed_to: stored,
            last_commit: Instant::now(),
            report: PollReport {
                requests: 1,
                ..PollReport::default()
            },
            events: 0,
            unreadable: 0,
        };
        let outcome = reader.read(&mut socket).await;
        // Best effort: the server forgets the subscription either way.
        let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
        let stop = outcome?;
        tracing::info!(
            events = reader.events,
            unreadable = reader.unreadable,
            posts = reader.report.fetched,
            inserted = reader.report.stored.inserted,
            cursor = reader.committed_to,
            stop = ?stop,
            "read Jetstream"
        );
        match stop {
            Stop::Dropped(reason) => Err(SourceError::Unavailable(format!(
                "Jetstream connection ended: {reason}"
            ))),
            Stop::CaughtUp | Stop::Idle | Stop::TimeUp => Ok(reader.report),
        }
    }

    #[tracing::instrument(name = "jetstream_connect", skip_all, fields(host = url.host_str()))]
    async fn connect(&self, url: &Url) -> Result<Socket, SourceError> {
        let config = WebSocketConfig {
            max_message_size: Some(MAX_FRAME_BYTES),
            max_frame_size: Some(MAX_FRAME_BYTES),
            ..WebSocketConfig::default()
        };
        let connecting =
            tokio_tungstenite::connect_async_with_config(url.as_str(), Some(config), true);
        match tokio::time::timeout(self.tuning.connect_timeout, connecting).await {
            Err(_) => Err(SourceError::Unavailable(
                "connecting to Jetstream timed out".into(),
            )),
            Ok(Err(error)) => Err(connect_error(error)),
            Ok(Ok((socket, _))) => Ok(socket),
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Why reading stopped.
#[derive(Debug)]
enum Stop {
    CaughtUp,
    Idle,
    TimeUp,
    Dropped(String),
}

/// One poll's reading: posts waiting to be committed and how far the stream has been read.
struct Reader<'a> {
    tuning: &'a JetstreamTuning,
    tracked: &'a TrackedKeys,
    sink: &'a dyn PostSink,
    posts: Vec<RawPost>,
    /// Deletions, account changes and handles read since the last commit, in stream order.
    changes: Vec<Upstream>,
    /// The `time_us` of the furthest event read.
    read_to: Option<u64>,
    /// The cursor the store holds.
    committed_to: Option<u64>,
    last_commit: Instant,
    report: PollReport,
    events: usize,
    unreadable: usize,
}

impl Reader<'_> {
    /// Reads and commits until the stream has caught up, goes quiet, breaks, or time is up. What
    /// was read before a break is committed before returning.
    async fn read(&mut self, socket: &mut Socket) -> Result<Stop, SourceError> {
        let deadline = Instant::now() + self.tuning.max_read;
        let stop = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break Stop::TimeUp;
            }
            let frame = match tokio::time::timeout(left.min(self.tuning.idle), socket.next()).await
            {
                Err(_) if left <= self.tuning.idle => break Stop::TimeUp,
                Err(_) => break Stop::Idle,
                Ok(None) => break Stop::Dropped("closed without a close frame".into()),
                Ok(Some(Err(error))) => break Stop::Dropped(error.to_string()),
                Ok(Some(Ok(Message::Close(close)))) => {
                    break Stop::Dropped(format!("closed by the server ({close:?})"))
                }
                Ok(Some(Ok(Message::Text(text)))) => text,
                Ok(Some(Ok(Message::Binary(bytes)))) => {
                    self.unreadable += 1;
                    tracing::warn!(bytes = bytes.len(), "skipping a binary Jetstream frame");
                    continue;
                }
                // Pings are answered by the library; pongs and raw frames carry nothing.
                Ok(Some(Ok(_))) => continue,
            };
            let live = self.take(&frame);
            if self.posts.len() + self.changes.len() >= self.tuning.batch_posts
                || self.last_commit.elapsed() >= self.tuning.batch_every
            {
                self.commit().await?;
            }
            if live {
                break Stop::CaughtUp;
            }
        };
        self.commit().await?;
        Ok(stop)
    }

    /// Takes in one frame; says whether it shows the stream has caught up with now.
    fn take(&mut self, frame: &str) -> bool {
        self.events += 1;
        let event = match event::parse(frame) {
            Ok(event) => event,
            Err(unreadable) => {
                self.unreadable += 1;
                tracing::warn!(reason = %unreadable, "skipping an unreadable Jetstream event");
                self.advance(unreadable.time_us);
                return false;
            }
        };
        let time_us = event.time_us();
        match event {
            Event::Created {
                uri,
                record,
                time_us,
            } if record.carries_any(self.tracked) => {
                let seen_at = time_us
                    .and_then(|t| DateTime::<Utc>::from_timestamp_micros(t as i64))
                    .unwrap_or_else(Utc::now);
                let delivery = Delivery {
                    origin: "jetstream",
                    handle: None,
                    display_name: None,
                    seen_at,
                    // Jetstream carries no counts.
                    engagement: Engagement::default(),
                };
                self.posts.push(record.to_raw_post(&uri, delivery));
            }
            other => self.changes.extend(change_of(other)),
        }
        self.advance(time_us);
        time_us.is_some_and(|t| t.saturating_add(micros(self.tuning.live_within)) >= now_us())
    }

    fn advance(&mut self, time_us: Option<u64>) {
        if let Some(time_us) = time_us {
            self.read_to = self.read_to.max(Some(time_us));
        }
    }

    /// Commits the waiting posts with the furthest cursor read, if there is anything to commit.
    async fn commit(&mut self) -> Result<(), SourceError> {
        let cursor = self.read_to.filter(|&to| Some(to) > self.committed_to);
        if self.posts.is_empty() && self.changes.is_empty() && cursor.is_none() {
            return Ok(());
        }
        let posts = std::mem::take(&mut self.posts);
        let changes = std::mem::take(&mut self.changes);
        let count = posts.len();
        let stored = self
            .sink
            .commit(Batch {
                stream: STREAM.to_owned(),
                cursor: cursor.map(|c| c.to_string()),
                posts,
                changes,
            })
            .await?;
        if cursor.is_some() {
            self.committed_to = cursor;
        }
        self.last_commit = Instant::now();
        self.report.fetched += count;
        self.report.stored += stored;
        Ok(())
    }
}

/// What an event changes among what may be stored, if anything.
fn change_of(event: Event) -> Option<Upstream> {
    let source = SourceKind::Bluesky;
    Some(match event {
        Event::Deleted { uri, .. } => Upstream::PostDeleted {
            source,
            remote_id: uri.at_uri(),
        },
        Event::Account { did, status, .. } => match status {
            AccountStatus::Gone => Upstream::AccountGone {
                source,
                author: did,
            },
            AccountStatus::Hidden => Upstream::AccountHidden {
                source,
                author: did,
            },
            AccountStatus::Active => Upstream::AccountActive {
                source,
                author: did,
            },
        },
        // Without a valid handle the DID stands in, as for an author Jetstream first showed us.
        Event::Identity { did, handle, .. } => Upstream::HandleChanged {
            source,
            handle: handle.unwrap_or_else(|| did.clone()),
            author: did,
        },
        Event::Created { .. } | Event::Other { .. } => return None,
    })
}

/// Reads Jetstream event frames (one JSON object per line) for what they change among stored posts
/// and authors (deletions, account changes, handles), in order, without connecting anywhere.
pub fn read_changes(frames: &str) -> Vec<Upstream> {
    frames
        .lines()
        .filter_map(|frame| event::parse(frame).ok())
        .filter_map(change_of)
        .collect()
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, micros)
}

fn connect_error(error: WsError) -> SourceError {
    match error {
        WsError::Http(response) => {
            let status = response.status();
            if status.as_u16() == 429 {
                SourceError::RateLimited {
                    retry_after: http::retry_after(response.headers()),
                }
            } else if status.is_server_error() {
                SourceError::Unavailable(format!("Jetstream answered {status}"))
            } else {
                SourceError::Refused(format!("Jetstream answered {status}"))
            }
        }
        WsError::Url(error) => SourceError::Refused(format!("bad Jetstream URL: {error}")),
        other => SourceError::Unavailable(format!("could not connect to Jetstream: {other}")),
    }
}

impl Source for JetstreamSource {
    fn name(&self) -> String {
        STREAM.to_owned()
    }

    fn interval(&self) -> Duration {
        self.tuning.interval
    }

    fn poll<'a>(
        &'a self,
        request: &'a PollRequest<'a>,
    ) -> BoxFuture<'a, Result<PollReport, SourceError>> {
        Box::pin(self.poll_once(request))
    }
}

/// Reads Jetstream event frames (one JSON object per line) and keeps the new posts carrying a
/// tracked tag, without connecting anywhere: what `rounds demo` uses to load its bundled sample.
pub fn read_events(frames: &str, tags: &[crate::domain::Hashtag]) -> Vec<RawPost> {
    let tracked = TrackedKeys::new(tags);
    frames
        .lines()
        .filter_map(|frame| event::parse(frame).ok())
        .filter_map(|event| match event {
            Event::Created {
                uri,
                record,
                time_us,
            } if record.carries_any(&tracked) => {
                let seen_at = time_us
                    .and_then(|t| DateTime::<Utc>::from_timestamp_micros(t as i64))
                    .unwrap_or_else(Utc::now);
                let delivery = Delivery {
                    origin: "jetstream",
                    handle: None,
                    display_name: None,
                    seen_at,
                    engagement: Engagement::default(),
                };
                Some(record.to_raw_post(&uri, delivery))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subscription_asks_for_posts_from_the_cursor() {
        let source = JetstreamSource::new("ws://127.0.0.1:9/subscribe").unwrap();
        assert_eq!(
            source.subscribe_url(None).as_str(),
            "ws://127.0.0.1:9/subscribe?wantedCollections=app.bsky.feed.post"
        );
        assert_eq!(
            source.subscribe_url(Some(1_767_261_600_000_000)).as_str(),
            "ws://127.0.0.1:9/subscribe?wantedCollections=app.bsky.feed.post&cursor=1767261600000000"
        );
    }
}
