//! Crossref and NCBI E-utilities, asked for one record each the way journal clubs ask: with the
//! configured `metadata.mailto` (and NCBI key), read by the real parsers.

use super::probe::{self, describe, shown};
use super::Line;
use crate::config::Settings;
use crate::domain::papers::Doi;
use crate::metadata::eutils::{Database, SummaryError};
use crate::metadata::{crossref, eutils};

/// Crossref's own test record, kept for exactly this kind of check.
const PROBE_DOI: &str = "10.5555/12345678";
/// A PubMed id that has existed since 1975. E-utilities answering "no such record" still proves
/// it answered and took the key.
const PROBE_PMID: u32 = 1;

pub(super) async fn papers(settings: &Settings, client: &reqwest::Client) -> Vec<Line> {
    let (crossref, eutils) = tokio::join!(crossref(settings, client), eutils(settings, client));
    vec![crossref, eutils]
}

fn contact(mailto: &str) -> String {
    if mailto.is_empty() {
        "no metadata.mailto set, so not in the polite pool".to_owned()
    } else {
        format!("as {mailto}")
    }
}

async fn crossref(settings: &Settings, client: &reqwest::Client) -> Line {
    let check = "crossref";
    let metadata = &settings.metadata;
    let base = metadata.crossref_base.trim_end_matches('/');
    let doi = Doi::parse(PROBE_DOI).expect("the probe DOI is valid");
    let Ok(url) = crossref::work_url(base, &doi, &metadata.mailto) else {
        return Line::fail(check, "metadata.crossref_base is not a valid URL");
    };
    let request = client
        .get(url)
        .header("User-Agent", crate::http::user_agent(&metadata.mailto));
    let shown = shown(base);
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => return Line::fail(check, format!("{shown}: {}", describe(&e))),
    };
    let status = response.status();
    if !status.is_success() {
        return Line::fail(
            check,
            format!("{shown}: GET /works/{PROBE_DOI} answered {status}"),
        );
    }
    let body = match probe::body(response).await {
        Ok(body) => String::from_utf8_lossy(&body).into_owned(),
        Err(reason) => return Line::fail(check, format!("{shown}: {reason}")),
    };
    match crossref::parse_work(&body) {
        Ok(_) => Line::ok(
            check,
            format!(
                "{shown}: answered GET /works/{PROBE_DOI} with a record ({})",
                contact(&metadata.mailto)
            ),
        ),
        Err(_) => Line::fail(
            check,
            format!("{shown}: GET /works/{PROBE_DOI} answered, but not with a Crossref record"),
        ),
    }
}

async fn eutils(settings: &Settings, client: &reqwest::Client) -> Line {
    let check = "e-utilities";
    let metadata = &settings.metadata;
    let base = metadata.eutils_base.trim_end_matches('/');
    let key = metadata
        .ncbi_api_key
        .as_ref()
        .map(secrecy::ExposeSecret::expose_secret);
    // The URL carries the key: it is sent, never printed.
    let Ok(url) = eutils::summary_url(base, Database::Pubmed, PROBE_PMID, &metadata.mailto, key)
    else {
        return Line::fail(check, "metadata.eutils_base is not a valid URL");
    };
    let request = client
        .get(url)
        .header("User-Agent", crate::http::user_agent(&metadata.mailto));
    let shown = shown(base);
    let with = match key {
        Some(_) => format!("with the API key, {}", contact(&metadata.mailto)),
        None => format!(
            "no ncbi_api_key: 3 requests/s; {}",
            contact(&metadata.mailto)
        ),
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => return Line::fail(check, format!("{shown}: {}", describe(&e))),
    };
    let status = response.status();
    let body = match probe::body(response).await {
        Ok(body) => String::from_utf8_lossy(&body).into_owned(),
        Err(reason) => return Line::fail(check, format!("{shown}: {reason}")),
    };
    // NCBI explains a refused key in a JSON body (which also echoes the key: never printed).
    let key_refused = body.to_ascii_lowercase().contains("api key invalid");
    if key_refused {
        return Line::fail(check, format!("{shown}: the NCBI API key was refused"));
    }
    if !status.is_success() {
        return Line::fail(check, format!("{shown}: esummary answered {status}"));
    }
    match eutils::parse_summary(&body, Database::Pubmed, PROBE_PMID) {
        Ok(_) => Line::ok(
            check,
            format!("{shown}: answered esummary for PMID {PROBE_PMID} ({with})"),
        ),
        Err(SummaryError::NotFound(_)) => Line::ok(
            check,
            format!("{shown}: answered esummary (no record for PMID {PROBE_PMID}; {with})"),
        ),
        Err(SummaryError::RateLimited(_)) => Line::fail(
            check,
            format!("{shown}: esummary answered that the rate limit is exceeded"),
        ),
        Err(SummaryError::Failed(_)) => Line::fail(
            check,
            format!("{shown}: esummary answered, but not with a summary it can read"),
        ),
    }
}
