//! What kind of source a DOI is (SPEC §2.2 "most-cited sources"): Crossref's `type` when known
//! (`posted-content` is a preprint), else the registrant prefix (`config/doi-prefixes.toml`): a
//! preprint server's, a journal publisher's, or unknown ("other": a DOI alone proves no review).

use crate::domain::digest::tiers::Tier;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DoiPrefixes {
    preprint: Vec<String>,
    journal: Vec<String>,
}

static PREFIXES: LazyLock<DoiPrefixes> = LazyLock::new(|| {
    toml::from_str(include_str!("../../../config/doi-prefixes.toml"))
        .expect("config/doi-prefixes.toml is valid")
});

/// The tier of the work a DOI names; `crossref_type` is Crossref's `type` for it, when known.
pub fn doi_tier(doi: &str, crossref_type: Option<&str>) -> Tier {
    match crossref_type.map(str::trim) {
        Some("posted-content") => return Tier::Preprint,
        Some("journal-article") => return Tier::PeerReviewed,
        _ => {}
    }
    let doi = doi.trim().to_lowercase();
    let under = |prefix: &String| {
        doi.strip_prefix(prefix.as_str())
            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('.'))
    };
    if PREFIXES.preprint.iter().any(under) {
        Tier::Preprint
    } else if PREFIXES.journal.iter().any(under) {
        Tier::PeerReviewed
    } else {
        Tier::Other
    }
}

/// The DOI of a `doi.org` (or `dx.doi.org`) link, as written.
pub fn doi_of_link(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    if !matches!(
        host.to_ascii_lowercase().as_str(),
        "doi.org" | "dx.doi.org" | "www.doi.org"
    ) {
        return None;
    }
    let doi = path.split(['?', '#']).next()?;
    doi.starts_with("10.").then_some(doi)
}

/// The DOI as a post wrote it (`10.1056/NEJMoa2206038`), found case-insensitively in `texts`; the
/// stored form is case-folded, but people know a DOI by its usual case.
pub fn doi_as_written<'a>(doi: &str, texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted = doi.to_lowercase();
    for text in texts {
        let lower = text.to_lowercase();
        // Lower-casing keeps byte offsets for the ASCII a DOI's prefix and most suffixes are made of;
        // a text where it does not is skipped.
        if lower.len() != text.len() {
            continue;
        }
        if let Some(at) = lower.find(&wanted) {
            let found = &text[at..at + wanted.len()];
            if found != wanted {
                return Some(found.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossref_type_wins_and_prefixes_are_the_fallback() {
        assert_eq!(
            doi_tier("10.1056/nejmoa1", Some("posted-content")),
            Tier::Preprint
        );
        assert_eq!(
            doi_tier("10.1101/2024.01.01.1", Some("journal-article")),
            Tier::PeerReviewed
        );
        for preprint in [
            "10.1101/2024.01.01.24300001",
            "10.21203/rs.3.rs-1/v1",
            "10.2139/ssrn.4000000",
            "10.5281/zenodo.1",
            "10.48550/arXiv.2401.00001",
            "10.20944/preprints202401.0001.v1",
            "10.31219/osf.io/abcde",
            "10.31234/osf.io/abcde",
        ] {
            assert_eq!(doi_tier(preprint, None), Tier::Preprint, "{preprint}");
        }
        assert_eq!(doi_tier("10.1056/NEJMoa2206038", None), Tier::PeerReviewed);
        assert_eq!(doi_tier("10.9999/unknown.1", None), Tier::Other);
        // A prefix is matched whole: 10.11012 is not 10.1101.
        assert_eq!(doi_tier("10.11012/x", None), Tier::Other);
        assert_eq!(
            doi_tier("10.1002/14651858.CD000001", None),
            Tier::PeerReviewed
        );
    }

    #[test]
    fn dois_are_read_from_links_and_shown_as_written() {
        assert_eq!(
            doi_of_link("https://doi.org/10.1056/NEJMoa2206038?utm=x"),
            Some("10.1056/NEJMoa2206038")
        );
        assert_eq!(doi_of_link("https://example.org/10.1056/x"), None);
        assert_eq!(
            doi_as_written(
                "10.1056/nejmoa2206038",
                ["no doi here", "https://doi.org/10.1056/NEJMoa2206038"]
            )
            .as_deref(),
            Some("10.1056/NEJMoa2206038")
        );
        assert_eq!(doi_as_written("10.1056/nejmoa1", ["10.1056/nejmoa1"]), None);
    }
}
