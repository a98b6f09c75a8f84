//! The X adapter against a fake X API: one OR-combined query, post mapping (t.co links, escaped
//! text, authors from `includes.users`, references), `since_id` polling with `next_token` paging and
//! the cursor committed only with the last page. Faults are in `x/faults.rs`.

mod faults;

use crate::fake_x::{post, user, FakeX};
use crate::sink::MemorySink;
use rounds::domain::post::SourceKind;
use rounds::domain::Hashtag;
use rounds::sources::x::{XFieldNames, XSource};
use rounds::sources::{PollReport, PollRequest, Source, SourceError};
use secrecy::SecretString;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Duration;

pub const RAMAN: &str = "1456789012345678901";
pub const ALVAREZ: &str = "1398765432109876543";

pub fn tags(names: &[&str]) -> Vec<Hashtag> {
    names.iter().map(|n| Hashtag::parse(n).unwrap()).collect()
}

/// A 19-digit X id that grows with `n`.
pub fn xid(n: u64) -> String {
    format!("{}", 1_897_000_000_000_000_000u64 + n)
}

pub async fn fake_with_users() -> FakeX {
    let fake = FakeX::start().await;
    fake.add_users([
        user(
            RAMAN,
            "drpriyaraman",
            "Dr. Priya Raman",
            "Cardiologist, MD MPH. HFpEF trials &amp; #CardioTwitter. Tweets ≠ advice.",
            12040,
        ),
        user(
            ALVAREZ,
            "pharmjoe",
            "Joe Alvarez, PharmD",
            "Clinical pharmacist | ID stewardship",
            3400,
        ),
    ]);
    fake
}

pub fn source_for(fake: &FakeX) -> XSource {
    XSource::new(
        &fake.api_base(),
        SecretString::from("AAAAAAAAAAAAAAAAAAAAAtest-bearer"),
        Duration::from_secs(900),
        rounds::sources::http::client(),
    )
    .unwrap()
}

