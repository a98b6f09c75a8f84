//! The connection to Discord: serenity's HTTP client, the poise framework with its commands, and
//! the gateway client. The composition root (`crate::app`) builds a `Gateway` from the services it
//! made, spawns the senders it offers (digests, reminders) under its supervisor, and runs it until
//! a `Stopper` closes it.

use super::pacer::Pacer;
use super::{commands, guests, log_command, observe, on_error, reminders, scheduler, Data, Error};
use crate::config::DiscordSettings;
use crate::store::Store;
use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{oneshot, Notify};

/// A built, not yet connected, Discord client.
pub struct Gateway {
    client: serenity::Client,
    /// One pace for every sender that can burst, kept under Discord's global limit.
    pacer: Arc<Pacer>,
    /// Receives the reason when start-up (command registration) fails, which `on_error` cannot
    /// return to `run`.
    setup_failed: oneshot::Receiver<String>,
}

/// Closes the gateway connection from anywhere, e.g. on SIGTERM.
#[derive(Clone)]
pub struct Stopper(Arc<serenity::ShardManager>);

impl Stopper {
    pub async fn stop(&self) {
        self.0.shutdown_all().await;
    }
}

impl Gateway {
    /// Builds the client that will serve `data` to Discord with `token`.
    pub async fn build(
        settings: &DiscordSettings,
        token: &str,
        data: Data,
    ) -> anyhow::Result<Self> {
        let http = build_http(token, &settings.api_base)?;
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
        if data.allowed_guilds.is_empty() {
            tracing::warn!(
                "discord.allowed_guilds is empty: the bot serves ANY server that adds it, with \
                 moderator commands over shared resources (feeds, polling budget). List your \
                 servers' ids there and switch off \"Public Bot\" in the developer portal"
            );
        }
        let register_in = settings.guild_id;
        let store = data.store.clone();
        let (failed, setup_failed) = oneshot::channel();
        let framework = poise::Framework::builder()
            .options(poise::FrameworkOptions {
                commands: commands(),
                on_error: |error| Box::pin(on_error(error)),
                pre_command: |ctx| {
                    Box::pin(async move {
                        log_command(ctx).await;
                        observe::command_started(ctx).await;
                    })
                },
                post_command: |ctx| Box::pin(observe::command_finished(ctx, "ok")),
                event_handler: |framework, event| Box::pin(guests::on_event(framework, event)),
                command_check: Some(guests::command_check),
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
                    let registered = register(
                        ctx,
                        &store,
                        ready.application.id.get(),
                        &framework.options().commands,
                        register_in,
                    )
                    .await;
                    if let Err(error) = &registered {
                        // `on_error` logs it and closes the connection; `run` reports it.
                        let _ = failed.send(format!("{error:#}"));
                    }
                    registered.map(|()| data)
                })
            })
            .build();
        let client = serenity::ClientBuilder::new_with_http(http, intents)
            .framework(framework)
            .event_handler(observe::RateLimitCounter)
            .await
            .context("failed to build the Discord client")?;
        Ok(Self {
            client,
            pacer: Arc::new(Pacer::new(settings.requests_per_second)),
            setup_failed,
        })
    }

    /// Whether the gateway is connected, for `/healthz`.
    pub fn health(&self) -> observe::GatewayHealth {
        observe::GatewayHealth(self.client.shard_manager.clone())
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.client.shard_manager.clone())
    }

    /// The journal-club reminder task; runs until aborted.
    pub fn reminders(&self, store: Store, wake: Arc<Notify>) -> impl Future<Output = ()> + Send {
        reminders::send_reminders(self.client.http.clone(), store, wake, self.pacer.clone())
    }

    /// The surge alert task, checking every `every`; runs until aborted.
    pub fn alerts(
        &self,
        store: Store,
        every: std::time::Duration,
        cooldown: chrono::Duration,
    ) -> impl Future<Output = ()> + Send {
        super::alerts::announcer::run_alerts(
            self.client.http.clone(),
            store,
            self.pacer.clone(),
            every,
            cooldown,
        )
    }

    /// The digest scheduler; runs until aborted.
    pub fn scheduler(&self, store: Store) -> impl Future<Output = ()> + Send {
        scheduler::run_scheduler(self.client.http.clone(), store, self.pacer.clone())
    }

    /// Connects and serves commands until stopped; an error if the connection failed or the
    /// commands could not be registered.
    pub async fn run(mut self) -> anyhow::Result<()> {
        let outcome = self.client.start().await;
        outcome.context("the Discord connection failed")?;
        if let Ok(reason) = self.setup_failed.try_recv() {
            anyhow::bail!("start-up failed: the slash commands could not be registered: {reason}");
        }
        Ok(())
    }
}

/// Registers the commands in the test guild if one is configured, else globally; but not when the
/// same definitions were already registered there for this application (registering replaces every
/// command, and Discord limits how often it may be done).
async fn register(
    ctx: &serenity::Context,
    store: &Store,
    application: u64,
    commands: &[poise::Command<Data, Error>],
    guild: Option<u64>,
) -> anyhow::Result<()> {
    let body = poise::builtins::create_application_commands(commands);
    let definitions = definitions_hash(&body)?;
    let place = guild.map_or("globally".to_owned(), |g| format!("in guild {g}"));
    let registered = store
        .registered_commands(application, guild)
        .await
        .context("failed to read which slash commands were registered")?;
    if registered.as_deref() == Some(definitions.as_str()) {
        tracing::info!(
            count = commands.len(),
            "registered slash commands unchanged ({place}); not registering them again"
        );
        return Ok(());
    }
    match guild {
        Some(guild) => {
            serenity::GuildId::new(guild)
                .set_commands(ctx, body)
                .await
                .context("failed to register slash commands in the test guild")?;
        }
        None => {
            serenity::Command::set_global_commands(ctx, body)
                .await
                .context("failed to register slash commands")?;
        }
    }
    tracing::info!(
        count = commands.len(),
        changed = registered.is_some(),
        "registered slash commands {place}"
    );
    // Failing to remember only means registering again at the next start.
    if let Err(error) = store
        .record_registered_commands(application, guild, &definitions, chrono::Utc::now())
        .await
    {
        tracing::warn!(%error, "failed to record the registered slash commands");
    }
    Ok(())
}

/// SHA-256 of the registration body as serialised for Discord: any change to a name, option,
/// description or permission changes it.
fn definitions_hash(body: &[serenity::CreateCommand]) -> anyhow::Result<String> {
    use sha2::Digest as _;
    let json = serde_json::to_vec(body).context("failed to serialise the slash commands")?;
    Ok(hex::encode(sha2::Sha256::digest(json)))
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
