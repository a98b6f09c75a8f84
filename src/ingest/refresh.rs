//! The refresh stage's schedule: one task per service beside the pollers (never in their way: its
//! own requests, its own back-off), each pass taking that service's stalest recent posts from the
//! store, reading them again (`sources::refresh`) and storing what it read in one transaction.

pub mod cost;

use crate::config::Settings;
use crate::sources::refresh::bluesky::BlueskyRefresher;
use crate::sources::refresh::mastodon::MastodonRefresher;
use crate::sources::refresh::x::XRefresher;
use crate::sources::refresh::{Reading, Refresher};
use crate::sources::SourceError;
use crate::store::refresh::Applied;
use crate::store::Store;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Profiles are read again at most this often.
pub const PROFILE_EVERY: Duration = Duration::from_secs(86_400);
/// Authors whose profiles one pass may read.
pub const PROFILES_PER_PASS: usize = 250;
/// The longest one pass of one service may take; what it read until then is still stored.
const PASS_TIMEOUT: Duration = Duration::from_secs(120);

/// What the stage is asked to do: which posts are recent enough, and how often to look.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub max_age: Duration,
    pub interval: Duration,
}

impl Schedule {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            max_age: settings.sources.refresh.max_age.as_duration(),
            interval: super::clamp_interval(settings.sources.refresh.interval.as_duration()),
        }
    }
}

/// The refreshers the configuration enables: one per Mastodon instance, the Bluesky AppView, and
/// X only when `sources.x.refresh` is on. Empty when `sources.refresh.enabled` is off.
pub fn build_refreshers(settings: &Settings) -> anyhow::Result<Vec<Box<dyn Refresher>>> {
    let config = &settings.sources;
    let mut refreshers: Vec<Box<dyn Refresher>> = Vec::new();
    if !config.refresh.enabled {
        return Ok(refreshers);
    }
    let http = crate::sources::http::client();
    if config.mastodon.enabled {
        for instance in &config.mastodon.instances {
            refreshers.push(Box::new(
                MastodonRefresher::new(instance, config.mastodon.token_for(instance), http.clone())
                    .context("sources.mastodon.instances")?,
            ));
        }
    }
    if config.bluesky.enabled {
        refreshers.push(Box::new(
            BlueskyRefresher::new(&config.bluesky.public_appview_url, http.clone())
                .context("sources.bluesky.public_appview_url")?,
        ));
    }
    if config.x.enabled && config.x.refresh {
        if let Some(bearer) = &config.x.bearer_token {
            refreshers.push(Box::new(
                XRefresher::new(&config.x.api_base, bearer.clone(), http.clone())
                    .context("sources.x")?,
            ));
        }
    }
    Ok(refreshers)
}

/// What one pass of one service did.
#[derive(Debug)]
pub struct RefreshOutcome {
    pub service: String,
    pub applied: Applied,
    pub requests: usize,
    /// Why the pass stopped early (what it read is stored all the same).
    pub stopped: Option<SourceError>,
}