pub async fn poll(
    source: &XSource,
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

/// A plain #MedEd post by Dr. Raman.
pub fn numbered(n: u64) -> Value {
    post(
        &xid(n),
        RAMAN,
        &format!("Board review Q{n}: next best step? #MedEd"),
        &["MedEd"],
        &[],
    )
}

/// Distinct remote ids committed so far.
pub fn distinct_ids(sink: &MemorySink) -> HashSet<String> {
    sink.posts().into_iter().map(|p| p.remote_id).collect()
}

#[tokio::test]
async fn all_tags_go_into_one_query_and_posts_arrive_mapped() {
    let fake = fake_with_users().await;
    let mut trial = post(
        &xid(10),
        RAMAN,
        "Semaglutide &amp; HFpEF: STEP-HFpEF pooled data, KCCQ +7.8 pts. https://t.co/AbC123xyZ9 @pharmjoe thoughts? #CardioTwitter #MedEd https://t.co/PhOtO00001",
        &["CardioTwitter", "MedEd"],
        &[("https://t.co/AbC123xyZ9", "https://doi.org/10.1016/S0140-6736(24)00123-4?utm_source=twitter&utm_campaign=tlancet")],
    );
    trial["entities"]["urls"]
        .as_array_mut()
        .unwrap()
        .push(json!({"start": 150, "end": 173, "url": "https://t.co/PhOtO00001", "expanded_url": "https://x.com/drpriyaraman/status/1897000000000000010/photo/1", "display_url": "pic.x.com/PhOtO00001", "media_key": "3_1897"}));
    trial["entities"]["mentions"] =
        json!([{"start": 95, "end": 104, "username": "pharmjoe", "id": ALVAREZ}]);
    trial["referenced_tweets"] = json!([{"type": "quoted", "id": xid(3)}]);
    trial["public_metrics"]["like_count"] = json!(211);
    let mut reply = post(
        &xid(11),
        ALVAREZ,
        "@drpriyaraman Watch the GI effects when titrating. #MedEd",
        &["MedEd"],
        &[],
    );
    reply["referenced_tweets"] = json!([{"type": "replied_to", "id": xid(10)}]);
    let mut repost = post(
        &xid(12),
        ALVAREZ,
        "RT @drpriyaraman: Semaglutide &amp; HFpEF #MedEd",
        &["MedEd"],
        &[],
    );
    repost["referenced_tweets"] = json!([{"type": "retweeted", "id": xid(10)}]);
    let off_topic = post(
        &xid(13),
        ALVAREZ,
        "Conference wifi is down again #ESC2026",
        &["ESC2026"],
        &[],
    );
    fake.add_posts([trial, reply, repost, off_topic]);

    let sink = MemorySink::new();
    let source = source_for(&fake);
    let report = poll(&source, &sink, &tags(&["MedEd", "#CardioTwitter"]))
        .await
        .unwrap();

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.path, "/2/tweets/search/recent");
    assert_eq!(
        request.param("query"),
        Some("(#cardiotwitter OR #meded) -is:retweet")
    );
    assert_eq!(request.param("max_results"), Some("100"));
    assert_eq!(request.param("since_id"), None);
    assert_eq!(
        request.param("tweet.fields"),
        Some("created_at,public_metrics,author_id,lang,entities,referenced_tweets")
    );
    assert_eq!(request.param("expansions"), Some("author_id"));
    assert_eq!(
        request.param("user.fields"),
        Some("username,name,public_metrics,description")
    );
    assert_eq!(
        request.headers.get("authorization").map(String::as_str),
        Some("Bearer AAAAAAAAAAAAAAAAAAAAAtest-bearer")
    );

    assert_eq!(
        report.stored.inserted, 2,
        "the repost and the off-topic post are not returned"
    );
    let posts = sink.posts();
    let trial = posts.iter().find(|p| p.remote_id == xid(10)).unwrap();
    assert_eq!(trial.source, SourceKind::X);
    assert_eq!(trial.origin, "x");
    assert_eq!(trial.uri, format!("https://x.com/i/web/status/{}", xid(10)));
    assert_eq!(
        trial.url.as_deref(),
        Some(format!("https://x.com/drpriyaraman/status/{}", xid(10)).as_str())
    );
    assert_eq!(
        trial.text,
        "Semaglutide & HFpEF: STEP-HFpEF pooled data, KCCQ +7.8 pts. \
         https://doi.org/10.1016/S0140-6736(24)00123-4?utm_source=twitter&utm_campaign=tlancet \
         @pharmjoe thoughts? #CardioTwitter #MedEd"
    );
    assert_eq!(trial.hashtags, ["CardioTwitter", "MedEd"]);
    assert_eq!(
        trial.links,
        ["https://doi.org/10.1016/S0140-6736(24)00123-4?utm_source=twitter&utm_campaign=tlancet"]
    );
    assert_eq!(trial.mentions, [ALVAREZ]);
    assert_eq!(
        trial.quote_of.as_deref(),
        Some(format!("https://x.com/i/web/status/{}", xid(3)).as_str())
    );
    assert_eq!(trial.reply_to, None);
    assert_eq!(trial.engagement.likes, 211);
    assert_eq!(trial.engagement.reposts, 4);
    assert_eq!(trial.engagement.replies, 3);
    assert_eq!(trial.engagement.quotes, 1);
    assert_eq!(trial.language.as_deref(), Some("en"));
    assert_eq!(trial.created_at.to_rfc3339(), "2026-03-02T14:05:09+00:00");
    assert_eq!(trial.author.remote_id, RAMAN);
    assert_eq!(trial.author.handle, "drpriyaraman");
    assert_eq!(
        trial.author.display_name.as_deref(),
        Some("Dr. Priya Raman")
    );
    assert_eq!(trial.author.followers, Some(12040));
    assert_eq!(
        trial.author.bio.as_deref(),
        Some("Cardiologist, MD MPH. HFpEF trials & #CardioTwitter. Tweets ≠ advice.")
    );
    assert_eq!(
        trial.author.url.as_deref(),
        Some("https://x.com/drpriyaraman")
    );
    let reply = posts.iter().find(|p| p.remote_id == xid(11)).unwrap();
    assert_eq!(reply.reply_to.as_ref(), Some(&trial.uri));
    assert_eq!(reply.author.handle, "pharmjoe");
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(11)));
}

#[tokio::test]
async fn later_polls_use_since_id_and_page_with_the_cursor_only_on_the_last_batch() {
    let fake = fake_with_users().await;
    fake.add_posts((1..=150).map(numbered));
    let sink = MemorySink::new();
    let source = source_for(&fake);
    let meded = tags(&["MedEd"]);

    // The first poll reads one page, not a week of billed history.
    poll(&source, &sink, &meded).await.unwrap();
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(sink.posts().len(), 100);
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(150)));

    fake.clear_requests();
    fake.add_posts((151..=380).map(numbered));
    let report = poll(&source, &sink, &meded).await.unwrap();
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.param("since_id") == Some(xid(150).as_str())));
    assert_eq!(requests[0].param("next_token"), None);
    assert_eq!(
        requests[1].param("next_token"),
        Some(format!("until:{}", xid(281)).as_str())
    );
    assert_eq!(report.stored.inserted, 230);
    let batches = sink.batches.lock().unwrap().clone();
    let cursors: Vec<Option<String>> = batches[1..].iter().map(|b| b.cursor.clone()).collect();
    assert_eq!(cursors, [None, None, Some(xid(380))]);

    fake.clear_requests();
    let report = poll(&source, &sink, &meded).await.unwrap();
    assert_eq!(report.requests, 1);
    assert_eq!(report.fetched, 0);
    assert_eq!(
        sink.batches.lock().unwrap().len(),
        4,
        "zero results commit nothing"
    );
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(380)));
    assert_eq!(distinct_ids(&sink).len(), 330);
    assert_eq!(sink.posts().len(), 330, "nothing was delivered twice");
}

