//! `/digest setup`: where and when the daily digest is posted. Moderators only.
//! (Posting digests, and `/digest now|preview|pause|resume`, arrive with the digest feature.)

use super::{guild_of, render, reply_ephemeral, Context, Error};
use crate::domain::{DigestTime, TimeZone};
use crate::store::digest_channels::{DigestSetup, SetUpDigestError};
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// Set up this server's daily digest (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("digest_setup"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn digest(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Choose the channel, local time and time zone of the daily digest.
#[poise::command(
    slash_command,
    guild_only,
    rename = "setup",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_setup(
    ctx: Context<'_>,
    #[description = "Channel to post the digest in"]
    #[channel_types("Text", "News")]
    channel: serenity::PartialChannel,
    #[description = "Local time of day, 24-hour HH:MM (default from the bot's config)"]
    #[max_length = 5]
    time: Option<String>,
    #[description = "IANA time zone, e.g. Europe/London or America/New_York"]
    #[autocomplete = "suggest_time_zones"]
    #[max_length = 64]
    timezone: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let defaults = ctx.data().digest_defaults;
    let time = match time.as_deref().map(DigestTime::parse).transpose() {
        Ok(time) => time.unwrap_or(defaults.time),
        Err(reason) => {
            reply_ephemeral(ctx, render::invalid_input("time", &reason)).await;
            return Ok(());
        }
    };
    let timezone = match timezone.as_deref().map(TimeZone::parse).transpose() {
        Ok(zone) => zone.unwrap_or(defaults.timezone),
        Err(reason) => {
            reply_ephemeral(ctx, render::invalid_input("time zone", &reason)).await;
            return Ok(());
        }
    };
    if !matches!(
        channel.kind,
        serenity::ChannelType::Text | serenity::ChannelType::News
    ) {
        reply_ephemeral(
            ctx,
            render::invalid_input(
                "channel",
                &"the digest needs a text or announcement channel",
            ),
        )
        .await;
        return Ok(());
    }
    let setup = DigestSetup {
        channel_id: channel.id.get(),
        time,
        timezone,
        window: defaults.window,
    };
    let store = &ctx.data().store;
    let text = match store.set_up_digest(guild, &setup, Utc::now()).await {
        Ok(outcome) => {
            let channels = store.digest_channels(guild).await?;
            let saved = channels
                .iter()
                .find(|c| c.channel_id == setup.channel_id)
                .ok_or_else(|| {
                    anyhow::anyhow!("digest channel vanished right after it was saved")
                })?;
            render::digest_set_up(saved, outcome)
        }
        Err(limit @ SetUpDigestError::LimitReached) => limit.to_string(),
        Err(other) => return Err(other.into()),
    };
    reply_ephemeral(ctx, text).await;
    Ok(())
}

/// IANA zone names containing what has been typed.
async fn suggest_time_zones(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let needle = partial.trim().to_lowercase();
    let choices = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| name.to_lowercase().contains(&needle))
        .take(25)
        .map(|name| serenity::AutocompleteChoice::new(name, name))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
