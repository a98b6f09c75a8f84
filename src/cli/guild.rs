//! `track` and `feeds`: a guild's hashtags and feeds from the command line.

use super::open_store;
use super::ListFormat;
use super::{FeedsAction, TrackAction};
use crate::config::Settings;
use crate::domain::feed_url::parse_feed_url;
use crate::domain::Hashtag;
use crate::http::AddressPolicy;
use crate::store::feeds::FollowOutcome;
use crate::store::hashtags::TrackOutcome;
use anyhow::Context as _;
use chrono::Utc;
use std::io::Write;
use std::process::ExitCode;

/// `feeds add|remove|list`.
pub(super) async fn feeds(settings: &Settings, action: FeedsAction) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let mut out = std::io::stdout();
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
                    writeln!(out, "Now following {} in guild {guild}.", url.as_str())?;
                }
                FollowOutcome::AlreadyFollowed => writeln!(
                    out,
                    "{} is already followed in guild {guild}.",
                    url.as_str()
                )?,
            }
            ExitCode::SUCCESS
        }
        FeedsAction::Remove { guild, url } => {
            let url = parse(&url)?;
            if store.unfollow_feed(guild, url.as_str()).await? {
                writeln!(out, "Stopped following {} in guild {guild}.", url.as_str())?;
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "rounds: {} is not followed in guild {guild}; nothing changed",
                    url.as_str()
                );
                ExitCode::FAILURE
            }
        }
        FeedsAction::List { guild, format } => {
            let urls = store.feeds(guild).await?;
            print_list(&mut out, &urls, format)?;
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(result)
}

/// `track add|remove|list`.
pub(super) async fn track(settings: &Settings, action: TrackAction) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let mut out = std::io::stdout();
    let result = match action {
        TrackAction::Add { guild, tag } => {
            let tag = Hashtag::parse(&tag).with_context(|| format!("`{tag}` is not a hashtag"))?;
            match store.track_hashtag(guild, &tag, None, Utc::now()).await? {
                TrackOutcome::Added => writeln!(out, "Now tracking {tag} in guild {guild}.")?,
                TrackOutcome::AlreadyTracked => {
                    writeln!(out, "{tag} is already tracked in guild {guild}.")?;
                }
            }
            ExitCode::SUCCESS
        }
        TrackAction::Remove { guild, tag } => {
            let tag = Hashtag::parse(&tag).with_context(|| format!("`{tag}` is not a hashtag"))?;
            if store.untrack_hashtag(guild, &tag).await? {
                writeln!(out, "Stopped tracking {tag} in guild {guild}.")?;
                ExitCode::SUCCESS
            } else {
                eprintln!("rounds: {tag} is not tracked in guild {guild}; nothing changed");
                ExitCode::FAILURE
            }
        }
        TrackAction::List { guild, format } => {
            let tags: Vec<String> = store
                .tracked_hashtags(guild)
                .await?
                .iter()
                .map(|t| t.tag.to_string())
                .collect();
            if tags.is_empty() && format == ListFormat::Text {
                writeln!(
                    out,
                    "Guild {guild} tracks no hashtags yet. Add one with `rounds track add --guild {guild} TAG`."
                )?;
            } else {
                print_list(&mut out, &tags, format)?;
            }
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(result)
}

/// A list, one item per line or as one JSON array.
fn print_list(out: &mut impl Write, items: &[String], format: ListFormat) -> std::io::Result<()> {
    match format {
        ListFormat::Text => {
            for item in items {
                writeln!(out, "{item}")?;
            }
        }
        ListFormat::Json => writeln!(out, "{}", serde_json::Value::from(items.to_vec()))?,
    }
    Ok(())
}
