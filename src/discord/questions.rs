//! `/ask` and `/questions stats|export|forget-me`: the de-identified question log. The raw text of a
//! question lives only inside `ask` until it is de-identified; it is never stored, logged or echoed.

use super::{guild_of, render, Context, Data, Error, Refusal};
use crate::domain::duration::ParseDurationError;
use crate::domain::questions::export::{render_export_within, ExportFormat};
use crate::domain::questions::stats::question_stats;
use crate::domain::questions::{prepare_question, DeidentifiedQuestion, Origin};
use crate::domain::{ConfigDuration, GuildId};
use crate::store::questions::MAX_DISCORD_EXPORT_ROWS;
use chrono::{DateTime, Utc};
use futures_util::StreamExt as _;
use poise::serenity_prelude as serenity;

/// The window `/questions stats` and `export` use when none is given.
const DEFAULT_WINDOW: &str = "30d";
/// The longest window accepted.
const MAX_WINDOW_DAYS: u64 = 366;

/// Ask a question; it is logged without your name or identifying details.
///
/// The asker first sees the de-identified text, ephemerally, with **Post** and **Edit / cancel**
/// buttons: nothing is stored or posted until they press Post, and a cancel or a timeout
/// (`questions.confirm_timeout`) leaves no trace.
#[poise::command(slash_command, guild_only)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question; identifying details are removed before it is stored"]
    #[max_length = 2000]
    question: String,
    #[description = "What it is about, e.g. #Cardiology or anticoagulation"]
    #[max_length = 100]
    topic: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    if let Err(refusal) = ctx
        .data()
        .throttles
        .admit_ask(guild.get(), ctx.author().id.get())
    {
        return Err(Refusal::new(render::throttled(refusal)).into());
    }
    let prepared = prepare(ctx.data(), &question, topic.as_deref())
        .map_err(|reason| Refusal::invalid_input("question", &reason))?;
    drop(question);
    drop(topic);
    let timeout = ctx.data().ask_confirm_timeout;
    // The buttons carry this interaction's id, so a click on another /ask's preview is not
    // taken for an answer to this one.
    let post_id = format!("ask:{}:post", ctx.id());
    let cancel_id = format!("ask:{}:cancel", ctx.id());
    let preview = poise::CreateReply::default()
        .content(render::question_preview(&prepared, timeout))
        .components(vec![serenity::CreateActionRow::Buttons(vec![
            serenity::CreateButton::new(post_id.clone())
                .label("Post")
                .style(serenity::ButtonStyle::Primary),
            serenity::CreateButton::new(cancel_id.clone())
                .label("Edit / cancel")
                .style(serenity::ButtonStyle::Secondary),
        ])])
        .allowed_mentions(serenity::CreateAllowedMentions::new())
        .ephemeral(true);
    // Listen before showing the buttons: a click that arrives while the preview is still being
    // sent must not be missed.
    let (post, cancel) = (post_id.clone(), cancel_id);
    let mut presses = Box::pin(
        serenity::ComponentInteractionCollector::new(ctx.serenity_context())
            .author_id(ctx.author().id)
            .filter(move |press| press.data.custom_id == post || press.data.custom_id == cancel)
            .timeout(timeout)
            .stream(),
    );
    let handle = ctx.send(preview).await?;
    let press = presses.next().await;
    drop(presses);
    let outcome = match press {
        Some(press) => {
            // Discord wants an answer to the click within 3 s; the stored outcome follows as an
            // edit of the preview.
            press
                .create_response(ctx, serenity::CreateInteractionResponse::Acknowledge)
                .await?;
            if press.data.custom_id == post_id {
                let posted_to =
                    log_and_post(ctx, guild, &prepared, Origin::Ask, ctx.author().id.get()).await?;
                render::question_logged(&prepared, posted_to)
            } else {
                tracing::info!(guild = %guild, "question cancelled by the asker; nothing stored");
                render::ask_cancelled()
            }
        }
        None => {
            tracing::info!(guild = %guild, "question not confirmed in time; nothing stored");
            render::ask_timed_out(timeout)
        }
    };
    let outcome = poise::CreateReply::default()
        .content(outcome)
        .components(Vec::new())
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    handle.edit(ctx, outcome).await?;
    Ok(())
}

