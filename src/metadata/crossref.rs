//! Crossref's `GET /works/{doi}`: the URL to ask, and its JSON read into a `Paper`.

use super::UrlError;
use crate::domain::papers::{jats, Doi, Paper};
use serde::Deserialize;

/// `{base}/works/{doi}?mailto=…`. The DOI goes into the path as Crossref expects (slashes kept),
/// with anything that is not a plain path character percent-encoded.
pub fn work_url(base: &str, doi: &Doi, mailto: &str) -> Result<reqwest::Url, UrlError> {
    let mut path = String::new();
    for c in doi.as_str().chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '.'
            | '_'
            | '~'
            | '/'
            | ':'
            | ';'
            | '('
            | ')' => path.push(c),
            other => {
                let mut bytes = [0; 4];
                for b in other.encode_utf8(&mut bytes).bytes() {
                    path.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    let mut url = reqwest::Url::parse(&format!("{}/works/{path}", base.trim_end_matches('/')))?;
    if !mailto.is_empty() {
        url.query_pairs_mut().append_pair("mailto", mailto);
    }
    Ok(url)
}

#[derive(Debug, Deserialize)]
struct Envelope {
    status: String,
    message: Option<Work>,
}

#[derive(Debug, Deserialize)]
struct Work {
    #[serde(rename = "DOI")]
    doi: String,
    #[serde(default)]
    title: Vec<String>,
    #[serde(default, rename = "container-title")]
    container_title: Vec<String>,
    #[serde(default, rename = "short-container-title")]
    short_container_title: Vec<String>,
    #[serde(default)]
    author: Vec<Author>,
    issued: Option<Dates>,
    #[serde(rename = "published-print")]
    published_print: Option<Dates>,
    #[serde(rename = "published-online")]
    published_online: Option<Dates>,
    #[serde(rename = "type")]
    work_type: Option<String>,
    #[serde(rename = "abstract")]
    abstract_jats: Option<String>,
    #[serde(default, rename = "update-to")]
    update_to: Vec<Update>,
    #[serde(default, rename = "updated-by")]
    updated_by: Vec<Update>,
}

#[derive(Debug, Deserialize)]
struct Author {
    given: Option<String>,
    family: Option<String>,
    /// Group authors ("The RECOVERY Collaborative Group") have a name instead.
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Dates {
    #[serde(default, rename = "date-parts")]
    date_parts: Vec<Vec<Option<i64>>>,
}

#[derive(Debug, Deserialize)]
struct Update {
    #[serde(rename = "type")]
    kind: String,
}

/// Why a `/works/{doi}` body is not a record, for the log.
#[derive(Debug, thiserror::Error)]
pub enum ParseWorkError {
    #[error("not a Crossref work: {0}")]
    NotAWork(serde_json::Error),
    /// Crossref's own `status` was not `ok`.
    #[error("status `{0}`")]
    Status(String),
    #[error("no message in the response")]
    NoMessage,
}

/// Reads a `/works/{doi}` body. `Err` says what was wrong, for the log.
pub fn parse_work(body: &str) -> Result<Paper, ParseWorkError> {
    let envelope: Envelope = serde_json::from_str(body).map_err(ParseWorkError::NotAWork)?;
    if envelope.status != "ok" {
        return Err(ParseWorkError::Status(envelope.status));
    }
    let work = envelope.message.ok_or(ParseWorkError::NoMessage)?;
    let title = work
        .title
        .first()
        .map(|t| jats::to_plain_text(t))
        .unwrap_or_default();
    let authors = work
        .author
        .iter()
        .filter_map(|a| {
            let joined = match (&a.given, &a.family) {
                (Some(given), Some(family)) => format!("{given} {family}"),
                (None, Some(family)) => family.clone(),
                _ => a.name.clone()?,
            };
            let plain = jats::to_plain_text(&joined);
            (!plain.is_empty()).then_some(plain)
        })
        .collect();
    let year = [&work.issued, &work.published_print, &work.published_online]
        .into_iter()
        .flatten()
        .find_map(|d| d.date_parts.first()?.first().copied().flatten())
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| (1600..=3000).contains(y));
    let journal = work
        .container_title
        .first()
        .or(work.short_container_title.first())
        .map(|j| jats::to_plain_text(j))
        .filter(|j| !j.is_empty());
    let abstract_text = work
        .abstract_jats
        .as_deref()
        .map(jats::to_plain_text)
        .filter(|a| !a.is_empty());
    Ok(Paper {
        title,
        authors,
        journal,
        year,
        doi: Doi::parse(&work.doi),
        abstract_text,
        work_type: work.work_type,
        updates_to: work.update_to.into_iter().map(|u| u.kind).collect(),
        updated_by: work.updated_by.into_iter().map(|u| u.kind).collect(),
        ..Paper::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doi_cannot_leave_the_works_path() {
        let base = "https://api.crossref.org";
        let dotted = Doi::parse("10.1000/a..b/.c").expect("dots inside segments are fine");
        let url = work_url(base, &dotted, "").unwrap();
        assert_eq!(url.path(), "/works/10.1000/a..b/.c");
        // Dot segments never make a `Doi`, so they never reach `work_url`.
        assert_eq!(Doi::parse("10.1000/../../members"), None);
    }

    #[test]
    fn a_work_becomes_a_paper() {
        let body = r#"{"status":"ok","message-type":"work","message":{
            "DOI":"10.5555/rounds.1","title":["Early <i>versus</i> late"],
            "container-title":["Journal of Tests"],"type":"journal-article",
            "author":[{"given":"Ada","family":"Lovelace","sequence":"first","affiliation":[]},
                      {"name":"The TEST Group","sequence":"additional","affiliation":[]}],
            "issued":{"date-parts":[[2024,3]]},
            "abstract":"<jats:p>We &amp; they.</jats:p>",
            "updated-by":[{"DOI":"10.5555/n","type":"retraction","label":"Retraction"}]}}"#;
        let paper = parse_work(body).unwrap();
        assert_eq!(paper.title, "Early versus late");
        assert_eq!(paper.authors, ["Ada Lovelace", "The TEST Group"]);
        assert_eq!(paper.journal.as_deref(), Some("Journal of Tests"));
        assert_eq!(paper.year, Some(2024));
        assert_eq!(paper.doi.unwrap().as_str(), "10.5555/rounds.1");
        assert_eq!(paper.abstract_text.as_deref(), Some("We & they."));
        assert_eq!(paper.updated_by, ["retraction"]);
    }

    #[test]
    fn odd_bodies_are_errors_not_panics() {
        for body in [
            "",
            "Resource not found.",
            "{}",
            r#"{"status":"failed","message":null}"#,
            r#"{"status":"ok"}"#,
            r#"{"status":"ok","message":{"DOI":"x","issued":{"date-parts":[[null]]}}}"#,
        ] {
            let _ = parse_work(body);
        }
        let bare = parse_work(
            r#"{"status":"ok","message":{"DOI":"10.5555/x","issued":{"date-parts":[[null]]}}}"#,
        )
        .unwrap();
        assert_eq!(bare.year, None);
        assert_eq!(bare.title, "");
    }

    #[test]
    fn each_way_a_body_is_not_a_record_says_what_was_wrong() {
        let status = parse_work(r#"{"status":"failed","message":null}"#).unwrap_err();
        assert!(matches!(&status, ParseWorkError::Status(s) if s == "failed"));
        assert_eq!(status.to_string(), "status `failed`");
        let empty = parse_work(r#"{"status":"ok"}"#).unwrap_err();
        assert_eq!(empty.to_string(), "no message in the response");
        let text = parse_work("Resource not found.").unwrap_err();
        assert!(matches!(text, ParseWorkError::NotAWork(_)));
        assert!(text
            .to_string()
            .starts_with("not a Crossref work: expected value"));
    }

    #[test]
    fn the_url_keeps_slashes_and_names_the_operator() {
        let doi = Doi::parse("10.1016/S0140-6736(20)30183-5").unwrap();
        let url = work_url("http://127.0.0.1:9/crossref/", &doi, "ops@example.org").unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/crossref/works/10.1016/S0140-6736(20)30183-5?mailto=ops%40example.org"
        );
    }
}
