//! Optional capture of questions from chosen channels (`questions.capture_channels`): a member's
//! message there that asks something is logged like `/ask`, de-identified first. Needs the privileged
//! Message Content intent.

use super::{questions, Data, Error};
use crate::domain::questions::Origin;
use crate::domain::GuildId;
use poise::serenity_prelude as serenity;

/// Handles gateway events the commands do not: here, messages in capture channels.
pub async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    let data = framework.user_data;
    let serenity::FullEvent::Message { new_message } = event else {
        return Ok(());
    };
    let Some(guild_id) = new_message.guild_id else {
        return Ok(());
    };
    if new_message.author.bot
        || !data
            .capture_channels
            .contains(&new_message.channel_id.get())
        || !new_message.content.contains('?')
    {
        return Ok(());
    }
    let guild = GuildId::new(guild_id.get())?;
    let Ok(prepared) = questions::prepare(data, &new_message.content, None) else {
        // Empty or too long: not a question to log. Nothing about it is logged either.
        return Ok(());
    };
    questions::record(
        data,
        guild,
        &prepared,
        Origin::Capture,
        new_message.author.id.get(),
    )
    .await?;
    Ok(())
}
