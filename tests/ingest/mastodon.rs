//! The Mastodon adapter against fake instances: mapping of real-shaped statuses, the first poll's
//! backfill, `min_id` paging forward without repeats, dedupe across instances, and tokens. Faults are
//! in `mastodon/faults.rs`, the request budget in `mastodon/budget.rs`.

mod budget;
mod faults;
mod tokens;

use crate::fake_mastodon::{status, Author, FakeMastodon};
use crate::sink::MemorySink;
use rounds::domain::post::SourceKind;
use rounds::domain::Hashtag;
use rounds::sources::mastodon::MastodonSource;
use rounds::sources::{PollReport, PollRequest, Source, SourceError};
use secrecy::SecretString;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Duration;

pub const OKAFOR: Author = Author {
    username: "drokafor",
    home: "med-mastodon.example",
    account_id: "109384722001",
    display_name: "Dr. Ada Okafor",
    note: "<p>Cardiologist (MD, FACC) &amp; echo nerd. Heart failure clinic.<br>Views my own, not medical advice.</p>",
    followers: 4821,
};

pub const LIN: Author = Author {
    username: "icunurselin",
    home: "mastodon.example",
    account_id: "110002338417",
    display_name: "Mei Lin, RN",
    note: "<p>ICU nurse educator. <a href=\"https://mastodon.example/tags/FOAMed\" class=\"mention hashtag\" rel=\"tag\">#<span>FOAMed</span></a></p>",
    followers: 912,
};

pub fn tags(names: &[&str]) -> Vec<Hashtag> {
    names.iter().map(|n| Hashtag::parse(n).unwrap()).collect()
}

pub fn source_for(fake: &FakeMastodon) -> MastodonSource {
    MastodonSource::new(
        &fake.base_url(),
        Duration::from_secs(120),
        None,
        rounds::sources::http::client(),
    )
    .unwrap()
}

pub async fn poll(
    source: &MastodonSource,
    sink: &MemorySink,
    tags: &[Hashtag],
) -> Result<PollReport, SourceError> {
    let request = PollRequest {
        tags,
        feeds: &[],
        sink,
    };
    source.poll(&request).await
}

/// An ordinary #MedEd status with a numeric id, for tests about paging.
pub fn numbered(id: u64, tag: &str) -> Value {
    status(
        &id.to_string(),
        &id.to_string(),
        &LIN,
        &format!("<p>Teaching pearl {id}: check the lactate twice. <a href=\"https://mastodon.example/tags/{tag}\" class=\"mention hashtag\" rel=\"tag\">#<span>{tag}</span></a></p>"),
        &[tag],
    )
}

/// Asserts that no post was committed twice and returns the remote ids in commit order.
pub fn committed_once(sink: &MemorySink) -> Vec<String> {
    let ids: Vec<String> = sink.posts().into_iter().map(|p| p.remote_id).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "a post was committed twice: {ids:?}"
    );
    ids
}

pub fn uri_of(id: u64) -> String {
    format!("https://mastodon.example/users/icunurselin/statuses/{id}")
}

