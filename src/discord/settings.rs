//! `/settings`: the guild's whole configuration at a glance, and the settings that are one value each.
//! Moderators only.

use super::{guild_of, render, reply_ephemeral, Context, Error, Refusal};
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// Show this server's Rounds settings, or set where /ask posts questions (moderators).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn settings(
    ctx: Context<'_>,
    #[description = "Channel where /ask posts questions (anonymously)"]
    #[channel_types("Text")]
    questions_channel: Option<serenity::PartialChannel>,
    #[description = "Stop posting /ask questions to a channel (they are still logged)"]
    clear_questions_channel: Option<bool>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let store = &ctx.data().store;
    let change = match (questions_channel, clear_questions_channel) {
        (Some(_), Some(true)) => {
            let reason = "choose either questions_channel or clear_questions_channel, not both";
            return Err(Refusal::invalid_input("setting", &reason).into());
        }
        (Some(channel), _) if channel.kind != serenity::ChannelType::Text => {
            let reason = "questions need a text channel";
            return Err(Refusal::invalid_input("channel", &reason).into());
        }
        (Some(channel), _) => Some(Some(channel.id.get())),
        (None, Some(true)) => Some(None),
        (None, _) => None,
    };
    if let Some(channel) = change {
        store
            .set_questions_channel(guild, channel, Utc::now())
            .await?;
    }
    let tags = store.tracked_hashtags(guild).await?;
    let digests = store.digest_channels(guild).await?;
    let feeds = store.feed_count(guild).await?;
    let questions = store.questions_channel(guild).await?;
    let mut text = render::settings_overview(&tags, &digests, feeds, questions);
    if change.is_some() {
        text = format!("Saved.\n{text}");
    }
    reply_ephemeral(ctx, text).await;
    Ok(())
}
