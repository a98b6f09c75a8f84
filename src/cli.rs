//! The command line (SPEC §3): `run` hands over to the composition root (`crate::app`); the rest work
//! without Discord.

mod guild;
mod lines;
mod print;

use crate::config::Settings;
use crate::domain::GuildId;
use crate::store::Store;
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Rounds: the medical conversation, digested for your Discord server.
#[derive(Debug, Parser)]
#[command(name = "rounds", version, about, long_about = None)]
pub struct Cli {
    /// Extra configuration file, layered over the defaults; may be given several times.
    #[arg(long = "config", value_name = "FILE", global = true)]
    pub config: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot (needs a Discord token in DISCORD_TOKEN).
    Run,
    /// Create or upgrade the database, then exit.
    Migrate,
    /// Poll every enabled source once for all tracked tags, then exit.
    Ingest {
        #[arg(long)]
        once: bool,
    },
    /// Add, remove or list a guild's tracked hashtags.
    Track {
        #[command(subcommand)]
        action: TrackAction,
    },
    /// Add, remove or list a guild's feeds.
    Feeds {
        #[command(subcommand)]
        action: FeedsAction,
    },
    /// Print the digest the bot would post, without Discord.
    Digest {
        #[arg(long)]
        guild: GuildId,
        #[arg(long)]
        channel: Option<u64>,
        #[arg(long)]
        window: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long, default_value = "markdown")]
        format: String,
    },
    /// Print a topic summary, without Discord.
    Summary {
        #[arg(long)]
        guild: GuildId,
        #[arg(long)]
        topic: String,
        #[arg(long, default_value = "7d")]
        window: String,
        #[arg(long, default_value = "markdown")]
        format: String,
    },
    /// Export data for analysis.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Print the entities found in each input line, as JSON lines.
    Tag {
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Print each input line de-identified, as the question log stores it.
    Redact {
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Show a digest and a summary from a bundled sample, offline.
    Demo,
    /// Check the configuration, database, token and each source.
    Doctor,
}

#[derive(Debug, Subcommand)]
pub enum TrackAction {
    /// Start tracking a hashtag in a guild.
    Add {
        #[arg(long)]
        guild: GuildId,
        /// The hashtag, with or without '#'.
        tag: String,
    },
    /// Stop tracking a hashtag in a guild.
    Remove {
        #[arg(long)]
        guild: GuildId,
        tag: String,
    },
    /// List a guild's tracked hashtags, one per line.
    List {
        #[arg(long)]
        guild: GuildId,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedsAction {
    /// Follow an RSS, Atom or JSON feed in a guild.
    Add {
        #[arg(long)]
        guild: GuildId,
        url: String,
    },
    /// Stop following a feed in a guild.
    Remove {
        #[arg(long)]
        guild: GuildId,
        url: String,
    },
    /// List a guild's feeds, one per line.
    List {
        #[arg(long)]
        guild: GuildId,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The de-identified question log.
    Questions {
        #[arg(long)]
        guild: GuildId,
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs one command to completion and gives the process exit code.
pub async fn execute(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Run => {
            if let Err(reason) = settings.discord_token() {
                // One line, before anything else is printed: the operator's first run.
                eprintln!("rounds: {reason}");
                return Ok(ExitCode::from(2));
            }
            crate::app::run(&settings).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => migrate(&settings).await,
        Command::Track { action } => guild::track(&settings, action).await,
        Command::Doctor => Ok(crate::doctor::run(&settings).await),
        Command::Ingest { once } => print::ingest(&settings, once).await,
        Command::Feeds { action } => guild::feeds(&settings, action).await,
        Command::Digest {
            guild,
            channel,
            window,
            at,
            format,
        } => {
            print::print_digest(
                &settings,
                guild,
                channel,
                window.as_deref(),
                at.as_deref(),
                &format,
            )
            .await
        }
        Command::Summary {
            guild,
            topic,
            window,
            format,
        } => print::print_summary(&settings, guild, &topic, &window, &format).await,
        Command::Export {
            what: ExportWhat::Questions { guild, format, out },
        } => lines::export_questions(&settings, guild, &format, out.as_deref()).await,
        Command::Tag { file } => lines::tag(file.as_deref()),
        Command::Redact { file } => lines::redact(file.as_deref()),
        Command::Demo => crate::demo::run().await,
    }
}

async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::open(&settings.database.url)
        .await
        .context("failed to open the database")?;
    store.set_excluded_authors(crate::domain::summary::ExcludedAuthors::parse(
        &settings.summary.excluded_authors,
    ));
    Ok(store)
}

async fn migrate(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let applied = store.applied_migrations().await?;
    store.close().await;
    let latest = applied.last().map_or(0, |m| m.version);
    println!(
        "Database {} is at schema version {latest} ({} migrations applied).",
        settings.database.url,
        applied.len()
    );
    Ok(ExitCode::SUCCESS)
}