#[tokio::test]
async fn a_clinicians_status_arrives_as_plain_text_with_author_counts_tags_and_links() {
    let fake = FakeMastodon::start().await;
    let mut trial = status(
        "113204417800000001",
        "113204417700000042",
        &OKAFOR,
        concat!(
            "<p>New <a href=\"https://med-mastodon.example/tags/CardioTwitter\" class=\"mention hashtag\" rel=\"tag\">#<span>CardioTwitter</span></a> read: ",
            "dapagliflozin in HFpEF cut worsening HF events by 18%. ",
            "<a href=\"https://doi.org/10.1056/NEJMoa2206286?utm_source=mastodon&amp;utm_medium=social\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\">",
            "<span class=\"invisible\">https://</span><span class=\"ellipsis\">doi.org/10.1056/NEJMoa220628</span><span class=\"invisible\">6?utm_source=mastodon&amp;utm_medium=social</span></a></p>",
            "<p>cc <span class=\"h-card\" translate=\"no\"><a href=\"https://mastodon.example/@icunurselin\" class=\"u-url mention\">@<span>icunurselin</span></a></span> for ",
            "<a href=\"https://med-mastodon.example/tags/MedEd\" class=\"mention hashtag\" rel=\"tag\">#<span>MedEd</span></a> &mdash; SGLT2i &gt; placebo?</p>"
        ),
        &["CardioTwitter", "MedEd"],
    );
    trial["card"] = json!({
        "url": "https://www.nejm.org/doi/full/10.1056/NEJMoa2206286",
        "title": "Dapagliflozin in Heart Failure with Mildly Reduced or Preserved Ejection Fraction",
        "description": "", "type": "link", "author_name": "", "author_url": "", "provider_name": "NEJM",
        "provider_url": "", "html": "", "width": 400, "height": 200, "image": null, "embed_url": "", "blurhash": null
    });
    trial["mentions"] = json!([{
        "id": "110002338417", "username": "icunurselin", "acct": "icunurselin@mastodon.example",
        "url": "https://mastodon.example/@icunurselin"
    }]);
    trial["in_reply_to_id"] = json!("113204417799999999");
    trial["favourites_count"] = json!(48);
    trial["replies_count"] = json!(-1); // Mastodon has sent negative counts after races.
    fake.add([trial]);

    let sink = MemorySink::new();
    let source = source_for(&fake);
    let report = poll(&source, &sink, &tags(&["#MedEd"])).await.unwrap();

    // The backfill follows the page's `rel="next"` once, to an empty page that ends it.
    assert_eq!(report.requests, 2);
    assert_eq!(report.stored.inserted, 1);
    let posts = sink.posts();
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    assert_eq!(post.source, SourceKind::Mastodon);
    assert_eq!(post.origin, fake.host());
    let uri = "https://med-mastodon.example/users/drokafor/statuses/113204417700000042";
    assert_eq!(post.remote_id, uri);
    assert_eq!(post.uri, uri);
    assert_eq!(
        post.url.as_deref(),
        Some("https://med-mastodon.example/@drokafor/113204417700000042")
    );
    assert_eq!(
        post.text,
        "New #CardioTwitter read: dapagliflozin in HFpEF cut worsening HF events by 18%. \
         https://doi.org/10.1056/NEJMoa2206286?utm_source=mastodon&utm_medium=social\n\n\
         cc @icunurselin for #MedEd — SGLT2i > placebo?"
    );
    assert_eq!(post.hashtags, ["cardiotwitter", "meded"]);
    assert_eq!(
        post.links,
        [
            "https://doi.org/10.1056/NEJMoa2206286?utm_source=mastodon&utm_medium=social",
            "https://www.nejm.org/doi/full/10.1056/NEJMoa2206286"
        ]
    );
    assert_eq!(post.mentions, ["https://mastodon.example/@icunurselin"]);
    assert_eq!(
        post.reply_to.as_deref(),
        Some(format!("https://{}/api/v1/statuses/113204417799999999", fake.host()).as_str())
    );
    assert_eq!(post.language.as_deref(), Some("en"));
    assert_eq!(post.engagement.likes, 48);
    assert_eq!(post.engagement.reposts, 5);
    assert_eq!(post.engagement.replies, 0);
    assert_eq!(
        post.author.remote_id,
        "https://med-mastodon.example/@drokafor"
    );
    assert_eq!(post.author.handle, "@drokafor@med-mastodon.example");
    assert_eq!(post.author.display_name.as_deref(), Some("Dr. Ada Okafor"));
    assert_eq!(post.author.followers, Some(4821));
    assert_eq!(
        post.author.bio.as_deref(),
        Some("Cardiologist (MD, FACC) & echo nerd. Heart failure clinic.\nViews my own, not medical advice.")
    );
    assert_eq!(post.created_at.to_rfc3339(), "2026-03-01T08:04:54+00:00");

    let request = &fake.requests()[0];
    assert_eq!(request.path, "/api/v1/timelines/tag/meded");
    assert_eq!(request.param("limit"), Some("40"));
    assert_eq!(request.param("min_id"), None);
    assert!(!request.headers.contains_key("authorization"));
    assert_eq!(
        sink.cursor_of(&format!("mastodon:{}:meded", fake.host()))
            .as_deref(),
        Some("113204417800000001")
    );
    assert_eq!(source.name(), format!("mastodon:{}", fake.host()));
}

