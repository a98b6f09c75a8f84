//! Crossref work and E-utilities summary bodies, read into a paper, and what the bot derives from
//! a paper for Discord (thread name, study type, abstract excerpt).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rounds::domain::papers::jats::excerpt;
use rounds::domain::papers::{thread_name, MAX_THREAD_NAME_CHARS};
use rounds::metadata::crossref::parse_work;
use rounds::metadata::eutils::{parse_summary, Database};

fuzz_target!(|body: &str| {
    let papers = [
        parse_work(body).ok(),
        parse_summary(body, Database::Pubmed, 4242).ok(),
        parse_summary(body, Database::Pmc, 99).ok(),
    ];
    for paper in papers.into_iter().flatten() {
        let name = thread_name(&paper);
        assert!(
            name.chars().count() <= MAX_THREAD_NAME_CHARS,
            "thread name {name:?}"
        );
        assert!(!name.contains('\n'), "thread name on two lines: {name:?}");
        let _ = paper.study_type();
        let _ = paper.editorial_notice();
        let _ = paper.authors_line();
        let _ = paper.best_id();
        if let Some(text) = &paper.abstract_text {
            assert!(excerpt(text, 300).chars().count() <= 300);
        }
    }
});
