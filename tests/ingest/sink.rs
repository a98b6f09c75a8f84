//! A `PostSink` that keeps batches in memory, so adapter tests can assert on exactly what a source
//! committed and in which order, and can make committing fail on purpose.

use rounds::sources::{Batch, BoxFuture, CommitReport, PostSink, SinkError};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct MemorySink {
    pub batches: Mutex<Vec<Batch>>,
    pub cursors: Mutex<HashMap<String, String>>,
    /// While set, every commit fails (a database outage).
    pub failing: Mutex<bool>,
}

#[allow(dead_code)]
impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every post committed so far, in order.
    pub fn posts(&self) -> Vec<rounds::domain::post::RawPost> {
        self.batches
            .lock()
            .unwrap()
            .iter()
            .flat_map(|b| b.posts.clone())
            .collect()
    }

    pub fn cursor_of(&self, stream: &str) -> Option<String> {
        self.cursors.lock().unwrap().get(stream).cloned()
    }

    pub fn set_cursor(&self, stream: &str, cursor: &str) {
        self.cursors
            .lock()
            .unwrap()
            .insert(stream.to_owned(), cursor.to_owned());
    }
}

impl PostSink for MemorySink {
    fn commit(&self, batch: Batch) -> BoxFuture<'_, Result<CommitReport, SinkError>> {
        Box::pin(async move {
            if *self.failing.lock().unwrap() {
                return Err(SinkError("the database is down (test)".into()));
            }
            let mut seen: Vec<String> = self.posts().into_iter().map(|p| p.remote_id).collect();
            let mut report = CommitReport::default();
            for post in &batch.posts {
                if seen.contains(&post.remote_id) {
                    report.updated += 1;
                } else {
                    seen.push(post.remote_id.clone());
                    report.inserted += 1;
                }
            }
            if let Some(cursor) = &batch.cursor {
                self.set_cursor(&batch.stream, cursor);
            }
            self.batches.lock().unwrap().push(batch);
            Ok(report)
        })
    }

    fn cursor<'a>(&'a self, stream: &'a str) -> BoxFuture<'a, Result<Option<String>, SinkError>> {
        Box::pin(async move { Ok(self.cursor_of(stream)) })
    }
}
