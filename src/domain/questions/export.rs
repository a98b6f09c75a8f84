//! The question log as CSV or JSON lines, for analysis in a spreadsheet or a notebook. Exports carry
//! no asker: only de-identified text, topics, tags and when.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not an export format: use csv or jsonl")]
pub struct ParseExportFormatError(String);

impl ExportFormat {
    pub fn parse(text: &str) -> Result<Self, ParseExportFormatError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "jsonl" | "json-lines" | "ndjson" => Ok(Self::Jsonl),
            _ => Err(ParseExportFormatError(text.chars().take(32).collect())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
        }
    }
}

/// One row of an export.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportedQuestion {
    pub id: i64,
    #[serde(serialize_with = "rfc3339")]
    pub asked_at: DateTime<Utc>,
    pub origin: String,
    pub topic: Option<String>,
    pub question: String,
    pub hashtags: Vec<String>,
    pub drugs: Vec<String>,
    pub diseases: Vec<String>,
    pub manufacturers: Vec<String>,
    pub redactions: BTreeMap<String, u32>,
}

/// The rows rendered in the chosen format, as many as fit in `max_bytes` (the oldest first, as the
/// rows come), and how many that is: an upload over Discord's limit would be refused outright.
pub fn render_export_within(
    rows: &[ExportedQuestion],
    format: ExportFormat,
    max_bytes: usize,
) -> (String, usize) {
    let mut count = rows.len();
    loop {
        let body = render_export(&rows[..count], format);
        if body.len() <= max_bytes || count == 0 {
            return (body, count);
        }
        // Rows are roughly alike in size: aim just under the limit, always dropping at least one.
        let estimate = (count as u128 * max_bytes as u128 * 95 / 100 / body.len() as u128) as usize;
        count = estimate.min(count - 1);
    }
}

fn rfc3339<S: serde::Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Renders the rows in the chosen format.
pub fn render_export(rows: &[ExportedQuestion], format: ExportFormat) -> String {
    match format {
        ExportFormat::Csv => to_csv(rows),
        ExportFormat::Jsonl => rows
            .iter()
            .map(|row| serde_json::to_string(row).expect("export rows serialise") + "\n")
            .collect(),
    }
}

const CSV_HEADER: [&str; 10] = [
    "id",
    "asked_at",
    "origin",
    "topic",
    "question",
    "hashtags",
    "drugs",
    "diseases",
    "manufacturers",
    "redactions",
];

fn to_csv(rows: &[ExportedQuestion]) -> String {
    let mut out = CSV_HEADER.join(",") + "\r\n";
    for row in rows {
        let redactions = row
            .redactions
            .iter()
            .map(|(kind, n)| format!("{kind}={n}"))
            .collect::<Vec<_>>()
            .join(";");
        let fields = [
            row.id.to_string(),
            row.asked_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            row.origin.clone(),
            row.topic.clone().unwrap_or_default(),
            row.question.clone(),
            row.hashtags.join(";"),
            row.drugs.join(";"),
            row.diseases.join(";"),
            row.manufacturers.join(";"),
            redactions,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a CSV field (RFC 4180) and neutralises spreadsheet formulas: a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a question such as
/// `=HYPERLINK(...)` is shown as text instead of run.
fn csv_field(value: &str) -> String {
    let neutralised = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutralised.contains([',', '"', '\n', '\r']) || neutralised != value {
        format!("\"{}\"", neutralised.replace('"', "\"\""))
    } else {
        neutralised
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(question: &str, topic: Option<&str>) -> ExportedQuestion {
        ExportedQuestion {
            id: 7,
            asked_at: Utc.with_ymd_and_hms(2026, 11, 2, 8, 30, 0).unwrap(),
            origin: "ask".into(),
            topic: topic.map(str::to_owned),
            question: question.into(),
            hashtags: vec!["meded".into()],
            drugs: vec!["Metformin".into(), "Insulin Glargine".into()],
            diseases: vec![],
            manufacturers: vec![],
            redactions: BTreeMap::from([("NAME".to_owned(), 1)]),
        }
    }

    #[test]
    fn an_export_is_cut_to_the_upload_limit() {
        let rows: Vec<ExportedQuestion> = (0..50).map(|_| row(&"x".repeat(300), None)).collect();
        for format in [ExportFormat::Csv, ExportFormat::Jsonl] {
            let (whole, all) = render_export_within(&rows, format, usize::MAX);
            assert_eq!(all, 50);
            let limit = whole.len() / 3;
            let (cut, kept) = render_export_within(&rows, format, limit);
            assert!(cut.len() <= limit, "{} > {limit}", cut.len());
            assert!(kept > 10 && kept < 50, "{kept}");
            assert_eq!(cut, render_export(&rows[..kept], format));
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let csv = render_export(&[row("Dose, \"max\"?\nthanks", None)], ExportFormat::Csv);
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next().unwrap(), CSV_HEADER.join(","));
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "7,2026-11-02T08:30:00Z,ask,,\"Dose, \"\"max\"\"?"
        );
        assert!(
            csv.contains("thanks\",meded,Metformin;Insulin Glargine,,,NAME=1\r\n"),
            "{csv}"
        );
    }

    #[test]
    fn formulas_are_neutralised_in_csv() {
        let csv = render_export(
            &[row("=HYPERLINK(\"http://evil\",\"x\")", Some("+SUM(A1)"))],
            ExportFormat::Csv,
        );
        let data = csv.lines().nth(1).unwrap();
        assert!(data.contains("\"'+SUM(A1)\""), "{data}");
        assert!(
            data.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
            "{data}"
        );
        for cell in ["@cmd", "-2+3", "\tx"] {
            assert!(csv_field(cell).starts_with("\"'"), "{cell}");
        }
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn jsonl_is_one_object_per_line() {
        let out = render_export(
            &[row("a?", None), row("b?", Some("x"))],
            ExportFormat::Jsonl,
        );
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["question"], "a?");
        assert_eq!(lines[0]["asked_at"], "2026-11-02T08:30:00Z");
        assert_eq!(lines[1]["topic"], "x");
        assert_eq!(lines[0]["redactions"]["NAME"], 1);
        assert!(lines[0].get("author").is_none() && lines[0].get("author_hash").is_none());
    }

    #[test]
    fn formats_parse() {
        assert_eq!(ExportFormat::parse("CSV").unwrap(), ExportFormat::Csv);
        assert_eq!(ExportFormat::parse("jsonl").unwrap(), ExportFormat::Jsonl);
        assert!(ExportFormat::parse("xlsx").is_err());
    }
}