/// One pass of one service at `now`: posts created within `max_age` and not read in the last
/// `min_gap`, stalest first, at most the service's share; profiles not read for a day.
pub async fn refresh_pass(
    store: &Store,
    refresher: &dyn Refresher,
    max_age: Duration,
    min_gap: Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<RefreshOutcome> {
    let since = now - chrono::Duration::from_std(max_age)?;
    let posts = store
        .posts_to_refresh(
            refresher.source(),
            refresher.origin(),
            since,
            now - chrono::Duration::from_std(min_gap)?,
            refresher.posts_per_pass(),
        )
        .await?;
    let authors = if refresher.reads_profiles() {
        store
            .profiles_to_refresh(
                refresher.source(),
                since,
                now - chrono::Duration::from_std(PROFILE_EVERY)?,
                PROFILES_PER_PASS,
            )
            .await?
    } else {
        Vec::new()
    };
    let reading = if posts.is_empty() && authors.is_empty() {
        // Nothing recent: no reason to knock on anyone's door.
        Reading::default()
    } else {
        match tokio::time::timeout(PASS_TIMEOUT, refresher.read(&posts, &authors)).await {
            Ok(reading) => reading,
            Err(_) => Reading {
                stopped: Some(SourceError::Unavailable(format!(
                    "the pass took longer than {}s",
                    PASS_TIMEOUT.as_secs()
                ))),
                ..Reading::default()
            },
        }
    };
    let applied = store
        .apply_refresh(refresher.source(), &reading, Utc::now())
        .await?;
    let service = refresher.name();
    // The operator's view of the stage (`/metrics`): counted as stored, per service.
    metrics::counter!(crate::monitor::names::REFRESHED, "source" => service.clone())
        .increment(applied.refreshed as u64);
    metrics::counter!(crate::monitor::names::POSTS_DELETED, "source" => service.clone())
        .increment(applied.deleted as u64);
    let error = reading.stopped.as_ref().map(ToString::to_string);
    store
        .record_refresh_run(
            &service,
            applied,
            reading.requests,
            error.as_deref(),
            Utc::now(),
        )
        .await?;
    Ok(RefreshOutcome {
        service,
        applied,
        requests: reading.requests,
        stopped: reading.stopped,
    })
}

/// One pass of every service, concurrently (`rounds ingest --once`): every recent post not read in
/// this very run is eligible.
pub async fn refresh_all_once(
    store: &Store,
    refreshers: &[Box<dyn Refresher>],
    schedule: Schedule,
) -> Vec<anyhow::Result<RefreshOutcome>> {
    let passes = refreshers.iter().map(|refresher| {
        refresh_pass(
            store,
            refresher.as_ref(),
            schedule.max_age,
            Duration::ZERO,
            Utc::now(),
        )
    });
    futures_util::future::join_all(passes).await
}

/// Runs one task per service until this future is dropped (the bot aborts it at shutdown).
pub async fn run_refreshers(store: Store, refreshers: Vec<Box<dyn Refresher>>, schedule: Schedule) {
    let mut tasks = tokio::task::JoinSet::new();
    for refresher in refreshers {
        let store = store.clone();
        tasks.spawn(async move { refresh_forever(store, refresher, schedule).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn refresh_forever(store: Store, refresher: Box<dyn Refresher>, schedule: Schedule) {
    let name = refresher.name();
    let mut failures = 0u32;
    loop {
        // Half an interval: a post is read about once a pass, even when passes drift.
        let outcome = refresh_pass(
            &store,
            refresher.as_ref(),
            schedule.max_age,
            schedule.interval / 2,
            Utc::now(),
        )
        .await;
        let error = match &outcome {
            Ok(outcome) => outcome.stopped.as_ref(),
            Err(_) => None,
        };
        let failed = outcome.is_err() || error.is_some();
        failures = if failed {
            failures.saturating_add(1)
        } else {
            0
        };
        let wait = super::next_delay(schedule.interval, failures, error, super::jitter());
        match &outcome {
            Ok(o) => tracing::info!(
                service = %name,
                refreshed = o.applied.refreshed,
                deleted = o.applied.deleted,
                profiles = o.applied.profiles,
                requests = o.requests,
                stopped = ?o.stopped.as_ref().map(ToString::to_string),
                next_in_secs = wait.as_secs(),
                "refresh pass"
            ),
            Err(e) => {
                tracing::warn!(service = %name, error = %e, next_in_secs = wait.as_secs(), "refresh pass failed");
            }
        }
        tokio::time::sleep(wait).await;
    }
}

/// Requests one pass sends for `posts` recent posts of one service, given its batch size and its
/// per-pass request cap (the posts beyond the cap wait for the next pass, stalest first).
pub fn requests_per_pass(posts: usize, batch: usize, cap: usize) -> usize {
    posts.div_ceil(batch.max(1)).min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::refresh::{bluesky, mastodon, x};

    /// The refresh cost README states: requests per 15-minute pass per 1,000 tracked posts of one
    /// service, and the share of each service's published budget an hour of passes uses.
    #[test]
    fn refresh_cost_per_thousand_posts() {
        let passes_per_hour = 4;
        let mastodon = requests_per_pass(1_000, mastodon::BATCH, mastodon::REQUESTS_PER_PASS);
        let mastodon_old = requests_per_pass(1_000, 1, mastodon::REQUESTS_PER_PASS);
        // Bluesky: getPosts, plus at most 10 getProfiles (250 authors, read daily).
        let bluesky = requests_per_pass(1_000, bluesky::BATCH, bluesky::REQUESTS_PER_PASS - 10);
        let x = requests_per_pass(1_000, x::POSTS_PER_PASS, 1);
        println!(
            "per pass per 1,000 posts: Mastodon {mastodon} (before 4.3: {mastodon_old}, reaching 30 posts), \
             Bluesky {bluesky} + ≤ 10 profiles, X {x} (100 posts)"
        );
        assert_eq!((mastodon, mastodon_old, bluesky, x), (25, 30, 40, 1));
        // Mastodon: 300 requests / 5 min = 3,600 an hour per account; the AppView 3,000 / 5 min =
        // 36,000 an hour per address; X 450 / 15 min = 1,800 an hour per app.
        let share = |requests: usize, budget: f64| (requests * passes_per_hour) as f64 / budget;
        assert!(share(mastodon_old, 3_600.0) < 0.034);
        assert!(share(bluesky + 10, 36_000.0) < 0.006);
        assert!(share(x, 1_800.0) < 0.003);
    }
}
