//! `/journalclub start|close|list`: a journal club per paper, held in a public thread (a forum post
//! in a forum channel), with reminders and a closing recap.
//!
//! Who may do what: any member may start one (members run journal clubs; the open-session cap per
//! guild bounds abuse); the member who started it, or anyone with Manage Threads or Manage Server,
//! may close it. Nothing is half-created: the paper is resolved before anything is posted, and a
//! thread whose first message or record fails is deleted again.

mod close;

pub use close::journal_club_close;

use super::{guild_of, render, reply_ephemeral, Context, Error, Refusal};
use crate::app::journal_club_service::PaperRefusal;
use crate::domain::papers::session::{parse_start_time, planned_reminders};
use crate::domain::papers::{thread_name, PaperId};
use crate::domain::{GuildId, TimeZone};
use crate::store::journal_clubs::NewJournalClub;
use chrono::{DateTime, Utc};
use poise::serenity_prelude as serenity;

/// How recent a closed session must be to appear in `/journalclub list`.
const LIST_CLOSED_DAYS: i64 = 30;
/// The most sessions `/journalclub list` reads.
const LIST_LIMIT: i64 = 40;

/// Journal clubs: a thread per paper, with appraisal prompts, reminders and a recap.
#[poise::command(
    slash_command,
    guild_only,
    rename = "journalclub",
    subcommands("journal_club_start", "journal_club_close", "journal_club_list"),
    subcommand_required
)]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
pub async fn journal_club(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Open a journal club thread on a paper (DOI, PMID, PMCID or a link to it).
#[poise::command(slash_command, guild_only, rename = "start")]
async fn journal_club_start(
    ctx: Context<'_>,
    #[description = "DOI, PMID, PMCID, or a doi.org, PubMed or publisher link"]
    #[max_length = 500]
    paper: String,
    #[description = "When the group meets, e.g. 2026-12-03 18:30, in this server's time zone"]
    #[max_length = 40]
    when: Option<String>,
    #[description = "Text or forum channel for the thread (default: this channel)"]
    #[channel_types("Text", "News", "Forum")]
    channel: Option<serenity::PartialChannel>,
) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let paper_id =
        PaperId::parse(&paper).map_err(|reason| Refusal::invalid_input("paper", &reason))?;
    let Some((channel_id, kind)) = target_channel(ctx, channel.as_ref()) else {
        return Err(Refusal::new(render::journal_club_needs_a_channel()).into());
    };
    if let Some(refusal) = permission_refusal(ctx, channel.as_ref(), channel_id, kind) {
        tracing::info!(guild = %guild, channel = channel_id.get(), "journal club refused: missing permissions");
        return Err(Refusal::new(refusal).into());
    }
    let now = Utc::now();
    let starts_at = match when.as_deref() {
        None => None,
        Some(text) => Some(
            parse_start_time(text, guild_zone(ctx, guild).await?, now)
                .map_err(|reason| Refusal::invalid_input("time", &reason))?,
        ),
    };
    let service = &ctx.data().journal_clubs;
    if let Some(cap) = service.guild_is_full(guild).await? {
        return Err(Refusal::new(render::journal_club_limit_reached(cap)).into());
    }
    if let Some(cap) = ctx.data().throttles.open_clubs_per_member() {
        if service
            .member_is_at(guild, ctx.author().id.get(), cap)
            .await?
        {
            return Err(Refusal::new(render::journal_clubs_per_member_reached(cap)).into());
        }
    }
    // Crossref and E-utilities can take longer than Discord's three seconds.
    ctx.defer_ephemeral().await?;
    let paper = service
        .paper_for(guild, &paper_id)
        .await
        .map_err(|refusal| match refusal {
            PaperRefusal::LookUpFailed(error) => {
                Refusal::new(render::paper_lookup_failed(&paper_id, &error))
            }
            PaperRefusal::Notice(paper, notice) => {
                Refusal::new(render::paper_has_notice(&paper, notice))
            }
        })?;
    let study = paper.study_type();
    let starter = ctx.author().id.get();
    let first_message = serenity::CreateMessage::new()
        .content(render::journal_club_intro(starter, starts_at))
        .embeds(render::journal_club_opening(&paper, study))
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    let name = thread_name(&paper);
    let thread = match open_thread(ctx, channel_id, kind, &name, first_message).await {
        Ok(thread) => thread,
        Err(e) => {
            tracing::warn!(guild = %guild, channel = channel_id.get(), error = %e, "failed to open a journal club thread");
            let answer = render::thread_not_created(channel_id.get(), is_forbidden(&e));
            return Err(Refusal::new(answer).into());
        }
    };
    let club = NewJournalClub {
        thread_id: thread.get(),
        channel_id: channel_id.get(),
        paper_key: paper_id.key(),
        title: if paper.title.is_empty() {
            name.clone()
        } else {
            paper.title.clone()
        },
        study_type: study,
        starts_at,
        started_by: starter,
    };
    // The reminders planned are those still ahead now, after the lookup, as the reply will say.
    let recorded_at = Utc::now();
    if let Err(e) = service.record(guild, &club, recorded_at).await {
        delete_thread(ctx, thread).await;
        return Err(e.into());
    }
    tracing::info!(guild = %guild, thread = thread.get(), paper = %paper_id, study = study.as_str(), "journal club opened");
    let reminders = starts_at.map_or(0, |start| planned_reminders(start, recorded_at).len());
    reply_ephemeral(
        ctx,
        render::journal_club_opened(thread.get(), starts_at, reminders),
    )
    .await;
    Ok(())
}

