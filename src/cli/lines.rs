//! `tag`, `redact` and `export questions`: text in, JSON lines or files out.

use super::open_store;
use crate::config::Settings;
use crate::domain::questions::deidentify_for_log;
use crate::domain::questions::export::{render_export, ExportFormat};
use crate::domain::GuildId;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

/// Prints the entities found in each input line, as one JSON object per line. Entity offsets are
/// byte offsets into the line's UTF-8 text.
pub(super) fn tag(file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let tagger = crate::lexicons::tagger();
    let mut out = std::io::stdout().lock();
    for_each_line(file, |line| {
        let record = serde_json::json!({ "text": line, "entities": tagger.tag(line) });
        writeln!(out, "{record}")
    })
}

/// Prints each input line de-identified, as one JSON object per line; with `explain`, each span
/// removed, its kind and the rule or gazetteer that fired instead of the counts.
pub(super) fn redact(file: Option<&Path>, explain: bool) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for_each_line(file, |line| {
        let record = if explain {
            crate::domain::questions::explain_redaction(line)
        } else {
            let (redacted, counts) = deidentify_for_log(line);
            serde_json::json!({ "text": line, "redacted": redacted, "counts": counts })
        };
        writeln!(out, "{record}")
    })
}

/// Calls `each` with every line of `file` (or standard input), without its line ending. A line
/// that is not UTF-8 is reported on standard error with its number and skipped: one bad byte in a
/// large file should not stop the rest.
fn for_each_line(
    file: Option<&Path>,
    mut each: impl FnMut(&str) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let mut input: Box<dyn BufRead> = match file {
        Some(path) => Box::new(BufReader::new(
            std::fs::File::open(path)
                .with_context(|| format!("failed to open {}", path.display()))?,
        )),
        None => Box::new(std::io::stdin().lock()),
    };
    let mut bytes = Vec::new();
    let mut number = 0u64;
    loop {
        bytes.clear();
        if input
            .read_until(b'\n', &mut bytes)
            .context("failed to read input")?
            == 0
        {
            return Ok(ExitCode::SUCCESS);
        }
        number += 1;
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        match std::str::from_utf8(&bytes) {
            Ok(line) => each(line).context("failed to write output")?,
            Err(error) => eprintln!(
                "rounds: line {number} is not valid UTF-8 (byte {} of the line); skipped",
                error.valid_up_to() + 1
            ),
        }
    }
}

pub(super) async fn export_questions(
    settings: &Settings,
    guild: GuildId,
    format: ExportFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
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
