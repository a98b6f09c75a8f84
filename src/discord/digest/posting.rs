//! `/digest preview|now|pause|resume`: a look at a channel's digest before it goes out, an extra
//! one on demand, and a pause.

use super::super::render::digest::{digest_messages, part_to_message, to_create_embed, EmbedSpec};
use super::super::{guild_of, render, reply_ephemeral, Context, Error};
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// See a channel's digest as it would look now, only for you.
#[poise::command(
    slash_command,
    guild_only,
    rename = "preview",
    required_permissions = "MANAGE_GUILD"
)]
pub(super) async fn digest_preview(
    ctx: Context<'_>,
    #[description = "The digest channel (default: this server's first)"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let channels = ctx.data().store.digest_channels(guild).await?;
    let chosen = match channel {
        Some(named) => match channels.iter().find(|c| c.channel_id == named.id.get()) {
            Some(found) => Some(found),
            None => {
                reply_ephemeral(ctx, not_a_digest_channel(named.id.get())).await;
                return Ok(());
            }
        },
        None => channels.first(),
    };
    ctx.defer_ephemeral().await?;
    for part in current_digest(ctx, guild, chosen).await? {
        let mut reply = poise::CreateReply::default().ephemeral(true);
        for spec in &part {
            reply = reply.embed(to_create_embed(spec, spec.footer.clone()));
        }
        ctx.send(reply).await?;
    }
    Ok(())
}

fn not_a_digest_channel(channel_id: u64) -> String {
    format!("<#{channel_id}> has no digest: `/digest list` shows the channels that do, `/digest setup` adds one.")
}

/// Post a digest of the last window now, in addition to the scheduled ones.
#[poise::command(
    slash_command,
    guild_only,
    rename = "now",
    required_permissions = "MANAGE_GUILD"
)]
pub(super) async fn digest_now(
    ctx: Context<'_>,
    #[description = "Channel to post in (default: this server's digest channels)"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let channels = ctx.data().store.digest_channels(guild).await?;
    let targets: Vec<u64> = match channel {
        Some(channel) => vec![channel.id.get()],
        None => channels.iter().map(|c| c.channel_id).collect(),
    };
    if targets.is_empty() {
        let reason =
            "this server has no digest channel yet: use `/digest setup`, or name a channel";
        reply_ephemeral(ctx, render::invalid_input("request", &reason)).await;
        return Ok(());
    }
    ctx.defer_ephemeral().await?;
    let mut failed = Vec::new();
    for &target in &targets {
        // Each digest channel gets its own selection; another channel gets the whole guild's.
        let settings = channels.iter().find(|c| c.channel_id == target);
        let parts = current_digest(ctx, guild, settings).await?;
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
pub(super) async fn digest_pause(
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
pub(super) async fn digest_resume(
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

/// The digest `channel` would get now (its hashtags, topics and window), or, for no digest
/// channel, the whole guild's over the configured window; as message parts.
async fn current_digest(
    ctx: Context<'_>,
    guild: crate::domain::GuildId,
    channel: Option<&crate::store::digest_channels::DigestChannel>,
) -> Result<Vec<Vec<EmbedSpec>>, Error> {
    let store = &ctx.data().store;
    let end = Utc::now();
    let digest = match channel {
        Some(channel) => {
            crate::app::digest_service::channel_digest_at(store, guild, channel, end).await?
        }
        None => {
            let window = ctx.data().digest_defaults.window;
            let start = end - chrono::Duration::seconds(window.as_secs() as i64);
            crate::app::digest_service::digest_for(store, guild, start, end, None).await?
        }
    };
    Ok(digest_messages(&digest))
}
