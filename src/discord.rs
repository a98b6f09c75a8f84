//! Everything that knows Discord: the poise framework, slash commands, replies and the gateway
//! connection (`Gateway`, which the composition root in `crate::app` builds from the services it made
//! and runs). Commands are thin: parse options into domain types, call the store or a service, hand
//! the result to `render`.

pub mod alerts;
mod capture;
mod digest;
mod feeds;
mod gateway;
mod guests;
mod journal_club;
mod observe;
pub mod pacer;
mod questions;
mod refusal;
mod reminders;
pub mod render;
pub mod scheduler;
mod settings;
mod sources;
mod summary;
pub mod throttle;
mod track;

pub use gateway::{Gateway, Stopper};
pub use observe::GatewayHealth;
use refusal::Refusal;

use crate::app::journal_club_service::JournalClubService;
use crate::app::summary_service::Summaries;
use crate::domain::questions::AuthorKey;
use crate::domain::{ConfigDuration, DigestTime, GuildId, TimeZone};
use crate::http::AddressPolicy;
use crate::store::Store;
use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use std::collections::HashSet;

/// Finds `(kind, canonical)` entities in a text: the lexicon tagger, behind a function so commands
/// do not depend on how it is built.
pub type EntityFinder = Box<dyn Fn(&str) -> Vec<(String, String)> + Send + Sync>;

/// What every command can reach, built by the composition root (`crate::app`).
pub struct Data {
    pub store: Store,
    pub digest_defaults: DigestDefaults,
    /// The operator's installation-wide key for hashing askers, if configured.
    pub author_key: Option<AuthorKey>,
    /// How long `/ask` waits for the asker to press Post before discarding the question.
    pub ask_confirm_timeout: std::time::Duration,
    pub find_entities: EntityFinder,
    /// Channels whose questions are captured (`questions.capture_channels`).
    pub capture_channels: HashSet<u64>,
    /// Paper metadata and the reminder task's wake-up, for `/journalclub`.
    pub journal_clubs: JournalClubService,
    /// Excluded authors and the optional LLM, for `/summary`, `/voices` and `/trend`.
    pub summaries: Summaries,
    /// Which addresses a feed may point at, checked by `/feeds add`.
    pub feed_addresses: AddressPolicy,
    /// The only guilds served (`discord.allowed_guilds`); empty serves every guild.
    pub allowed_guilds: HashSet<u64>,
    /// Cooldowns, caps and the cache of recent answers (`[throttle]`).
    pub throttles: throttle::Throttles<poise::CreateReply>,
}

/// The `[digest]` settings, used when `/digest setup` leaves an option out.
#[derive(Debug, Clone, Copy)]
pub struct DigestDefaults {
    pub time: DigestTime,
    pub timezone: TimeZone,
    pub window: ConfigDuration,
}

pub type Error = anyhow::Error;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// Every slash command the bot registers.
pub fn commands() -> Vec<poise::Command<Data, Error>> {
    vec![
        track::track(),
        digest::digest(),
        alerts::alerts(),
        settings::settings(),
        feeds::feeds(),
        sources::sources(),
        questions::ask(),
        questions::questions(),
        journal_club::journal_club(),
        summary::summary(),
        summary::voices(),
        summary::trend(),
    ]
}

/// The registration body Discord receives, for tests and `rounds doctor`.
pub fn registration_json() -> serde_json::Value {
    serde_json::to_value(poise::builtins::create_application_commands(&commands()))
        .expect("command builders serialise")
}

async fn log_command(ctx: Context<'_>) {
    tracing::info!(
        command = %ctx.command().qualified_name,
        guild = ctx.guild_id().map(poise::serenity_prelude::GuildId::get),
        "command received"
    );
}

/// One place for failures: the cause chain goes to the log, a short apology to the member. A
/// `Refusal` is no failure: its words go to the member, and the log says only that it was refused.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            if let Some(refusal) = refusal::refusal_in(&error) {
                observe::command_finished(ctx, "refused").await;
                tracing::info!(
                    command = %ctx.command().qualified_name,
                    guild = ctx.guild_id().map(poise::serenity_prelude::GuildId::get),
                    "command refused"
                );
                // The answer itself is not logged: it may quote what the member typed.
                reply_ephemeral(ctx, refusal.answer().to_owned()).await;
                return;
            }
            observe::command_finished(ctx, "error").await;
            tracing::error!(
                command = %ctx.command().qualified_name,
                error = format!("{error:#}"),
                "command failed"
            );
            reply_ephemeral(ctx, render::internal_error()).await;
        }
        poise::FrameworkError::MissingUserPermissions { ctx, .. } => {
            tracing::info!(
                command = %ctx.command().qualified_name,
                guild = ctx.guild_id().map(poise::serenity_prelude::GuildId::get),
                "refused: member lacks Manage Server"
            );
            if let Some(app) = autocomplete_context(ctx) {
                // An autocomplete must be answered with choices; a refused one gets none.
                let empty = serenity::CreateInteractionResponse::Autocomplete(
                    serenity::CreateAutocompleteResponse::new(),
                );
                if let Err(e) = app.interaction.create_response(ctx, empty).await {
                    tracing::warn!(error = %e, "failed to answer a refused autocomplete");
                }
                return;
            }
            reply_ephemeral(ctx, render::moderators_only(&ctx.command().qualified_name)).await;
        }
        // A guild that is not allowed gets no answer at all (`guests::command_check` logged it).
        poise::FrameworkError::CommandCheckFailed { error: None, .. } => {}
        poise::FrameworkError::GuildOnly { ctx, .. } => {
            reply_ephemeral(ctx, render::guild_only()).await;
        }
        poise::FrameworkError::Setup {
            error, framework, ..
        } => {
            // Without its commands the bot is useless: stop; the setup closure told `Gateway::run`
            // why, so it reports the failure.
            tracing::error!(
                error = format!("{error:#}"),
                "start-up failed; shutting down"
            );
            framework.shard_manager().shutdown_all().await;
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "failed to report a framework error");
            }
        }
    }
}

/// The application context of an autocomplete request, which cannot be answered with a message.
fn autocomplete_context(ctx: Context<'_>) -> Option<poise::ApplicationContext<'_, Data, Error>> {
    match ctx {
        poise::Context::Application(app)
            if app.interaction_type == poise::CommandInteractionType::Autocomplete =>
        {
            Some(app)
        }
        _ => None,
    }
}

/// Sends an ephemeral reply; a failure to reply is logged, not raised, since there is nobody to tell.
/// After `defer_ephemeral` poise sends it as the follow-up, so refusals late in a command work too.
async fn reply_ephemeral(ctx: Context<'_>, text: String) {
    let reply = poise::CreateReply::default().content(text).ephemeral(true);
    if let Err(e) = ctx.send(reply).await {
        tracing::warn!(error = %e, "failed to reply to an interaction");
    }
}

/// The calling guild; commands are registered guild-only, so this holds for every invocation.
fn guild_of(ctx: Context<'_>) -> anyhow::Result<GuildId> {
    let id = ctx.guild_id().context("command used outside a server")?;
    GuildId::new(id.get()).context("guild id out of range")
}

/// Whether the invoking member has Manage Server, as Discord computed it for this interaction.
fn is_moderator(ctx: Context<'_>) -> bool {
    let poise::Context::Application(app) = ctx else {
        return false;
    };
    app.interaction
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(poise::serenity_prelude::Permissions::manage_guild)
}
