//! `/digest setup|now|preview|pause|resume`: where and when the daily digest is posted, a look at it
//! before it goes out, an extra one on demand, and a pause. Moderators only. The scheduled posting
//! itself is in `scheduler.rs`.

use super::render::digest::{digest_messages, part_to_message, to_create_embed, EmbedSpec};
use super::{guild_of, render, reply_ephemeral, Context, Error};
use crate::domain::{DigestTime, TimeZone};
use crate::store::digest_channels::{DigestSetup, SetUpDigestError};
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// Set up this server's daily digest (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "digest_setup",
        "digest_preview",
        "digest_now",
        "digest_pause",
        "digest_resume"
    ),
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

/// See the digest as it would look now, only for you.
#[poise::command(
    slash_command,
    guild_only,
    rename = "preview",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_preview(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    ctx.defer_ephemeral().await?;
    for part in current_digest(ctx, guild).await? {
        let mut reply = poise::CreateReply::default().ephemeral(true);
        for spec in &part {
            reply = reply.embed(to_create_embed(spec, spec.footer.clone()));
        }
        ctx.send(reply).await?;
    }
    Ok(())
}

/// Post a digest of the last window now, in addition to the scheduled ones.
#[poise::command(
    slash_command,
    guild_only,
    rename = "now",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_now(
    ctx: Context<'_>,
    #[description = "Channel to post in (default: this server's digest channels)"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let targets: Vec<u64> = match channel {
        Some(channel) => vec![channel.id.get()],
        None => ctx
            .data()
            .store
            .digest_channels(guild)
            .await?
            .iter()
            .map(|c| c.channel_id)
            .collect(),
    };
    if targets.is_empty() {
        let reason =
            "this server has no digest channel yet: use `/digest setup`, or name a channel";
        reply_ephemeral(ctx, render::invalid_input("request", &reason)).await;
        return Ok(());
    }
    ctx.defer_ephemeral().await?;
    let parts = current_digest(ctx, guild).await?;
    let mut failed = Vec::new();
    for &target in &targets {
        for part in &parts {
            let sent = serenity::ChannelId::new(target)
                .send_message(ctx, part_to_message(part, None))
                .await;
            if let Err(e) = sent {
                tracing::warn!(guild = %guild, channel = target, error = %e, "failed to post an on-demand digest");
                failed.push(target);
                break;
            }
        }
    }
    reply_ephemeral(ctx, render::digest_posted_now(&targets, &failed)).await;
    Ok(())
}

/// Stop posting the digest until you resume it.
#[poise::command(
    slash_command,
    guild_only,
    rename = "pause",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_pause(
    ctx: Context<'_>,
    #[description = "Only this channel (default: all of this server's digest channels)"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    set_paused(ctx, channel, true).await
}

/// Start posting the digest again.
#[poise::command(
    slash_command,
    guild_only,
    rename = "resume",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_resume(
    ctx: Context<'_>,
    #[description = "Only this channel (default: all of this server's digest channels)"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    set_paused(ctx, channel, false).await
}

async fn set_paused(
    ctx: Context<'_>,
    channel: Option<serenity::PartialChannel>,
    paused: bool,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let changed = ctx
        .data()
        .store
        .set_digest_paused(guild, channel.map(|c| c.id.get()), paused, Utc::now())
        .await?;
    reply_ephemeral(ctx, render::digest_paused(paused, changed)).await;
    Ok(())
}

/// The guild's digest of the last window (its first digest channel's, else the configured default),
/// as message parts.
async fn current_digest(
    ctx: Context<'_>,
    guild: crate::domain::GuildId,
) -> Result<Vec<Vec<EmbedSpec>>, Error> {
    let store = &ctx.data().store;
    let window = store
        .digest_channels(guild)
        .await?
        .first()
        .map_or(ctx.data().digest_defaults.window, |c| c.window);
    let end = Utc::now();
    let start = end - chrono::Duration::seconds(window.as_secs() as i64);
    let digest = crate::app::digest_service::digest_for(store, guild, start, end, None).await?;
    Ok(digest_messages(&digest))
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
