//! The composition root: the whole running bot at a glance. `run` opens the store, builds the HTTP
//! clients and the services, hands Discord only what its commands need, and starts every
//! long-running task under one `Supervisor`: the pollers, the question and post pruners, the
//! journal-club reminders, the digest scheduler and the metrics listener. SIGINT or SIGTERM is the one way down: the
//! gateway closes (or is given up on after `CLOSE_GRACE`), the supervisor stops every task, then the
//! store closes.
//!
//! Beside it, the services that orchestrate the store and the pure domain logic for both the bot
//! and the command line: digests, summaries and journal clubs.

pub mod alert_service;
pub mod digest_service;
pub mod journal_club_service;
pub mod summary_service;
mod supervisor;

use crate::config::Settings;
use crate::discord::{self, DigestDefaults, Gateway};
use crate::http::AddressPolicy;
use crate::ingest::{self, StoreSink};
use crate::metadata::MetadataClient;
use crate::monitor::{self, Listener};
use crate::store::Store;
use anyhow::Context as _;
use journal_club_service::JournalClubService;
use secrecy::ExposeSecret;
use std::sync::Arc;
use summary_service::Summaries;
use supervisor::Supervisor;
use tokio::sync::Notify;

/// How long the gateway gets to close after SIGINT or SIGTERM.
const CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs the bot until SIGINT or SIGTERM; an error if it could not start or lost Discord.
pub async fn run(settings: &Settings) -> anyhow::Result<()> {
    let token = settings
        .discord_token()
        .map_err(|reason| anyhow::anyhow!(reason))?;
    let store = Store::open(&settings.database.url)
        .await
        .context("failed to open the database")?;
    store.set_excluded_authors(crate::domain::summary::ExcludedAuthors::parse(
        &settings.summary.excluded_authors,
    ));
    let outcome = serve(settings, token.expose_secret(), &store).await;
    store.close().await;
    outcome?;
    tracing::info!("stopped");
    Ok(())
}

/// Everything between opening the store and closing it.
async fn serve(settings: &Settings, token: &str, store: &Store) -> anyhow::Result<()> {
    // Load the lexicons before connecting, so the first /ask answers inside Discord's 3 seconds.
    let started = std::time::Instant::now();
    let tagger = tokio::task::spawn_blocking(crate::lexicons::tagger)
        .await
        .context("failed to load the entity lexicons")?;
    tracing::info!(
        variants = tagger.variant_count(),
        millis = started.elapsed().as_millis() as u64,
        "entity lexicons loaded"
    );
    let wake_reminders = Arc::new(Notify::new());
    let metadata = MetadataClient::new(&settings.metadata, store.clone())
        .context("failed to set up the paper metadata client")?;
    let data = discord::Data {
        summaries: {
            let summaries = Summaries::from_settings(&settings.summary)
                .context("failed to set up summaries")?;
            if settings.throttle.enabled {
                summaries.caching_llm_answers(settings.throttle.llm_cache.as_duration())
            } else {
                summaries
            }
        },
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
            crate::lexicons::tagger()
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
        journal_clubs: JournalClubService::new(store.clone(), metadata, wake_reminders.clone()),
        allowed_guilds: settings.discord.allowed_guilds.iter().copied().collect(),
        throttles: discord::throttle::Throttles::new(
            &settings.throttle,
            Arc::new(discord::throttle::SystemClock),
        ),
        feed_addresses: AddressPolicy::allowing_private(
            settings.sources.rss.allow_private_addresses,
        ),
    };
    if data.author_key.is_none() {
        tracing::warn!(
            "{}",
            crate::domain::questions::pseudonym::KEY_IN_DATABASE_WARNING
        );
    }
    let gateway = Gateway::build(&settings.discord, token, data).await?;
    let sources = ingest::build_sources(settings)?;

    let mut supervisor = Supervisor::default();
    if let Some(address) = settings.metrics.address()? {
        let listener = Listener::bind(
            address,
            monitor::install()?,
            store.clone(),
            Box::new(gateway.health()),
        )
        .await?;
        tracing::info!(address = %listener.local_addr()?, "serving /metrics and /healthz");
        supervisor.spawn("metrics listener", listener.serve());
    }
    supervisor.spawn(
        "question pruner",
        prune_questions_daily(store.clone(), settings.questions.retention_days),
    );
    supervisor.spawn(
        "post pruner",
        ingest::prune_posts_daily(store.clone(), settings.retention.posts_days),
    );
    supervisor.spawn(
        "journal club reminders",
        gateway.reminders(store.clone(), wake_reminders),
    );
    tracing::info!(
        sources = ?sources.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "starting the pollers"
    );
    let sink = Arc::new(
        StoreSink::new(store.clone(), tagger)
            .with_feed_cap(settings.sources.rss.max_new_posts_per_guild_per_day),
    );
    supervisor.spawn("pollers", ingest::run_pollers(store.clone(), sink, sources));
    let refreshers = ingest::refresh::build_refreshers(settings)?;
    tracing::info!(
        services = ?refreshers.iter().map(|r| r.name()).collect::<Vec<_>>(),
        "starting the refresh stage"
    );
    supervisor.spawn(
        "refresh",
        ingest::refresh::run_refreshers(
            store.clone(),
            refreshers,
            ingest::refresh::Schedule::from_settings(settings),
        ),
    );
    supervisor.spawn("digest scheduler", gateway.scheduler(store.clone()));
    supervisor.spawn(
        "surge alerts",
        gateway.alerts(
            store.clone(),
            settings.alerts.check_every.as_duration(),
            chrono::Duration::seconds(settings.alerts.cooldown.as_secs() as i64),
        ),
    );

    let stopper = gateway.stopper();
    let run = gateway.run();
    tokio::pin!(run);
    let outcome = tokio::select! {
        outcome = &mut run => outcome,
        () = supervisor.watch() => unreachable!("the supervisor's watch never ends"),
        () = wait_for_shutdown_signal() => {
            tracing::info!("shutdown requested: closing the Discord connection");
            stopper.stop().await;
            // A shard that never connected keeps retrying after it is told to stop; the bot
            // stops anyway.
            match tokio::time::timeout(CLOSE_GRACE, &mut run).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    tracing::warn!("the Discord connection did not close in time; stopping anyway");
                    Ok(())
                }
            }
        }
    };
    supervisor.shutdown().await;
    outcome
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
                tracing::warn!(error = %e, "failed to prune old questions; will retry tomorrow");
            }
        }
    }
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