#[tokio::test]
async fn the_first_poll_backfills_three_pages_and_sets_the_cursor_to_the_newest() {
    let fake = FakeMastodon::start().await;
    fake.add((1..=130).map(|n| numbered(1000 + n, "MedEd")));
    let sink = MemorySink::new();
    let source = source_for(&fake);

    let report = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].param("max_id"), Some("1091"));
    assert_eq!(requests[2].param("max_id"), Some("1051"));
    assert_eq!(report.fetched, 120);
    let ids = committed_once(&sink);
    assert_eq!(ids.len(), 120);
    // Oldest first, so a reader of the batch sees the conversation in order.
    assert_eq!(ids[0], uri_of(1011));
    assert_eq!(ids[119], uri_of(1130));
    let batches = sink.batches.lock().unwrap().clone();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].cursor.as_deref(), Some("1130"));
}

#[tokio::test]
async fn a_backfill_follows_the_link_header_from_a_server_that_caps_pages_below_40() {
    let fake = FakeMastodon::start().await;
    fake.cap_limit(20);
    fake.add((1..=130).map(|n| numbered(1000 + n, "MedEd")));
    let sink = MemorySink::new();
    let source = source_for(&fake);

    let report = poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();

    let requests = fake.requests();
    assert_eq!(
        requests.len(),
        3,
        "short pages with a rel=\"next\" are followed"
    );
    assert_eq!(requests[1].param("max_id"), Some("1111"));
    assert_eq!(requests[2].param("max_id"), Some("1091"));
    assert_eq!(report.fetched, 60);
    assert_eq!(committed_once(&sink).len(), 60);
}

#[tokio::test]
async fn later_polls_page_forward_from_the_cursor_and_never_repeat_a_post() {
    let fake = FakeMastodon::start().await;
    // Ids cross from three to four digits: ordering must be numeric, not lexicographic.
    fake.add((950..=990).map(|n| numbered(n, "MedEd")));
    let sink = MemorySink::new();
    let source = source_for(&fake);
    let meded = tags(&["MedEd"]);
    poll(&source, &sink, &meded).await.unwrap();
    let stream = format!("mastodon:{}:meded", fake.host());
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("990"));

    fake.clear_requests();
    fake.add((991..=1080).map(|n| numbered(n, "MedEd")));
    let report = poll(&source, &sink, &meded).await.unwrap();

    let requests = fake.requests();
    let min_ids: Vec<_> = requests
        .iter()
        .map(|r| r.param("min_id").unwrap().to_owned())
        .collect();
    assert_eq!(min_ids, ["990", "1030", "1070"]);
    assert_eq!(report.stored.inserted, 90);
    let batches = sink.batches.lock().unwrap().clone();
    let cursors: Vec<_> = batches[1..]
        .iter()
        .map(|b| b.cursor.clone().unwrap())
        .collect();
    assert_eq!(cursors, ["1030", "1070", "1080"]);
    assert_eq!(batches[1].posts[0].remote_id, uri_of(991));
    assert_eq!(batches[1].posts[39].remote_id, uri_of(1030));

    fake.clear_requests();
    let report = poll(&source, &sink, &meded).await.unwrap();
    assert_eq!(report.requests, 1);
    assert_eq!(report.stored, Default::default());
    assert_eq!(
        sink.batches.lock().unwrap().len(),
        4,
        "an empty page commits nothing"
    );
    assert_eq!(committed_once(&sink).len(), 131);
    assert_eq!(sink.cursor_of(&stream).as_deref(), Some("1080"));
}

