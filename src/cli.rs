//! The command line (SPEC §3): `run` hands over to the Discord layer; the rest work without Discord.

use crate::config::Settings;
use crate::domain::entities::Tagger;
use crate::domain::feed_url::parse_feed_url;
use crate::domain::questions::deidentify_for_log;
use crate::domain::questions::export::{render_export, ExportFormat};
use crate::domain::{ConfigDuration, GuildId, Hashtag};
use crate::store::feeds::FollowOutcome;
use crate::store::hashtags::TrackOutcome;
use crate::store::Store;
use anyhow::Context as _;
use chrono::DateTime;
use chrono::Utc;
use clap::{Parser, Subcommand};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
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
            let store = open_store(&settings).await?;
            crate::discord::run(&settings, store).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => migrate(&settings).await,
        Command::Track { action } => track(&settings, action).await,
        Command::Doctor => Ok(crate::doctor::run(&settings).await),
        Command::Ingest { once } => ingest(&settings, once).await,
        Command::Feeds { action } => feeds(&settings, action).await,
        Command::Digest {
            guild,
            channel,
            window,
            at,
            format,
        } => {
            print_digest(
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
        } => print_summary(&settings, guild, &topic, &window, &format).await,
        Command::Export {
            what: ExportWhat::Questions { guild, format, out },
        } => export_questions(&settings, guild, &format, out.as_deref()).await,
        Command::Tag { file } => tag(file.as_deref()),
        Command::Redact { file } => redact(file.as_deref()),
        Command::Demo => crate::demo::run().await,
    }
}

