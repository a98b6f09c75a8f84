//! `/settings`: the guild's whole configuration at a glance. Moderators only.

use super::{guild_of, render, reply_ephemeral, Context, Error};

/// Show this server's Rounds settings (moderators).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn settings(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let store = &ctx.data().store;
    let tags = store.tracked_hashtags(guild).await?;
    let digests = store.digest_channels(guild).await?;
    let feeds = store.feed_count(guild).await?;
    let questions = store.questions_channel(guild).await?;
    reply_ephemeral(
        ctx,
        render::settings_overview(&tags, &digests, feeds, questions),
    )
    .await;
    Ok(())
}