/// De-identifies and tags a question with the bot's lexicons.
pub(super) fn prepare(
    data: &Data,
    question: &str,
    topic: Option<&str>,
) -> Result<DeidentifiedQuestion, crate::domain::questions::InvalidQuestion> {
    prepare_question(question, topic, |text| (data.find_entities)(text))
}

/// Stores a prepared question under the asker's keyed hash; returns its id.
pub(super) async fn record(
    data: &Data,
    guild: GuildId,
    prepared: &DeidentifiedQuestion,
    origin: Origin,
    asker: u64,
) -> Result<i64, Error> {
    let now = Utc::now();
    let key = data
        .store
        .author_key(guild, data.author_key.as_ref(), now)
        .await?;
    let id = data
        .store
        .log_question(guild, &key.hash_author(asker), prepared, origin, now)
        .await?;
    tracing::info!(
        guild = %guild,
        question = id,
        origin = origin.as_str(),
        redacted = prepared.redactions.values().sum::<u32>(),
        "question logged"
    );
    Ok(id)
}

/// Whether a logged question was also posted to the guild's questions channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posting {
    NoChannel,
    Posted(u64),
    Failed(u64),
}

/// Stores a prepared question and, if the guild has a questions channel, posts it there.
pub(super) async fn log_and_post(
    ctx: Context<'_>,
    guild: GuildId,
    prepared: &DeidentifiedQuestion,
    origin: Origin,
    asker: u64,
) -> Result<Posting, Error> {
    let data = ctx.data();
    let id = record(data, guild, prepared, origin, asker).await?;
    let Some(channel) = data.store.questions_channel(guild).await? else {
        return Ok(Posting::NoChannel);
    };
    let message = serenity::CreateMessage::new()
        .embed(render::question_embed(prepared))
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    match serenity::ChannelId::new(channel)
        .send_message(ctx, message)
        .await
    {
        Ok(posted) => {
            // forget-me deletes this copy too, so where it went is kept with the question.
            data.store
                .record_question_post(id, channel, posted.id.get())
                .await?;
            Ok(Posting::Posted(channel))
        }
        Err(e) => {
            tracing::warn!(guild = %guild, channel, error = %e, "failed to post a question to the questions channel");
            Ok(Posting::Failed(channel))
        }
    }
}

/// This server's question log: forget your questions; its figures and export (moderators).
///
/// One command, as SPEC §2.5 names it. Discord hides whole commands from members, not
/// subcommands, so members see `stats` and `export` in the list; the bot checks Manage Server on
/// every use of them and refuses anyone without it, ephemerally and before reading anything.
#[poise::command(
    slash_command,
    guild_only,
    rename = "questions",
    subcommands("questions_stats", "questions_export", "questions_forget_me"),
    subcommand_required
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
pub async fn questions(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// How many questions were asked, by day, with the top topics, drugs and diseases (moderators).
#[poise::command(
    slash_command,
    guild_only,
    rename = "stats",
    required_permissions = "MANAGE_GUILD"
)]
async fn questions_stats(
    ctx: Context<'_>,
    #[description = "How far back, e.g. 7d or 30d (default 30d)"]
    #[max_length = 8]
    window: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let (window, since, until) = window_and_span(window.as_deref())?;
    let facts = ctx.data().store.question_facts(guild, since, until).await?;
    let stats = question_stats(&facts, since, until);
    let reply = poise::CreateReply::default()
        .embed(render::question_stats_embed(&stats, window))
        .ephemeral(true);
    ctx.send(reply).await?;
    Ok(())
}

/// Download the de-identified question log as CSV or JSON lines (moderators).
#[poise::command(
    slash_command,
    guild_only,
    rename = "export",
    required_permissions = "MANAGE_GUILD"
)]
async fn questions_export(
    ctx: Context<'_>,
    #[description = "csv or jsonl"]
    #[max_length = 8]
    format: String,
    #[description = "How far back, e.g. 7d or 30d (default 30d)"]
    #[max_length = 8]
    window: Option<String>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let format =
        ExportFormat::parse(&format).map_err(|reason| Refusal::invalid_input("format", &reason))?;
    let (window, since, until) = window_and_span(window.as_deref())?;
    ctx.defer_ephemeral().await?;
    let rows = ctx
        .data()
        .store
        .exported_questions(guild, since, until, MAX_DISCORD_EXPORT_ROWS)
        .await?;
    let (body, kept) = render_export_within(&rows, format, upload_limit(ctx));
    let file_name = format!(
        "questions-{}-{}.{}",
        guild,
        until.format("%Y%m%d"),
        format.extension()
    );
    tracing::info!(guild = %guild, rows = kept, of = rows.len(), bytes = body.len(), "question log exported");
    let reply = poise::CreateReply::default()
        .content(render::export_ready(kept, rows.len(), window))
        .attachment(serenity::CreateAttachment::bytes(
            body.into_bytes(),
            file_name,
        ))
        .ephemeral(true);
    ctx.send(reply).await?;
    Ok(())
}

