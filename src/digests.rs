//! Digests: the orchestration between the store and the pure digest logic, used by the scheduler,
//! `/digest preview|now` and `rounds digest`.

use crate::domain::digest::tiers::SourceTiers;
use crate::domain::digest::{build_digest, Digest, DigestInput};
use crate::domain::GuildId;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Builds the digest of `guild` for `[start, end)`, comparing with the window of the same length
/// before it.
#[tracing::instrument(skip(store))]
pub async fn digest_for(
    store: &Store,
    guild: GuildId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    catch_up_periods: Option<u32>,
) -> Result<Digest, sqlx::Error> {
    let tracked: Vec<String> = store
        .tracked_hashtags(guild)
        .await?
        .into_iter()
        .map(|t| t.tag.display().to_owned())
        .collect();
    let posts = store.digest_posts(guild, start, end).await?;
    let previous = store
        .digest_previous_window(guild, start - (end - start), start)
        .await?;
    let feed_items = store.digest_feed_items(guild, start, end).await?;
    let mut digest = build_digest(&DigestInput {
        start,
        end,
        tracked: &tracked,
        posts: &posts,
        previous: &previous,
        feed_items: &feed_items,
        tiers: SourceTiers::bundled(),
        catch_up_periods,
    });
    let shown: Vec<_> = digest.papers.iter().map(|p| p.paper.clone()).collect();
    let titles = store.paper_titles(guild, &shown).await?;
    for paper in &mut digest.papers {
        paper.title = titles.get(&paper.paper).cloned();
    }
    Ok(digest)
}
