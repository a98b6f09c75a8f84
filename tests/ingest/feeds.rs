//! The feed source against a fake feed host: every format becomes posts with titles, plain text,
//! DOI and PubMed links, authors and dates; unchanged feeds cost a 304 and send nothing; a feed
//! that fails in any way is skipped without holding up the others or moving its cursor.

use crate::fake_feeds::{FakeFeeds, Route, PUBMED_LAST_MODIFIED};
use crate::sink::MemorySink;
use chrono::{DateTime, Utc};
use rounds::domain::post::{RawPost, SourceKind};
use rounds::http::{AddressPolicy, ClientSpec, GuardedClient};
use rounds::sources::feeds::{stream_key, FeedSource};
use rounds::sources::{PollReport, PollRequest, Source, SourceError};
use std::time::{Duration, Instant};

const MEDRXIV: &str = "/medrxiv/cardiology.rdf";
const PUBMED: &str = "/pubmed/rss/search/1AbCdEfGh/";
const ATOM: &str = "/jce/atom/online-first.xml";
const JSON: &str = "/sen/news/feed.json";
const NEWS: &str = "/trust/news.xml";

fn source() -> FeedSource {
    // A short timeout stands for the real one, so the slow feed costs seconds, not minutes. The
    // fake is on 127.0.0.1, so private addresses are allowed (the guard has its own tests).
    let spec = ClientSpec::new(Duration::from_secs(2), Duration::from_secs(10));
    let client = GuardedClient::new(&spec, AddressPolicy::allowing_private(true)).unwrap();
    FeedSource::new(Duration::from_secs(900), client)
}

async fn poll(sink: &MemorySink, feeds: &[String]) -> Result<PollReport, SourceError> {
    let request = PollRequest {
        tags: &[],
        feeds,
        sink,
    };
    source().poll(&request).await
}

fn urls(fake: &FakeFeeds, paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| fake.url(p)).collect()
}

fn post<'a>(posts: &'a [RawPost], remote_id: &str) -> &'a RawPost {
    posts
        .iter()
        .find(|p| p.remote_id == remote_id)
        .unwrap_or_else(|| panic!("no post {remote_id} in {:#?}", ids(posts)))
}

fn ids(posts: &[RawPost]) -> Vec<&str> {
    posts.iter().map(|p| p.remote_id.as_str()).collect()
}

