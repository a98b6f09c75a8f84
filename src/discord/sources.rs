//! `/sources status`: what each source last did, for moderators wondering why a digest is thin. A
//! guild sees its own feeds in detail (each one's last success, error and new items); the sources
//! shared by the whole installation only as ok or failing with a time, since their errors and
//! streams can name what other guilds follow.

use super::{guild_of, render, reply_ephemeral, Context, Error};
use crate::sources::feeds::stream_key;

/// See how the hashtag and feed sources are doing (moderators).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("sources_status"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
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
    let guild = guild_of(ctx)?;
    let store = &ctx.data().store;
    let (statuses, feeds, runs) = tokio::try_join!(
        store.source_statuses(),
        store.feeds(guild),
        store.refresh_runs()
    )?;
    let (mut own, mut shared) = (Vec::new(), Vec::new());
    for status in statuses {
        if !status.source.starts_with("feed:") {
            shared.push(status);
        } else if let Some(url) = feeds.iter().find(|url| stream_key(url) == status.source) {
            own.push((url.clone(), status));
        }
    }
    let unpolled: Vec<String> = feeds
        .iter()
        .filter(|url| !own.iter().any(|(polled, _)| polled == *url))
        .cloned()
        .collect();
    let now = chrono::Utc::now();
    let mut answer = render::source_statuses(&own, &unpolled, &shared, now);
    // Followed by the refresh stage's last pass per service, when one ran.
    if let Some(refresh) = render::refresh_runs(&runs, now) {
        // Each part is capped below half a message, so both fit in one.
        answer = format!("{}\n\n{refresh}", render::truncate(&answer, 1_000));
    }
    reply_ephemeral(ctx, answer).await;
    Ok(())
}
