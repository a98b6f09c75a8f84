//! The poller: the one place that sees both the sources and the store. It asks each source for what
//! is new, stores it through `StoreSink` (normalise, tag, store with the cursor in one transaction),
//! and keeps each source on its own schedule, so a slow or failing source never delays the others.

pub mod refresh;

use crate::config::Settings;
use crate::domain::entities::Tagger;
use crate::domain::normalize::normalize;
use crate::http::{AddressPolicy, GuardedClient};
use crate::sources::bluesky::{BlueskySearchSource, JetstreamSource};
use crate::sources::feeds::FeedSource;
use crate::sources::mastodon::MastodonSource;
use crate::sources::x::XSource;
use crate::sources::{
    Batch, BoxFuture, CommitReport, PollReport, PollRequest, PostSink, SinkError, Source,
    SourceError,
};
use crate::store::deletions::Pruned;
use crate::store::Store;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use std::time::Duration;

mod feed_cap;

/// No source is polled more often than this, whatever the configuration says.
pub const MIN_INTERVAL: Duration = Duration::from_secs(30);
/// The longest wait between polls, also after repeated failures.
pub const MAX_INTERVAL: Duration = Duration::from_secs(6 * 3600);
/// The longest one poll may take before it is abandoned (what it committed stays committed).
pub const POLL_TIMEOUT: Duration = Duration::from_secs(120);

/// Normalises, tags and stores batches for the sources.
pub struct StoreSink {
    store: Store,
    tagger: &'static Tagger,
    /// New feed posts a guild's feeds may store per UTC day (`feed_cap`); none: no cap.
    feed_posts_per_guild_per_day: Option<u64>,
}

impl StoreSink {
    pub fn new(store: Store, tagger: &'static Tagger) -> Self {
        Self {
            store,
            tagger,
            feed_posts_per_guild_per_day: None,
        }
    }

    /// Caps the new feed posts stored per guild per day (`sources.rss.max_new_posts_per_guild_per_day`).
    pub fn with_feed_cap(mut self, per_guild_per_day: u64) -> Self {
        self.feed_posts_per_guild_per_day = Some(per_guild_per_day);
        self
    }
}

impl PostSink for StoreSink {
    fn commit(&self, batch: Batch) -> BoxFuture<'_, Result<CommitReport, SinkError>> {
        Box::pin(async move {
            let mut skipped = 0;
            let posts: Vec<_> = batch
                .posts
                .into_iter()
                .filter_map(|raw| {
                    let id = raw.remote_id.clone();
                    normalize(raw, self.tagger)
                        .map_err(|reason| {
                            skipped += 1;
                            tracing::debug!(stream = %batch.stream, post = %id, %reason, "skipped a post");
                        })
                        .ok()
                })
                .collect();
            let (posts, over_cap) = match self.feed_posts_per_guild_per_day {
                Some(cap) => feed_cap::within_daily_cap(&self.store, posts, cap, Utc::now())
                    .await
                    .map_err(|e| SinkError(e.to_string()))?,
                None => (posts, 0),
            };
            skipped += over_cap;
            let mut report = self
                .store
                .commit_batch(
                    &batch.stream,
                    batch.cursor.as_deref(),
                    &posts,
                    &batch.changes,
                    Utc::now(),
                )
                .await
                .map_err(|e| SinkError(e.to_string()))?;
            report.skipped += skipped;
            Ok(report)
        })
    }

    fn cursor<'a>(&'a self, stream: &'a str) -> BoxFuture<'a, Result<Option<String>, SinkError>> {
        Box::pin(async move {
            self.store
                .source_cursor(stream)
                .await
                .map_err(|e| SinkError(e.to_string()))
        })
    }

    fn record_stream<'a>(
        &'a self,
        stream: &'a str,
        error: Option<&'a str>,
        inserted: usize,
        interval: Duration,
    ) -> BoxFuture<'a, Result<(), SinkError>> {
        Box::pin(async move {
            let now = Utc::now();
            match error {
                Some(reason) => {
                    self.store
                        .record_poll_failure(stream, reason, interval, now)
                        .await
                }
                None => {
                    self.store
                        .record_poll_success(stream, inserted, None, interval, now)
                        .await
                }
            }
            .map_err(|e| SinkError(e.to_string()))
        })
    }
}