fn date(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn every_feed_format_arrives_as_posts_with_titles_text_doi_links_authors_and_dates() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();
    let feeds = urls(&fake, &[MEDRXIV, PUBMED, ATOM, JSON]);

    let report = poll(&sink, &feeds).await.unwrap();

    assert_eq!(report.requests, 4);
    assert_eq!(report.fetched, 8);
    assert_eq!(report.stored.inserted, 8);
    let posts = sink.posts();
    assert_eq!(posts.len(), 8, "{:#?}", ids(&posts));
    assert!(posts.iter().all(|p| p.source == SourceKind::Feed));
    let mut streams: Vec<String> = sink
        .batches
        .lock()
        .unwrap()
        .iter()
        .map(|b| b.stream.clone())
        .collect();
    streams.sort();
    let mut expected: Vec<String> = feeds.iter().map(|f| stream_key(f)).collect();
    expected.sort();
    assert_eq!(streams, expected);

    // RSS 1.0 (medRxiv): rdf:about as id, HTML abstract as plain text, dc:identifier and prism:doi
    // as doi.org links, dc:creator as author, dc:date as the date.
    let sglt2 = post(
        &posts,
        "https://www.medrxiv.example/content/10.1101/2024.05.02.24306701v1?rss=1",
    );
    assert_eq!(sglt2.origin, fake.url(MEDRXIV));
    assert_eq!(
        sglt2.title.as_deref(),
        Some("SGLT2 inhibitors and hospitalisation for heart failure in older adults with CKD: a target-trial emulation")
    );
    assert!(
        sglt2
            .text
            .starts_with("Background: Evidence for SGLT2 inhibitors"),
        "{}",
        sglt2.text
    );
    assert!(
        sglt2.text.contains("patients & followed them"),
        "{}",
        sglt2.text
    );
    assert!(!sglt2.text.contains('<'), "{}", sglt2.text);
    assert_eq!(sglt2.uri, sglt2.remote_id);
    assert_eq!(
        sglt2.links,
        [
            "https://www.medrxiv.example/content/10.1101/2024.05.02.24306701v1?rss=1",
            "https://doi.org/10.1101/2024.05.02.24306701",
        ]
    );
    assert_eq!(sglt2.author.handle, "Okafor, A.; Lindqvist, M.; Tanaka, H.");
    assert_eq!(sglt2.created_at, date("2024-05-06T00:00:00Z"));
    assert_eq!(sglt2.language.as_deref(), Some("en"));
    let afib = post(
        &posts,
        "https://www.medrxiv.example/content/10.1101/2024.05.03.24306822v1?rss=1",
    );
    assert!(afib
        .links
        .contains(&"https://doi.org/10.1101/2024.05.03.24306822".to_owned()));

    // RSS 2.0 (PubMed): guid as id, PMID and DOI identifiers as links, several dc:creators.
    let semaglutide = post(&posts, "pubmed:38700001");
    assert_eq!(
        semaglutide.url.as_deref(),
        Some("https://pubmed.ncbi.nlm.nih.gov/38700001/?utm_source=Other&utm_medium=rss&fc=None")
    );
    for link in [
        "https://pubmed.ncbi.nlm.nih.gov/38700001/",
        "https://doi.org/10.1002/ejhf.9001",
    ] {
        assert!(
            semaglutide.links.contains(&link.to_owned()),
            "{:?}",
            semaglutide.links
        );
    }
    assert!(semaglutide
        .text
        .contains("GLP-1 RA therapy improved symptoms and reduced heart failure events."));
    assert!(semaglutide.text.contains("doi: 10.1002/ejhf.9001"));
    assert_eq!(semaglutide.author.handle, "Kosiborod-Example M");
    assert_eq!(
        semaglutide.author.display_name.as_deref(),
        Some("Kosiborod-Example M, Petrie-Example MC")
    );
    assert_eq!(
        semaglutide.author.remote_id,
        format!("{}#Kosiborod-Example M", fake.url(PUBMED))
    );
    assert_eq!(semaglutide.created_at, date("2024-05-06T00:00:00Z"));
    assert_eq!(semaglutide.hashtags, ["Review"]);
    let tirzepatide = post(&posts, "pubmed:38700002");
    assert_eq!(tirzepatide.created_at, date("2024-05-07T10:00:00Z"));
    assert!(tirzepatide
        .links
        .contains(&"https://pubmed.ncbi.nlm.nih.gov/38700002/".to_owned()));

    // Atom: relative links resolved against the feed, HTML title made plain, XHTML content read.
    let ppi = post(&posts, "tag:jce.example,2024:article-0142");
    assert_eq!(
        ppi.title.as_deref(),
        Some("Deprescribing proton-pump inhibitors in care homes")
    );
    assert_eq!(ppi.url, Some(fake.url("/articles/0142")));
    assert_eq!(ppi.text, "A cluster-randomised trial in 60 care homes.");
    assert_eq!(ppi.author.handle, "Priya Raman");
    assert_eq!(
        ppi.author.url.as_deref(),
        Some("https://jce.example/authors/raman")
    );
    assert_eq!(ppi.created_at, date("2024-05-07T06:30:00Z"));
    assert_eq!(ppi.hashtags, ["geriatrics"]);
    for link in [
        "https://jce.example/articles/0142.pdf",
        "https://doi.org/10.5555/jce.2024.0142",
    ] {
        assert!(ppi.links.contains(&link.to_owned()), "{:?}", ppi.links);
    }
    let editorial = post(&posts, "tag:jce.example,2024:editorial-0007");
    assert_eq!(editorial.text, "Null results are results. See our policy.");
    assert!(editorial
        .links
        .contains(&"https://jce.example/policy".to_owned()));
    // No author on the entry: the feed speaks for itself.
    assert_eq!(
        editorial.author.handle,
        "Journal of Clinical Examples: Online First"
    );
    assert_eq!(editorial.created_at, date("2024-05-05T00:00:00Z"));

    // JSON Feed 1.1.
    let guideline = post(
        &posts,
        "https://sen.example/news/2024/guideline-ckd-anaemia",
    );
    assert_eq!(
        guideline.title.as_deref(),
        Some("New guideline on anaemia in CKD")
    );
    assert!(guideline
        .links
        .contains(&"https://doi.org/10.5555/sen.guideline.2024".to_owned()));
    assert_eq!(guideline.author.handle, "Guideline Committee");
    assert_eq!(guideline.hashtags, ["guidelines", "CKD"]);
    assert_eq!(guideline.created_at, date("2024-05-06T14:00:00Z"));
    let meeting = post(&posts, &format!("{}#2024-annual-meeting", fake.url(JSON)));
    assert_eq!(meeting.text, "Abstracts are now due on 31 May.");
    assert!(meeting
        .links
        .contains(&"https://sen.example/files/call-for-abstracts.pdf".to_owned()));
}