/// `digest`: prints the digest the bot would post, as markdown or as the JSON of its messages.
async fn print_digest(
    settings: &Settings,
    guild: GuildId,
    channel: Option<u64>,
    window: Option<&str>,
    at: Option<&str>,
    format: &str,
) -> anyhow::Result<ExitCode> {
    let json = match format {
        "markdown" | "md" => false,
        "json" => true,
        other => anyhow::bail!("`{other}` is not a digest format: use markdown or json"),
    };
    let end = match at {
        Some(at) => DateTime::parse_from_rfc3339(at)
            .with_context(|| {
                format!("--at `{at}` is not an RFC 3339 time such as 2026-11-27T08:00:00Z")
            })?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let store = open_store(settings).await?;
    let channels = store.digest_channels(guild).await?;
    let channel_window = match channel {
        Some(id) => Some(
            channels
                .iter()
                .find(|c| c.channel_id == id)
                .with_context(|| format!("channel {id} has no digest in guild {guild}"))?
                .window,
        ),
        None => channels.first().map(|c| c.window),
    };
    let window = match window {
        Some(text) => ConfigDuration::parse(text)?,
        None => channel_window.unwrap_or(settings.digest.window),
    };
    let start = end - chrono::Duration::seconds(window.as_secs() as i64);
    let digest = crate::digests::digest_for(&store, guild, start, end, None).await?;
    store.close().await;
    let messages = crate::discord::render::digest::digest_messages(&digest);
    if json {
        let bodies: Vec<_> = messages
            .iter()
            .map(|part| crate::discord::render::digest::part_to_message(part, None))
            .collect();
        println!("{}", serde_json::to_string_pretty(&bodies)?);
    } else {
        print!(
            "{}",
            crate::discord::render::digest::messages_to_markdown(&messages)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `summary`: prints the topic summary `/summary` would post, as markdown or as JSON of its embeds
/// and the chart's numbers (the chart itself is only drawn for Discord).
async fn print_summary(
    settings: &Settings,
    guild: GuildId,
    topic: &str,
    window: &str,
    format: &str,
) -> anyhow::Result<ExitCode> {
    use crate::discord::render::summary as render;
    let json = match format {
        "markdown" | "md" => false,
        "json" => true,
        other => anyhow::bail!("`{other}` is not a summary format: use markdown or json"),
    };
    let topic = crate::domain::summary::Topic::parse(topic)
        .with_context(|| format!("--topic `{topic}` cannot be summarised"))?;
    let window = crate::domain::summary::SummaryWindow::parse(window)?;
    let summaries = crate::summaries::Summaries::from_settings(&settings.summary)?;
    let store = open_store(settings).await?;
    let report =
        crate::summaries::report_for(&store, &summaries, guild, &topic, window, Utc::now()).await?;
    store.close().await;
    if report.summary.is_empty() {
        let text = render::nothing_found(&topic.to_string(), window, &report.suggestions);
        if json {
            println!("{}", serde_json::json!({ "content": text }));
        } else {
            println!("{text}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let answer = render::summary_answer(&report.summary, report.abstractive.as_deref(), Vec::new());
    if json {
        let volume: Vec<_> = report
            .summary
            .volume
            .iter()
            .map(|bin| serde_json::json!({ "start": bin.start.to_rfc3339(), "posts": bin.posts }))
            .collect();
        let body = serde_json::json!({ "embeds": answer.embeds, "volume": volume });
        println!("{}", serde_json::to_string_pretty(&body)?);
    } else {
        print!(
            "{}",
            crate::discord::render::digest::messages_to_markdown(&[answer.embeds])
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `ingest --once`: polls every enabled source once and reports what each did.
async fn ingest(settings: &Settings, once: bool) -> anyhow::Result<ExitCode> {
    if !once {
        eprintln!("rounds: `rounds ingest` needs --once (the bot polls continuously while `rounds run` is running)");
        return Ok(ExitCode::from(2));
    }
    let store = open_store(settings).await?;
    let sources = crate::ingest::build_sources(settings)?;
    if sources.is_empty() {
        eprintln!("rounds: every source is disabled in the configuration; nothing to poll");
        store.close().await;
        return Ok(ExitCode::FAILURE);
    }
    let sink = crate::ingest::StoreSink::new(store.clone(), Tagger::bundled());
    let outcomes = crate::ingest::poll_all_once(&store, &sink, &sources).await?;
    let mut failed = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(report) => println!(
                "ok   {:<28} {} fetched, {} new, {} already stored, {} skipped",
                outcome.source,
                report.fetched,
                report.stored.inserted,
                report.stored.updated,
                report.stored.skipped
            ),
            Err(error) => {
                failed += 1;
                println!("FAIL {:<28} {error}", outcome.source);
            }
        }
    }
    println!("{} posts stored in all.", store.post_count().await?);
    store.close().await;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn feeds(settings: &Settings, action: FeedsAction) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let parse =
        |url: &str| parse_feed_url(url).with_context(|| format!("`{url}` cannot be followed"));
    let result = match action {
        FeedsAction::Add { guild, url } => {
            let url = parse(&url)?;
            match store
                .follow_feed(guild, url.as_str(), None, Utc::now())
                .await?
            {
                FollowOutcome::Added => {
                    println!("Now following {} in guild {guild}.", url.as_str())
                }
                FollowOutcome::AlreadyFollowed => {
                    println!("{} is already followed in guild {guild}.", url.as_str())
                }
            }
            ExitCode::SUCCESS
        }
        FeedsAction::Remove { guild, url } => {
            let url = parse(&url)?;
            if store.unfollow_feed(guild, url.as_str()).await? {
                println!("Stopped following {} in guild {guild}.", url.as_str());
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "rounds: {} is not followed in guild {guild}; nothing changed",
                    url.as_str()
                );
                ExitCode::FAILURE
            }
        }
        FeedsAction::List { guild } => {
            for url in store.feeds(guild).await? {
                println!("{url}");
            }
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(result)
}

/// Prints the entities found in each input line, as one JSON object per line.
fn tag(file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let tagger = Tagger::bundled();
    let mut out = std::io::stdout().lock();
    for line in input_lines(file)? {
        let line = line.context("failed to read input")?;
        let record = serde_json::json!({ "text": line, "entities": tagger.tag(&line) });
        writeln!(out, "{record}").context("failed to write output")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints each input line de-identified, as one JSON object per line.
fn redact(file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for line in input_lines(file)? {
        let line = line.context("failed to read input")?;
        let (redacted, counts) = deidentify_for_log(&line);
        let record = serde_json::json!({ "text": line, "redacted": redacted, "counts": counts });
        writeln!(out, "{record}").context("failed to write output")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The lines of `file`, or of standard input when no file is given.
fn input_lines(
    file: Option<&Path>,
) -> anyhow::Result<Box<dyn Iterator<Item = std::io::Result<String>>>> {
    Ok(match file {
        Some(path) => {
            let opened = std::fs::File::open(path)
                .with_context(|| format!("failed to open {}", path.display()))?;
            Box::new(BufReader::new(opened).lines())
        }
        None => Box::new(BufReader::new(std::io::stdin()).lines()),
    })
}

async fn export_questions(
    settings: &Settings,
    guild: GuildId,
    format: &str,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let format = ExportFormat::parse(format)?;
    let store = open_store(settings).await?;
    let everything_since = DateTime::<Utc>::UNIX_EPOCH;
    let rows = store
        .exported_questions(
            guild,
            everything_since,
            Utc::now() + chrono::Duration::seconds(1),
            i64::MAX,
        )
        .await?;
    store.close().await;
    let body = render_export(&rows, format);
    match out {
        Some(path) => {
            // Write beside the target, then rename: a crash never leaves half an export.
            let partial = path.with_extension("partial");
            std::fs::write(&partial, &body)
                .with_context(|| format!("failed to write {}", partial.display()))?;
            std::fs::rename(&partial, path)
                .with_context(|| format!("failed to write {}", path.display()))?;
            eprintln!("Exported {} questions to {}.", rows.len(), path.display());
        }
        None => std::io::stdout()
            .lock()
            .write_all(body.as_bytes())
            .context("failed to write output")?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    Store::open(&settings.database.url)
        .await
        .context("failed to open the database")
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

async fn track(settings: &Settings, action: TrackAction) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let result = match action {
        TrackAction::Add { guild, tag } => {
            let tag = Hashtag::parse(&tag).with_context(|| format!("`{tag}` is not a hashtag"))?;
            match store.track_hashtag(guild, &tag, None, Utc::now()).await? {
                TrackOutcome::Added => println!("Now tracking {tag} in guild {guild}."),
                TrackOutcome::AlreadyTracked => {
                    println!("{tag} is already tracked in guild {guild}.")
                }
            }
            ExitCode::SUCCESS
        }
        TrackAction::Remove { guild, tag } => {
            let tag = Hashtag::parse(&tag).with_context(|| format!("`{tag}` is not a hashtag"))?;
            if store.untrack_hashtag(guild, &tag).await? {
                println!("Stopped tracking {tag} in guild {guild}.");
                ExitCode::SUCCESS
            } else {
                eprintln!("rounds: {tag} is not tracked in guild {guild}; nothing changed");
                ExitCode::FAILURE
            }
        }
        TrackAction::List { guild } => {
            for tracked in store.tracked_hashtags(guild).await? {
                println!("{}", tracked.tag);
            }
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(result)
}
