use super::*;
use serde_json::json;

fn record(value: serde_json::Value) -> PostRecord {
    serde_json::from_value(value).unwrap()
}

fn tracked(tags: &[&str]) -> TrackedKeys {
    let tags: Vec<Hashtag> = tags.iter().map(|t| Hashtag::parse(t).unwrap()).collect();
    TrackedKeys::new(&tags)
}

fn delivery(seen_at: &str) -> Delivery<'static> {
    Delivery {
        origin: "jetstream",
        handle: None,
        display_name: None,
        seen_at: seen_at.parse().unwrap(),
        engagement: Engagement::default(),
    }
}

fn uri() -> PostUri {
    PostUri::new("did:plc:teachrounds", "3lbq2xq5s7k2a").unwrap()
}

#[test]
fn post_uris_round_trip_and_refuse_other_records() {
    let parsed =
        PostUri::parse("at://did:plc:teachrounds/app.bsky.feed.post/3lbq2xq5s7k2a").unwrap();
    assert_eq!(parsed, uri());
    assert_eq!(
        parsed.web_url(),
        "https://bsky.app/profile/did:plc:teachrounds/post/3lbq2xq5s7k2a"
    );
    assert_eq!(
        PostUri::parse("at://did:plc:x/app.bsky.feed.generator/abc"),
        None
    );
    assert_eq!(
        PostUri::parse("at://alice.bsky.social/app.bsky.feed.post/abc"),
        None
    );
    assert_eq!(
        PostUri::parse("at://did:plc:x/app.bsky.feed.post/a/b"),
        None
    );
    assert_eq!(PostUri::new("did:plc:x", ""), None);
    assert_eq!(PostUri::new("did:plc:x", "../etc"), None);
}

#[test]
fn tag_facets_and_record_tags_both_count_and_text_alone_does_not() {
    let by_facet = record(json!({
        "text": "Case of the week #MedEd", "createdAt": "2026-01-01T10:00:00Z",
        "facets": [{ "index": { "byteStart": 17, "byteEnd": 23 },
                     "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": "MedEd" }] }]
    }));
    let by_tags = record(json!({
        "text": "Case of the week", "createdAt": "2026-01-01T10:00:00Z", "tags": ["meded"]
    }));
    let by_text =
        record(json!({ "text": "Case of the week #MedEd", "createdAt": "2026-01-01T10:00:00Z" }));
    let keys = tracked(&["#MEDED", "MedSky"]);
    assert!(by_facet.carries_any(&keys));
    assert!(by_tags.carries_any(&keys));
    assert!(!by_text.carries_any(&keys));
    assert!(!by_facet.carries_any(&tracked(&["MedTwitter"])));
}

#[test]
fn hashtags_are_listed_once_in_their_first_spelling() {
    let post = record(json!({
        "text": "#MedSky #medsky", "createdAt": "2026-01-01T10:00:00Z",
        "facets": [
            { "index": { "byteStart": 0, "byteEnd": 7 }, "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": "MedSky" }] },
            { "index": { "byteStart": 8, "byteEnd": 15 }, "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": "medsky" }] }
        ],
        "tags": ["#MedEd", "MEDSKY", ""]
    }));
    assert_eq!(post.hashtags(), vec!["MedSky", "MedEd"]);
}

#[test]
fn a_full_record_maps_to_a_raw_post() {
    let post = record(json!({
        "$type": "app.bsky.feed.post",
        "text": "Agree with @dr-lee.bsky.social, great thread #MedSky",
        "createdAt": "2026-01-01T10:00:00.000Z",
        "langs": ["en"],
        "facets": [
            { "index": { "byteStart": 11, "byteEnd": 30 },
              "features": [{ "$type": "app.bsky.richtext.facet#mention", "did": "did:plc:drlee" }] },
            { "index": { "byteStart": 45, "byteEnd": 52 },
              "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": "MedSky" }] }
        ],
        "reply": {
            "root": { "uri": "at://did:plc:drlee/app.bsky.feed.post/root1", "cid": "bafyroot" },
            "parent": { "uri": "at://did:plc:drlee/app.bsky.feed.post/parent1", "cid": "bafyparent" }
        },
        "embed": {
            "$type": "app.bsky.embed.recordWithMedia",
            "record": { "record": { "uri": "at://did:plc:cardio/app.bsky.feed.post/q1", "cid": "bafyq" } },
            "media": { "$type": "app.bsky.embed.external",
                       "external": { "uri": "https://doi.org/10.1001/jama.2025.0001", "title": "t", "description": "" } }
        }
    }));
    let raw = post.to_raw_post(&uri(), delivery("2026-01-01T10:00:02Z"));
    assert_eq!(
        raw.remote_id,
        "at://did:plc:teachrounds/app.bsky.feed.post/3lbq2xq5s7k2a"
    );
    assert_eq!(raw.uri, raw.remote_id);
    assert_eq!(raw.author.handle, "did:plc:teachrounds");
    assert_eq!(raw.language.as_deref(), Some("en"));
    assert_eq!(
        raw.created_at,
        "2026-01-01T10:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(
        raw.reply_to.as_deref(),
        Some("at://did:plc:drlee/app.bsky.feed.post/parent1")
    );
    assert_eq!(
        raw.quote_of.as_deref(),
        Some("at://did:plc:cardio/app.bsky.feed.post/q1")
    );
    assert_eq!(raw.links, vec!["https://doi.org/10.1001/jama.2025.0001"]);
    assert_eq!(raw.mentions, vec!["did:plc:drlee"]);
    assert_eq!(raw.hashtags, vec!["MedSky"]);
}

#[test]
fn a_future_or_missing_creation_time_falls_back_to_when_the_post_was_seen() {
    let future = record(json!({ "text": "x", "createdAt": "2099-01-01T00:00:00Z" }));
    let garbage = record(json!({ "text": "x", "createdAt": "yesterday" }));
    let seen = "2026-01-01T10:00:02Z".parse::<DateTime<Utc>>().unwrap();
    assert_eq!(
        future
            .to_raw_post(&uri(), delivery("2026-01-01T10:00:02Z"))
            .created_at,
        seen
    );
    assert_eq!(
        garbage
            .to_raw_post(&uri(), delivery("2026-01-01T10:00:02Z"))
            .created_at,
        seen
    );
}

#[test]
fn broken_optional_parts_are_dropped_but_text_is_required() {
    let post = record(json!({
        "text": "Still a post #MedEd", "createdAt": "2026-01-01T10:00:00Z",
        "facets": "not a list", "reply": { "parent": 7 }, "embed": { "$type": "app.bsky.embed.external" },
        "langs": [3, "fr"], "tags": [1, "MedEd"]
    }));
    let raw = post.to_raw_post(&uri(), delivery("2026-01-01T10:00:02Z"));
    assert_eq!(raw.reply_to, None);
    assert!(raw.links.is_empty());
    assert_eq!(raw.language.as_deref(), Some("fr"));
    assert_eq!(raw.hashtags, vec!["MedEd"]);
    assert!(
        serde_json::from_value::<PostRecord>(json!({ "createdAt": "2026-01-01T10:00:00Z" }))
            .is_err()
    );
}
