//! Surge alerts end to end: the real bot against the fake Discord, with ten days of posts planted
//! in its database. A surge of #cardiology is announced once, and not again after a crash and a
//! restart; a regular daily peak (#meded, busy at this hour every day) and a crowd reposting one
//! post (#nephrology) are not announced.

use crate::app::*;
use chrono::{DateTime, Duration, DurationRound as _, Utc};
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::{normalize, Post};
use rounds::domain::post::{RawAuthor, RawPost, SourceKind};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;

fn post(id: &str, author: &str, text: String, created: DateTime<Utc>, repost: bool) -> Post {
    let raw = RawPost {
        source: SourceKind::Mastodon,
        origin: "med-mastodon.example".into(),
        remote_id: format!("https://med-mastodon.example/statuses/{id}"),
        uri: format!("https://med-mastodon.example/statuses/{id}"),
        url: Some(format!("https://med-mastodon.example/@{author}/{id}")),
        author: RawAuthor {
            remote_id: format!("https://med-mastodon.example/users/{author}"),
            handle: format!("@{author}@med-mastodon.example"),
            ..RawAuthor::default()
        },
        title: None,
        text,
        language: Some("en".into()),
        created_at: created,
        engagement: Default::default(),
        hashtags: vec![],
        links: vec![],
        reply_to: None,
        quote_of: None,
        repost_of: repost.then(|| "https://med-mastodon.example/statuses/original".to_owned()),
        mentions: vec![],
    };
    normalize(raw, Tagger::bundled()).unwrap()
}

/// Ten days of a guild's posts up to `now`, the last complete hour being the one judged:
/// - #cardiology: one author every other hour, then 30 authors in each of the last two complete
///   hours and 20 so far in the current one (the surge);
/// - #meded: 2 authors an hour, and 25 in the judged hour and the one before, every day (a
///   regular daily peak);
/// - #nephrology: one author every third hour, and 40 accounts reposting one post in each of the
///   last two hours (a repost burst).
///
/// The texts name no drug or disease, so the hashtags are the only topics.
pub async fn plant_surge_history(store: &Store, guild: u64, now: DateTime<Utc>) {
    let guild = GuildId::new(guild).unwrap();
    for tag in ["Cardiology", "MedEd", "Nephrology"] {
        store
            .track_hashtag(
                guild,
                &Hashtag::parse(tag).unwrap(),
                None,
                now - Duration::days(11),
            )
            .await
            .unwrap();
    }
    let current = now.duration_trunc(Duration::hours(1)).unwrap();
    let judged = current - Duration::hours(1);
    let mut posts = Vec::new();
    let mut next = 0u32;
    let mut add = |author: String, text: &str, at: DateTime<Utc>, repost: bool| {
        next += 1;
        posts.push(post(
            &next.to_string(),
            &author,
            text.to_owned(),
            at,
            repost,
        ));
    };
    for back in 2..24 * 10 {
        let hour = judged - Duration::hours(back);
        if back % 2 == 0 {
            add(
                format!("cardio{}", back % 7),
                "Ward round notes #Cardiology",
                hour + Duration::minutes(10),
                false,
            );
        }
        if back % 3 == 0 {
            add(
                format!("neph{}", back % 5),
                "Clinic thoughts #Nephrology",
                hour + Duration::minutes(20),
                false,
            );
        }
        let peak = back % 24 == 0 || back % 24 == 1;
        for a in 0..if peak { 25 } else { 2 } {
            add(
                format!("teacher{a}"),
                "Teaching hour #MedEd",
                hour + Duration::minutes(5 + i64::from(a)),
                false,
            );
        }
    }
    for hour in [judged - Duration::hours(1), judged] {
        for a in 0..30 {
            add(
                format!("surge{a}"),
                "Everyone is reading the new guideline #Cardiology",
                hour + Duration::minutes(a),
                false,
            );
        }
        for a in 0..25 {
            add(
                format!("teacher{a}"),
                "Teaching hour #MedEd",
                hour + Duration::minutes(5 + a),
                false,
            );
        }
        for a in 0..40 {
            add(
                format!("fan{a}"),
                "Boosted #Nephrology",
                hour + Duration::minutes(a),
                true,
            );
        }
    }
    // The current hour so far: the surge goes on (and is still there if the hour turns mid-test).
    let so_far = (now - current).num_seconds().max(1);
    for a in 0..20i64 {
        add(
            format!("surge{a}"),
            "Still reading the guideline #Cardiology",
            current + Duration::seconds(so_far * a / 20),
            false,
        );
    }
    store
        .commit_posts("test:alerts", None, &posts, now)
        .await
        .unwrap();
}

/// The announcements once three alert rounds have ended since `mark`: at least two whole checks
/// after it.
async fn announcements(app: &TestApp, mark: usize) -> Vec<serde_json::Value> {
    app.wait_log_since(mark, "surge alert round finished", 3, STEP)
        .await;
    app.fake.channel_messages(TEXT_CHANNEL_A)
}

