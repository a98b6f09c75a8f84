use super::*;
use crate::sources::feeds::parse::Person;

fn now() -> DateTime<Utc> {
    "2024-06-01T12:00:00Z".parse().unwrap()
}

const FEED: &str = "https://journal.example/rss/current.xml";

#[test]
fn identifiers_become_doi_and_pubmed_links() {
    let cases = [
        (
            "doi:10.1101/2024.05.01.24306789",
            Some("https://doi.org/10.1101/2024.05.01.24306789"),
        ),
        (
            "DOI: 10.1056/NEJMoa2400001",
            Some("https://doi.org/10.1056/NEJMoa2400001"),
        ),
        (
            "info:doi/10.1038/s41591-024-0001-2",
            Some("https://doi.org/10.1038/s41591-024-0001-2"),
        ),
        (
            "10.1001/jama.2024.1234",
            Some("https://doi.org/10.1001/jama.2024.1234"),
        ),
        (
            "pmid:38012345",
            Some("https://pubmed.ncbi.nlm.nih.gov/38012345/"),
        ),
        (
            "info:pmid/38012345",
            Some("https://pubmed.ncbi.nlm.nih.gov/38012345/"),
        ),
        (
            "pubmed:38012345",
            Some("https://pubmed.ncbi.nlm.nih.gov/38012345/"),
        ),
        (
            "https://www.nature.com/articles/x",
            Some("https://www.nature.com/articles/x"),
        ),
        ("pmid:abc", None),
        ("urn:isbn:123", None),
        ("doi:not a doi", None),
    ];
    for (identifier, expected) in cases {
        assert_eq!(
            identifier_link(identifier).as_deref(),
            expected,
            "{identifier}"
        );
    }
}

#[test]
fn an_item_becomes_a_post_with_plain_text_links_and_its_author() {
    let feed = ParsedFeed {
        title: Some("Journal of Tests".into()),
        language: Some("en".into()),
        ..ParsedFeed::default()
    };
    let item = FeedItem {
        id: Some("42".into()),
        link: Some("/articles/42".into()),
        title: Some(Body::Html("Effect of <i>X</i>\n on Y".into())),
        body: Some(Body::Html(
            r#"<p>Background &amp; aims. See <a href="https://trial.example/NCT1">the trial</a>.</p>"#.into(),
        )),
        published: Some("2024-05-07T09:00:00Z".parse().unwrap()),
        authors: vec![
            Person { name: "Ann Lee".into(), url: None },
            Person { name: "Bo Chan".into(), url: None },
        ],
        categories: vec!["Cardiology".into(), "Heart failure".into()],
        identifiers: vec!["doi:10.1000/j.test.42".into(), "pmid:123".into()],
        ..FeedItem::default()
    };
    let post = to_post(FEED, &feed, &item, now()).unwrap();
    assert_eq!(post.source, SourceKind::Feed);
    assert_eq!(post.origin, FEED);
    assert_eq!(post.remote_id, format!("{FEED}#42"));
    assert_eq!(post.uri, "https://journal.example/articles/42");
    assert_eq!(post.title.as_deref(), Some("Effect of X on Y"));
    assert!(
        post.text.starts_with("Background & aims. See the trial."),
        "{}",
        post.text
    );
    assert_eq!(
        post.links,
        [
            "https://journal.example/articles/42",
            "https://doi.org/10.1000/j.test.42",
            "https://pubmed.ncbi.nlm.nih.gov/123/",
            "https://trial.example/NCT1",
        ]
    );
    assert_eq!(post.author.handle, "Ann Lee");
    assert_eq!(post.author.remote_id, format!("{FEED}#Ann Lee"));
    assert_eq!(
        post.author.display_name.as_deref(),
        Some("Ann Lee, Bo Chan")
    );
    assert_eq!(post.hashtags, ["Cardiology"]);
    assert_eq!(post.language.as_deref(), Some("en"));
    assert_eq!(post.created_at, item.published.unwrap());
}

#[test]
fn an_item_without_author_date_or_body_borrows_from_the_feed_and_the_clock() {
    let feed = ParsedFeed {
        title: Some("Society News".into()),
        home: Some("https://society.example/".into()),
        ..ParsedFeed::default()
    };
    let item = FeedItem {
        title: Some(Body::Text("Annual meeting".into())),
        ..FeedItem::default()
    };
    let post = to_post(FEED, &feed, &item, now()).unwrap();
    assert_eq!(post.text, "Annual meeting");
    assert_eq!(post.created_at, now());
    assert_eq!(post.author.handle, "Society News");
    assert_eq!(post.author.remote_id, format!("{FEED}#Society News"));
    assert_eq!(post.author.url.as_deref(), Some("https://society.example/"));
    assert!(post.remote_id.starts_with(&format!("{FEED}#sha256:")));
    assert_eq!(post.uri, post.remote_id);

    // The same item read again gets the same id, so the store recognises it.
    let again = to_post(FEED, &feed, &item, now() + chrono::Duration::hours(1)).unwrap();
    assert_eq!(again.remote_id, post.remote_id);

    assert_eq!(to_post(FEED, &feed, &FeedItem::default(), now()), None);
}

#[test]
fn long_text_is_cut_at_a_word_and_future_dates_are_brought_back() {
    let item = FeedItem {
        id: Some("urn:x:1".into()),
        body: Some(Body::Text("word ".repeat(2000))),
        published: Some(now() + chrono::Duration::days(3)),
        ..FeedItem::default()
    };
    let post = to_post(FEED, &ParsedFeed::default(), &item, now()).unwrap();
    assert!(post.text.chars().count() <= MAX_TEXT_CHARS + 1);
    assert!(
        post.text.ends_with("word…"),
        "{}",
        &post.text[post.text.len() - 20..]
    );
    assert_eq!(post.remote_id, "urn:x:1");
    assert_eq!(post.created_at, now());
    assert_eq!(post.author.handle, "journal.example");
}
