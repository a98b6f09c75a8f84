//! `tag`, `redact` and `export questions`: text in, JSON lines or files out.

use super::open_store;
use crate::config::Settings;
use crate::domain::entities::Tagger;
use crate::domain::questions::deidentify_for_log;
use crate::domain::questions::export::{render_export, ExportFormat};
use crate::domain::GuildId;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

/// Prints the entities found in each input line, as one JSON object per line.
pub(super) fn tag(file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let tagger = Tagger::bundled();
    let mut out = std::io::stdout().lock();
    for line in input_lines(file)? {
        let line = line.context("failed to read input")?;
        let record = serde_json::json!({ "text": line, "entities": tagger.tag(&line) });
        writeln!(out, "{record}").context("failed to write output")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints each input line de-identified, as one JSON object per line; with `explain`, each span
/// removed, its kind and the rule or gazetteer that fired instead of the counts.
pub(super) fn redact(file: Option<&Path>, explain: bool) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for line in input_lines(file)? {
        let line = line.context("failed to read input")?;
        let record = if explain {
            crate::domain::questions::explain_redaction(&line)
        } else {
            let (redacted, counts) = deidentify_for_log(&line);
            serde_json::json!({ "text": line, "redacted": redacted, "counts": counts })
        };
        writeln!(out, "{record}").context("failed to write output")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The lines of `file`, or of standard input when no file is given.
pub(super) fn input_lines(
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

pub(super) async fn export_questions(
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
