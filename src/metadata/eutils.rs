//! NCBI E-utilities' `esummary.fcgi` (JSON) for PubMed and PubMed Central: the URL to ask, and its
//! answer read into a `Paper`. E-utilities reports many errors inside an HTTP 200 (a top-level
//! `error`, a per-record `error`, or an `esummaryresult` list), so those are read as errors here.

use super::UrlError;
use crate::domain::papers::{jats, Doi, Paper, Pmcid, Pmid};
use serde_json::Value;

/// The NCBI database asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    Pubmed,
    Pmc,
}

impl Database {
    pub fn as_str(self) -> &'static str {
        match self {
            Database::Pubmed => "pubmed",
            Database::Pmc => "pmc",
        }
    }
}

/// Why an esummary answer holds no record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SummaryError {
    #[error("no such record: {0}")]
    NotFound(String),
    #[error("rate limited: {0}")]
    RateLimited(String),
    #[error("{0}")]
    Failed(String),
}

/// `{base}/esummary.fcgi?db=…&id=…&retmode=json&tool=rounds[&email=…][&api_key=…]`.
pub fn summary_url(
    base: &str,
    database: Database,
    id: u32,
    mailto: &str,
    api_key: Option<&str>,
) -> Result<reqwest::Url, UrlError> {
    let mut url = reqwest::Url::parse(&format!("{}/esummary.fcgi", base.trim_end_matches('/')))?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("db", database.as_str())
            .append_pair("id", &id.to_string())
            .append_pair("retmode", "json")
            .append_pair("tool", "rounds");
        if !mailto.is_empty() {
            query.append_pair("email", mailto);
        }
        if let Some(key) = api_key.filter(|k| !k.is_empty()) {
            query.append_pair("api_key", key);
        }
    }
    Ok(url)
}

/// Reads the record `id` from an esummary body.
pub fn parse_summary(body: &str, database: Database, id: u32) -> Result<Paper, SummaryError> {
    let json: Value =
        serde_json::from_str(body).map_err(|e| SummaryError::Failed(format!("not JSON: {e}")))?;
    if let Some(error) = json.get("error").and_then(Value::as_str) {
        return Err(if error.to_lowercase().contains("rate limit") {
            SummaryError::RateLimited(error.to_owned())
        } else {
            SummaryError::Failed(error.to_owned())
        });
    }
    if let Some(messages) = json.get("esummaryresult").and_then(Value::as_array) {
        let text: Vec<&str> = messages.iter().filter_map(Value::as_str).collect();
        let text = text.join("; ");
        return Err(if text.to_lowercase().contains("invalid uid") {
            SummaryError::NotFound(text)
        } else {
            SummaryError::Failed(text)
        });
    }
    let record = json
        .get("result")
        .and_then(|r| r.get(id.to_string()))
        .ok_or_else(|| SummaryError::NotFound(format!("uid {id} is not in the result")))?;
    if let Some(error) = record.get("error").and_then(Value::as_str) {
        return Err(SummaryError::NotFound(error.to_owned()));
    }
    Ok(record_to_paper(record, database, id))
}

