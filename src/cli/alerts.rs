//! `alerts check`: the surges in progress at a time, as the bot's alert task judges them, printed
//! without Discord, whether or not they were announced.

use super::format::{markdown_to_text, Format};
use super::open_store;
use crate::app::alert_service::{judged_hour, surges_at};
use crate::config::Settings;
use crate::discord::render::alerts::surge_list;
use crate::domain::surge::{Sensitivity, Surge};
use crate::domain::GuildId;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use std::io::Write as _;
use std::process::ExitCode;

/// Prints the surges of `guild`'s topics in progress at `at` (default now).
pub(super) async fn check(
    settings: &Settings,
    guild: GuildId,
    at: Option<&str>,
    sensitivity: &str,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let at = match at {
        Some(text) => DateTime::parse_from_rfc3339(text)
            .with_context(|| {
                format!("--at `{text}` is not an RFC 3339 time such as 2026-11-27T08:00:00Z")
            })?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let sensitivity = Sensitivity::parse(sensitivity).context("--sensitivity")?;
    let store = open_store(settings).await?;
    let surges = surges_at(&store, guild, at, sensitivity).await;
    store.close().await;
    let surges = surges.context("failed to read the guild's hourly counts")?;
    let hour = judged_hour(at);
    let mut out = std::io::stdout();
    match format {
        Format::Json => {
            let list: Vec<_> = surges.iter().map(|s| surge_json(s, hour)).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        Format::Markdown => write!(out, "{}", surge_list(&surges, hour))?,
        Format::Text => write!(out, "{}", markdown_to_text(&surge_list(&surges, hour)))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn surge_json(surge: &Surge, hour: DateTime<Utc>) -> serde_json::Value {
    let round = |x: f64| (x * 100.0).round() / 100.0;
    serde_json::json!({
        "topic": surge.topic.to_string(),
        "kind": surge.topic.kind.as_str(),
        "name": surge.topic.name,
        "count_now": surge.now,
        "usual": round(surge.usual),
        "score": round(surge.score),
        "started": surge.started.to_rfc3339(),
        "hour": hour.to_rfc3339(),
    })
}
