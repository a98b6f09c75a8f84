//! Invited servers only (`discord.allowed_guilds`): a Discord application is public by default, so
//! anyone could add the bot and get moderator powers over its shared resources. When the list is
//! set, the bot leaves any other guild as soon as Discord announces it (on joining, and for every
//! guild at start), and answers nothing there in the meantime, autocompletes included. An empty
//! list serves every guild, with a warning at start.

use super::{capture, Context, Data, Error};
use poise::serenity_prelude as serenity;
use std::collections::HashSet;

/// Whether the bot serves `guild`: every guild when no list is configured.
pub fn serves(allowed: &HashSet<u64>, guild: u64) -> bool {
    allowed.is_empty() || allowed.contains(&guild)
}

/// The framework's check before every command and autocomplete: `false` (no answer at all) in a
/// guild that is not allowed, or outside any guild when a list is configured.
pub fn command_check(ctx: Context<'_>) -> poise::BoxFuture<'_, Result<bool, Error>> {
    Box::pin(async move {
        let allowed = &ctx.data().allowed_guilds;
        let served = match ctx.guild_id() {
            Some(guild) => serves(allowed, guild.get()),
            None => allowed.is_empty(),
        };
        if !served {
            tracing::warn!(
                guild = ctx.guild_id().map(poise::serenity_prelude::GuildId::get),
                "ignored a command from a guild not in discord.allowed_guilds"
            );
        }
        Ok(served)
    })
}

/// Leaves a guild Discord announces that is not allowed, then passes every event on.
pub async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    if let serenity::FullEvent::GuildCreate { guild, .. } = event {
        if !serves(&framework.user_data.allowed_guilds, guild.id.get()) {
            tracing::warn!(
                guild = guild.id.get(),
                "leaving a guild that is not in discord.allowed_guilds"
            );
            if let Err(error) = guild.id.leave(framework.serenity_context).await {
                tracing::error!(guild = guild.id.get(), %error, "failed to leave a guild that is not allowed");
            }
            return Ok(());
        }
    }
    capture::on_event(framework, event).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_serves_every_guild_and_a_list_only_its_own() {
        assert!(serves(&HashSet::new(), 42));
        let allowed = HashSet::from([7, 8]);
        assert!(serves(&allowed, 7) && serves(&allowed, 8));
        assert!(!serves(&allowed, 42));
    }
}
