//! `/track add|remove|list`: the hashtags a guild follows. Moderators only.

use super::{guild_of, is_moderator, render, reply_ephemeral, Context, Error, Refusal};
use crate::domain::Hashtag;
use crate::store::hashtags::TrackHashtagError;
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// Discord shows at most 25 autocomplete choices.
const MAX_CHOICES: usize = 25;

/// Choose the hashtags this server follows (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("track_add", "track_remove", "track_list"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
pub async fn track(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Start tracking a hashtag, e.g. #MedEd.
#[poise::command(
    slash_command,
    guild_only,
    rename = "add",
    required_permissions = "MANAGE_GUILD"
)]
async fn track_add(
    ctx: Context<'_>,
    #[description = "The hashtag, with or without #"]
    #[autocomplete = "suggest_hashtags_to_add"]
    #[max_length = 101]
    hashtag: String,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let tag = parse_hashtag(&hashtag)?;
    let outcome = ctx
        .data()
        .store
        .track_hashtag(guild, &tag, Some(ctx.author().id.get()), Utc::now())
        .await
        .map_err(track_refusal)?;
    reply_ephemeral(ctx, render::tracked(&tag, outcome)).await;
    Ok(())
}

/// A refusal the member reads (the guild's limit), or the failure it is.
fn track_refusal(error: TrackHashtagError) -> Error {
    match error {
        TrackHashtagError::LimitReached { limit } => {
            Refusal::new(render::hashtag_limit_reached(limit)).into()
        }
        failure @ TrackHashtagError::Database(_) => failure.into(),
    }
}

/// Stop tracking a hashtag.
#[poise::command(
    slash_command,
    guild_only,
    rename = "remove",
    required_permissions = "MANAGE_GUILD"
)]
async fn track_remove(
    ctx: Context<'_>,
    #[description = "A hashtag this server tracks"]
    #[autocomplete = "suggest_tracked_hashtags"]
    #[max_length = 101]
    hashtag: String,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let tag = parse_hashtag(&hashtag)?;
    let was_tracked = ctx.data().store.untrack_hashtag(guild, &tag).await?;
    reply_ephemeral(ctx, render::untracked(&tag, was_tracked)).await;
    Ok(())
}

/// List the hashtags this server tracks.
#[poise::command(
    slash_command,
    guild_only,
    rename = "list",
    required_permissions = "MANAGE_GUILD"
)]
async fn track_list(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let tags = ctx.data().store.tracked_hashtags(guild).await?;
    reply_ephemeral(ctx, render::tracked_list(&tags)).await;
    Ok(())
}

/// Parses a hashtag option, or the refusal saying why it can't be used.
fn parse_hashtag(input: &str) -> Result<Hashtag, Refusal> {
    Hashtag::parse(input).map_err(|reason| Refusal::invalid_input("hashtag", &reason))
}

/// The guild's own hashtags and well-known medical ones, filtered by what has been typed.
async fn suggest_hashtags_to_add(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    // From `config/known-hashtags.txt`, or the operator's copy in `lexicons.dir`.
    let known = crate::lexicons::known_hashtags().iter().cloned();
    choices(guild_tags(ctx).await.into_iter().chain(known), partial)
}

/// The guild's tracked hashtags, filtered by what has been typed.
async fn suggest_tracked_hashtags(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    choices(guild_tags(ctx).await.into_iter(), partial)
}

/// The calling guild's tracked hashtags as written; empty for members who are not moderators, since
/// autocomplete runs before (and apart from) the command's permission check.
async fn guild_tags(ctx: Context<'_>) -> Vec<String> {
    let Ok(guild) = guild_of(ctx) else {
        return Vec::new();
    };
    if !is_moderator(ctx) {
        return Vec::new();
    }
    match ctx.data().store.tracked_hashtags(guild).await {
        Ok(tags) => tags
            .into_iter()
            .map(|t| t.tag.display().to_owned())
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "failed to load tracked hashtags for autocomplete");
            Vec::new()
        }
    }
}

/// Candidates whose case-folded form contains the typed text, prefix matches first.
fn choices(
    candidates: impl Iterator<Item = String>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let needle = partial.trim().trim_start_matches('#').to_lowercase();
    let mut matching: Vec<(bool, String)> = candidates
        .filter(|c| c.to_lowercase().contains(&needle))
        .map(|c| (!c.to_lowercase().starts_with(&needle), c))
        .collect();
    matching.sort();
    matching.dedup_by(|a, b| a.1.eq_ignore_ascii_case(&b.1));
    let choices = matching
        .into_iter()
        .take(MAX_CHOICES)
        .map(|(_, tag)| serenity::AutocompleteChoice::new(format!("#{tag}"), tag))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
