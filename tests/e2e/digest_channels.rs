//! Per-channel digests (SPEC §2.2, issue #16): each channel its own hashtags, topics, weekdays and
//! window; `/digest setup|edit|list` as a moderator sees them; a weekly digest covering the week.

use crate::app::*;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use rounds::domain::digest::channel::{select_hashtags, ChannelFilter};
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::normalize;
use rounds::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use rounds::domain::{DigestTime, DigestWindow, GuildId, Hashtag, TimeZone, Weekdays};
use rounds::store::digest_channels::DigestSettings;
use rounds::store::Store;

const CARDIO: &str = "CardioTwitter";
const NEPH: &str = "NephJC";

fn guild() -> GuildId {
    GuildId::new(GUILD_A).unwrap()
}

/// Tracks both hashtags in guild A, well before any post.
async fn track_both(store: &Store) {
    for tag in [CARDIO, NEPH] {
        store
            .track_hashtag(
                guild(),
                &Hashtag::parse(tag).unwrap(),
                None,
                Utc::now() - Duration::days(40),
            )
            .await
            .unwrap();
    }
}

/// Stores one post per `(text, hashtag, created_at)`.
async fn commit(store: &Store, posts: &[(&str, &str, DateTime<Utc>)]) {
    let tagger = Tagger::bundled();
    let normalized: Vec<_> = posts
        .iter()
        .enumerate()
        .map(|(i, (text, tag, at))| {
            let id = format!("https://med.example/statuses/{}-{i}", at.timestamp());
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med.example".into(),
                remote_id: id.clone(),
                uri: id.clone(),
                url: Some(id),
                author: RawAuthor {
                    remote_id: format!("https://med.example/users/doc{i}"),
                    handle: format!("@doc{i}@med.example"),
                    ..RawAuthor::default()
                },
                title: None,
                text: format!("{text} #{tag}"),
                language: Some("en".into()),
                created_at: *at,
                engagement: Engagement {
                    likes: 10 + i as u64,
                    ..Engagement::default()
                },
                hashtags: vec![(*tag).into()],
                links: vec![],
                reply_to: None,
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, tagger).unwrap()
        })
        .collect();
    store
        .commit_posts("test:channels", None, &normalized, Utc::now())
        .await
        .unwrap();
}

/// The minute that just passed, as a UTC time of day.
fn last_minute() -> DateTime<Utc> {
    let now = Utc::now();
    now.with_second(0).unwrap().with_nanosecond(0).unwrap()
}

fn settings(channel: u64, at: DateTime<Utc>, weekdays: &str, hashtags: &str) -> DigestSettings {
    let tracked: Vec<Hashtag> = [CARDIO, NEPH]
        .iter()
        .map(|t| Hashtag::parse(t).unwrap())
        .collect();
    DigestSettings {
        channel_id: channel,
        time: DigestTime::parse(&at.format("%H:%M").to_string()).unwrap(),
        timezone: TimeZone::parse("UTC").unwrap(),
        weekdays: Weekdays::parse(weekdays).unwrap(),
        window: DigestWindow::SinceLast,
        filter: ChannelFilter {
            hashtags: select_hashtags(hashtags, &tracked).unwrap(),
            topics: vec![],
        },
    }
}

/// Everything the bot posted in a channel, as one string.
fn posted_text(app: &TestApp, channel: u64) -> String {
    app.fake
        .channel_messages(channel)
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_cardiology_channel_gets_only_its_hashtags() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    track_both(&store).await;
    let hour_ago = Utc::now() - Duration::hours(1);
    commit(
        &store,
        &[
            (
                "Heart failure with reduced ejection fraction: start all four pillars",
                CARDIO,
                hour_ago,
            ),
            ("Atrial fibrillation and apixaban dosing", CARDIO, hour_ago),
            ("Dialysis access debate tonight", NEPH, hour_ago),
        ],
    )
    .await;
    let slot = last_minute();
    let setup_at = slot - Duration::minutes(1);
    store
        .save_digest_settings(
            guild(),
            &settings(TEXT_CHANNEL_A, slot, "daily", "#CardioTwitter"),
            setup_at,
        )
        .await
        .unwrap();
    store
        .save_digest_settings(
            guild(),
            &settings(NEWS_CHANNEL_A, slot, "daily", "nephjc"),
            setup_at,
        )
        .await
        .unwrap();
    store.close().await;

    app.start_bot().await;
    for channel in [TEXT_CHANNEL_A, NEWS_CHANNEL_A] {
        app.fake
            .wait_channel_messages(channel, 1, STEP)
            .await
            .unwrap_or_else(|e| panic!("no digest in {channel}: {e}\n{}", app.logs()));
    }
    let cardiology = posted_text(&app, TEXT_CHANNEL_A);
    assert!(cardiology.contains("**2** posts"), "{cardiology}");
    assert!(cardiology.contains("CardioTwitter"), "{cardiology}");
    assert!(cardiology.contains("apixaban"), "{cardiology}");
    assert!(!cardiology.contains("NephJC"), "{cardiology}");
    assert!(!cardiology.contains("Dialysis"), "{cardiology}");
    let nephrology = posted_text(&app, NEWS_CHANNEL_A);
    assert!(nephrology.contains("**1** posts"), "{nephrology}");
    assert!(nephrology.contains("Dialysis"), "{nephrology}");
    assert!(!nephrology.contains("apixaban"), "{nephrology}");
    // One ledger entry per channel and period.
    let store = app.store().await;
    assert_eq!(store.digest_runs(TEXT_CHANNEL_A).await.unwrap().len(), 1);
    assert_eq!(store.digest_runs(NEWS_CHANNEL_A).await.unwrap().len(), 1);
    store.close().await;
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn a_weekly_digest_since_the_last_covers_the_whole_week() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    track_both(&store).await;
    let slot = last_minute();
    commit(
        &store,
        &[
            (
                "Eight days ago: outside the week",
                CARDIO,
                slot - Duration::days(8),
            ),
            (
                "Six days ago: statins in the elderly",
                CARDIO,
                slot - Duration::days(6),
            ),
            (
                "Three days ago: SGLT2 inhibitors everywhere",
                CARDIO,
                slot - Duration::days(3),
            ),
            (
                "This morning: ticagrelor or clopidogrel",
                CARDIO,
                slot - Duration::hours(2),
            ),
        ],
    )
    .await;
    // Posted on one weekday only (today's, so that its slot is the minute that just passed), set
    // up two days ago: the first digest covers the week since the previous slot.
    let today = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        [slot.weekday().num_days_from_monday() as usize];
    store
        .save_digest_settings(
            guild(),
            &settings(TEXT_CHANNEL_A, slot, today, "all"),
            slot - Duration::days(2),
        )
        .await
        .unwrap();
    store.close().await;

    app.start_bot().await;
    let posted = app
        .fake
        .wait_channel_messages(TEXT_CHANNEL_A, 1, STEP)
        .await
        .unwrap_or_else(|e| panic!("no digest: {e}\n{}", app.logs()));
    let title = posted[0]["embeds"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("Weekly digest"), "{title}");
    let text = posted_text(&app, TEXT_CHANNEL_A);
    assert!(text.contains("**3** posts"), "{text}");
    assert!(text.contains("last 7 days"), "{text}");
    let store = app.store().await;
    let runs = store.digest_runs(TEXT_CHANNEL_A).await.unwrap();
    store.close().await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].period_end - runs[0].period_start, Duration::days(7));
    app.fake.assert_no_schema_violations();
}

mod cli;
mod commands;
