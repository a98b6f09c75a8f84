//! The poller's metrics: a sink wrapper that counts what each source's batches stored, as they are
//! stored (a Jetstream poll runs for minutes), and the outcome and back-off of each poll.

use super::names;
use crate::sources::{
    Batch, BoxFuture, CommitReport, PollReport, PostSink, SinkError, SourceError,
};
use std::time::{Duration, Instant};

/// Passes batches to the real sink and counts, under the source's name, what they did.
pub struct CountingSink<'a> {
    inner: &'a dyn PostSink,
    source: String,
}

impl<'a> CountingSink<'a> {
    pub fn new(inner: &'a dyn PostSink, source: &str) -> Self {
        Self {
            inner,
            source: source.to_owned(),
        }
    }
}

impl PostSink for CountingSink<'_> {
    fn commit(&self, batch: Batch) -> BoxFuture<'_, Result<CommitReport, SinkError>> {
        Box::pin(async move {
            let started = Instant::now();
            let report = self.inner.commit(batch).await?;
            metrics::histogram!(names::INGEST_COMMIT).record(started.elapsed().as_secs_f64());
            let source = self.source.clone();
            metrics::counter!(names::POSTS_INGESTED, "source" => source.clone())
                .increment(report.inserted as u64);
            metrics::counter!(names::POSTS_UPDATED, "source" => source.clone())
                .increment(report.updated as u64);
            metrics::counter!(names::POSTS_DELETED, "source" => source)
                .increment(report.deleted as u64);
            Ok(report)
        })
    }

    fn cursor<'a>(&'a self, stream: &'a str) -> BoxFuture<'a, Result<Option<String>, SinkError>> {
        self.inner.cursor(stream)
    }
}

/// Records one poll's outcome and when the next one is due.
pub fn record_poll(
    source: &str,
    result: &Result<PollReport, SourceError>,
    failures_in_a_row: u32,
    next: Duration,
) {
    let source = source.to_owned();
    let outcome = if result.is_ok() { "ok" } else { "error" };
    metrics::counter!(names::POLLS, "source" => source.clone(), "outcome" => outcome).increment(1);
    if let Err(error) = result {
        metrics::counter!(names::SOURCE_ERRORS, "source" => source.clone(), "kind" => error_kind(error))
            .increment(1);
    }
    metrics::gauge!(names::SOURCE_FAILURES_IN_A_ROW, "source" => source.clone())
        .set(f64::from(failures_in_a_row));
    metrics::gauge!(names::SOURCE_NEXT_POLL, "source" => source).set(next.as_secs_f64());
}

/// A label value per kind of failure: few values, so a dashboard can group by it.
fn error_kind(error: &SourceError) -> &'static str {
    match error {
        SourceError::RateLimited { .. } => "rate_limited",
        SourceError::Unavailable(_) => "unavailable",
        SourceError::Refused(_) => "refused",
        SourceError::Malformed(_) | SourceError::NotFound(_) => "invalid",
        SourceError::Sink(_) => "store",
    }
}
