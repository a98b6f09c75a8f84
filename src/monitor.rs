//! What an operator's Prometheus sees: the metric names, their help texts, the recorder behind the
//! `metrics` facade, and the `/metrics` and `/healthz` listener (`[metrics] listen`).
//!
//! Code anywhere records with the facade (`metrics::counter!(names::POSTS_INGESTED, "source" =>
//! name).increment(n)`); with no listener configured no recorder is installed and those calls do
//! nothing. Names live here, one place, so a dashboard has one list to read. (The module is not
//! called `metrics`, which would shadow the facade's crate name at the crate root; `telemetry` is
//! the logs.)

mod ingest;
mod server;

pub use ingest::{record_poll, CountingSink};
pub use server::{GatewayProbe, Listener};

use metrics::Unit;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// The metric names, all prefixed `rounds_`.
pub mod names {
    /// Counter, label `source`: posts new to the store.
    pub const POSTS_INGESTED: &str = "rounds_posts_ingested_total";
    /// Counter, label `source`: stored posts seen again (counts refreshed).
    pub const POSTS_UPDATED: &str = "rounds_posts_updated_total";
    /// Counter, label `source`: stored posts removed because they were deleted upstream.
    pub const POSTS_DELETED: &str = "rounds_posts_deleted_total";
    /// Counter: posts removed by `retention.posts_days`.
    pub const POSTS_PRUNED: &str = "rounds_posts_pruned_total";
    /// Counter, label `source` (the refresh service, as `/sources status` names it): posts whose
    /// counts a refresh pass re-read and stored (deletions it found go to `POSTS_DELETED`).
    pub const REFRESHED: &str = "rounds_refreshed_posts_total";
    /// Counter, labels `source`, `outcome` (`ok`, `error`): polls.
    pub const POLLS: &str = "rounds_source_polls_total";
    /// Counter, labels `source`, `kind` (`unavailable`, `rate_limited`, `refused`, `invalid`,
    /// `store`): failed polls.
    pub const SOURCE_ERRORS: &str = "rounds_source_errors_total";
    /// Gauge, label `source`: failed polls in a row (0 after a success).
    pub const SOURCE_FAILURES_IN_A_ROW: &str = "rounds_source_consecutive_failures";
    /// Gauge, label `source`: seconds until the next poll (the interval, or the back-off).
    pub const SOURCE_NEXT_POLL: &str = "rounds_source_next_poll_seconds";
    /// Histogram: how long one batch of posts took to store, including the wait for the one
    /// writer connection every source's batches queue for.
    pub const INGEST_COMMIT: &str = "rounds_ingest_commit_seconds";
    /// Counter: digest runs fully posted.
    pub const DIGESTS_POSTED: &str = "rounds_digests_posted_total";
    /// Counter: digest runs given up (Discord refused them) or failed and retried later.
    pub const DIGESTS_FAILED: &str = "rounds_digests_failed_total";
    /// Histogram, labels `command`, `outcome` (`ok`, `error`): slash command handling time.
    pub const COMMAND_DURATION: &str = "rounds_command_duration_seconds";
    /// Counter, label `scope` (`route`, `global`): waits serenity's rate limiter announced, after a
    /// 429 or before a request it knows would get one.
    pub const DISCORD_RATE_LIMITED: &str = "rounds_discord_rate_limit_waits_total";
    /// Histogram: how long the digest and reminder senders waited for the shared pacer.
    pub const PACER_WAIT: &str = "rounds_discord_pacer_wait_seconds";
    /// Gauge: 1 while at least one gateway shard is connected.
    pub const GATEWAY_CONNECTED: &str = "rounds_discord_gateway_connected";
    /// Gauge: the database's size (main file, without the write-ahead log).
    pub const DATABASE_SIZE: &str = "rounds_database_size_bytes";
    /// Gauge, labels `pool` (`readers`, `writer`), `state` (`idle`, `busy`): open connections.
    pub const POOL_CONNECTIONS: &str = "rounds_database_pool_connections";
    /// Gauge: how long the last scrape waited for a connection and a `SELECT 1`.
    pub const DATABASE_PING: &str = "rounds_database_ping_seconds";
}

/// Histogram buckets, in seconds: from a fast command to a reply that waited on Crossref.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Installs the process-wide recorder and describes every metric; returns the handle that renders
/// them. Call once, only when `/metrics` is served.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets(BUCKETS)?
        .install_recorder()?;
    describe();
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    use names::{
        COMMAND_DURATION, DATABASE_PING, DATABASE_SIZE, DIGESTS_FAILED, DIGESTS_POSTED,
        DISCORD_RATE_LIMITED, GATEWAY_CONNECTED, INGEST_COMMIT, PACER_WAIT, POLLS,
        POOL_CONNECTIONS, POSTS_DELETED, POSTS_INGESTED, POSTS_PRUNED, POSTS_UPDATED, REFRESHED,
        SOURCE_ERRORS, SOURCE_FAILURES_IN_A_ROW, SOURCE_NEXT_POLL,
    };
    describe_counter!(POSTS_INGESTED, "Posts new to the store, by source");
    describe_counter!(POSTS_UPDATED, "Stored posts seen again, by source");
    describe_counter!(
        POSTS_DELETED,
        "Stored posts removed because they were deleted upstream, by source"
    );
    describe_counter!(POSTS_PRUNED, "Posts removed by retention.posts_days");
    describe_counter!(REFRESHED, "Posts re-read by the refresh pass, by source");
    describe_counter!(POLLS, "Source polls, by source and outcome");
    describe_counter!(SOURCE_ERRORS, "Failed source polls, by source and kind");
    describe_gauge!(SOURCE_FAILURES_IN_A_ROW, "Failed polls in a row, by source");
    describe_gauge!(
        SOURCE_NEXT_POLL,
        Unit::Seconds,
        "Seconds until the next poll (interval or back-off), by source"
    );
    describe_histogram!(
        INGEST_COMMIT,
        Unit::Seconds,
        "Time to store one batch of posts, including the wait for the writer connection"
    );
    describe_counter!(DIGESTS_POSTED, "Digest runs fully posted");
    describe_counter!(
        DIGESTS_FAILED,
        "Digest runs that failed (refused or retried)"
    );
    describe_histogram!(
        COMMAND_DURATION,
        Unit::Seconds,
        "Slash command handling time, by command and outcome"
    );
    describe_counter!(
        DISCORD_RATE_LIMITED,
        "Rate-limit waits announced by Discord's HTTP client, by scope"
    );
    describe_histogram!(
        PACER_WAIT,
        Unit::Seconds,
        "Time digest and reminder sends waited for the shared pacer"
    );
    describe_gauge!(
        GATEWAY_CONNECTED,
        "1 while the Discord gateway is connected"
    );
    describe_gauge!(
        DATABASE_SIZE,
        Unit::Bytes,
        "Size of the SQLite database file"
    );
    describe_gauge!(
        POOL_CONNECTIONS,
        "Open database connections, by pool and state"
    );
    describe_gauge!(
        DATABASE_PING,
        Unit::Seconds,
        "Time the last scrape waited for a database connection and SELECT 1"
    );
    // Counters an operator alerts on are shown at 0 from the start, not only after a first event.
    for name in [POSTS_PRUNED, DIGESTS_POSTED, DIGESTS_FAILED] {
        metrics::counter!(name).absolute(0);
    }
}
