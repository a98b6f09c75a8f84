//! `digest`, `summary` and `ingest --once`: what the bot would post or fetch, printed.

use super::format::{messages_to_text, Format};
use super::open_store;
use crate::config::Settings;
use crate::discord::render::embed::EmbedSpec;
use crate::domain::{ConfigDuration, GuildId};
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::process::ExitCode;

/// Messages of embeds as text, markdown, or the JSON bodies Discord would receive.
fn write_messages(
    out: &mut impl Write,
    messages: &[Vec<EmbedSpec>],
    format: Format,
) -> anyhow::Result<()> {
    use crate::discord::render::digest::{messages_to_markdown, part_to_message};
    match format {
        Format::Text => write!(out, "{}", messages_to_text(messages))?,
        Format::Markdown => write!(out, "{}", messages_to_markdown(messages))?,
        Format::Json => {
            let bodies: Vec<_> = messages
                .iter()
                .map(|part| part_to_message(part, None))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&bodies)?)?;
        }
    }
    Ok(())
}

/// `demo`: the bundled sample's digest, then a topic summary.
pub(super) async fn demo(format: Format) -> anyhow::Result<ExitCode> {
    let demo = crate::demo::run().await?;
    let mut out = std::io::stdout();
    if format != Format::Json {
        writeln!(
            out,
            "Loaded {} sample posts (Mastodon, Bluesky, X and a journal feed) into a temporary database.\n",
            demo.loaded
        )?;
    }
    let mut messages = demo.messages;
    messages.push(demo.summary);
    write_messages(&mut out, &messages, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `digest`: prints the digest the bot would post, as text, markdown or the JSON of its messages.
pub(super) async fn print_digest(
    settings: &Settings,
    guild: GuildId,
    channel: Option<u64>,
    window: Option<&str>,
    at: Option<&str>,
    format: Format,
) -> anyhow::Result<ExitCode> {
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
    let explicit = window.map(ConfigDuration::parse).transpose()?;
    let digest = match channel {
        // A channel's digest: its hashtags and topics, over its window unless --window says.
        Some(id) => {
            let channel = channels
                .iter()
                .find(|c| c.channel_id == id)
                .with_context(|| format!("channel {id} has no digest in guild {guild}"))?;
            match explicit {
                Some(window) => {
                    let start = end - chrono::Duration::seconds(window.as_secs() as i64);
                    crate::app::digest_service::channel_digest_for(
                        &store,
                        guild,
                        &channel.filter,
                        start,
                        end,
                        None,
                    )
                    .await?
                }
                None => {
                    crate::app::digest_service::channel_digest_at(&store, guild, channel, end)
                        .await?
                }
            }
        }
        // The whole guild: every tracked hashtag, over --window or the configured default.
        None => {
            let window = explicit.unwrap_or(settings.digest.window);
            let start = end - chrono::Duration::seconds(window.as_secs() as i64);
            crate::app::digest_service::digest_for(&store, guild, start, end, None).await?
        }
    };
    store.close().await;
    let messages = crate::discord::render::digest::digest_messages(&digest);
    write_messages(&mut std::io::stdout(), &messages, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `summary`: prints the topic summary `/summary` would post, as text, markdown or the JSON of its
/// embeds and the chart's numbers (the chart itself is only drawn for Discord).
pub(super) async fn print_summary(
    settings: &Settings,
    guild: GuildId,
    topic: &str,
    window: crate::domain::summary::SummaryWindow,
    format: Format,
) -> anyhow::Result<ExitCode> {
    use crate::discord::render::summary as render;
    let topic = crate::domain::summary::Topic::parse(topic)
        .with_context(|| format!("--topic `{topic}` cannot be summarised"))?;
    let summaries = crate::app::summary_service::Summaries::from_settings(&settings.summary)?;
    let store = open_store(settings).await?;
    let report = crate::app::summary_service::report_for(
        &store,
        &summaries,
        guild,
        &topic,
        window,
        Utc::now(),
    )
    .await?;
    store.close().await;
    let mut out = std::io::stdout();
    if report.summary.is_empty() {
        let text = render::nothing_found(&topic.to_string(), window, &report.suggestions);
        match format {
            Format::Json => writeln!(out, "{}", serde_json::json!({ "content": text }))?,
            Format::Markdown => writeln!(out, "{text}")?,
            Format::Text => writeln!(out, "{}", super::format::markdown_to_text(&text))?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let answer = render::summary_answer(&report.summary, report.abstractive.as_deref(), Vec::new());
    if format == Format::Json {
        let volume: Vec<_> = report
            .summary
            .volume
            .iter()
            .map(|bin| serde_json::json!({ "start": bin.start.to_rfc3339(), "posts": bin.posts }))
            .collect();
        let body = serde_json::json!({ "embeds": answer.embeds, "volume": volume });
        writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
    } else {
        write_messages(&mut out, &[answer.embeds], format)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `ingest --once`: polls every enabled source once and reports what each did.
pub(super) async fn ingest(settings: &Settings, once: bool) -> anyhow::Result<ExitCode> {
    if !once {
        // Continuous polling belongs to `rounds run`: a second poller beside the bot would fetch
        // every post twice and spend the sources' rate limits for nothing.
        eprintln!(
            "rounds: `rounds ingest` polls each source once and exits, and needs --once to say so.\n\
             The bot itself (`rounds run`) polls continuously; use `rounds ingest --once` to try the \
             sources or to collect posts on a schedule without the bot."
        );
        return Ok(ExitCode::from(2));
    }
    let store = open_store(settings).await?;
    let sources = crate::ingest::build_sources(settings)?;
    if sources.is_empty() {
        eprintln!("rounds: every source is disabled in the configuration; nothing to poll");
        store.close().await;
        return Ok(ExitCode::FAILURE);
    }
    let sink = crate::ingest::StoreSink::new(store.clone(), crate::lexicons::tagger())
        .with_feed_cap(settings.sources.rss.max_new_posts_per_guild_per_day);
    let outcomes = crate::ingest::poll_all_once(&store, &sink, &sources).await?;
    let mut failed = 0;
    let mut out = std::io::stdout();
    for outcome in &outcomes {
        match &outcome.result {
            Ok(report) => writeln!(
                out,
                "ok   {:<28} {} fetched, {} new, {} already stored, {} skipped, {} deleted upstream",
                outcome.source,
                report.fetched,
                report.stored.inserted,
                report.stored.updated,
                report.stored.skipped,
                report.stored.deleted
            )?,
            Err(error) => {
                failed += 1;
                writeln!(out, "FAIL {:<28} {error}", outcome.source)?;
            }
        }
    }
    let refreshers = crate::ingest::refresh::build_refreshers(settings)?;
    let schedule = crate::ingest::refresh::Schedule::from_settings(settings);
    for outcome in crate::ingest::refresh::refresh_all_once(&store, &refreshers, schedule).await {
        match outcome {
            Ok(o) => {
                let stopped = o
                    .stopped
                    .as_ref()
                    .map(|e| format!("; stopped early: {e}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "refresh {:<24} {} posts refreshed, {} deleted upstream, {} profiles, {} requests{stopped}",
                    o.service, o.applied.refreshed, o.applied.deleted, o.applied.profiles, o.requests
                )?;
            }
            Err(error) => {
                failed += 1;
                writeln!(out, "FAIL refresh: {error:#}")?;
            }
        }
    }
    if let Some(pruned) =
        crate::ingest::prune_old_posts(&store, settings.retention.posts_days, Utc::now()).await?
    {
        writeln!(
            out,
            "pruned {} posts older than {} days and {} authors left without a post",
            pruned.posts, settings.retention.posts_days, pruned.authors
        )?;
    }
    writeln!(out, "{} posts stored in all.", store.post_count().await?)?;
    store.close().await;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