/// Upcoming and recent journal clubs in this server.
#[poise::command(slash_command, guild_only, rename = "list")]
async fn journal_club_list(ctx: Context<'_>) -> Result<(), Error> {
    let guild = guild_of(ctx)?;
    let now = Utc::now();
    let sessions = ctx
        .data()
        .store
        .journal_clubs_to_list(
            guild,
            now - chrono::Duration::days(LIST_CLOSED_DAYS),
            LIST_LIMIT,
        )
        .await?;
    reply_ephemeral(ctx, render::journal_club_list(&sessions, now)).await;
    Ok(())
}

/// The channel the thread goes in (the option, else where the command was used) and its kind;
/// `None` when that is not a text, announcement or forum channel (e.g. inside a thread).
fn target_channel(
    ctx: Context<'_>,
    option: Option<&serenity::PartialChannel>,
) -> Option<(serenity::ChannelId, serenity::ChannelType)> {
    let channel = match option {
        Some(channel) => channel.clone(),
        None => match ctx {
            poise::Context::Application(app) => app.interaction.channel.clone()?,
            poise::Context::Prefix(_) => return None,
        },
    };
    matches!(
        channel.kind,
        serenity::ChannelType::Text | serenity::ChannelType::News | serenity::ChannelType::Forum
    )
    .then_some((channel.id, channel.kind))
}

/// What opening a journal club in a channel of `kind` takes: a forum post is a message in the
/// forum; in a text or announcement channel it is a public thread and a message in it.
fn needed_permissions(kind: serenity::ChannelType) -> serenity::Permissions {
    use serenity::Permissions as P;
    if kind == serenity::ChannelType::Forum {
        P::VIEW_CHANNEL | P::SEND_MESSAGES
    } else {
        P::VIEW_CHANNEL | P::CREATE_PUBLIC_THREADS | P::SEND_MESSAGES_IN_THREADS
    }
}