#[tokio::test]
async fn a_planted_surge_is_announced_once_across_a_restart_and_the_decoys_are_not() {
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__ALERTS__CHECK_EVERY", "1s");
    let store = Store::open(&app.database_url).await.unwrap();
    plant_surge_history(&store, GUILD_A, Utc::now()).await;
    store.close().await;
    app.start_bot().await;

    let reply = app
        .fake
        .slash(GUILD_A, "alerts")
        .subcommand("setup")
        .channel("channel", TEXT_CHANNEL_A)
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        reply.content.contains("Set up surge alerts"),
        "{}",
        reply.content
    );

    let posted = app
        .fake
        .wait_channel_messages(TEXT_CHANNEL_A, 1, STEP)
        .await
        .unwrap_or_else(|e| panic!("{e}\n--- bot logs ---\n{}", app.logs()));
    let announced = app.log_mark();
    let content = posted[0]["content"].as_str().unwrap().to_owned();
    assert!(content.contains("**Surge: \\#cardiology**"), "{content}");
    // 30 authors in the judged hour (20 if the hour turned since the posts were planted).
    assert!(
        content.contains("**30** people posted") || content.contains("**20** people posted"),
        "{content}"
    );
    assert!(
        content.contains("`/summary topic:#cardiology`"),
        "{content}"
    );
    assert!(
        content.contains("Everyone is reading the new guideline"),
        "{content}"
    );
    // Several more checks, and still one announcement: no second one, no decoy.
    let after = announcements(&app, announced).await;
    assert_eq!(after.len(), 1, "{after:#?}");

    app.kill().await;
    let restarted = app.log_mark();
    app.start_bot().await;
    let after_restart = announcements(&app, restarted).await;
    assert_eq!(after_restart.len(), 1, "{after_restart:#?}\n{}", app.logs());

    let store = app.store().await;
    let ledger = store
        .recent_announcements(GuildId::new(GUILD_A).unwrap(), 10)
        .await
        .unwrap();
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert!(ledger[0].posted);
    assert_eq!(ledger[0].topic.name, "cardiology");
    app.fake.assert_nothing_could_ping();
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn alerts_are_for_moderators_and_can_be_paused() {
    let app = spawn_app().await;
    let refused = app
        .fake
        .slash(GUILD_A, "alerts")
        .subcommand("setup")
        .channel("channel", TEXT_CHANNEL_A)
        .user(MEMBER)
        .permissions(0)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(!refused.content.contains("Set up"), "{}", refused.content);
    let store = app.store().await;
    let guild = GuildId::new(GUILD_A).unwrap();
    assert!(store.alert_channels(guild).await.unwrap().is_empty());

    let bad = app
        .fake
        .slash(GUILD_A, "alerts")
        .subcommand("setup")
        .channel("channel", TEXT_CHANNEL_A)
        .string("topics", "#med ed")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(bad.content.contains("is not a hashtag"), "{}", bad.content);
    assert!(store.alert_channels(guild).await.unwrap().is_empty());

    for (sub, expected) in [
        ("setup", "Set up surge alerts"),
        ("pause", "Paused surge alerts in 1 channel"),
    ] {
        let mut command = app.fake.slash(GUILD_A, "alerts").subcommand(sub);
        if sub == "setup" {
            // A choice arrives as its index: 2 is "high".
            command = command
                .channel("channel", TEXT_CHANNEL_A)
                .integer("sensitivity", 2)
                .string("topics", "#Cardiology, semaglutide");
        }
        let reply = command
            .user(MODERATOR)
            .permissions(MANAGE_GUILD)
            .send()
            .await
            .wait_response(STEP)
            .await
            .unwrap();
        assert!(reply.content.contains(expected), "{}", reply.content);
    }
    let listed = app
        .fake
        .slash(GUILD_A, "alerts")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        listed.content.contains(&format!(
            "<#{TEXT_CHANNEL_A}>: high sensitivity, \\#cardiology, semaglutide (paused)"
        )),
        "{}",
        listed.content
    );
    assert!(store.active_alert_channels().await.unwrap().is_empty());
}

#[tokio::test]
async fn alert_topics_autocomplete_from_tracked_hashtags_and_known_drugs_and_diseases() {
    let app = spawn_app().await;
    let store = app.store().await;
    let guild = GuildId::new(GUILD_A).unwrap();
    let now = Utc::now();
    store
        .track_hashtag(
            guild,
            &Hashtag::parse("Nephrology").unwrap(),
            None,
            now - Duration::days(2),
        )
        .await
        .unwrap();
    let posts: Vec<Post> = (0..3)
        .map(|i| {
            post(
                &format!("ckd{i}"),
                &format!("neph{i}"),
                "CKD clinic: started dapagliflozin #Nephrology".to_owned(),
                now - Duration::hours(i + 1),
                false,
            )
        })
        .collect();
    store
        .commit_posts("test:alerts", None, &posts, now)
        .await
        .unwrap();
    store.close().await;

    let offered = |typed: &'static str, user: u64, permissions: u64| {
        let app = &app;
        async move {
            let response = app
                .fake
                .autocomplete(GUILD_A, "alerts")
                .subcommand("setup")
                .focused("topics", typed)
                .user(user)
                .permissions(permissions)
                .send()
                .await
                .wait_response(STEP)
                .await
                .unwrap();
            response
                .choices
                .iter()
                .filter_map(|c| c["value"].as_str().map(str::to_owned))
                .collect::<Vec<String>>()
        }
    };
    // The disease by the name people read, not the lexicon's "Renal Insufficiency, Chronic".
    assert_eq!(
        offered("#Nephrology, kidn", MODERATOR, MANAGE_GUILD).await,
        ["#Nephrology, Chronic kidney disease"]
    );
    assert_eq!(
        offered("neph", MODERATOR, MANAGE_GUILD).await,
        ["#Nephrology"]
    );
    assert_eq!(
        offered("dapa", MODERATOR, MANAGE_GUILD).await,
        ["Dapagliflozin"]
    );
    assert!(offered("neph", MEMBER, 0).await.is_empty());

    // What autocomplete offered is accepted, and the channel then follows that disease.
    let reply = app
        .fake
        .slash(GUILD_A, "alerts")
        .subcommand("setup")
        .channel("channel", TEXT_CHANNEL_A)
        .string("topics", "#Nephrology, Chronic kidney disease")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        reply.content.contains("Set up surge alerts"),
        "{}",
        reply.content
    );
    app.fake.assert_no_schema_violations();
}
