//! `/feeds add|remove|list`: the journal, PubMed and society feeds a guild follows. Moderators only.
//! A feed whose address is private (this machine, its networks, a metadata service) is refused when
//! added; the fetcher refuses it again when connecting.

use super::{guild_of, render, reply_ephemeral, Context, Error, Refusal};
use crate::domain::feed_url::{parse_feed_url, FeedUrl};
use crate::store::feeds::FollowFeedError;
use chrono::Utc;

/// Choose the journal and news feeds this server follows (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("feeds_add", "feeds_remove", "feeds_list"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
pub async fn feeds(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Follow an RSS, Atom or JSON feed, e.g. a journal's table of contents or a PubMed search.
#[poise::command(
    slash_command,
    guild_only,
    rename = "add",
    required_permissions = "MANAGE_GUILD"
)]
async fn feeds_add(
    ctx: Context<'_>,
    #[description = "The feed's address, starting with https://"]
    #[max_length = 2000]
    url: String,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let url = feed_url(&url)?;
    // Resolving can take a moment; Discord allows three seconds before the first answer.
    ctx.defer_ephemeral().await?;
    if let Err(refused) = ctx
        .data()
        .feed_addresses
        .check_url_resolving(url.as_str())
        .await
    {
        tracing::info!(guild = %guild, %refused, "refused a feed on a private address");
        return Err(Refusal::invalid_input("feed URL", &refused).into());
    }
    let outcome = ctx
        .data()
        .store
        .follow_feed(guild, url.as_str(), Some(ctx.author().id.get()), Utc::now())
        .await
        .map_err(follow_refusal)?;
    reply_ephemeral(ctx, render::feed_followed(url.as_str(), outcome)).await;
    Ok(())
}

/// A refusal the member reads (the guild's limit), or the failure it is.
fn follow_refusal(error: FollowFeedError) -> Error {
    match error {
        FollowFeedError::LimitReached { limit } => {
            Refusal::new(render::feed_limit_reached(limit)).into()
        }
        failure @ FollowFeedError::Database(_) => failure.into(),
    }
}

/// Stop following a feed.
#[poise::command(
    slash_command,
    guild_only,
    rename = "remove",
    required_permissions = "MANAGE_GUILD"
)]
async fn feeds_remove(
    ctx: Context<'_>,
    #[description = "A feed this server follows"]
    #[autocomplete = "suggest_followed_feeds"]
    #[max_length = 2000]
    url: String,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let url = feed_url(&url)?;
    let removed = ctx.data().store.unfollow_feed(guild, url.as_str()).await?;
    reply_ephemeral(ctx, render::feed_unfollowed(url.as_str(), removed)).await;
    Ok(())
}

/// List the feeds this server follows.
#[poise::command(
    slash_command,
    guild_only,
    rename = "list",
    required_permissions = "MANAGE_GUILD"
)]
async fn feeds_list(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let feeds = ctx.data().store.feeds(guild).await?;
    reply_ephemeral(ctx, render::feed_list(&feeds)).await;
    Ok(())
}

/// The feed URL typed, or the refusal saying why it can't be used.
fn feed_url(text: &str) -> Result<FeedUrl, Refusal> {
    parse_feed_url(text).map_err(|reason| Refusal::invalid_input("feed URL", &reason))
}

/// The guild's feeds containing what has been typed; none for members who are not moderators.
async fn suggest_followed_feeds(
    ctx: Context<'_>,
    partial: &str,
) -> poise::serenity_prelude::CreateAutocompleteResponse {
    use poise::serenity_prelude as serenity;
    let (Ok(guild), true) = (guild_of(ctx), super::is_moderator(ctx)) else {
        return serenity::CreateAutocompleteResponse::new();
    };
    let feeds = ctx.data().store.feeds(guild).await.unwrap_or_default();
    let needle = partial.trim().to_lowercase();
    let choices = feeds
        .into_iter()
        .filter(|url| url.to_lowercase().contains(&needle))
        .filter(|url| url.chars().count() <= 100)
        .take(25)
        .map(|url| serenity::AutocompleteChoice::new(url.clone(), url))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