fn record_to_paper(record: &Value, database: Database, id: u32) -> Paper {
    let text = |key: &str| {
        record
            .get(key)
            .and_then(Value::as_str)
            // Titles carry markup escaped as `&lt;i&gt;`: decode, then strip what that revealed.
            .map(|s| jats::to_plain_text(&jats::to_plain_text(s)))
            .filter(|s| !s.is_empty())
    };
    let strings = |key: &str| -> Vec<String> {
        record
            .get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let article_id = |kinds: &[&str]| -> Option<String> {
        record
            .get("articleids")?
            .as_array()?
            .iter()
            .find(|a| {
                a.get("idtype")
                    .and_then(Value::as_str)
                    .is_some_and(|t| kinds.contains(&t))
            })?
            .get("value")?
            .as_str()
            .map(str::to_owned)
    };
    let authors = record
        .get("authors")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|a| a.get("name")?.as_str())
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    // PubMed titles end with a full stop, which looks odd as a heading.
    let title = text("title")
        .map(|t| t.strip_suffix('.').map(str::to_owned).unwrap_or(t))
        .unwrap_or_default();
    let year = ["pubdate", "epubdate", "sortpubdate"]
        .iter()
        .filter_map(|key| text(key))
        .find_map(|date| date.get(..4)?.parse::<i32>().ok())
        .filter(|y| (1600..=3000).contains(y));
    let doi = article_id(&["doi"])
        .and_then(|d| Doi::parse(&d))
        .or_else(|| text("elocationid").and_then(|e| Doi::find(&e)));
    let (pmid, pmcid) = match database {
        Database::Pubmed => (
            Pmid::new(id),
            article_id(&["pmc", "pmcid"]).and_then(|p| Pmcid::parse(&p)),
        ),
        Database::Pmc => (
            article_id(&["pmid", "pubmed"]).and_then(|p| Pmid::parse(&p)),
            Pmcid::new(id),
        ),
    };
    Paper {
        title,
        authors,
        journal: text("fulljournalname").or_else(|| text("source")),
        year,
        doi,
        pmid,
        pmcid,
        abstract_text: None,
        publication_types: strings("pubtype"),
        ..Paper::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"header":{"type":"esummary","version":"0.3"},"result":{"uids":["4242"],
        "4242":{"uid":"4242","pubdate":"2025 Jan 5","source":"J Test","fulljournalname":"Journal of tests",
        "title":"Statins and &lt;i&gt;falls&lt;/i&gt;: a cohort study.",
        "authors":[{"name":"Smith J","authtype":"Author"},{"name":"Lee K","authtype":"Author"}],
        "elocationid":"doi: 10.5555/falls.1","pubtype":["Journal Article","Observational Study"],
        "articleids":[{"idtype":"pubmed","value":"4242"},{"idtype":"pmc","value":"PMC99"}]}}}"#;

    #[test]
    fn a_pubmed_record_becomes_a_paper() {
        let paper = parse_summary(RECORD, Database::Pubmed, 4242).unwrap();
        assert_eq!(paper.title, "Statins and falls: a cohort study");
        assert_eq!(paper.authors, ["Smith J", "Lee K"]);
        assert_eq!(paper.year, Some(2025));
        assert_eq!(paper.journal.as_deref(), Some("Journal of tests"));
        assert_eq!(paper.doi.unwrap().as_str(), "10.5555/falls.1");
        assert_eq!(paper.pmid, Pmid::new(4242));
        assert_eq!(paper.pmcid, Pmcid::new(99));
        assert_eq!(paper.publication_types[1], "Observational Study");
    }

    #[test]
    fn errors_inside_a_200_are_errors() {
        let missing = r#"{"header":{},"result":{"uids":["9"],"9":{"uid":"9","error":"cannot get document summary"}}}"#;
        assert!(matches!(
            parse_summary(missing, Database::Pubmed, 9),
            Err(SummaryError::NotFound(_))
        ));
        let limited =
            r#"{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}"#;
        assert!(matches!(
            parse_summary(limited, Database::Pubmed, 9),
            Err(SummaryError::RateLimited(_))
        ));
        let invalid = r#"{"header":{},"esummaryresult":["Invalid uid 0 at position=0"]}"#;
        assert!(matches!(
            parse_summary(invalid, Database::Pubmed, 9),
            Err(SummaryError::NotFound(_))
        ));
        assert!(matches!(
            parse_summary(RECORD, Database::Pubmed, 1),
            Err(SummaryError::NotFound(_))
        ));
        for junk in ["", "<html>", "[]", "{\"result\":5}"] {
            assert!(parse_summary(junk, Database::Pubmed, 1).is_err());
        }
    }

    #[test]
    fn truncated_bodies_are_errors_not_panics() {
        for cut in (0..RECORD.len()).filter(|cut| RECORD.is_char_boundary(*cut)) {
            assert!(parse_summary(&RECORD[..cut], Database::Pubmed, 4242).is_err());
        }
    }

    #[test]
    fn the_url_carries_tool_email_and_key() {
        let url = summary_url("http://h/eutils/", Database::Pmc, 7, "a@b.org", Some("k")).unwrap();
        assert_eq!(
            url.as_str(),
            "http://h/eutils/esummary.fcgi?db=pmc&id=7&retmode=json&tool=rounds&email=a%40b.org&api_key=k"
        );
    }
}