/// A refusal when the member, or the bot, lacks what the thread needs in the target channel, as
/// Discord computed it for this interaction: the member's permissions in a channel picked as the
/// option come with it (so nobody opens clubs where they cannot post themselves); the bot's are
/// known for the channel the command is used in. Elsewhere, Discord's own refusal (403) still gets
/// a clear answer when the thread is created.
fn permission_refusal(
    ctx: Context<'_>,
    option: Option<&serenity::PartialChannel>,
    channel: serenity::ChannelId,
    kind: serenity::ChannelType,
) -> Option<String> {
    let poise::Context::Application(app) = ctx else {
        return None;
    };
    let needed = needed_permissions(kind);
    let missing =
        |held: serenity::Permissions| -> Vec<&'static str> { permission_names(needed - held) };
    if let Some(member) = option.and_then(|o| o.permissions) {
        let lacking = missing(member);
        if !lacking.is_empty() {
            return Some(render::member_cannot_post_there(channel.get(), &lacking));
        }
    }
    let used_here = app.interaction.channel_id == channel;
    if let (true, Some(bot)) = (used_here, app.interaction.app_permissions) {
        let lacking = missing(bot);
        if !lacking.is_empty() {
            return Some(render::bot_cannot_post_there(channel.get(), &lacking));
        }
    }
    None
}

/// Discord's names for the permissions `needed_permissions` may ask for.
fn permission_names(permissions: serenity::Permissions) -> Vec<&'static str> {
    use serenity::Permissions as P;
    [
        (P::VIEW_CHANNEL, "View Channel"),
        (P::SEND_MESSAGES, "Send Messages"),
        (P::CREATE_PUBLIC_THREADS, "Create Public Threads"),
        (P::SEND_MESSAGES_IN_THREADS, "Send Messages in Threads"),
    ]
    .into_iter()
    .filter(|(bit, _)| permissions.contains(*bit))
    .map(|(_, name)| name)
    .collect()
}

/// The guild's zone for reading `when`: its digest's, if one is set up, else the bot's default.
async fn guild_zone(ctx: Context<'_>, guild: GuildId) -> Result<TimeZone, Error> {
    let digests = ctx.data().store.digest_channels(guild).await?;
    Ok(digests
        .first()
        .map_or(ctx.data().digest_defaults.timezone, |d| d.timezone))
}

/// Creates the thread with its first message; in a text channel these are two requests, and a
/// thread left without its message is deleted again.
async fn open_thread(
    ctx: Context<'_>,
    channel: serenity::ChannelId,
    kind: serenity::ChannelType,
    name: &str,
    first_message: serenity::CreateMessage,
) -> Result<serenity::ChannelId, serenity::Error> {
    let archive = serenity::AutoArchiveDuration::OneWeek;
    if kind == serenity::ChannelType::Forum {
        let post =
            serenity::CreateForumPost::new(name, first_message).auto_archive_duration(archive);
        return Ok(channel.create_forum_post(ctx, post).await?.id);
    }
    let thread_kind = if kind == serenity::ChannelType::News {
        serenity::ChannelType::NewsThread
    } else {
        serenity::ChannelType::PublicThread
    };
    let builder = serenity::CreateThread::new(name)
        .kind(thread_kind)
        .auto_archive_duration(archive);
    let thread = channel.create_thread(ctx, builder).await?.id;
    if let Err(e) = thread.send_message(ctx, first_message).await {
        delete_thread(ctx, thread).await;
        return Err(e);
    }
    Ok(thread)
}

/// Best effort: a thread the bot could not complete should not linger.
async fn delete_thread(ctx: Context<'_>, thread: serenity::ChannelId) {
    if let Err(e) = thread.delete(ctx).await {
        tracing::warn!(thread = thread.get(), error = %e, "failed to delete an incomplete journal club thread");
    }
}

/// Whether Discord refused for lack of permission (403), as opposed to a passing failure.
fn is_forbidden(error: &serenity::Error) -> bool {
    match error {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(response)) => {
            response.status_code.as_u16() == 403
        }
        serenity::Error::Model(serenity::ModelError::InvalidPermissions { .. }) => true,
        _ => false,
    }
}

/// When a session began, for the recap's duration: its start if that has passed, else the opening.
fn session_began(
    created_at: DateTime<Utc>,
    starts_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    starts_at
        .filter(|start| *start > created_at && *start <= now)
        .unwrap_or(created_at)
}
