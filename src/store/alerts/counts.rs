//! Hourly counts per topic, what the surge detector reads. One function, so it can later be served
//! from the hourly aggregates kept at ingest instead of from the posts.
//!
//! What is counted, for each hour and topic: the **distinct authors of original posts** of the
//! guild (posts carrying a hashtag it tracks, by their created time, hidden authors left out) on the
//! topic. Reposts are not counted, and an author posting ten times in the hour counts once, so a
//! crowd reposting one post, or one account flooding a tag, is not a surge.

use super::super::digests::GUILD_WINDOW;
use super::super::{to_db_time, Store};
use crate::domain::surge::{Topic, TopicKind, TopicSeries};
use crate::domain::GuildId;
use crate::store::{failed_to, StoreError};
use chrono::{DateTime, Duration, DurationRound as _, NaiveDateTime, Utc};
use std::collections::BTreeMap;

/// The hour that contains `time`.
pub fn hour_start(time: DateTime<Utc>) -> DateTime<Utc> {
    time.duration_trunc(Duration::hours(1)).unwrap_or(time)
}

impl Store {
    /// Counts of each of the guild's topics (tracked hashtags, drugs and diseases found in its
    /// posts) for each hour of `[from, to)` (both rounded down to the hour), oldest first. Topics
    /// without a post in the range are left out.
    #[tracing::instrument(skip(self))]
    pub async fn hourly_counts(
        &self,
        guild: GuildId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TopicSeries>, StoreError> {
        failed_to("count a guild's posts by hour", async {
            let (from, to) = (hour_start(from), hour_start(to));
            let hours = usize::try_from((to - from).num_hours()).unwrap_or(0);
            if hours == 0 {
                return Ok(Vec::new());
            }
            // Times are stored as fixed-width RFC 3339 text: the first 13 characters are the hour.
            let tags: Vec<(String, String, i64)> = sqlx::query_as(
                "SELECT ph.tag, substr(ph.created_at, 1, 13) AS hour, count(DISTINCT p.author_id)
             FROM tracked_hashtags t
             JOIN post_hashtags ph ON ph.tag = t.tag
             JOIN posts p ON p.post_id = ph.post_id
             WHERE t.guild_id = ?1 AND ph.created_at >= ?2 AND ph.created_at < ?3
               AND p.repost_of IS NULL
               AND p.author_id NOT IN (SELECT author_id FROM authors WHERE hidden = 1)
             GROUP BY ph.tag, hour",
            )
            .bind(guild.as_i64())
            .bind(to_db_time(from))
            .bind(to_db_time(to))
            .fetch_all(self.pool())
            .await?;
            let entities: Vec<(String, String, String, i64)> = sqlx::query_as(&format!(
                "SELECT e.kind, e.canonical, substr(p.created_at, 1, 13) AS hour,
                    count(DISTINCT p.author_id)
             FROM posts p JOIN post_entities e ON e.post_id = p.post_id
             WHERE {GUILD_WINDOW} AND p.repost_of IS NULL AND e.kind IN ('drug', 'disease')
             GROUP BY e.kind, e.canonical, hour"
            ))
            .bind(guild.as_i64())
            .bind(to_db_time(from))
            .bind(to_db_time(to))
            .fetch_all(self.pool())
            .await?;

            let mut series: BTreeMap<Topic, Vec<u32>> = BTreeMap::new();
            let rows = tags
                .into_iter()
                .map(|(tag, hour, n)| (TopicKind::Hashtag, tag, hour, n))
                .chain(entities.into_iter().filter_map(|(kind, name, hour, n)| {
                    Some((kind.parse::<TopicKind>().ok()?, name, hour, n))
                }));
            for (kind, name, hour, n) in rows {
                let Some(index) = hour_index(&hour, from) else {
                    continue;
                };
                if index >= hours {
                    continue;
                }
                let counts = series
                    .entry(Topic { kind, name })
                    .or_insert_with(|| vec![0; hours]);
                counts[index] = u32::try_from(n).unwrap_or(u32::MAX);
            }
            Ok(series
                .into_iter()
                .map(|(topic, counts)| TopicSeries { topic, counts })
                .collect())
        })
        .await
    }
}

/// Which hour after `from` the stored hour text ("2026-03-02T14") is.
fn hour_index(hour: &str, from: DateTime<Utc>) -> Option<usize> {
    let start = NaiveDateTime::parse_from_str(&format!("{hour}:00:00"), "%Y-%m-%dT%H:%M:%S")
        .ok()?
        .and_utc();
    usize::try_from((start - from).num_hours()).ok()
}
