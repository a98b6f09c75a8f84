//! `/sources status`: what each source last did, for moderators wondering why a digest is thin.

use super::{render, reply_ephemeral, Context, Error};

/// See how the hashtag and feed sources are doing (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("sources_status"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn sources(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Each source's last success, last error, backlog and polling interval.
#[poise::command(
    slash_command,
    guild_only,
    rename = "status",
    required_permissions = "MANAGE_GUILD"
)]
async fn sources_status(ctx: Context<'_>) -> Result<(), Error> {
    // Followed by the refresh stage's last pass per service, when one ran.
    let statuses = ctx.data().store.source_statuses().await?;
    let now = chrono::Utc::now();
    let mut text = render::source_statuses(&statuses, now);
    let runs = ctx.data().store.refresh_runs().await?;
    if let Some(refresh) = render::refresh_runs(&runs, now) {
        // Each part is capped below half a message, so both fit in one.
        text = format!("{}\n\n{refresh}", render::truncate(&text, 1_000));
    }
    reply_ephemeral(ctx, text).await;
    Ok(())
}
