//! The digest service: reads a guild's window from the store and hands it to the pure digest logic
//! (`domain::digest`). Used by the scheduler, `/digest preview|now`, `rounds digest` and the demo.

use crate::domain::digest::channel::ChannelFilter;
use crate::domain::digest::{build_digest, Digest, DigestInput, DigestPost, PreviousWindow};
use crate::domain::summary::ExcludedAuthors;
use crate::domain::GuildId;
use crate::store::digests::{Texts, MAX_DIGEST_POSTS};
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
    channel_digest_capped(
        store,
        guild,
        filter,
        start,
        end,
        catch_up_periods,
        MAX_DIGEST_POSTS,
    )
    .await
}

/// [`channel_digest_for`], reading at most `max_posts` posts of each window (`MAX_DIGEST_POSTS`;
/// tests reach the cap with fewer). A whole-guild window busier than that is counted in SQL, as
/// the window before is, so its headline and entity trends are not those of the posts read only.
pub(crate) async fn channel_digest_capped(
    store: &Store,
    guild: GuildId,
    filter: &ChannelFilter,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    catch_up_periods: Option<u32>,
    max_posts: usize,
) -> Result<Digest, crate::store::StoreError> {
    let previous_start = start - (end - start);
    // A digest shows the texts of a few posts only: the window is read without texts (most of
    // what a post weighs), and those few are read afterwards. A channel's topics are matched
    // against every post's text.
    let texts = if filter.topics.is_empty() {
        Texts::Skip
    } else {
        Texts::Read
    };
    // Authors who opted out (`summary.excluded_authors`), and those the guild's moderators
    // excluded (`/voices exclude:`), are left out of digests too, in both windows.
    let excluded = store.excluded_authors_for(guild).await?;
    // Independent reads, side by side: the store's pool has a connection for each. A filtered
    // channel's previous window is counted from its own posts: the guild-wide counts in SQL would
    // compare it with the whole guild.
    let previous = async {
        if filter.is_everything() {
            let counts = window_counts(store, guild, previous_start, start, &excluded).await?;
            Ok((counts, Vec::new()))
        } else {
            let before = store
                .digest_posts_up_to(guild, previous_start, start, max_posts, texts)
                .await?;
            Ok((PreviousWindow::default(), before))
        }
    };
    let (tracked, posts, (previous, before), feed_items) = tokio::try_join!(
        store.tracked_hashtags(guild),
        store.digest_posts_up_to(guild, start, end, max_posts, texts),
        previous,
        store.digest_feed_items(guild, start, end),
    )?;
    // Only the most engaged posts were read: the window has more than these.
    let capped = posts.len() >= max_posts;
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
    // The least engagement among the posts read, when the read was capped: the window's posts more
    // engaged than this were all read.
    let cutoff = capped
        .then(|| posts.iter().map(|p| p.engagement.interactions()).min())
        .flatten();
    let (posts, feed_items) = (kept(posts), kept(feed_items));
    let (posts, previous, counts) = if filter.is_everything() {
        // A capped window is counted in full in SQL, as the window before is: its headline and
        // entity trends then compare like with like rather than its most engaged posts with all.
        let counts = if capped {
            Some(window_counts(store, guild, start, end, &excluded).await?)
        } else {
            None
        };
        (posts, previous, counts)
    } else {
        // A channel's selection cannot be counted in SQL (topics are matched here). When this
        // window's read was capped, every post of it more engaged than `cutoff` was read, and the
        // window before is counted the same way, from its posts more engaged than `cutoff` only:
        // a quieter week before, read in full, would otherwise show a fall that was never seen.
        // (Its own read has the same cap, so it can only undercount those: a fall shown is one
        // among the posts more engaged than `cutoff`.)
        let before = kept(before)
            .into_iter()
            .filter(|p| cutoff.is_none_or(|least| p.engagement.interactions() > least))
            .collect();
        (
            admitted(posts),
            PreviousWindow::from_posts(&admitted(before)),
            None,
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
        counts: counts.as_ref(),
    });
    if texts == Texts::Skip {
        // Nothing a digest chooses depends on a text: the texts of what it shows are read and
        // filled in, and it is the digest built from the posts read whole.
        let shown = digest.posts_with_text_shown(&posts);
        if !shown.is_empty() {
            let found = store.post_texts(&shown).await?;
            digest.fill_texts(&posts, &found);
        }
    }
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

/// The counts of the guild's window `[start, end)`, counted in SQL, without what `excluded` authors
/// wrote in it: the window before a digest's, and a digest's own window when it is too busy to read.
async fn window_counts(
    store: &Store,
    guild: GuildId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    excluded: &ExcludedAuthors,
) -> Result<PreviousWindow, crate::store::StoreError> {
    let (mut counts, share) = tokio::try_join!(
        store.digest_previous_window(guild, start, end),
        store.excluded_share_of_window(guild, start, end, excluded),
    )?;
    counts.posts = counts.posts.saturating_sub(share.posts);
    counts.authors = counts.authors.saturating_sub(share.authors);
    for (entity, n) in share.entities {
        if let Some(count) = counts.entities.get_mut(&entity) {
            *count = count.saturating_sub(n);
        }
    }
    counts.entities.retain(|_, n| *n > 0);
    Ok(counts)
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

#[cfg(test)]
mod tests;
