//! The digest service: reads a guild's window from the store and hands it to the pure digest logic
//! (`domain::digest`). Used by the scheduler, `/digest preview|now`, `rounds digest` and the demo.

use crate::domain::digest::tiers::SourceTiers;
use crate::domain::digest::{build_digest, Digest, DigestInput};
use crate::domain::GuildId;
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Builds the digest of `guild` for `[start, end)`, comparing with the window of the same length
/// before it, without the authors the operator excluded (`Store::excluded_authors`) or the guild's
/// moderators did (`/voices exclude:`).
#[tracing::instrument(skip(store))]
pub async fn digest_for(
    store: &Store,
    guild: GuildId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    catch_up_periods: Option<u32>,
) -> Result<Digest, sqlx::Error> {
    // Independent reads, side by side: the store's pool has a connection for each.
    let (tracked, posts, previous, feed_items) = tokio::try_join!(
        store.tracked_hashtags(guild),
        store.digest_posts(guild, start, end),
        store.digest_previous_window(guild, start - (end - start), start),
        store.digest_feed_items(guild, start, end),
    )?;
    // Authors who opted out (`summary.excluded_authors`), and those the guild's moderators
    // excluded (`/voices exclude:`), are left out of digests too.
    let excluded = store.excluded_authors_for(guild).await?;
    // The window before is counted in SQL; what excluded authors wrote in it comes off, so the
    // comparison leaves them out as this window does.
    let mut previous = previous;
    let share = store
        .excluded_share_of_window(guild, start - (end - start), start, &excluded)
        .await?;
    previous.posts = previous.posts.saturating_sub(share.posts);
    previous.authors = previous.authors.saturating_sub(share.authors);
    for (entity, n) in share.entities {
        if let Some(count) = previous.entities.get_mut(&entity) {
            *count = count.saturating_sub(n);
        }
    }
    previous.entities.retain(|_, n| *n > 0);
    let (posts, feed_items) = if excluded.is_empty() {
        (posts, feed_items)
    } else {
        let kept = |posts: Vec<crate::domain::digest::DigestPost>| -> Vec<_> {
            posts
                .into_iter()
                .filter(|p| !excluded.excludes(&p.author))
                .collect()
        };
        (kept(posts), kept(feed_items))
    };
    let tracked: Vec<String> = tracked
        .into_iter()
        .map(|t| t.tag.display().to_owned())
        .collect();
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