/// The sources the configuration enables, ready to poll.
pub fn build_sources(settings: &Settings) -> anyhow::Result<Vec<Box<dyn Source>>> {
    let http = crate::sources::http::client();
    let config = &settings.sources;
    let mut sources: Vec<Box<dyn Source>> = Vec::new();
    if config.mastodon.enabled {
        for instance in &config.mastodon.instances {
            sources.push(Box::new(
                MastodonSource::new(
                    instance,
                    config.mastodon.poll_interval.as_duration(),
                    config.mastodon.token_for(instance),
                    http.clone(),
                )
                .context("sources.mastodon.instances")?,
            ));
        }
    }
    if config.bluesky.enabled {
        sources.push(Box::new(
            JetstreamSource::new(&config.bluesky.jetstream_url)
                .context("sources.bluesky.jetstream_url")?,
        ));
        if let Some(password) = &config.bluesky.app_password {
            sources.push(Box::new(
                BlueskySearchSource::new(
                    &config.bluesky.appview_url,
                    &config.bluesky.handle,
                    password.clone(),
                    http.clone(),
                )
                .context("sources.bluesky (searchPosts backfill)")?,
            ));
        }
    }
    if config.x.enabled {
        let bearer = config.x.bearer_token.clone().context(
            "sources.x is enabled but has no bearer token: set ROUNDS__SOURCES__X__BEARER_TOKEN or disable it",
        )?;
        sources.push(Box::new(
            XSource::new(
                &config.x.api_base,
                bearer,
                config.x.poll_interval.as_duration(),
                http.clone(),
            )
            .context("sources.x")?,
        ));
    }
    if config.rss.enabled {
        let policy = AddressPolicy::allowing_private(config.rss.allow_private_addresses);
        if policy.allows_private() {
            tracing::warn!("sources.rss.allow_private_addresses is on: feeds may reach this machine and its networks");
        }
        let guarded = GuardedClient::new(&crate::sources::http::spec(), policy)
            .context("failed to build the feeds' HTTP client")?;
        sources.push(Box::new(
            FeedSource::new(config.rss.poll_interval.as_duration(), guarded)
                .with_max_items_per_poll(config.rss.max_items_per_poll),
        ));
    }
    Ok(sources)
}

/// What one source did in one round.
pub struct SourceOutcome {
    pub source: String,
    pub result: Result<PollReport, SourceError>,
}

/// Polls every source once, concurrently, and records each one's status.
pub async fn poll_all_once(
    store: &Store,
    sink: &StoreSink,
    sources: &[Box<dyn Source>],
) -> anyhow::Result<Vec<SourceOutcome>> {
    let tags = store.all_tracked_hashtags().await?;
    let feeds = store.all_feed_urls().await?;
    let request = PollRequest {
        tags: &tags,
        feeds: &feeds,
        sink,
    };
    let polls = sources.iter().map(|source| {
        let request = &request;
        async move {
            let result = poll_with_timeout(source.as_ref(), request).await;
            record(store, source.as_ref(), &result, source.interval()).await;
            SourceOutcome {
                source: source.name(),
                result,
            }
        }
    });
    Ok(futures_util::future::join_all(polls).await)
}

