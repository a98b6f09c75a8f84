//! The alert service: reads a guild's hourly topic counts from the store and hands them to the pure
//! surge detector (`domain::surge`). The alert task and `rounds alerts check` both call
//! `surges_at`, so the command line prints exactly what the bot would judge.

use crate::domain::digest::DigestPost;
use crate::domain::surge::{self, topics::driving_posts, Sensitivity, Surge, HISTORY_HOURS};
use crate::domain::GuildId;
use crate::store::alerts::hour_start;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};

/// How many posts an announcement shows.
pub const DRIVING_POSTS: usize = 3;

/// The hour judged at `at`: the last complete one (the hour containing `at` is still filling).
pub fn judged_hour(at: DateTime<Utc>) -> DateTime<Utc> {
    hour_start(at) - Duration::hours(1)
}

/// The surges of `guild`'s topics in progress at `at` (judged on the last complete hour), most
/// unusual first.
#[tracing::instrument(skip(store))]
pub async fn surges_at(
    store: &Store,
    guild: GuildId,
    at: DateTime<Utc>,
    sensitivity: Sensitivity,
) -> Result<Vec<Surge>, crate::store::StoreError> {
    let hour = judged_hour(at);
    let from = hour - Duration::hours(HISTORY_HOURS as i64);
    let series = store
        .hourly_counts(guild, from, hour + Duration::hours(1))
        .await?;
    Ok(surge::detect(&series, hour, sensitivity))
}

/// The posts driving `surge`: its topic's most engaged original posts since it began, one per
/// author, without the authors the operator excluded.
pub async fn posts_driving(
    store: &Store,
    guild: GuildId,
    surge: &Surge,
    at: DateTime<Utc>,
) -> Result<Vec<DigestPost>, crate::store::StoreError> {
    let end = judged_hour(at) + Duration::hours(1);
    let posts = store.digest_posts(guild, surge.started, end).await?;
    let excluded = store.excluded_authors_for(guild).await?;
    let kept: Vec<DigestPost> = posts
        .into_iter()
        .filter(|p| !excluded.excludes(&p.author))
        .collect();
    Ok(driving_posts(&kept, &surge.topic, DRIVING_POSTS)
        .into_iter()
        .cloned()
        .collect())
}