#[tokio::test]
async fn unchanged_feeds_are_asked_conditionally_and_send_nothing_the_second_time() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();
    let feeds = urls(&fake, &[MEDRXIV, PUBMED, ATOM, JSON, "/trust/control.xml"]);
    poll(&sink, &feeds).await.unwrap();
    let batches = sink.batches.lock().unwrap().len();
    assert_eq!(batches, 5);
    let cursor = sink.cursor_of(&stream_key(&fake.url(PUBMED))).unwrap();
    assert!(cursor.contains(PUBMED_LAST_MODIFIED), "{cursor}");

    let report = poll(&sink, &feeds).await.unwrap();

    assert_eq!(report.requests, 5);
    assert_eq!(report.fetched, 0);
    assert_eq!(
        sink.batches.lock().unwrap().len(),
        batches,
        "nothing sent again"
    );
    for path in [MEDRXIV, PUBMED, ATOM, JSON] {
        let hits = fake.hits(path);
        assert_eq!(hits.len(), 2, "{path}");
        assert!(
            !hits[0].conditional && hits[0].status == 200,
            "{path}: {hits:?}"
        );
        assert!(
            hits[1].conditional && hits[1].status == 304,
            "{path}: {hits:?}"
        );
    }
    // No validators: fetched in full, recognised by its digest.
    assert_eq!(fake.hits("/trust/control.xml")[1].status, 200);
}

#[tokio::test]
async fn a_changed_feed_sends_its_items_again_and_the_new_one_is_stored_once() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();
    let feeds = urls(&fake, &[MEDRXIV]);
    poll(&sink, &feeds).await.unwrap();
    fake.set(
        MEDRXIV,
        Route::fixture("biorxiv-updated.rdf", "application/rdf+xml").etag("medrxiv-2"),
    );

    let report = poll(&sink, &feeds).await.unwrap();

    assert_eq!(report.stored.inserted, 1);
    assert_eq!(report.stored.updated, 2);
    let posts = sink.posts();
    let colchicine = post(
        &posts,
        "https://www.medrxiv.example/content/10.1101/2024.05.07.24307001v1?rss=1",
    );
    assert!(colchicine
        .links
        .contains(&"https://doi.org/10.1101/2024.05.07.24307001".to_owned()));
    let cursor = sink.cursor_of(&stream_key(&fake.url(MEDRXIV))).unwrap();
    assert!(
        cursor.contains("medrxiv-2") && cursor.contains("2024-05-08"),
        "{cursor}"
    );
}

