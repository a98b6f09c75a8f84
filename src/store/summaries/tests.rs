//! The summaries' reads on a small store: topics by tag, entity and words within the guild, and
//! the guild's rows (migration 0015) against a recount from raw posts (`recount`).

mod recount;

use super::*;
use crate::domain::entities::Tagger;
use crate::domain::normalize::normalize;
use crate::domain::post::{RawAuthor, RawPost, SourceKind};
use crate::domain::Hashtag;
use chrono::Duration;

async fn seeded() -> (Store, GuildId) {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(7).unwrap();
    let now = Utc::now();
    store
        .track_hashtag(guild, &Hashtag::parse("Cardio").unwrap(), None, now)
        .await
        .unwrap();
    let texts = [
        "Semaglutide in heart failure #Cardio",
        "Statins and myalgia, NEAR the end #Cardio",
        "Untracked semaglutide post #Other",
    ];
    let posts: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "m.example".into(),
                remote_id: format!("u{i}"),
                uri: format!("u{i}"),
                url: None,
                author: RawAuthor {
                    remote_id: format!("a{i}"),
                    handle: format!("@a{i}@m.example"),
                    bio: Some("RN".into()),
                    ..RawAuthor::default()
                },
                title: None,
                text: (*text).to_owned(),
                language: None,
                created_at: now - Duration::hours(1),
                engagement: Default::default(),
                hashtags: vec![],
                links: vec![],
                reply_to: (i == 1).then(|| "u0".to_owned()),
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, Tagger::bundled()).unwrap()
        })
        .collect();
    store.commit_posts("t", None, &posts, now).await.unwrap();
    (store, guild)
}

#[tokio::test]
async fn topics_match_by_tag_entity_and_words_within_the_guild() {
    let (store, guild) = seeded().await;
    let (start, end) = (Utc::now() - Duration::days(1), Utc::now());
    let count = |topic: &str| {
        let store = store.clone();
        let topic = Topic::parse(topic).unwrap();
        async move {
            store
                .topic_hits(guild, Some(&topic), start, end)
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(count("#cardio").await, 2);
    assert_eq!(
        count("SEMAGLUTIDE").await,
        1,
        "the untracked post is not the guild's"
    );
    assert_eq!(count("heart failure").await, 1);
    for hostile in ["\"", "NEAR(", "*", "a\" OR \"b", "statins AND", "myalgia)"] {
        count(hostile).await;
    }
    assert_eq!(count("NEAR(").await, 1);
    // Counted by author, as the window before a summary is: the same posts as the hits.
    for topic in [
        "#cardio",
        "SEMAGLUTIDE",
        "heart failure",
        "NEAR(",
        "\"",
        "statins AND",
    ] {
        let parsed = Topic::parse(topic).unwrap();
        let by_author = store
            .topic_posts_by_author(guild, Some(&parsed), start, end)
            .await
            .unwrap();
        let total: usize = by_author.iter().map(|(_, n)| n).sum();
        assert_eq!(total, count(topic).await, "{topic}");
    }
    let by_author = store
        .topic_posts_by_author(
            guild,
            Some(&Topic::parse("semaglutide").unwrap()),
            start,
            end,
        )
        .await
        .unwrap();
    let by_author: Vec<(&str, usize)> = by_author
        .iter()
        .map(|(author, n)| (author.handle.as_str(), *n))
        .collect();
    assert_eq!(by_author, [("@a0@m.example", 1)]);
    let links = store.post_links(guild, start, end).await.unwrap();
    assert_eq!(links.len(), 2);
    assert!(links.iter().any(|l| l.reply_to.as_deref() == Some("u0")));
    let authors: HashSet<i64> = (1..=10).collect();
    assert_eq!(store.author_bios(&authors).await.unwrap().len(), 3);
    let known = store.known_entities(guild, start, end, 10).await.unwrap();
    assert!(
        known.iter().any(|k| k.eq_ignore_ascii_case("semaglutide")),
        "{known:?}"
    );
}
