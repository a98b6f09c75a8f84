//! X: posts read again with `GET /2/tweets?ids=…` (up to 100) for their `public_metrics`. Every post
//! returned is billed, so this runs only with `sources.x.refresh = true`, and one pass reads at most
//! `POSTS_PER_PASS`. A post X reports as `resource-not-found` was deleted; one that is merely
//! missing (suspended author, protected, an error of another kind) is left as it is.

use super::{count, endpoint, lookup, Answer, Reading, Refresher, Tracked};
use crate::domain::post::{Engagement, SourceKind};
use crate::sources::{BoxFuture, InvalidSourceConfig, SourceError};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;

/// Ids per request: the endpoint's maximum, and the most one pass reads (each read costs money).
pub const POSTS_PER_PASS: usize = 100;

pub struct XRefresher {
    base: reqwest::Url,
    bearer: SecretString,
    http: reqwest::Client,
}

impl XRefresher {
    pub fn new(
        api_base: &str,
        bearer: SecretString,
        http: reqwest::Client,
    ) -> Result<Self, InvalidSourceConfig> {
        Ok(Self {
            base: super::parse_base("x", api_base)?,
            bearer,
            http,
        })
    }

    async fn read_posts(&self, posts: &[Tracked]) -> Reading {
        let mut reading = Reading::default();
        let posts: Vec<&Tracked> = posts
            .iter()
            .filter(|p| crate::sources::x::is_plausible_post_id(&p.lookup))
            .take(POSTS_PER_PASS)
            .collect();
        if posts.is_empty() {
            return reading;
        }
        let mut url = endpoint(&self.base, "/2/tweets");
        let ids: Vec<&str> = posts.iter().map(|p| p.lookup.as_str()).collect();
        url.query_pairs_mut()
            .append_pair("ids", &ids.join(","))
            .append_pair("tweet.fields", "public_metrics");
        reading.requests += 1;
        let answer = lookup(self.http.get(url).bearer_auth(self.bearer.expose_secret())).await;
        let body = match answer {
            Ok(Answer::Body(body)) => body,
            Ok(Answer::Gone) => {
                reading.stopped = Some(SourceError::NotFound("/2/tweets answered 404".into()));
                return reading;
            }
            Err(error) => {
                reading.stopped = Some(error);
                return reading;
            }
        };
        match read_lookup(&body, &ids) {
            Ok((found, gone)) => {
                for post in posts {
                    if let Some(counts) = found.get(post.lookup.as_str()) {
                        reading.fresh.push((post.remote_id.clone(), *counts));
                    } else if gone.contains(&post.lookup.as_str()) {
                        reading.gone.push(post.remote_id.clone());
                    } else {
                        // Withheld, protected, or an error of another kind: read, nothing to change.
                        reading.unchanged.push(post.remote_id.clone());
                    }
                }
            }
            Err(error) => reading.stopped = Some(SourceError::malformed(error)),
        }
        reading
    }
}

/// Why a lookup answer could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not JSON: {0}")]
pub struct ReadLookupError(serde_json::Error);

/// A lookup answer for `ids`: the counts of those in `data`, and those `errors` reports as
/// `resource-not-found` (deleted). An id neither found nor reported is in neither.
pub fn read_lookup<'a>(
    body: &[u8],
    ids: &[&'a str],
) -> Result<(HashMap<&'a str, Engagement>, Vec<&'a str>), ReadLookupError> {
    let answer: serde_json::Value = serde_json::from_slice(body).map_err(ReadLookupError)?;
    let empty = Vec::new();
    let data = answer["data"].as_array().unwrap_or(&empty);
    let errors = answer["errors"].as_array().unwrap_or(&empty);
    let mut found = HashMap::new();
    let mut gone = Vec::new();
    for id in ids {
        if let Some(post) = data.iter().find(|d| d["id"].as_str() == Some(id)) {
            let metrics = &post["public_metrics"];
            found.insert(
                *id,
                Engagement {
                    likes: count(&metrics["like_count"]),
                    reposts: count(&metrics["retweet_count"]),
                    replies: count(&metrics["reply_count"]),
                    quotes: count(&metrics["quote_count"]),
                },
            );
        } else if errors.iter().any(|e| is_not_found(e, id)) {
            gone.push(*id);
        }
    }
    Ok((found, gone))
}

/// Whether an entry of `errors` says the post `id` does not exist.
fn is_not_found(error: &serde_json::Value, id: &str) -> bool {
    let about = error["resource_id"].as_str().or(error["value"].as_str()) == Some(id);
    let kind = error["type"].as_str().unwrap_or_default();
    about && kind.ends_with("/resource-not-found")
}

impl Refresher for XRefresher {
    fn name(&self) -> String {
        "x".to_owned()
    }

    fn source(&self) -> SourceKind {
        SourceKind::X
    }

    fn posts_per_pass(&self) -> usize {
        POSTS_PER_PASS
    }

    fn read<'a>(&'a self, posts: &'a [Tracked], _: &'a [String]) -> BoxFuture<'a, Reading> {
        Box::pin(self.read_posts(posts))
    }
}
