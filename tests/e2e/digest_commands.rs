//! `/digest preview|now|pause|resume` and question capture from a channel.

use crate::app::*;
use rounds::domain::{ConfigDuration, DigestTime, GuildId, TimeZone};
use rounds::store::digest_channels::DigestSetup;
use rounds::store::Store;

async fn digest(app: &TestApp, sub: &str) -> crate::fake_discord::InteractionReply {
    app.fake
        .slash(GUILD_A, "digest")
        .subcommand(sub)
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /digest {sub}: {e}\n{}", app.logs()))
}

/// A digest channel whose daily time is far from now, so the scheduler stays quiet.
async fn set_up_quiet_channel(app: &TestApp) {
    let store = Store::open(&app.database_url).await.unwrap();
    let now = chrono::Utc::now();
    let hour = (chrono::Timelike::hour(&now) + 12) % 24;
    store
        .set_up_digest(
            GuildId::new(GUILD_A).unwrap(),
            &DigestSetup {
                channel_id: TEXT_CHANNEL_A,
                time: DigestTime::parse(&format!("{hour:02}:00")).unwrap(),
                timezone: TimeZone::parse("UTC").unwrap(),
                window: ConfigDuration::parse("24h").unwrap(),
            },
            now,
        )
        .await
        .unwrap();
    store
        .track_hashtag(
            GuildId::new(GUILD_A).unwrap(),
            &rounds::domain::Hashtag::parse("MedEd").unwrap(),
            None,
            now,
        )
        .await
        .unwrap();
    store.close().await;
}

#[tokio::test]
async fn preview_is_only_for_the_moderator_and_now_posts_in_the_digest_channel() {
    let mut app = prepare_app().await;
    set_up_quiet_channel(&app).await;
    app.start_bot().await;

    let preview = digest(&app, "preview").await;
    assert!(preview.ephemeral, "a preview is ephemeral");
    let title = preview.embeds[0]["title"].as_str().unwrap();
    assert!(title.starts_with("Daily digest"), "{title}");
    assert!(preview.embeds[0]["description"]
        .as_str()
        .unwrap()
        .contains("quiet"));
    assert!(
        app.fake.channel_messages(TEXT_CHANNEL_A).is_empty(),
        "a preview posted something"
    );

    let now = digest(&app, "now").await;
    assert!(
        now.content.contains(&format!("<#{TEXT_CHANNEL_A}>")),
        "{}",
        now.content
    );
    let posted = app
        .fake
        .wait_channel_messages(TEXT_CHANNEL_A, 1, STEP)
        .await
        .unwrap();
    assert_eq!(
        posted[0]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    let store = Store::open(&app.database_url).await.unwrap();
    assert!(
        store.digest_runs(TEXT_CHANNEL_A).await.unwrap().is_empty(),
        "an on-demand digest does not take a scheduled period"
    );
    store.close().await;
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn pause_and_resume_are_stored_and_refused_to_members() {
    let mut app = prepare_app().await;
    set_up_quiet_channel(&app).await;
    app.start_bot().await;

    let refused = app
        .fake
        .slash(GUILD_A, "digest")
        .subcommand("pause")
        .user(MEMBER)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        refused.content.contains("Manage Server"),
        "{}",
        refused.content
    );

    let paused = digest(&app, "pause").await;
    assert!(
        paused.content.contains("Paused the digest in 1 channel"),
        "{}",
        paused.content
    );
    let again = digest(&app, "pause").await;
    assert!(
        again.content.contains("Nothing to pause"),
        "{}",
        again.content
    );
    let store = Store::open(&app.database_url).await.unwrap();
    let channels = store
        .digest_channels(GuildId::new(GUILD_A).unwrap())
        .await
        .unwrap();
    assert!(channels[0].paused);
    store.close().await;

    let resumed = digest(&app, "resume").await;
    assert!(
        resumed.content.contains("Resumed the digest in 1 channel"),
        "{}",
        resumed.content
    );
    let store = Store::open(&app.database_url).await.unwrap();
    assert!(
        !store
            .digest_channels(GuildId::new(GUILD_A).unwrap())
            .await
            .unwrap()[0]
            .paused
    );
    store.close().await;
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn questions_in_a_capture_channel_are_logged_de_identified() {
    let mut app = prepare_app().await;
    app.set_env(
        "ROUNDS__QUESTIONS__CAPTURE_CHANNELS",
        &format!("[{TEXT_CHANNEL_A}]"),
    );
    app.start_bot().await;
    let message = |id: u64, channel: u64, content: &str| {
        serde_json::json!({
            "id": id.to_string(), "channel_id": channel.to_string(), "guild_id": GUILD_A.to_string(),
            "author": {"id": MEMBER.to_string(), "username": "member", "discriminator": "0", "avatar": null},
            "content": content, "timestamp": "2026-11-27T10:00:00.000000+00:00", "edited_timestamp": null,
            "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": false, "type": 0
        })
    };
    let events = [
        message(
            71,
            TEXT_CHANNEL_A,
            "Would you start Mrs Okonkwo (MRN 5566778) on rivaroxaban with CrCl 28?",
        ),
        message(72, TEXT_CHANNEL_A, "Thanks everyone, see you at rounds."),
        message(73, NEWS_CHANNEL_A, "Is this captured? It should not be."),
        // Sent last: once both questions are stored, the bot has got past the messages between.
        message(
            74,
            TEXT_CHANNEL_A,
            "Last one: does apixaban need a lower dose?",
        ),
    ];
    for event in events {
        app.fake.dispatch("MESSAGE_CREATE", event).await.unwrap();
    }
    let deadline = tokio::time::Instant::now() + STEP;
    let rows = loop {
        let store = Store::open(&app.database_url).await.unwrap();
        let rows = store
            .exported_questions(
                GuildId::new(GUILD_A).unwrap(),
                chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
                chrono::Utc::now() + chrono::Duration::days(1),
                100,
            )
            .await
            .unwrap();
        store.close().await;
        if rows.len() >= 2 || tokio::time::Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(
        rows.len(),
        2,
        "only the questions in the capture channel: {rows:?}\n{}",
        app.logs()
    );
    assert!(rows.iter().all(|r| r.origin == "capture"), "{rows:?}");
    let question = rows
        .iter()
        .find(|r| !r.question.contains("apixaban need a lower dose"))
        .unwrap();
    assert!(
        !question.question.contains("Okonkwo") && !question.question.contains("5566778"),
        "{}",
        question.question
    );
    assert!(
        question.question.contains("rivaroxaban with CrCl 28"),
        "{}",
        question.question
    );
    assert!(!app.logs().contains("Okonkwo"));
}