/// Runs one task per source until this future is dropped (the bot aborts it at shutdown).
pub async fn run_pollers(
    store: Store,
    sink: std::sync::Arc<StoreSink>,
    sources: Vec<Box<dyn Source>>,
) {
    // A JoinSet aborts its tasks when dropped, so aborting this future at shutdown stops every
    // poller before the store closes.
    let mut tasks = tokio::task::JoinSet::new();
    for source in sources {
        let store = store.clone();
        let sink = std::sync::Arc::clone(&sink);
        tasks.spawn(async move { poll_forever(store, sink, source).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn poll_forever(store: Store, sink: std::sync::Arc<StoreSink>, source: Box<dyn Source>) {
    let name = source.name();
    let interval = clamp_interval(source.interval());
    let mut failures = 0u32;
    // Counts what this source's batches store, for /metrics.
    let counting = crate::monitor::CountingSink::new(sink.as_ref(), &name);
    loop {
        let round = async {
            let tags = store.all_tracked_hashtags().await?;
            let feeds = store.all_feed_urls().await?;
            if tags.is_empty() && feeds.is_empty() {
                // Nothing is tracked anywhere yet: no reason to knock on anyone's door.
                return anyhow::Ok(Ok(PollReport::default()));
            }
            let request = PollRequest {
                tags: &tags,
                feeds: &feeds,
                sink: &counting,
            };
            anyhow::Ok(poll_with_timeout(source.as_ref(), &request).await)
        };
        let result = match round.await {
            Ok(result) => result,
            Err(e) => Err(SourceError::Sink(SinkError(e.to_string()))),
        };
        failures = if result.is_ok() {
            0
        } else {
            failures.saturating_add(1)
        };
        let wait = next_delay(interval, failures, result.as_ref().err(), jitter());
        match &result {
            Ok(report) => tracing::info!(
                source = %name,
                fetched = report.fetched,
                inserted = report.stored.inserted,
                updated = report.stored.updated,
                next_in_secs = wait.as_secs(),
                "polled"
            ),
            Err(error) => {
                tracing::warn!(source = %name, %error, failures, next_in_secs = wait.as_secs(), "poll failed");
            }
        }
        record(&store, source.as_ref(), &result, wait).await;
        crate::monitor::record_poll(&name, &result, failures, wait);
        tokio::time::sleep(wait).await;
    }
}

async fn poll_with_timeout(
    source: &dyn Source,
    request: &PollRequest<'_>,
) -> Result<PollReport, SourceError> {
    match tokio::time::timeout(POLL_TIMEOUT, source.poll(request)).await {
        Ok(result) => result,
        Err(_) => Err(SourceError::Unavailable(format!(
            "the poll took longer than {}s",
            POLL_TIMEOUT.as_secs()
        ))),
    }
}

async fn record(
    store: &Store,
    source: &dyn Source,
    result: &Result<PollReport, SourceError>,
    next: Duration,
) {
    let name = source.name();
    let now = Utc::now();
    let recorded = match result {
        Ok(report) => {
            store
                .record_poll_success(&name, report.stored.inserted, report.backlog, next, now)
                .await
        }
        Err(error) => {
            store
                .record_poll_failure(&name, &error.to_string(), next, now)
                .await
        }
    };
    if let Err(e) = recorded {
        tracing::warn!(source = %name, error = %e, "failed to record a source's status");
    }
}

/// Removes posts created more than `days` days before `now` (`retention.posts_days`), with their
/// children and FTS rows and the authors left without a post; `None` when `days` is 0 (keep all).
pub async fn prune_old_posts(
    store: &Store,
    days: u32,
    now: DateTime<Utc>,
) -> Result<Option<Pruned>, crate::store::StoreError> {
    if days == 0 {
        return Ok(None);
    }
    let pruned = store
        .prune_posts(now - chrono::Duration::days(i64::from(days)))
        .await?;
    metrics::counter!(crate::monitor::names::POSTS_PRUNED).increment(pruned.posts as u64);
    tracing::info!(
        posts = pruned.posts,
        authors = pruned.authors,
        days,
        "pruned old posts"
    );
    Ok(Some(pruned))
}

/// Prunes old posts at start-up and then once a day, until this future is dropped.
pub async fn prune_posts_daily(store: Store, days: u32) {
    if days == 0 {
        tracing::info!("retention.posts_days = 0: posts are kept forever");
        return;
    }
    let mut every_day = tokio::time::interval(Duration::from_secs(86_400));
    loop {
        every_day.tick().await;
        if let Err(e) = prune_old_posts(&store, days, Utc::now()).await {
            tracing::warn!(error = %e, "failed to prune old posts; will retry tomorrow");
        }
    }
}

/// A configured interval held between the floor and the ceiling.
pub fn clamp_interval(configured: Duration) -> Duration {
    configured.clamp(MIN_INTERVAL, MAX_INTERVAL)
}

/// How long to wait before the next poll: the interval when all is well; after failures, the
/// interval doubled per consecutive failure (capped), never less than a 429's `Retry-After`, and an
/// hour for a refusal (a configuration problem retrying will not fix). `jitter` in [0, 1) spreads
/// retries by up to a fifth so sources that failed together do not retry in lockstep.
pub fn next_delay(
    interval: Duration,
    failures: u32,
    error: Option<&SourceError>,
    jitter: f64,
) -> Duration {
    let Some(error) = error else {
        return interval;
    };
    let base = match error {
        SourceError::Refused(_) => Duration::from_secs(3600),
        SourceError::RateLimited {
            retry_after: Some(wait),
        } => (*wait).max(interval),
        _ => interval.saturating_mul(2u32.saturating_pow(failures.min(16))),
    };
    let spread = base.mul_f64(1.0 + 0.2 * jitter.clamp(0.0, 1.0));
    spread.min(MAX_INTERVAL)
}

pub(crate) fn jitter() -> f64 {
    f64::from(getrandom::u32().unwrap_or(0)) / f64::from(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn intervals_are_clamped() {
        assert_eq!(clamp_interval(Duration::from_secs(1)), MIN_INTERVAL);
        assert_eq!(
            clamp_interval(Duration::from_secs(7 * 86_400)),
            MAX_INTERVAL
        );
        assert_eq!(clamp_interval(MINUTE), MINUTE);
    }

    #[test]
    fn failures_back_off_exponentially_with_a_cap() {
        let unavailable = SourceError::Unavailable("500".into());
        assert_eq!(next_delay(MINUTE, 0, None, 0.5), MINUTE);
        assert_eq!(next_delay(MINUTE, 1, Some(&unavailable), 0.0), 2 * MINUTE);
        assert_eq!(next_delay(MINUTE, 3, Some(&unavailable), 0.0), 8 * MINUTE);
        assert_eq!(
            next_delay(MINUTE, 30, Some(&unavailable), 0.0),
            MAX_INTERVAL
        );
        let jittered = next_delay(MINUTE, 1, Some(&unavailable), 0.99);
        assert!(
            jittered > 2 * MINUTE && jittered <= 2 * MINUTE.mul_f64(1.2),
            "{jittered:?}"
        );
    }

    #[test]
    fn rate_limits_and_refusals_wait_as_asked() {
        let limited = SourceError::RateLimited {
            retry_after: Some(Duration::from_secs(900)),
        };
        assert_eq!(
            next_delay(MINUTE, 1, Some(&limited), 0.0),
            Duration::from_secs(900)
        );
        let refused = SourceError::Refused("401".into());
        assert_eq!(
            next_delay(MINUTE, 1, Some(&refused), 0.0),
            Duration::from_secs(3600)
        );
    }
}