#[tokio::test]
async fn failing_feeds_are_skipped_without_holding_up_the_others_or_moving_their_cursors() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();
    let failing = [
        NEWS,
        "/down/feed.xml",
        "/busy/feed.xml",
        "/slow/feed.xml",
        "/huge/feed.xml",
        "/jce/rss/current.xml",
        "/broken/malformed.xml",
        "/broken/truncated.xml",
        "/invalid-utf8/feed.xml",
        "/nowhere/feed.xml",
    ];
    let mut paths = vec![PUBMED];
    paths.extend(failing);
    paths.push(JSON);
    let feeds = urls(&fake, &paths);

    let started = Instant::now();
    let report = poll(&sink, &feeds).await.unwrap();

    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(report.requests, 12);
    let posts = sink.posts();
    let origins: Vec<&str> = posts.iter().map(|p| p.origin.as_str()).collect();
    assert_eq!(posts.len(), 4, "{origins:?}");
    assert!(origins
        .iter()
        .all(|o| *o == fake.url(PUBMED) || *o == fake.url(JSON)));
    for path in failing {
        assert_eq!(sink.cursor_of(&stream_key(&fake.url(path))), None, "{path}");
    }

    // The feed comes back: its items arrive, once.
    fake.set(
        NEWS,
        Route::fixture("news.xml", "application/rss+xml").etag("news-1"),
    );
    poll(&sink, &feeds).await.unwrap();
    poll(&sink, &feeds).await.unwrap();

    let posts = sink.posts();
    let news: Vec<&RawPost> = posts
        .iter()
        .filter(|p| p.origin == fake.url(NEWS))
        .collect();
    assert_eq!(news.len(), 2, "{:#?}", ids(&posts));
    assert_eq!(news[0].title.as_deref(), Some("New stroke unit opens"));
    assert_eq!(
        news[0].author.handle,
        "Example Health Trust: press releases"
    );
    assert!(sink.cursor_of(&stream_key(&fake.url(NEWS))).is_some());
    assert_eq!(posts.len(), 6);
}

#[tokio::test]
async fn a_poll_in_which_every_feed_fails_is_an_error() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();

    let error = poll(
        &sink,
        &urls(&fake, &["/down/feed.xml", "/jce/rss/current.xml"]),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, SourceError::Unavailable(_)), "{error}");
    assert!(error.to_string().contains("all 2 feeds failed"), "{error}");

    let error = poll(&sink, &urls(&fake, &["/busy/feed.xml"]))
        .await
        .unwrap_err();
    assert!(
        matches!(error, SourceError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(120)),
        "{error}"
    );

    // Alone, each feed's failure is the poll's error, so its reason can be read.
    for (path, reason) in [
        (
            "/jce/rss/current.xml",
            "an HTML page (text/html; charset=utf-8), not a feed",
        ),
        (
            "/broken/malformed.xml",
            "malformed feed: not well-formed XML",
        ),
        ("/broken/truncated.xml", "malformed feed"),
        ("/invalid-utf8/feed.xml", "not valid UTF-8"),
        ("/huge/feed.xml", "over the limit"),
        ("/slow/feed.xml", "timed out"),
        ("/down/feed.xml", "500"),
        ("/nowhere/feed.xml", "404"),
    ] {
        let error = poll(&sink, &urls(&fake, &[path])).await.unwrap_err();
        assert!(error.to_string().contains(reason), "{path}: {error}");
    }

    assert!(sink.batches.lock().unwrap().is_empty());
    assert_eq!(poll(&sink, &[]).await.unwrap(), PollReport::default());
}

#[tokio::test]
async fn stray_control_characters_are_dropped_from_an_otherwise_good_feed() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();

    poll(&sink, &urls(&fake, &["/trust/control.xml"]))
        .await
        .unwrap();

    let posts = sink.posts();
    let unit = post(&posts, "https://trust.example/news/stroke-unit");
    assert_eq!(
        unit.text,
        "The 24-bed unit offers thrombectomy around the clock."
    );
}

#[tokio::test]
async fn when_the_store_is_down_the_poll_fails_and_no_cursor_moves() {
    let fake = FakeFeeds::start().await;
    let sink = MemorySink::new();
    *sink.failing.lock().unwrap() = true;
    let feeds = urls(&fake, &[PUBMED]);

    let error = poll(&sink, &feeds).await.unwrap_err();
    assert!(matches!(error, SourceError::Sink(_)), "{error}");
    assert_eq!(sink.cursor_of(&stream_key(&fake.url(PUBMED))), None);

    // Once it is back, the same items arrive (the server is asked without validators).
    *sink.failing.lock().unwrap() = false;
    poll(&sink, &feeds).await.unwrap();
    assert_eq!(sink.posts().len(), 2);
    assert!(fake.hits(PUBMED).iter().all(|h| !h.conditional));
}
