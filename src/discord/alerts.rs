//! `/alerts setup|pause|resume|list`: which channels hear about surges, how readily, and on which
//! topics. Moderators only. The announcing itself is in `alerts/announcer.rs`, the completion of
//! topics in `alerts/suggest.rs`.

pub mod announcer;
mod suggest;

use super::{guild_of, render, reply_ephemeral, Context, Error, Refusal};
use crate::domain::surge::topics::TopicFilter;
use crate::domain::surge::Sensitivity;
use crate::store::alerts::SetUpAlertsError;
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// How many recent announcements `/alerts list` shows.
const LISTED_ANNOUNCEMENTS: u32 = 5;

/// How readily a channel is alerted.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum SensitivityChoice {
    #[name = "low"]
    Low,
    #[name = "normal"]
    Normal,
    #[name = "high"]
    High,
}

impl From<SensitivityChoice> for Sensitivity {
    fn from(choice: SensitivityChoice) -> Self {
        match choice {
            SensitivityChoice::Low => Self::Low,
            SensitivityChoice::Normal => Self::Normal,
            SensitivityChoice::High => Self::High,
        }
    }
}

/// Announce surges of this server's topics in a channel (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("alerts_setup", "alerts_pause", "alerts_resume", "alerts_list"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
pub async fn alerts(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Choose a channel for surge alerts, how readily it is alerted, and on which topics.
#[poise::command(
    slash_command,
    guild_only,
    rename = "setup",
    required_permissions = "MANAGE_GUILD"
)]
async fn alerts_setup(
    ctx: Context<'_>,
    #[description = "Channel to announce surges in"]
    #[channel_types("Text", "News")]
    channel: serenity::PartialChannel,
    #[description = "How readily to announce (default normal)"] sensitivity: Option<
        SensitivityChoice,
    >,
    #[description = "Only these, comma-separated: #hashtags, drugs, diseases (default: all)"]
    #[autocomplete = "suggest::suggest_topics"]
    #[max_length = 1000]
    topics: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    if !matches!(
        channel.kind,
        serenity::ChannelType::Text | serenity::ChannelType::News
    ) {
        let reason = "alerts need a text or announcement channel";
        return Err(Refusal::invalid_input("channel", &reason).into());
    }
    let topics = TopicFilter::parse(topics.as_deref().unwrap_or(""))
        .map_err(|reason| Refusal::invalid_input("topics", &reason))?;
    let sensitivity = sensitivity.map_or(Sensitivity::Normal, Sensitivity::from);
    let store = &ctx.data().store;
    let channel_id = channel.id.get();
    let created = store
        .set_up_alerts(guild, channel_id, sensitivity, &topics, Utc::now())
        .await
        .map_err(set_up_refusal)?;
    let saved = store
        .alert_channels(guild)
        .await?
        .into_iter()
        .find(|c| c.channel_id == channel_id)
        .ok_or_else(|| anyhow::anyhow!("alert channel vanished right after it was saved"))?;
    reply_ephemeral(ctx, render::alerts::alerts_set_up(&saved, created)).await;
    Ok(())
}

/// A refusal the member reads (the guild's limit), or the failure it is.
fn set_up_refusal(error: SetUpAlertsError) -> Error {
    match error {
        SetUpAlertsError::LimitReached { limit } => {
            Refusal::new(render::alert_channel_limit_reached(limit)).into()
        }
        failure @ SetUpAlertsError::Database(_) => failure.into(),
    }
}

/// Stop announcing surges until you resume.
#[poise::command(
    slash_command,
    guild_only,
    rename = "pause",
    required_permissions = "MANAGE_GUILD"
)]
async fn alerts_pause(
    ctx: Context<'_>,
    #[description = "Only this channel (default: all of this server's alert channels)"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    set_paused(ctx, channel, true).await
}

/// Announce surges again.
#[poise::command(
    slash_command,
    guild_only,
    rename = "resume",
    required_permissions = "MANAGE_GUILD"
)]
async fn alerts_resume(
    ctx: Context<'_>,
    #[description = "Only this channel (default: all of this server's alert channels)"]
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
        .set_alerts_paused(guild, channel.map(|c| c.id.get()), paused, Utc::now())
        .await?;
    reply_ephemeral(ctx, render::alerts::alerts_paused(paused, changed)).await;
    Ok(())
}

/// Show this server's alert channels and its latest announcements.
#[poise::command(
    slash_command,
    guild_only,
    rename = "list",
    required_permissions = "MANAGE_GUILD"
)]
async fn alerts_list(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let store = &ctx.data().store;
    let channels = store.alert_channels(guild).await?;
    let announced: Vec<_> = store
        .recent_announcements(guild, LISTED_ANNOUNCEMENTS)
        .await?
        .into_iter()
        .map(|a| (a.topic.to_string(), a.surge_start))
        .collect();
    reply_ephemeral(ctx, render::alerts::alerts_list(&channels, &announced)).await;
    Ok(())
}