/// Discord's largest upload for this interaction (it depends on the server's boosts); 25 MiB, the
/// usual limit, should Discord not say.
fn upload_limit(ctx: Context<'_>) -> usize {
    const DEFAULT: usize = 25 * 1024 * 1024;
    match ctx {
        poise::Context::Application(app) if app.interaction.attachment_size_limit > 0 => {
            app.interaction.attachment_size_limit as usize
        }
        _ => DEFAULT,
    }
}

/// Delete every question you have asked in this server.
#[poise::command(slash_command, guild_only, rename = "forget-me")]
async fn questions_forget_me(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let data = ctx.data();
    let key = data
        .store
        .author_key(guild, data.author_key.as_ref(), Utc::now())
        .await?;
    ctx.defer_ephemeral().await?;
    let forgotten = data
        .store
        .forget_author(guild, &key.hash_author(ctx.author().id.get()))
        .await?;
    let mut failed = 0usize;
    for &(channel, message) in &forgotten.posted_copies {
        let deleted = serenity::ChannelId::new(channel)
            .delete_message(ctx, serenity::MessageId::new(message))
            .await;
        match deleted {
            Ok(()) => {}
            // Already deleted by a moderator: nothing left to remove.
            Err(serenity::Error::Http(e))
                if e.status_code() == Some(serenity::StatusCode::NOT_FOUND) => {}
            Err(e) => {
                failed += 1;
                tracing::warn!(guild = %guild, channel, error = %e, "failed to delete a posted copy of a forgotten question");
            }
        }
    }
    tracing::info!(
        guild = %guild,
        deleted = forgotten.questions,
        copies = forgotten.posted_copies.len(),
        failed,
        "questions forgotten on request"
    );
    let reply = poise::CreateReply::default()
        .content(render::forgotten(
            forgotten.questions,
            forgotten.posted_copies.len() - failed,
            failed,
        ))
        .allowed_mentions(serenity::CreateAllowedMentions::new())
        .ephemeral(true);
    ctx.send(reply).await?;
    Ok(())
}

/// Parses a window option (default 30 days) into the span ending now, or the refusal saying why it
/// can't be used.
fn window_and_span(
    text: Option<&str>,
) -> Result<(ConfigDuration, DateTime<Utc>, DateTime<Utc>), Refusal> {
    let window = parse_window(text.unwrap_or(DEFAULT_WINDOW))
        .map_err(|reason| Refusal::invalid_input("window", &reason))?;
    let until = Utc::now();
    let since = until - chrono::Duration::seconds(window.as_secs() as i64);
    Ok((window, since, until))
}

/// Why a window option can't be used, in the words that follow "That window can't be used: ".
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
enum ParseWindowError {
    #[error(transparent)]
    Duration(#[from] ParseDurationError),
    #[error("a window can be at most {max_days}d")]
    TooLong { max_days: u64 },
}

fn parse_window(text: &str) -> Result<ConfigDuration, ParseWindowError> {
    let window = ConfigDuration::parse(text)?;
    if window.as_secs() > MAX_WINDOW_DAYS * 86_400 {
        return Err(ParseWindowError::TooLong {
            max_days: MAX_WINDOW_DAYS,
        });
    }
    Ok(window)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_past_a_year_is_refused_in_the_words_the_member_reads() {
        assert_eq!(parse_window("30d").unwrap().as_secs(), 30 * 86_400);
        let too_long = parse_window("400d").unwrap_err();
        assert_eq!(too_long, ParseWindowError::TooLong { max_days: 366 });
        assert_eq!(
            render::invalid_input("window", &too_long),
            "That window can't be used: a window can be at most 366d. Nothing was changed."
        );
    }
}
