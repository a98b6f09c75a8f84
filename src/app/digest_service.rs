//! The digest service: reads a guild's window from the store and hands it to the pure digest logic
//! (`domain::digest`). Used by the scheduler, `/digest preview|now`, `rounds digest` and the demo.

use crate::domain::digest::channel::ChannelFilter;
use crate::domain::digest::{build_digest, Digest, DigestInput, DigestPost, PreviousWindow};
use crate::domain::GuildId;
use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

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
) -> Result<Digest, crate::store::StoreError> {
    channel_digest_for(
        store,
        guild,
        &ChannelFilter::default(),
        start,
        end,
        catch_up_periods,
    )
    .await
}

/// Like [`digest_for`], for one channel: only the posts under its hashtags that mention its topics
/// (when it has any), compared with the same selection of the window before.
#[tracing::instrument(skip(store, filter))]
pub async fn channel_digest_for(
    store: &Store,
    guild: GuildId,
    filter: &ChannelFilter,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    catch_up_periods: Option<u32>,
) -> Result<Digest, crate::store::StoreError> {
    let previous_start = start - (end - start);
    // Independent reads, side by side: the store's pool has a connection for each. A filtered
    // channel's previous window is counted from its own posts: the guild-wide counts in SQL would
    // compare it with the whole guild.
    let previous = async {
        if filter.is_everything() {
            Ok((
                store
                    .digest_previous_window(guild, previous_start, start)
                    .await?,
                Vec::new(),
            ))
        } else {
            Ok((
                PreviousWindow::default(),
                store.digest_posts(guild, previous_start, start).await?,
            ))
        }
    };
    let (tracked, posts, (previous, before), feed_items) = tokio::try_join!(
        store.tracked_hashtags(guild),
        store.digest_posts(guild, start, end),
        previous,
        store.digest_feed_items(guild, start, end),
    )?;
    // Authors who opted out (`summary.excluded_authors`), and those the guild's moderators
    // excluded (`/voices exclude:`), are left out of digests too, in both windows.
    let excluded = store.excluded_authors_for(guild).await?;
    let tracked: Vec<_> = tracked.into_iter().map(|t| t.tag).collect();
    let covered = filter.covered(&tracked);
    let covered_keys: HashSet<String> = covered.iter().map(|t| t.key().to_owned()).collect();
    let kept = |posts: Vec<DigestPost>| -> Vec<DigestPost> {
        posts
            .into_iter()
            .filter(|p| !excluded.excludes(&p.author))
            .collect()
    };
    let admitted = |posts: Vec<DigestPost>| -> Vec<DigestPost> {
        posts
            .into_iter()
            .filter(|p| filter.admits(p, &covered_keys))
            .collect()
    };
    let (posts, feed_items) = (kept(posts), kept(feed_items));
    let (posts, previous) = if filter.is_everything() {
        // The window before is counted in SQL; what excluded authors wrote in it comes off, so
        // the comparison leaves them out as this window does.
        let mut previous = previous;
        let share = store
            .excluded_share_of_window(guild, previous_start, start, &excluded)
            .await?;
        previous.posts = previous.posts.saturating_sub(share.posts);
        previous.authors = previous.authors.saturating_sub(share.authors);
        for (entity, n) in share.entities {
            if let Some(count) = previous.entities.get_mut(&entity) {
                *count = count.saturating_sub(n);
            }
        }
        previous.entities.retain(|_, n| *n > 0);
        (posts, previous)
    } else {
        (
            admitted(posts),
            PreviousWindow::from_posts(&admitted(kept(before))),
        )
    };
    // Feeds are followed by the guild, not per hashtag: a channel with topics gets the items that
    // mention them, others get every new item.
    let feed_items = if filter.topics.is_empty() {
        feed_items
    } else {
        let topics_only = ChannelFilter {
            hashtags: Vec::new(),
            topics: filter.topics.clone(),
        };
        feed_items
            .into_iter()
            .filter(|p| topics_only.admits(p, &covered_keys))
            .collect()
    };
    let mut tracked: Vec<String> = covered.iter().map(|t| t.display().to_owned()).collect();
    if tracked.is_empty() && !filter.hashtags.is_empty() {
        // The guild stopped tracking every hashtag this channel chose: say "no new posts under
        // #Them" rather than that the guild tracks nothing.
        tracked = filter
            .hashtags
            .iter()
            .map(|t| t.display().to_owned())
            .collect();
    }
    let mut digest = build_digest(&DigestInput {
        start,
        end,
        tracked: &tracked,
        posts: &posts,
        previous: &previous,
        feed_items: &feed_items,
        tiers: crate::lexicons::tiers(),
        catch_up_periods,
    });
    digest.topics = filter.topics.iter().map(ToString::to_string).collect();
    let shown: Vec<_> = digest.papers.iter().map(|p| p.paper.clone()).collect();
    let titles = store.paper_titles(guild, &shown).await?;
    for paper in &mut digest.papers {
        paper.title = titles.get(&paper.paper).cloned();
        // Crossref's `type`, when a journal club already asked for the paper, says what it is
        // better than its DOI prefix does. The digest never calls Crossref itself.
        if let crate::domain::papers::PaperId::Doi(doi) = &paper.paper {
            let doi = doi.as_str();
            let cached = store
                .cached_metadata(
                    crate::store::papers::MetadataService::Crossref,
                    doi,
                    DateTime::<Utc>::UNIX_EPOCH,
                )
                .await?;
            let work_type = cached
                .as_deref()
                .and_then(|body| crate::metadata::crossref::parse_work(body).ok())
                .and_then(|work| work.work_type);
            if work_type.is_some() {
                paper.tier = Some(crate::domain::papers::tier::doi_tier(
                    doi,
                    work_type.as_deref(),
                ));
            }
        }
    }
    Ok(digest)
}

/// The digest a channel would get if it were posted at `end` off schedule (`/digest preview|now`,
/// `rounds digest --channel`): its hashtags and topics, over its window (for `since-last`, since
/// its last digest).
pub async fn channel_digest_at(
    store: &Store,
    guild: GuildId,
    channel: &crate::store::digest_channels::DigestChannel,
    end: DateTime<Utc>,
) -> Result<Digest, crate::store::StoreError> {
    let last_end = store.last_digest_end(channel.channel_id).await?;
    let start = channel.schedule().start_of_window_ending(end, last_end);
    channel_digest_for(store, guild, &channel.filter, start, end, None).await
}
