//! The paper metadata client against the fake Crossref, counting requests: a DOI Crossref had no
//! record of is not asked again for a day, lookups are spaced by the limiter, and a burst beyond the
//! bounded queue is refused at once instead of waiting.

use crate::fake_papers::FakePapers;
use rounds::config::MetadataSettings;
use rounds::domain::papers::PaperId;
use rounds::metadata::{LookUpPaperError, MetadataClient, CROSSREF_QUEUE};
use rounds::store::Store;
use std::time::Duration;

async fn client(papers: &FakePapers) -> (tempfile::TempDir, MetadataClient) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&url).await.unwrap();
    let settings = MetadataSettings {
        crossref_base: papers.crossref_base(),
        eutils_base: papers.eutils_base(),
        mailto: "journal-club@example.org".into(),
        ncbi_api_key: None,
    };
    (dir, MetadataClient::new(&settings, store).unwrap())
}

fn doi(text: &str) -> PaperId {
    PaperId::parse(text).unwrap()
}

#[tokio::test]
async fn a_doi_crossref_has_no_record_of_is_not_asked_again() {
    let papers = FakePapers::start().await;
    let (_dir, client) = client(&papers).await;
    for _ in 0..3 {
        let error = client
            .look_up(&doi("10.5555/no.such.paper"))
            .await
            .unwrap_err();
        assert!(
            matches!(error, LookUpPaperError::NotFound { .. }),
            "{error:?}"
        );
    }
    assert_eq!(papers.requests_to("crossref").len(), 1, "asked once");
    // A DOI that exists is still asked (once: then it is cached).
    for _ in 0..2 {
        let paper = client.look_up(&doi("10.5555/12345678")).await.unwrap();
        assert!(!paper.title.is_empty());
    }
    assert_eq!(papers.requests_to("crossref").len(), 2);
}

#[tokio::test]
async fn a_burst_of_lookups_is_paced_and_what_exceeds_the_queue_is_refused_at_once() {
    let papers = FakePapers::start().await;
    let (_dir, client) = client(&papers).await;
    let burst = CROSSREF_QUEUE + 12;
    let started = std::time::Instant::now();
    let lookups = (0..burst).map(|i| {
        let client = client.clone();
        async move { client.look_up(&doi(&format!("10.5555/burst.{i}"))).await }
    });
    let outcomes = futures_util::future::join_all(lookups).await;
    let busy = outcomes
        .iter()
        .filter(|o| matches!(o, Err(LookUpPaperError::Busy { .. })))
        .count();
    let requests = papers.requests_to("crossref");
    assert_eq!(
        requests.len() + busy,
        burst,
        "each lookup was either asked once or refused"
    );
    // Each lookup reads the store's cache before it queues, so on a loaded machine the first
    // lookups can finish, and free their places, before the burst's last ones arrive: a place or
    // two may be reused, but never the twelve an unbounded queue would let through.
    assert!(
        (burst - CROSSREF_QUEUE - 2..=burst - CROSSREF_QUEUE).contains(&busy),
        "about the queue's worth asked, the rest refused: {busy} refused of {burst}"
    );
    let mut times: Vec<_> = requests.iter().map(|r| r.at).collect();
    times.sort();
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(150), "spaced: {gap:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}
