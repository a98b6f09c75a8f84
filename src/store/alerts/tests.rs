use super::*;
use crate::domain::entities::Tagger;
use crate::domain::normalize::{normalize, Post};
use crate::domain::post::{RawAuthor, RawPost, SourceKind};
use crate::domain::Hashtag;
use chrono::TimeZone as _;

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, minute, 0).unwrap()
}

fn post(id: &str, author: &str, text: &str, created: DateTime<Utc>, repost: bool) -> Post {
    let raw = RawPost {
        source: SourceKind::X,
        origin: "x".into(),
        remote_id: id.to_owned(),
        uri: format!("https://x.example/{id}"),
        url: None,
        author: RawAuthor {
            remote_id: author.to_owned(),
            handle: author.to_owned(),
            ..RawAuthor::default()
        },
        title: None,
        text: text.to_owned(),
        language: None,
        created_at: created,
        engagement: Default::default(),
        hashtags: vec![],
        links: vec![],
        reply_to: None,
        quote_of: None,
        repost_of: repost.then(|| "https://x.example/original".to_owned()),
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

#[tokio::test]
async fn hourly_counts_count_distinct_authors_of_original_posts_of_tracked_tags() {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(7).unwrap();
    store
        .track_hashtag(
            guild,
            &Hashtag::parse("Cardiology").unwrap(),
            None,
            at(0, 0),
        )
        .await
        .unwrap();
    let posts = vec![
        // 10:00-11:00: two authors, one of them twice, on metformin.
        post("1", "a", "Metformin again #cardiology", at(10, 5), false),
        post("2", "a", "More metformin #cardiology", at(10, 15), false),
        post("3", "b", "metformin #Cardiology", at(10, 55), false),
        // Reposts of one post by a crowd: not counted.
        post("4", "c", "RT metformin #cardiology", at(10, 20), true),
        post("5", "d", "RT metformin #cardiology", at(10, 21), true),
        // 12:00-13:00: one author.
        post("6", "e", "Quiet #cardiology", at(12, 30), false),
        // A tag the guild does not track, and a post outside the range.
        post("7", "f", "Metformin #nephrology", at(10, 30), false),
        post("8", "g", "Metformin #cardiology", at(14, 0), false),
    ];
    store
        .commit_posts("t", None, &posts, at(15, 0))
        .await
        .unwrap();

    let series = store
        .hourly_counts(guild, at(9, 40), at(14, 0))
        .await
        .unwrap();
    let find = |kind: TopicKind, name: &str| {
        series
            .iter()
            .find(|s| s.topic.kind == kind && s.topic.name == name)
            .map(|s| s.counts.clone())
    };
    // Hours 09, 10, 11, 12, 13.
    assert_eq!(
        find(TopicKind::Hashtag, "cardiology"),
        Some(vec![0, 2, 0, 1, 0])
    );
    assert_eq!(
        find(TopicKind::Drug, "Metformin"),
        Some(vec![0, 2, 0, 0, 0])
    );
    assert_eq!(find(TopicKind::Hashtag, "nephrology"), None);
    assert_eq!(series.len(), 2, "{series:?}");
    // Another guild sees nothing.
    let other = GuildId::new(8).unwrap();
    assert!(store
        .hourly_counts(other, at(9, 0), at(14, 0))
        .await
        .unwrap()
        .is_empty());
}

fn surge(name: &str, started: DateTime<Utc>) -> Surge {
    Surge {
        topic: Topic {
            kind: TopicKind::Hashtag,
            name: name.to_owned(),
        },
        now: 40,
        usual: 5.0,
        score: 7.5,
        started,
    }
}

#[tokio::test]
async fn an_announcement_is_claimed_once_and_the_topic_then_cools_down() {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(7).unwrap();
    let topics = TopicFilter::parse("#cardiology, semaglutide").unwrap();
    assert!(store
        .set_up_alerts(guild, 55, Sensitivity::High, &topics, at(0, 0))
        .await
        .unwrap());
    let channel = store.alert_channels(guild).await.unwrap().remove(0);
    assert_eq!(channel.sensitivity, Sensitivity::High);
    assert_eq!(channel.topics.to_text(), "#cardiology, semaglutide");
    let cooldown = Duration::hours(12);

    let first = store
        .claim_announcement(
            &channel,
            &surge("cardiology", at(9, 0)),
            "m",
            cooldown,
            at(10, 10),
        )
        .await
        .unwrap();
    assert!(first.is_some());
    // The same surge again, later: already claimed.
    let again = store
        .claim_announcement(
            &channel,
            &surge("cardiology", at(9, 0)),
            "m",
            cooldown,
            at(10, 20),
        )
        .await
        .unwrap();
    assert_eq!(again, None);
    // The same topic traced to another start within the cooldown: not announced either.
    let traced = store
        .claim_announcement(
            &channel,
            &surge("cardiology", at(8, 0)),
            "m",
            cooldown,
            at(11, 0),
        )
        .await
        .unwrap();
    assert_eq!(traced, None);
    // Another topic is announced; after the cooldown, the first topic again.
    assert!(store
        .claim_announcement(
            &channel,
            &surge("meded", at(9, 0)),
            "m",
            cooldown,
            at(10, 30)
        )
        .await
        .unwrap()
        .is_some());
    let later = at(10, 10) + Duration::hours(13);
    assert!(store
        .claim_announcement(&channel, &surge("cardiology", later), "m", cooldown, later)
        .await
        .unwrap()
        .is_some());

    let unfinished = store.unfinished_announcements().await.unwrap();
    assert_eq!(unfinished.len(), 3);
    store
        .mark_announcement_posted(first.unwrap(), 999, at(10, 11))
        .await
        .unwrap();
    assert_eq!(store.unfinished_announcements().await.unwrap().len(), 2);
}

#[tokio::test]
async fn alert_channels_pause_and_resume_and_are_kept_per_guild() {
    let store = crate::store::test_store().await;
    let guild = GuildId::new(7).unwrap();
    let other = GuildId::new(9).unwrap();
    let all = TopicFilter::default();
    store
        .set_up_alerts(guild, 1, Sensitivity::Normal, &all, at(0, 0))
        .await
        .unwrap();
    store
        .set_up_alerts(other, 2, Sensitivity::Low, &all, at(0, 0))
        .await
        .unwrap();
    assert_eq!(
        store
            .set_alerts_paused(guild, None, true, at(1, 0))
            .await
            .unwrap(),
        1
    );
    let active = store.active_alert_channels().await.unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].guild, other);
    // Setting up again keeps the pause; resuming lifts it.
    assert!(!store
        .set_up_alerts(guild, 1, Sensitivity::High, &all, at(2, 0))
        .await
        .unwrap());
    assert!(store.alert_channels(guild).await.unwrap()[0].paused);
    store
        .set_alerts_paused(guild, Some(1), false, at(3, 0))
        .await
        .unwrap();
    assert_eq!(store.active_alert_channels().await.unwrap().len(), 2);
    // Another guild's channel is not paused from here.
    assert_eq!(
        store
            .set_alerts_paused(guild, Some(2), true, at(4, 0))
            .await
            .unwrap(),
        0
    );
}
