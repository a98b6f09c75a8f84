//! `/journalclub close`: reads the thread, posts the recap there and marks the session closed. The
//! close is claimed in the database before the recap is posted (so two closes post one recap) and
//! undone if the recap cannot be posted (so the member can simply try again).

use super::super::{guild_of, render, reply_ephemeral, Context, Error};
use super::session_began;
use crate::domain::papers::recap::{recap, ThreadMessage};
use crate::store::journal_clubs::CloseOutcome;
use chrono::Utc;
use poise::serenity_prelude as serenity;

/// Messages read from a thread for its recap: 10 pages of Discord's 100.
const MAX_PAGES: usize = 10;

/// Close this journal club and post a recap (the starter or a moderator).
#[poise::command(slash_command, guild_only, rename = "close")]
pub async fn journal_club_close(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let thread = ctx.channel_id();
    let store = &ctx.data().store;
    let Some(club) = store.journal_club_in_thread(guild, thread.get()).await? else {
        reply_ephemeral(ctx, render::not_a_journal_club_thread()).await;
        return Ok(());
    };
    if let Some(closed_at) = club.closed_at {
        reply_ephemeral(ctx, render::journal_club_already_closed(closed_at)).await;
        return Ok(());
    }
    let closer = ctx.author().id.get();
    if closer != club.started_by && !may_moderate_threads(ctx) {
        reply_ephemeral(
            ctx,
            render::only_starter_or_moderator_closes(club.started_by),
        )
        .await;
        return Ok(());
    }
    ctx.defer_ephemeral().await?;
    let messages = match thread_messages(ctx, thread).await {
        Ok(messages) => messages,
        Err(e) => {
            tracing::warn!(guild = %guild, thread = thread.get(), error = %e, "failed to read a journal club thread");
            reply_ephemeral(ctx, render::thread_unreadable()).await;
            return Ok(());
        }
    };
    let now = Utc::now();
    let summary = recap(
        &messages,
        session_began(club.created_at, club.starts_at, now),
        now,
    );
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let outcome = store
        .close_journal_club(
            guild,
            club.session_id,
            closer,
            count(summary.participants.len()),
            count(summary.messages),
            now,
        )
        .await?;
    if outcome == CloseOutcome::AlreadyClosed {
        reply_ephemeral(ctx, render::journal_club_already_closed(now)).await;
        return Ok(());
    }
    let post = serenity::CreateMessage::new()
        .embed(render::recap_embed(&club.title, &summary))
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    if let Err(e) = thread.send_message(ctx, post).await {
        tracing::warn!(guild = %guild, thread = thread.get(), error = %e, "failed to post a journal club recap");
        store.reopen_journal_club(guild, club.session_id).await?;
        reply_ephemeral(ctx, render::recap_not_posted()).await;
        return Ok(());
    }
    tracing::info!(
        guild = %guild,
        thread = thread.get(),
        participants = summary.participants.len(),
        messages = summary.messages,
        "journal club closed"
    );
    reply_ephemeral(ctx, render::journal_club_closed(thread.get(), &summary)).await;
    Ok(())
}

/// Manage Threads or Manage Server, as Discord computed it for this interaction.
fn may_moderate_threads(ctx: Context<'_>) -> bool {
    let poise::Context::Application(app) = ctx else {
        return false;
    };
    app.interaction
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_threads() || p.manage_guild())
}

/// The thread's messages, oldest first, reading at most `MAX_PAGES` of Discord's newest-first pages.
#[tracing::instrument(skip(ctx), fields(thread = thread.get()))]
async fn thread_messages(
    ctx: Context<'_>,
    thread: serenity::ChannelId,
) -> Result<Vec<ThreadMessage>, serenity::Error> {
    let mut messages = Vec::new();
    let mut before: Option<serenity::MessageId> = None;
    for _ in 0..MAX_PAGES {
        let mut page = serenity::GetMessages::new().limit(100);
        if let Some(oldest) = before {
            page = page.before(oldest);
        }
        let batch = thread.messages(ctx, page).await?;
        let full = batch.len() == 100;
        before = batch.iter().map(|m| m.id).min();
        messages.extend(batch.into_iter().map(|m| ThreadMessage {
            author_id: m.author.id.get(),
            author_is_bot: m.author.bot,
            text: m.content,
            sent_at: *m.timestamp,
        }));
        if !full || before.is_none() {
            break;
        }
    }
    // Oldest first, so messages stamped in the same instant keep the thread's order.
    messages.reverse();
    Ok(messages)
}