#[tokio::test]
async fn the_newer_field_names_are_sent_and_read() {
    let fake = fake_with_users().await;
    let mut reply = post(
        &xid(21),
        ALVAREZ,
        "Agree: check K+ &lt; 5.0 before starting #MedEd",
        &["MedEd"],
        &[],
    );
    reply["referenced_tweets"] = json!([{"type": "replied_to", "id": xid(20)}]);
    fake.add_posts([reply]);
    let source = source_for(&fake).with_field_names(XFieldNames::post_naming());
    let sink = MemorySink::new();
    poll(&source, &sink, &tags(&["MedEd"])).await.unwrap();
    let request = &fake.requests()[0];
    assert_eq!(request.param("tweet.fields"), None);
    assert!(request
        .param("post.fields")
        .unwrap()
        .ends_with(",referenced_posts"));
    let posts = sink.posts();
    assert_eq!(
        posts[0].text,
        "Agree: check K+ < 5.0 before starting #MedEd"
    );
    assert_eq!(
        posts[0].reply_to,
        Some(format!("https://x.com/i/web/status/{}", xid(20)))
    );
}

#[tokio::test]
async fn a_long_tag_list_is_split_into_queries_with_their_own_cursors() {
    let fake = fake_with_users().await;
    let many: Vec<String> = (0..60).map(|i| format!("specialtytag{i:02}")).collect();
    let names: Vec<&str> = many.iter().map(String::as_str).collect();
    fake.add_posts([
        post(
            &xid(1),
            RAMAN,
            "#specialtytag00 grand rounds",
            &["specialtytag00"],
            &[],
        ),
        post(
            &xid(2),
            RAMAN,
            "#specialtytag59 journal club",
            &["specialtytag59"],
            &[],
        ),
    ]);
    let sink = MemorySink::new();
    poll(&source_for(&fake), &sink, &tags(&names))
        .await
        .unwrap();
    let requests = fake.requests();
    assert!(requests.len() >= 2);
    assert!(requests
        .iter()
        .all(|r| r.param("query").unwrap().chars().count() <= 512));
    assert_eq!(distinct_ids(&sink).len(), 2);
    let last = format!("x:search:{}", requests.len() - 1);
    assert_eq!(sink.cursor_of("x:search:0"), Some(xid(1)));
    assert_eq!(sink.cursor_of(&last), Some(xid(2)));
}

#[tokio::test]
async fn a_post_whose_author_was_not_expanded_keeps_the_author_id() {
    let fake = FakeX::start().await;
    fake.add_posts([post(
        &xid(5),
        "999",
        "Suspended author, still #MedEd",
        &["MedEd"],
        &[],
    )]);
    let sink = MemorySink::new();
    poll(&source_for(&fake), &sink, &tags(&["MedEd"]))
        .await
        .unwrap();
    let posts = sink.posts();
    assert_eq!(posts[0].author.remote_id, "999");
    assert_eq!(
        posts[0].url.as_deref(),
        Some(format!("https://x.com/i/web/status/{}", xid(5)).as_str())
    );
}

#[tokio::test]
async fn settings_that_cannot_work_are_refused_at_construction() {
    let client = reqwest::Client::new();
    let bearer = || SecretString::from("token");
    assert!(XSource::new(
        "api.x.com",
        bearer(),
        Duration::from_secs(900),
        client.clone()
    )
    .is_err());
    assert!(XSource::new(
        "https://api.x.com",
        SecretString::from(" "),
        Duration::from_secs(900),
        client.clone()
    )
    .is_err());
    let source = XSource::new(
        "https://api.x.com",
        bearer(),
        Duration::from_secs(900),
        client,
    )
    .unwrap();
    assert_eq!(source.name(), "x");
    assert_eq!(source.interval(), Duration::from_secs(900));
}
