//! Everything that knows Discord: the poise framework, slash commands, replies and the gateway
//! connection. Commands are thin: parse options into domain types, call the store, hand the result to
//! `render`.

mod capture;
mod digest;
mod feeds;
mod journal_club;
pub mod pacer;
mod questions;
mod reminders;
pub mod render;
pub mod scheduler;
mod settings;
mod sources;
mod summary;
mod track;

use crate::config::Settings;
use crate::domain::entities::Tagger;
use crate::domain::questions::AuthorKey;
use crate::domain::{ConfigDuration, DigestTime, GuildId, TimeZone};
use crate::store::Store;
use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use secrecy::ExposeSecret;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when start-up (command registration) fails; `on_error` cannot return a value to `run`.
static SETUP_FAILED: AtomicBool = AtomicBool::new(false);

/// Finds `(kind, canonical)` entities in a text: the lexicon tagger, behind a function so commands
/// do not depend on how it is built.
pub type EntityFinder = Box<dyn Fn(&str) -> Vec<(String, String)> + Send + Sync>;

/// What every command can reach.
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
    pub journal_clubs: journal_club::JournalClubs,
    /// Excluded authors and the optional LLM, for `/summary`, `/voices` and `/trend`.
    pub summaries: crate::summaries::Summaries,
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

/// Connects to Discord and serves commands until SIGINT or SIGTERM.
pub async fn run(settings: &Settings, store: Store) -> anyhow::Result<()> {
    let token = settings
        .discord_token()
        .map_err(|reason| anyhow::anyhow!(reason))?;
    let http = build_http(token.expose_secret(), &settings.discord.api_base)?;
    // Load the lexicons before connecting, so the first /ask answers inside Discord's 3 seconds.
    let started = std::time::Instant::now();
    let tagger = tokio::task::spawn_blocking(Tagger::bundled)
        .await
        .context("failed to load the entity lexicons")?;
    tracing::info!(
        variants = tagger.variant_count(),
        millis = started.elapsed().as_millis() as u64,
        "entity lexicons loaded"
    );
    let wake_reminders = std::sync::Arc::new(tokio::sync::Notify::new());
    let metadata = crate::metadata::MetadataClient::new(&settings.metadata, store.clone())
        .context("failed to set up the paper metadata client")?;
    let summaries = crate::summaries::Summaries::from_settings(&settings.summary)
        .context("failed to set up summaries")?;
    let data = Data {
        summaries,
        store: store.clone(),
        digest_defaults: DigestDefaults {
            time: settings.digest.time,
            timezone: settings.digest.timezone,
            window: settings.digest.window,
        },
        author_key: settings.questions.author_key.clone(),
        // Discord lets the bot edit an interaction's reply for 15 minutes: the preview must be
        // replaced by its outcome before then.
        ask_confirm_timeout: settings
            .questions
            .confirm_timeout
            .as_duration()
            .min(std::time::Duration::from_secs(14 * 60)),
        find_entities: Box::new(|text| {
            Tagger::bundled()
                .tag(text)
                .into_iter()
                .map(|e| (e.kind.as_str().to_owned(), e.canonical.to_string()))
                .collect()
        }),
        capture_channels: settings
            .questions
            .capture_channels
            .iter()
            .copied()
            .collect(),
        journal_clubs: journal_club::JournalClubs {
            metadata,
            wake_reminders: wake_reminders.clone(),
        },
    };
    if data.author_key.is_none() {
        tracing::warn!(
            "{}",
            crate::domain::questions::pseudonym::KEY_IN_DATABASE_WARNING
        );
    }
    let intents = if data.capture_channels.is_empty() {
        serenity::GatewayIntents::GUILDS
    } else {
        tracing::info!(
            channels = data.capture_channels.len(),
            "capturing questions from channels: needs the Message Content intent"
        );
        serenity::GatewayIntents::GUILDS
            | serenity::GatewayIntents::GUILD_MESSAGES
            | serenity::GatewayIntents::MESSAGE_CONTENT
    };
    let register_in = settings.discord.guild_id;
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands(),
            on_error: |error| Box::pin(on_error(error)),
            pre_command: |ctx| Box::pin(log_command(ctx)),
            event_handler: |framework, event| Box::pin(capture::on_event(framework, event)),
            // Nothing the bot says may ping anyone, whatever text ends up in it.
            allowed_mentions: Some(serenity::CreateAllowedMentions::new()),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                tracing::info!(
                    bot = %ready.user.name,
                    guilds = ready.guilds.len(),
                    "connected to Discord"
                );
                let commands = &framework.options().commands;
                match register_in {
                    Some(guild) => {
                        poise::builtins::register_in_guild(
                            ctx,
                            commands,
                            serenity::GuildId::new(guild),
                        )
                        .await
                        .context("failed to register slash commands in the test guild")?;
                        tracing::info!(
                            guild,
                            count = commands.len(),
                            "registered slash commands in one guild"
                        );
                    }
                    None => {
                        poise::builtins::register_globally(ctx, commands)
                            .await
                            .context("failed to register slash commands")?;
                        tracing::info!(
                            count = commands.len(),
                            "registered slash commands globally"
                        );
                    }
                }
                Ok(data)
            })
        })
        .build();

    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .await
        .context("failed to build the Discord client")?;

    let pruner = tokio::spawn(prune_questions_daily(
        store.clone(),
        settings.questions.retention_days,
    ));
    // One pace for every sender that can burst, kept under Discord's global limit.
    let pacer = std::sync::Arc::new(pacer::Pacer::new(settings.discord.requests_per_second));
    let reminders = tokio::spawn(reminders::send_reminders(
        client.http.clone(),
        store.clone(),
        wake_reminders,
        pacer.clone(),
    ));
    let sources = crate::ingest::build_sources(settings)?;
    tracing::info!(
        sources = ?sources.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "starting the pollers"
    );
    let sink = std::sync::Arc::new(crate::ingest::StoreSink::new(store.clone(), tagger));
    let pollers = tokio::spawn(crate::ingest::run_pollers(store.clone(), sink, sources));
    let scheduler = tokio::spawn(scheduler::run_scheduler(
        client.http.clone(),
        store.clone(),
        pacer,
    ));
    let shard_manager = client.shard_manager.clone();
    tokio::spawn(async move {
        wait_for_shutdown_signal().await;
        tracing::info!("shutdown requested: closing the Discord connection");
        shard_manager.shutdown_all().await;
    });

    let outcome = client.start().await;
    pruner.abort();
    reminders.abort();
    pollers.abort();
    scheduler.abort();
    store.close().await;
    outcome.context("the Discord connection failed")?;
    if SETUP_FAILED.load(Ordering::SeqCst) {
        anyhow::bail!(
            "start-up failed: the slash commands could not be registered (see the log above)"
        );
    }
    tracing::info!("stopped");
    Ok(())
}