#[tokio::test]
async fn a_reblog_is_stored_as_the_original_status() {
    let fake = FakeMastodon::start().await;
    let original = numbered(113_000_000_000_000_100, "MedEd");
    let mut boost = status("113000000000000200", "113000000000000200", &OKAFOR, "", &[]);
    boost["reblog"] = original;
    fake.add([boost]);
    let sink = MemorySink::new();
    poll(&source_for(&fake), &sink, &tags(&["MedEd"]))
        .await
        .unwrap();
    let posts = sink.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].remote_id, uri_of(113_000_000_000_000_100));
    assert_eq!(posts[0].author.handle, "@icunurselin@mastodon.example");
    assert!(posts[0].text.starts_with("Teaching pearl"));
    // The cursor follows the timeline's own id (the boost's), not the original's.
    assert_eq!(
        sink.cursor_of(&format!("mastodon:{}:meded", fake.host()))
            .as_deref(),
        Some("113000000000000200")
    );
}

#[tokio::test]
async fn the_same_status_from_two_instances_is_stored_once() {
    let (first, second) = (FakeMastodon::start().await, FakeMastodon::start().await);
    // Each instance gives the status its own local id; the `uri` is the same.
    first.add([status("500", "777", &OKAFOR, "<p>Echo pearl <a href=\"https://med-mastodon.example/tags/meded\" class=\"mention hashtag\">#<span>MedEd</span></a></p>", &["meded"])]);
    second.add([status("90001", "777", &OKAFOR, "<p>Echo pearl <a href=\"https://med-mastodon.example/tags/meded\" class=\"mention hashtag\">#<span>MedEd</span></a></p>", &["meded"])]);
    let sink = MemorySink::new();
    let meded = tags(&["meded"]);
    let a = poll(&source_for(&first), &sink, &meded).await.unwrap();
    let b = poll(&source_for(&second), &sink, &meded).await.unwrap();
    assert_eq!((a.stored.inserted, a.stored.updated), (1, 0));
    assert_eq!((b.stored.inserted, b.stored.updated), (0, 1));
    let posts = sink.posts();
    assert_eq!(posts[0].remote_id, posts[1].remote_id);
    assert_ne!(posts[0].origin, posts[1].origin);
    assert_eq!(
        sink.cursor_of(&format!("mastodon:{}:meded", first.host()))
            .as_deref(),
        Some("500")
    );
    assert_eq!(
        sink.cursor_of(&format!("mastodon:{}:meded", second.host()))
            .as_deref(),
        Some("90001")
    );
}

#[tokio::test]
async fn an_unknown_or_empty_tag_is_no_posts_not_an_error() {
    let fake = FakeMastodon::start().await;
    let sink = MemorySink::new();
    let source = source_for(&fake);
    fake.fail_next(crate::fake_mastodon::Fault::NotFound);
    let report = poll(&source, &sink, &tags(&["NephJC"])).await.unwrap();
    assert_eq!(report.requests, 1);
    let report = poll(&source, &sink, &tags(&["NephJC"])).await.unwrap();
    assert_eq!(report.fetched, 0);
    assert!(sink.batches.lock().unwrap().is_empty());
    assert_eq!(
        sink.cursor_of(&format!("mastodon:{}:nephjc", fake.host())),
        None
    );
}

#[tokio::test]
async fn non_ascii_tags_are_percent_encoded_in_the_path() {
    let fake = FakeMastodon::start().await;
    fake.add([numbered(42, "médecine")]);
    let sink = MemorySink::new();
    poll(&source_for(&fake), &sink, &tags(&["#Médecine"]))
        .await
        .unwrap();
    assert_eq!(
        fake.requests()[0].path,
        "/api/v1/timelines/tag/m%C3%A9decine"
    );
    assert_eq!(sink.posts().len(), 1);
}

#[tokio::test]
async fn an_access_token_is_sent_as_a_bearer_header() {
    let fake = FakeMastodon::start().await;
    fake.require_token("s3cret-app-token");
    fake.add([numbered(7, "MedEd")]);
    let sink = MemorySink::new();
    let with_token = MastodonSource::new(
        &fake.base_url(),
        Duration::from_secs(120),
        Some(SecretString::from("s3cret-app-token")),
        rounds::sources::http::client(),
    )
    .unwrap();
    poll(&with_token, &sink, &tags(&["MedEd"])).await.unwrap();
    assert_eq!(
        fake.requests()[0]
            .headers
            .get("authorization")
            .map(String::as_str),
        Some("Bearer s3cret-app-token")
    );
    assert_eq!(sink.posts().len(), 1);
}
