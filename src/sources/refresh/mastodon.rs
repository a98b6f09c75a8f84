//! Mastodon: statuses read again on the instance that delivered them, by their id there.
//!
//! `GET /api/v1/statuses?id[]=…` (Mastodon 4.3+) reads up to `BATCH` at once and leaves out what it
//! cannot show. Servers without it answer the batch 404; from then on this instance is read one
//! status at a time (`GET /api/v1/statuses/:id`), within the same request cap. A status left out of
//! a batch is asked for alone before it counts as deleted: only a 404 or 410 for the status itself
//! is a deletion.

use super::{count, endpoint, lookup, Answer, Reading, Refresher, Tracked};
use crate::domain::post::{Engagement, SourceKind};
use crate::sources::{BoxFuture, InvalidSourceConfig, SourceError};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Ids per batch request: Mastodon's maximum for list endpoints.
pub const BATCH: usize = 40;
/// Requests one pass may send: 30 every 15 minutes is a tenth of an account's 300 per 5 minutes,
/// which the pollers share.
pub const REQUESTS_PER_PASS: usize = 30;

pub struct MastodonRefresher {
    base: reqwest::Url,
    host: String,
    access_token: Option<SecretString>,
    http: reqwest::Client,
    /// Set once the instance answered the batch form 404 (before 4.3): read one by one after.
    no_batch: AtomicBool,
}

impl MastodonRefresher {
    pub fn new(
        base_url: &str,
        access_token: Option<SecretString>,
        http: reqwest::Client,
    ) -> Result<Self, InvalidSourceConfig> {
        let base = super::parse_base("mastodon", base_url)?;
        let host = match (base.host_str(), base.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => unreachable!("parse_base requires a host"),
        };
        Ok(Self {
            base,
            host,
            access_token,
            http,
            no_batch: AtomicBool::new(false),
        })
    }

    fn get(&self, url: reqwest::Url) -> reqwest::RequestBuilder {
        let request = self.http.get(url);
        match &self.access_token {
            Some(token) => request.bearer_auth(token.expose_secret()),
            None => request,
        }
    }

    /// One batch: `Ok(None)` when the instance has no batch form.
    async fn batch(
        &self,
        ids: &[&Tracked],
    ) -> Result<Option<HashMap<String, Engagement>>, SourceError> {
        let mut url = endpoint(&self.base, "/api/v1/statuses");
        {
            let mut query = url.query_pairs_mut();
            for post in ids {
                query.append_pair("id[]", &post.lookup);
            }
        }
        let body = match lookup(self.get(url)).await? {
            Answer::Gone => return Ok(None),
            Answer::Body(body) => body,
        };
        read_statuses(&body)
            .map(Some)
            .map_err(SourceError::malformed)
    }

    /// One status: `Ok(None)` when it is gone.
    async fn single(&self, post: &Tracked) -> Result<Option<Engagement>, SourceError> {
        let url = endpoint(&self.base, &format!("/api/v1/statuses/{}", post.lookup));
        match lookup(self.get(url)).await? {
            Answer::Gone => Ok(None),
            Answer::Body(body) => read_status(&body, &post.lookup)
                .map(Some)
                .map_err(SourceError::malformed),
        }
    }

    async fn read_posts(&self, posts: &[Tracked]) -> Reading {
        let mut reading = Reading::default();
        // Ids come from the store, which took them from this instance; still, only plain ids go
        // into a URL path.
        let posts: Vec<&Tracked> = posts
            .iter()
            .filter(|p| crate::sources::mastodon::is_plausible_status_id(&p.lookup))
            .collect();
        reading.stopped = self.read_into(&posts, &mut reading).await.err();
        reading
    }

    async fn read_into(
        &self,
        posts: &[&Tracked],
        reading: &mut Reading,
    ) -> Result<(), SourceError> {
        let mut one_by_one: Vec<&Tracked> = Vec::new();
        for (i, chunk) in posts.chunks(BATCH).enumerate() {
            if self.no_batch.load(Ordering::Relaxed) {
                one_by_one.extend(posts.iter().skip(i * BATCH));
                break;
            }
            if reading.requests >= REQUESTS_PER_PASS {
                return Ok(());
            }
            reading.requests += 1;
            match self.batch(chunk).await? {
                None => {
                    tracing::info!(host = %self.host, "no batch status lookup here (before Mastodon 4.3); reading statuses one by one");
                    self.no_batch.store(true, Ordering::Relaxed);
                    one_by_one.extend(posts.iter().skip(i * BATCH));
                    break;
                }
                Some(found) => {
                    for post in chunk {
                        match found.get(&post.lookup) {
                            Some(counts) => reading.fresh.push((post.remote_id.clone(), *counts)),
                            // Left out of the batch: deleted, or only hidden from us; asked alone.
                            None => one_by_one.push(post),
                        }
                    }
                }
            }
        }
        for post in one_by_one {
            if reading.requests >= REQUESTS_PER_PASS {
                break;
            }
            reading.requests += 1;
            match self.single(post).await? {
                Some(counts) => reading.fresh.push((post.remote_id.clone(), counts)),
                None => reading.gone.push(post.remote_id.clone()),
            }
        }
        Ok(())
    }
}

/// Why a batch answer could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a JSON array of statuses: {0}")]
pub struct ReadStatusesError(serde_json::Error);

/// Why a one-status answer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadStatusError {
    #[error("not a status: {0}")]
    NotAStatus(serde_json::Error),
    /// The instance answered with a status other than the one asked for.
    #[error("a status with another id")]
    OtherId,
}

/// A batch answer: a JSON array of statuses, their counts by id. Items without an id are skipped.
pub fn read_statuses(body: &[u8]) -> Result<HashMap<String, Engagement>, ReadStatusesError> {
    let items: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(ReadStatusesError)?;
    Ok(items
        .iter()
        .filter_map(|s| Some((s.get("id")?.as_str()?.to_owned(), engagement(s))))
        .collect())
}

/// One status's answer, which must be the status asked for (`id`).
pub fn read_status(body: &[u8], id: &str) -> Result<Engagement, ReadStatusError> {
    let status: serde_json::Value =
        serde_json::from_slice(body).map_err(ReadStatusError::NotAStatus)?;
    if status.get("id").and_then(|i| i.as_str()) != Some(id) {
        return Err(ReadStatusError::OtherId);
    }
    Ok(engagement(&status))
}

fn engagement(status: &serde_json::Value) -> Engagement {
    Engagement {
        likes: count(&status["favourites_count"]),
        reposts: count(&status["reblogs_count"]),
        replies: count(&status["replies_count"]),
        quotes: count(&status["quotes_count"]),
    }
}

impl Refresher for MastodonRefresher {
    fn name(&self) -> String {
        format!("mastodon:{}", self.host)
    }

    fn source(&self) -> SourceKind {
        SourceKind::Mastodon
    }

    fn origin(&self) -> Option<&str> {
        Some(&self.host)
    }

    fn posts_per_pass(&self) -> usize {
        BATCH * REQUESTS_PER_PASS
    }

    fn read<'a>(&'a self, posts: &'a [Tracked], _: &'a [String]) -> BoxFuture<'a, Reading> {
        Box::pin(self.read_posts(posts))
    }
}
