//! Bluesky: posts and profiles read from the public AppView (`sources.bluesky.public_appview_url`),
//! which needs no login. `app.bsky.feed.getPosts` takes up to 25 `at://` URIs and returns the posts
//! that still exist, with their counts; a URI it leaves out was deleted. `app.bsky.actor.getProfiles`
//! takes up to 25 DIDs and returns handle, display name, bio and followers.

use super::{count, endpoint, lookup, Answer, Profile, Reading, Refresher, Tracked};
use crate::domain::post::{Engagement, SourceKind};
use crate::sources::{BoxFuture, InvalidSourceConfig, SourceError};
use std::collections::HashMap;

/// URIs per getPosts call, and actors per getProfiles call: the lexicons' maximum.
pub const BATCH: usize = 25;
/// Requests one pass may send: 50 every 15 minutes is under 1% of the AppView's 3,000 per 5 minutes
/// per address.
pub const REQUESTS_PER_PASS: usize = 50;
/// Of which at most this many read profiles.
pub const PROFILE_REQUESTS_PER_PASS: usize = 10;

pub struct BlueskyRefresher {
    base: reqwest::Url,
    http: reqwest::Client,
}

impl BlueskyRefresher {
    pub fn new(appview_url: &str, http: reqwest::Client) -> Result<Self, InvalidSourceConfig> {
        Ok(Self {
            base: super::parse_base("bluesky", appview_url)?,
            http,
        })
    }

    async fn get_posts(
        &self,
        chunk: &[Tracked],
    ) -> Result<HashMap<String, Engagement>, SourceError> {
        let mut url = endpoint(&self.base, "/xrpc/app.bsky.feed.getPosts");
        {
            let mut query = url.query_pairs_mut();
            for post in chunk {
                query.append_pair("uris", &post.lookup);
            }
        }
        let body = match lookup(self.http.get(url)).await? {
            Answer::Body(body) => body,
            // The method itself missing is not every post deleted.
            Answer::Gone => return Err(SourceError::NotFound("getPosts answered 404".into())),
        };
        read_posts(&body).map_err(SourceError::malformed)
    }

    async fn get_profiles(&self, dids: &[String]) -> Result<Vec<Profile>, SourceError> {
        let mut url = endpoint(&self.base, "/xrpc/app.bsky.actor.getProfiles");
        {
            let mut query = url.query_pairs_mut();
            for did in dids {
                query.append_pair("actors", did);
            }
        }
        let body = match lookup(self.http.get(url)).await? {
            Answer::Body(body) => body,
            Answer::Gone => return Err(SourceError::NotFound("getProfiles answered 404".into())),
        };
        read_profiles(&body, dids).map_err(SourceError::malformed)
    }

    async fn read_all(&self, posts: &[Tracked], authors: &[String]) -> Reading {
        let mut reading = Reading::default();
        let result: Result<(), SourceError> = async {
            for chunk in authors.chunks(BATCH).take(PROFILE_REQUESTS_PER_PASS) {
                reading.requests += 1;
                reading.profiles.extend(self.get_profiles(chunk).await?);
                reading.profiles_asked.extend_from_slice(chunk);
            }
            for chunk in posts.chunks(BATCH) {
                if reading.requests >= REQUESTS_PER_PASS {
                    break;
                }
                reading.requests += 1;
                let found = self.get_posts(chunk).await?;
                if found.is_empty() && chunk.len() > 1 {
                    // Every post of a batch deleted at once is far less likely than an AppView
                    // answering emptily; keep them all and try again next pass.
                    return Err(SourceError::Malformed(format!(
                        "getPosts returned none of {} posts",
                        chunk.len()
                    )));
                }
                for post in chunk {
                    match found.get(&post.lookup) {
                        Some(counts) => reading.fresh.push((post.remote_id.clone(), *counts)),
                        None => reading.gone.push(post.remote_id.clone()),
                    }
                }
            }
            Ok(())
        }
        .await;
        reading.stopped = result.err();
        reading
    }
}

/// Why a getPosts answer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadPostsError {
    #[error("getPosts: not JSON: {0}")]
    NotJson(serde_json::Error),
    #[error("getPosts: no `posts` list")]
    NoPosts,
}

