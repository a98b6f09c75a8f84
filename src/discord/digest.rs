//! `/digest setup|edit|list|now|preview|pause|resume`: where and when each channel's digest is
//! posted and what it covers, a look at it before it goes out, an extra one on demand, and a pause.
//! Moderators only. The scheduled posting itself is in `scheduler.rs`.

mod options;
mod posting;

use super::{guild_of, render, reply_ephemeral, Context, Error, Refusal};
use crate::domain::digest::channel::ChannelFilter;
use crate::domain::{DigestWindow, Hashtag, Weekdays};
use crate::store::digest_channels::{DigestSettings, SetUpDigestError};
use chrono::Utc;
use options::{suggest_hashtags, suggest_time_zones, TypedOptions};
use poise::serenity_prelude as serenity;

/// Set up this server's digests, one channel at a time (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "digest_setup",
        "digest_edit",
        "digest_list",
        "posting::digest_preview",
        "posting::digest_now",
        "posting::digest_pause",
        "posting::digest_resume"
    ),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
pub async fn digest(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Post a digest in a channel: when, on which days, over which window, under which hashtags.
#[poise::command(
    slash_command,
    guild_only,
    rename = "setup",
    required_permissions = "MANAGE_GUILD"
)]
#[allow(clippy::too_many_arguments)] // one per slash-command option
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
    #[description = "Days to post on: daily (default), mon-fri, mon,wed,fri…"]
    #[max_length = 64]
    weekdays: Option<String>,
    #[description = "How far back it looks: since-last (default, at most 7d) or 24h…7d"]
    #[max_length = 16]
    window: Option<String>,
    #[description = "Tracked hashtags it covers, e.g. #CardioTwitter #EPeeps (default: all)"]
    #[autocomplete = "suggest_hashtags"]
    #[max_length = 100]
    hashtags: Option<String>,
    #[description = "Only posts mentioning one of these drugs, diseases or words, comma-separated"]
    #[max_length = 200]
    topics: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    if !is_text_channel(&channel) {
        return Err(channel_refusal().into());
    }
    let defaults = ctx.data().digest_defaults;
    let mut settings = DigestSettings {
        channel_id: channel.id.get(),
        time: defaults.time,
        timezone: defaults.timezone,
        weekdays: Weekdays::DAILY,
        window: DigestWindow::SinceLast,
        filter: ChannelFilter::default(),
    };
    let typed = TypedOptions {
        time,
        timezone,
        weekdays,
        window,
        hashtags,
        topics,
    };
    let store = &ctx.data().store;
    typed
        .apply(&mut settings, &tracked(ctx, guild).await?)
        .map_err(|refusal| Refusal::invalid_input(refusal.option, &refusal.reason))?;
    let now = Utc::now();
    let outcome = store
        .save_digest_settings(guild, &settings, now)
        .await
        .map_err(set_up_refusal)?;
    let saved = saved_channel(ctx, guild, settings.channel_id).await?;
    reply_ephemeral(ctx, render::digest_set_up(&saved, outcome, now)).await;
    Ok(())
}

/// A refusal the member reads (the guild's limit), or the failure it is.
fn set_up_refusal(error: SetUpDigestError) -> Error {
    match error {
        SetUpDigestError::LimitReached { limit } => {
            Refusal::new(render::digest_channel_limit_reached(limit)).into()
        }
        failure @ SetUpDigestError::Database(_) => failure.into(),
    }
}

/// Change some settings of a channel's digest; the others stay as they are.
#[poise::command(
    slash_command,
    guild_only,
    rename = "edit",
    required_permissions = "MANAGE_GUILD"
)]
#[allow(clippy::too_many_arguments)] // one per slash-command option
async fn digest_edit(
    ctx: Context<'_>,
    #[description = "The digest channel to change"]
    #[channel_types("Text", "News")]
    channel: serenity::PartialChannel,
    #[description = "Local time of day, 24-hour HH:MM"]
    #[max_length = 5]
    time: Option<String>,
    #[description = "IANA time zone, e.g. Europe/London or America/New_York"]
    #[autocomplete = "suggest_time_zones"]
    #[max_length = 64]
    timezone: Option<String>,
    #[description = "Days to post on: daily, mon-fri, mon,wed,fri…"]
    #[max_length = 64]
    weekdays: Option<String>,
    #[description = "How far back it looks: since-last (at most 7d) or 24h…7d"]
    #[max_length = 16]
    window: Option<String>,
    #[description = "Tracked hashtags it covers, or all"]
    #[autocomplete = "suggest_hashtags"]
    #[max_length = 100]
    hashtags: Option<String>,
    #[description = "Only posts mentioning one of these, comma-separated; none to drop the condition"]
    #[max_length = 200]
    topics: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let typed = TypedOptions {
        time,
        timezone,
        weekdays,
        window,
        hashtags,
        topics,
    };
    let store = &ctx.data().store;
    let channels = store.digest_channels(guild).await?;
    let Some(current) = channels.iter().find(|c| c.channel_id == channel.id.get()) else {
        return Err(Refusal::new(render::digest_not_set_up(channel.id.get())).into());
    };
    if typed.is_empty() {
        let reason = "name at least one setting to change (time, timezone, weekdays, window, hashtags or topics)";
        return Err(Refusal::invalid_input("request", &reason).into());
    }
    let mut settings = current.settings();
    typed
        .apply(&mut settings, &tracked(ctx, guild).await?)
        .map_err(|refusal| Refusal::invalid_input(refusal.option, &refusal.reason))?;
    let now = Utc::now();
    let text = if store.edit_digest(guild, &settings, now).await? {
        render::digest_edited(&saved_channel(ctx, guild, settings.channel_id).await?, now)
    } else {
        render::digest_not_set_up(settings.channel_id)
    };
    reply_ephemeral(ctx, text).await;
    Ok(())
}

/// Each digest channel's settings and when its next digest goes out.
#[poise::command(
    slash_command,
    guild_only,
    rename = "list",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_list(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let channels = ctx.data().store.digest_channels(guild).await?;
    reply_ephemeral(ctx, render::digest_list(&channels, Utc::now())).await;
    Ok(())
}

async fn tracked(ctx: Context<'_>, guild: crate::domain::GuildId) -> Result<Vec<Hashtag>, Error> {
    let tracked = ctx.data().store.tracked_hashtags(guild).await?;
    Ok(tracked.into_iter().map(|t| t.tag).collect())
}

async fn saved_channel(
    ctx: Context<'_>,
    guild: crate::domain::GuildId,
    channel_id: u64,
) -> Result<crate::store::digest_channels::DigestChannel, Error> {
    let channels = ctx.data().store.digest_channels(guild).await?;
    channels
        .into_iter()
        .find(|c| c.channel_id == channel_id)
        .ok_or_else(|| anyhow::anyhow!("digest channel vanished right after it was saved"))
}

fn is_text_channel(channel: &serenity::PartialChannel) -> bool {
    matches!(
        channel.kind,
        serenity::ChannelType::Text | serenity::ChannelType::News
    )
}

fn channel_refusal() -> Refusal {
    let reason = "the digest needs a text or announcement channel";
    Refusal::invalid_input("channel", &reason)
}