/// Deletes questions past their retention, at start-up and then once a day.
async fn prune_questions_daily(store: Store, retention_days: u32) {
    if retention_days == 0 {
        tracing::info!("questions.retention_days = 0: questions are kept forever");
        return;
    }
    let mut every_day = tokio::time::interval(std::time::Duration::from_secs(86_400));
    loop {
        every_day.tick().await;
        let cutoff = chrono::Utc::now() - chrono::Duration::days(i64::from(retention_days));
        match store.prune_questions(cutoff).await {
            Ok(deleted) => tracing::info!(deleted, retention_days, "pruned old questions"),
            Err(e) => {
                tracing::warn!(error = %e, "failed to prune old questions; will retry tomorrow")
            }
        }
    }
}

/// Serenity's HTTP client: Discord itself, or the test double named by `discord.api_base`.
fn build_http(token: &str, api_base: &str) -> anyhow::Result<serenity::Http> {
    let api_base = api_base.trim();
    if api_base.is_empty() {
        return Ok(serenity::HttpBuilder::new(token).build());
    }
    if !(api_base.starts_with("http://") || api_base.starts_with("https://")) {
        anyhow::bail!("discord.api_base `{api_base}` must start with http:// or https://");
    }
    tracing::warn!(
        api_base,
        "sending Discord requests to discord.api_base, not Discord"
    );
    // Serenity's rate limiter ignores the proxy setting (serenity issue #1739), so it must be off for
    // requests to reach the double.
    Ok(serenity::HttpBuilder::new(token)
        .proxy(api_base.trim_end_matches('/'))
        .ratelimiter_disabled(true)
        .build())
}

async fn wait_for_shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM handler installs");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

async fn log_command(ctx: Context<'_>) {
    tracing::info!(
        command = %ctx.command().qualified_name,
        guild = ctx.guild_id().map(|g| g.get()),
        "command received"
    );
}

/// One place for failures: the cause chain goes to the log, a short apology to the member.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
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
                guild = ctx.guild_id().map(|g| g.get()),
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
        poise::FrameworkError::GuildOnly { ctx, .. } => {
            reply_ephemeral(ctx, render::guild_only()).await;
        }
        poise::FrameworkError::Setup {
            error, framework, ..
        } => {
            // Without its commands the bot is useless: stop, and let `run` report the failure.
            tracing::error!(
                error = format!("{error:#}"),
                "start-up failed; shutting down"
            );
            SETUP_FAILED.store(true, Ordering::SeqCst);
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
        .is_some_and(|p| p.manage_guild())
}
