//! The DOIs and PMIDs a post cites, found anywhere in its text, title or links. Looser than
//! `PaperId::parse`, which reads one identifier a member pasted: prose carries many, and what a post
//! cites has always been read this way, so stored citations stay comparable with new ones.

use super::{Doi, PaperId, Pmid};
use regex::Regex;
use std::sync::LazyLock;

static DOI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b10\.[0-9]{4,9}/[-._;()/:a-z0-9<>]+").expect("DOI pattern"));
static PMID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bPMID:?\s*|pubmed\.ncbi\.nlm\.nih\.gov/)([0-9]{1,9})\b")
        .expect("PMID pattern")
});

/// DOIs (lower-cased, without a resolver prefix) and PMIDs cited in a text or URL.
pub fn papers_in(text: &str) -> impl Iterator<Item = PaperId> + '_ {
    let dois = DOI.find_iter(text).filter_map(|m| {
        let doi = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', ')', '>', '<']);
        // A DOI inside a URL may be percent-encoded or carry a query; keep the identifier only.
        let doi = doi.split(['?', '#']).next().unwrap_or(doi);
        // Case-folded as `Doi::key` folds, so what is stored is `PaperId::value` and reads back as
        // the same paper.
        (doi.len() > 8).then(|| PaperId::Doi(Doi(doi.to_lowercase())))
    });
    let pmids = PMID
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        // Leading zeros are dropped and an all-zero id is none (`Pmid::parse` refuses 0).
        .filter_map(|m| Pmid::parse(m.as_str()))
        .map(PaperId::Pmid);
    dois.chain(pmids)
}
