//! The per-guild daily cap on new feed posts (`sources.rss.max_new_posts_per_guild_per_day`): a
//! feed that invents new items every poll (changing guids) cannot grow the database, or a guild's
//! digests, without bound. A feed's post is stored while some guild following the feed is under its
//! cap for the UTC day (so a guild that follows a flood cannot starve another guild's copy of a
//! shared feed); what is over is logged, counted as skipped, and never relayed.

use crate::domain::normalize::Post;
use crate::domain::post::SourceKind;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Keeps the feed posts of a batch that fit under the daily caps, the newest first; returns them
/// with the other posts, and how many were dropped.
pub async fn within_daily_cap(
    store: &Store,
    posts: Vec<Post>,
    cap: u64,
    now: DateTime<Utc>,
) -> Result<(Vec<Post>, usize), crate::store::StoreError> {
    let (mut feed_posts, mut kept): (Vec<Post>, Vec<Post>) = posts
        .into_iter()
        .partition(|post| post.raw.source == SourceKind::Feed);
    if feed_posts.is_empty() {
        return Ok((kept, 0));
    }
    let day_start = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    feed_posts.sort_by_key(|post| std::cmp::Reverse(post.raw.created_at));
    let mut by_feed: BTreeMap<String, Vec<Post>> = BTreeMap::new();
    for post in feed_posts {
        by_feed
            .entry(post.raw.origin.clone())
            .or_default()
            .push(post);
    }
    let mut dropped = 0;
    for (feed, mut posts) in by_feed {
        let followers = store.feed_followers_stored_since(&feed, day_start).await?;
        // No follower (e.g. `rounds ingest --once` just after a feed was removed): nobody's cap.
        let room = followers
            .iter()
            .map(|(_, stored)| cap.saturating_sub(*stored))
            .max()
            .unwrap_or(u64::MAX);
        let room = usize::try_from(room).unwrap_or(usize::MAX);
        if posts.len() > room {
            let over = posts.len() - room;
            posts.truncate(room);
            dropped += over;
            tracing::warn!(
                feed = %feed,
                over,
                cap,
                guilds = ?followers.iter().map(|(g, _)| g.get()).collect::<Vec<_>>(),
                "feed posts over the guilds' daily cap were not stored"
            );
        }
        kept.extend(posts);
    }
    Ok((kept, dropped))
}
