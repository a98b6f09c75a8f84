//! Paper identifiers as members paste them (`/journalclub`), DOIs as APIs return them, and the
//! DOIs and PMIDs the normaliser finds in posts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::papers::identifier::{papers_in, MAX_INPUT_CHARS};
use rounds::domain::papers::{Doi, PaperId, Pmcid, Pmid};

fuzz_target!(|input: &str| {
    if let Ok(id) = PaperId::parse(input) {
        // What the bot shows ("DOI …", "PMID …", "PMC…") reads back as the same paper, unless the
        // "DOI " prefix takes it over the input limit.
        let shown = id.to_string();
        if shown.chars().count() <= MAX_INPUT_CHARS {
            assert_eq!(PaperId::parse(&shown).as_ref(), Ok(&id), "shown as {id}");
        }
        let key = id.key();
        match &id {
            PaperId::Doi(doi) => check_doi(doi),
            PaperId::Pmid(pmid) => {
                assert!(pmid.get() > 0 && pmid.get() < 1_000_000_000);
                assert_eq!(key, format!("pmid:{}", pmid.get()));
            }
            PaperId::Pmcid(pmcid) => {
                assert!(pmcid.get() > 0 && pmcid.get() < 1_000_000_000);
                assert_eq!(Pmcid::parse(&pmcid.to_string()), Some(*pmcid));
            }
        }
    }
    if let Some(doi) = Doi::find(input) {
        check_doi(&doi);
    }
    if let Some(doi) = Doi::parse(input) {
        check_doi(&doi);
        assert_eq!(Doi::parse(doi.as_str()).as_ref(), Some(&doi));
    }
    if let Some(pmid) = Pmid::parse(input) {
        assert_eq!(Pmid::parse(&pmid.to_string()), Some(pmid));
    }
    for paper in papers_in(input) {
        // Stored as `kind` and `value`, and read back as the same paper.
        let value = paper.value();
        assert_eq!(
            PaperId::from_stored(paper.kind(), value.clone()).as_ref(),
            Some(&paper)
        );
        match &paper {
            PaperId::Doi(doi) => {
                let doi = doi.as_str();
                assert!(doi.starts_with("10.") && doi.len() > 8, "{doi:?}");
            }
            PaperId::Pmid(_) => assert!(
                !value.is_empty()
                    && !value.starts_with('0')
                    && value.bytes().all(|b| b.is_ascii_digit()),
                "{value:?}"
            ),
            PaperId::Pmcid(_) => panic!("a post's PMCID is not read: {paper}"),
        }
    }
});

fn check_doi(doi: &Doi) {
    let text = doi.as_str();
    assert!(text.starts_with("10."), "DOI {text:?}");
    let (_, suffix) = text.split_once('/').expect("a DOI has a suffix");
    assert!(!suffix.is_empty());
    // No `.`/`..` segment that would move a request path (Crossref's `/works/{doi}`).
    assert!(
        !suffix.split('/').any(|s| s == "." || s == ".."),
        "dot segment in {text:?}"
    );
    assert_eq!(doi.key(), text.to_lowercase());
    // The resolver link is safe in a URL and in a markdown link.
    let url = doi.url();
    assert!(url.starts_with("https://doi.org/10."));
    assert!(
        url.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._/:;%".contains(c)),
        "unsafe resolver link {url:?}"
    );
}