/// Why a getProfiles answer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadProfilesError {
    #[error("getProfiles: not JSON: {0}")]
    NotJson(serde_json::Error),
    #[error("getProfiles: no `profiles` list")]
    NoProfiles,
}

/// A getPosts answer: each post view's counts by URI.
pub fn read_posts(body: &[u8]) -> Result<HashMap<String, Engagement>, ReadPostsError> {
    let answer: serde_json::Value =
        serde_json::from_slice(body).map_err(ReadPostsError::NotJson)?;
    let posts = answer["posts"].as_array().ok_or(ReadPostsError::NoPosts)?;
    Ok(posts
        .iter()
        .filter_map(|view| {
            let uri = view.get("uri")?.as_str()?.to_owned();
            Some((
                uri,
                Engagement {
                    likes: count(&view["likeCount"]),
                    reposts: count(&view["repostCount"]),
                    replies: count(&view["replyCount"]),
                    quotes: count(&view["quoteCount"]),
                },
            ))
        })
        .collect())
}

/// A getProfiles answer: the profiles of the DIDs `asked` for, with plausible handles.
pub fn read_profiles(body: &[u8], asked: &[String]) -> Result<Vec<Profile>, ReadProfilesError> {
    let answer: serde_json::Value =
        serde_json::from_slice(body).map_err(ReadProfilesError::NotJson)?;
    let profiles = answer["profiles"]
        .as_array()
        .ok_or(ReadProfilesError::NoProfiles)?;
    Ok(profiles
        .iter()
        .filter_map(|p| parse_profile(p, asked))
        .collect())
}

/// A profile view, if it is one of the DIDs asked for and has a plausible handle. The handle
/// `handle.invalid` (the AppView's word for a handle that no longer verifies) is not taken.
fn parse_profile(view: &serde_json::Value, asked: &[String]) -> Option<Profile> {
    let did = view.get("did")?.as_str()?;
    if !asked.iter().any(|a| a == did) {
        return None;
    }
    let handle = view.get("handle")?.as_str()?.trim();
    let plausible = !handle.is_empty()
        && handle.len() <= 253
        && handle != "handle.invalid"
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !plausible {
        return None;
    }
    let text = |key: &str| {
        view.get(key)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    Some(Profile {
        remote_id: did.to_owned(),
        handle: handle.to_ascii_lowercase(),
        display_name: text("displayName"),
        bio: text("description"),
        followers: view.get("followersCount").map(count),
    })
}

impl Refresher for BlueskyRefresher {
    fn name(&self) -> String {
        "bluesky".to_owned()
    }

    fn source(&self) -> SourceKind {
        SourceKind::Bluesky
    }

    fn posts_per_pass(&self) -> usize {
        BATCH * (REQUESTS_PER_PASS - PROFILE_REQUESTS_PER_PASS)
    }

    fn reads_profiles(&self) -> bool {
        true
    }

    fn read<'a>(&'a self, posts: &'a [Tracked], authors: &'a [String]) -> BoxFuture<'a, Reading> {
        Box::pin(self.read_all(posts, authors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_keep_only_what_was_asked_and_plausible_handles() {
        let asked = vec!["did:plc:aaaa".to_owned()];
        let good = serde_json::json!({"did": "did:plc:aaaa", "handle": "Heart.Doc.bsky.social",
            "displayName": " Dr Heart ", "description": "Cardiologist", "followersCount": 12});
        let profile = parse_profile(&good, &asked).unwrap();
        assert_eq!(profile.handle, "heart.doc.bsky.social");
        assert_eq!(profile.display_name.as_deref(), Some("Dr Heart"));
        assert_eq!(profile.followers, Some(12));
        let other = serde_json::json!({"did": "did:plc:zzzz", "handle": "x.bsky.social"});
        assert_eq!(parse_profile(&other, &asked), None);
        for handle in ["handle.invalid", "", "<@&1> everyone", "a b.social"] {
            let bad = serde_json::json!({"did": "did:plc:aaaa", "handle": handle});
            assert_eq!(parse_profile(&bad, &asked), None, "{handle}");
        }
    }
}
