//! The command line (SPEC §3): `run` hands over to the composition root (`crate::app`); the rest work
//! without Discord.

mod alerts;
mod backup;
pub mod format;
mod guild;
mod lines;
mod print;

pub use format::{Format, ListFormat};

use crate::config::Settings;
use crate::domain::questions::export::ExportFormat;
use crate::domain::summary::SummaryWindow;
use crate::domain::GuildId;
use crate::store::Store;
use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
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
    /// Poll every enabled source once for all tracked tags, then exit (needs --once).
    ///
    /// `rounds run` polls continuously while the bot runs; a second, separate poller would only
    /// fetch the same posts twice, so this command does one round, for trying sources and for
    /// cron-style collection without the bot.
    Ingest {
        /// Poll each source once and exit (required: continuous polling is part of `rounds run`).
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
        /// The guild (server) id whose digest to build.
        #[arg(long)]
        guild: GuildId,
        /// A digest channel of the guild: its hashtags, topics and window (default: the whole guild).
        #[arg(long, value_name = "ID")]
        channel: Option<u64>,
        /// How far back the digest looks, e.g. 24h or 7d (default: the channel's window, else the
        /// configured digest.window).
        #[arg(long, value_name = "DURATION")]
        window: Option<String>,
        /// The end of the window, an RFC 3339 time such as 2026-11-27T08:00:00Z (default: now).
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// Output format [default: text on a terminal, markdown otherwise].
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Print a topic summary, without Discord.
    Summary {
        /// The guild (server) id whose posts to search.
        #[arg(long)]
        guild: GuildId,
        /// A hashtag (#MedEd), a drug, a disease or keywords.
        #[arg(long)]
        topic: String,
        /// How far back to look.
        #[arg(long, value_enum, default_value_t = WindowArg::Week)]
        window: WindowArg,
        /// Output format [default: text on a terminal, markdown otherwise].
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Surge alerts, without Discord.
    Alerts {
        #[command(subcommand)]
        action: AlertsAction,
    },
    /// Export data for analysis.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Print the entities found in each input line, as JSON lines.
    ///
    /// Each line gives {"text":…,"entities":[{"kind","canonical","start","end"}]}; `start` and
    /// `end` are byte offsets into the line's UTF-8 text (end exclusive). A line that is not valid
    /// UTF-8 is reported on standard error with its number and skipped.
    Tag {
        /// Read this file instead of standard input.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Print each input line de-identified, as the question log stores it.
    ///
    /// A line that is not valid UTF-8 is reported on standard error with its number and skipped.
    Redact {
        /// Read this file instead of standard input.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// List each span removed, its type and the rule or gazetteer that fired.
        #[arg(long)]
        explain: bool,
    },
    /// Write a consistent copy of the database, safe while the bot runs.
    Backup {
        /// Where to write the copy (its folder must exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Show a digest from a bundled sample, offline.
    Demo {
        /// Output format [default: text on a terminal, markdown otherwise].
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Check the configuration, the database, Discord and each outside service, for real.
    Doctor,
}

#[derive(Debug, Subcommand)]
pub enum TrackAction {
    /// Start tracking a hashtag in a guild.
    Add {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// The hashtag, with or without '#'.
        tag: String,
    },
    /// Stop tracking a hashtag in a guild.
    Remove {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// The hashtag, with or without '#'.
        tag: String,
    },
    /// List a guild's tracked hashtags.
    List {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedsAction {
    /// Follow an RSS, Atom or JSON feed in a guild.
    Add {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// The feed's http(s) URL.
        url: String,
    },
    /// Stop following a feed in a guild.
    Remove {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// The feed's URL, as listed.
        url: String,
    },
    /// List a guild's feeds.
    List {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Print the surges in progress at a time (judged on the last complete hour before it), whether
    /// or not the bot announced them: topic, kind, count now, usual count and score.
    Check {
        /// The guild (server) id whose topics to check.
        #[arg(long)]
        guild: GuildId,
        /// The time to judge, an RFC 3339 time such as 2026-11-27T08:00:00Z (default: now).
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// The detector's sensitivity: low, normal or high (an alert channel's own setting).
        #[arg(long, default_value = "normal")]
        sensitivity: String,
        /// Output format [default: text on a terminal, markdown otherwise].
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The de-identified question log.
    Questions {
        /// The guild (server) id.
        #[arg(long)]
        guild: GuildId,
        /// File format.
        #[arg(long, value_enum)]
        format: ExportFileFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// A summary's window, as `/summary` offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WindowArg {
    /// The last day.
    #[value(name = "1d", alias = "24h")]
    Day,
    /// The last 7 days.
    #[value(name = "7d", alias = "1w")]
    Week,
    /// The last 30 days.
    #[value(name = "30d")]
    Month,
}

impl From<WindowArg> for SummaryWindow {
    fn from(window: WindowArg) -> Self {
        match window {
            WindowArg::Day => SummaryWindow::Day,
            WindowArg::Week => SummaryWindow::Week,
            WindowArg::Month => SummaryWindow::Month,
        }
    }
}

/// The format of an exported question log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFileFormat {
    /// Comma-separated values, one question per row, for spreadsheets.
    Csv,
    /// One JSON object per line, for notebooks.
    Jsonl,
}

/// Runs one command to completion and gives the process exit code. Output cut short by a reader
/// that went away (`rounds tag < big | head -1`) ends the command quietly and successfully.
pub async fn execute(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    // Boxed: the command futures together are large, and this one is awaited from main's stack.
    match Box::pin(run_command(command, settings)).await {
        Err(error) if is_broken_pipe(&error) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}

async fn run_command(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
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
        Command::Doctor => crate::doctor::run(&settings).await,
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
                Format::or_default(format),
            )
            .await
        }
        Command::Summary {
            guild,
            topic,
            window,
            format,
        } => {
            print::print_summary(
                &settings,
                guild,
                &topic,
                window.into(),
                Format::or_default(format),
            )
            .await
        }
        Command::Alerts {
            action:
                AlertsAction::Check {
                    guild,
                    at,
                    sensitivity,
                    format,
                },
        } => {
            alerts::check(
                &settings,
                guild,
                at.as_deref(),
                &sensitivity,
                Format::or_default(format),
            )
            .await
        }
        Command::Export {
            what: ExportWhat::Questions { guild, format, out },
        } => {
            let format = match format {
                ExportFileFormat::Csv => ExportFormat::Csv,
                ExportFileFormat::Jsonl => ExportFormat::Jsonl,
            };
            lines::export_questions(&settings, guild, format, out.as_deref()).await
        }
        Command::Tag { file } => lines::tag(file.as_deref()),
        Command::Redact { file, explain } => lines::redact(file.as_deref(), explain),
        Command::Backup { out, force } => backup::backup(&settings, &out, force).await,
        Command::Demo { format } => print::demo(Format::or_default(format)).await,
    }
}

/// Whether an error comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
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
    writeln!(
        std::io::stdout(),
        "Database {} is at schema version {latest} ({} migrations applied).",
        settings.database.url,
        applied.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests;
