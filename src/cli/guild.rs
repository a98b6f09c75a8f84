//! `track` and `feeds`: a guild's hashtags and feeds from the command line.

use super::open_store;
use super::{FeedsAction, TrackAction};
use crate::config::Settings;
use crate::domain::feed_url::parse_feed_url;
use crate::domain::Hashtag;
use crate::http::AddressPolicy;
use crate::store::feeds::FollowOutcome;
use crate::store::hashtags::TrackOutcome;
use anyhow::Context as _;
use chrono::Utc;
use std::process::ExitCode;

/// `feeds add|remove|list`.
pub(super) async fn feeds(settings: &Settings, action: FeedsAction) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let parse =
        |url: &str| parse_feed_url(url).with_context(|| format!("`{url}` cannot be followed"));
    let result = match action {
        FeedsAction::Add { guild, url } => {
            let url = parse(&url)?;
            AddressPolicy::allowing_private(settings.sources.rss.allow_private_addresses)
                .check_url_resolving(url.as_str())
                .await
                .with_context(|| format!("`{url}` cannot be followed"))?;
            match store
                .follow_feed(guild, url.as_str(), None, Utc::now())
                .await?
            {
                FollowOutcome::Added => {
                    println!("Now following {} in guild {guild}.", url.as_str())
                }
                FollowOutcome::AlreadyFollowed => {
                    println!("{} is already followed in guild {guild}.", url.as_str())
                }
            }
            ExitCode::SUCCESS
        }
        FeedsAction::Remove { guild, url } => {
            let url = parse(&url)?;
            if store.unfollow_feed(guild, url.as_str()).await? {
                println!("Stopped following {} in guild {guild}.", url.as_str());
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "rounds: {} is not followed in guild {guild}; nothing changed",
                    url.as_str()
                );
                ExitCode::FAILURE
            }
        }
        FeedsAction::List { guild } => {
            for url in store.feeds(guild).await? {
                println!("{url}");
            }
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(result)
}

/// `track add|remove|list`.
pub(super) async fn track(settings: &Settings, action: TrackAction) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let result = match action {
        TrackAction::Add { guild, tag } => {
            let tag = Hashtag::parse(&tag).with_context(|| format!("`{tag}` is not a hashtag"))?;
            match store.track_hashtag(guild, &tag, None, Utc::now()).await? {
                TrackOutcome::Added => println!("Now tracking {tag} in guild {guild}."),
                TrackOutcome::AlreadyTracked => {
                    println!("{tag} is already tracked in guild {guild}.")
                }
            }
            ExitCode::SUCCESS
        }
        TrackAction::Remove { guild, tag } => {
            let tag = Hashtag::parse(&tag).with_context(|| format!("`{tag}` is not a hashtag"))?;
            if store.untrack_hashtag(guild, &tag).await? {
                println!("Stopped tracking {tag} in guild {guild}.");
                ExitCode::SUCCESS
            } else {
                eprintln!("rounds: {tag} is not tracked in guild {guild}; nothing changed");
                ExitCode::FAILURE
            }
        }
        TrackAction::List { guild } => {
            for tracked in store.tracked_hashtags(guild).await? {
                println!("{}", tracked.tag);
            }
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(result)
}
