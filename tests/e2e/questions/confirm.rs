//! `/ask` asks before it keeps anything: the asker sees the de-identified text with Post and
//! Edit / cancel; only Post stores and posts, while a cancel or a timeout leaves no trace in the
//! database, the logs or anything sent to Discord. `/questions forget-me` deletes the posted copies.

use super::{
    ask, ask_preview, button, database_bytes, outcome, press, questions, IDENTIFYING_QUESTION,
    SECRETS,
};
use crate::app::*;
use rounds::domain::GuildId;

async fn stored_questions(app: &TestApp, guild: u64) -> usize {
    let store = app.store().await;
    let rows = store
        .exported_questions(
            GuildId::new(guild).unwrap(),
            chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
            chrono::Utc::now() + chrono::Duration::days(1),
            100,
        )
        .await
        .unwrap();
    store.close().await;
    rows.len()
}

/// Sends a later command and waits for its answer: the bot has then read every interaction sent
/// before it (they come in order over the gateway), so one left unanswered got no answer at all.
async fn later_command_answered(app: &TestApp) {
    let reply = app
        .fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no answer to a later command: {e}\n{}", app.logs()));
    assert!(reply.content.contains("no hashtags"), "{}", reply.content);
}

async fn set_questions_channel(app: &TestApp) {
    app.fake
        .slash(GUILD_A, "settings")
        .channel("questions_channel", TEXT_CHANNEL_A)
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
}

/// The raw question is in no log line, no table and no body sent to Discord: the only text the
/// asker's words reach Discord in is the de-identified preview.
fn assert_raw_text_went_nowhere(app: &TestApp) {
    let bytes = database_bytes(app);
    let logs = app.logs();
    let bodies: Vec<String> = app
        .fake
        .requests()
        .iter()
        .map(|r| r.body.to_string())
        .collect();
    for secret in SECRETS {
        assert!(
            !super::contains(&bytes, secret),
            "{secret} reached the database files"
        );
        assert!(!logs.contains(secret), "{secret} reached the logs");
        for body in &bodies {
            assert!(
                !body.contains(secret),
                "{secret} was sent to Discord in {body}"
            );
        }
    }
}

#[tokio::test]
async fn the_preview_shows_the_de_identified_text_and_only_post_stores_and_posts_it() {
    let app = spawn_app().await;
    set_questions_channel(&app).await;
    let (invocation, preview) = ask_preview(
        &app,
        GUILD_A,
        MEMBER,
        IDENTIFYING_QUESTION,
        Some("anticoagulation"),
    )
    .await;
    assert!(preview.ephemeral, "the preview is for the asker only");
    // The preview is Discord markdown, so placeholders arrive escaped.
    assert!(preview.content.contains(r"\[NAME\]"), "{}", preview.content);
    assert!(
        preview.content.contains("apixaban 5 mg BID"),
        "{}",
        preview.content
    );
    assert!(
        button(&preview, "Edit / cancel").is_some(),
        "{:?}",
        preview.raw
    );
    let post = button(&preview, "Post").expect("a Post button");
    assert_eq!(
        stored_questions(&app, GUILD_A).await,
        0,
        "nothing is stored before Post"
    );
    assert!(app.fake.channel_messages(TEXT_CHANNEL_A).is_empty());

    press(&app, &invocation, &post, MEMBER).await;
    let done = outcome(&app, &invocation, &preview).await;
    assert!(
        done.content.contains("logged without your name"),
        "{}",
        done.content
    );
    assert!(
        done.content
            .contains(&format!("posted in <#{TEXT_CHANNEL_A}>")),
        "{}",
        done.content
    );
    assert_eq!(
        done.raw["components"],
        serde_json::json!([]),
        "the buttons go"
    );
    assert_eq!(stored_questions(&app, GUILD_A).await, 1);
    let posted = app
        .fake
        .wait_channel_messages(TEXT_CHANNEL_A, 1, STEP)
        .await
        .unwrap();
    assert!(posted[0].to_string().contains("NAME"), "{}", posted[0]);
    assert_raw_text_went_nowhere(&app);
    app.fake.assert_nothing_could_ping();
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn another_member_cannot_post_someone_elses_question() {
    let app = spawn_app().await;
    let (invocation, preview) =
        ask_preview(&app, GUILD_A, MEMBER, "Is ticagrelor ok with PPIs?", None).await;
    let post = button(&preview, "Post").unwrap();
    let stranger = app.fake.click(&invocation, &post, MODERATOR).await;
    later_command_answered(&app).await;
    assert!(stranger.all_messages().is_empty());
    assert_eq!(stored_questions(&app, GUILD_A).await, 0);
    press(&app, &invocation, &post, MEMBER).await;
    outcome(&app, &invocation, &preview).await;
    assert_eq!(stored_questions(&app, GUILD_A).await, 1);
}

#[tokio::test]
async fn cancel_stores_and_posts_nothing() {
    let app = spawn_app().await;
    set_questions_channel(&app).await;
    let (invocation, preview) =
        ask_preview(&app, GUILD_A, MEMBER, IDENTIFYING_QUESTION, None).await;
    let cancel = button(&preview, "Edit / cancel").unwrap();
    press(&app, &invocation, &cancel, MEMBER).await;
    let done = outcome(&app, &invocation, &preview).await;
    assert!(
        done.content.contains("nothing was stored"),
        "{}",
        done.content
    );
    assert_eq!(done.raw["components"], serde_json::json!([]));
    assert_eq!(stored_questions(&app, GUILD_A).await, 0);
    assert!(app.fake.channel_messages(TEXT_CHANNEL_A).is_empty());
    assert_raw_text_went_nowhere(&app);
}

#[tokio::test]
async fn an_unanswered_preview_times_out_and_stores_nothing() {
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__QUESTIONS__CONFIRM_TIMEOUT", "2s");
    app.start_bot().await;
    set_questions_channel(&app).await;
    let (invocation, preview) =
        ask_preview(&app, GUILD_A, MEMBER, IDENTIFYING_QUESTION, None).await;
    assert!(preview.content.contains("2 seconds"), "{}", preview.content);
    let done = outcome(&app, &invocation, &preview).await;
    assert!(
        done.content.contains("nothing was stored"),
        "{}",
        done.content
    );
    // A press after the timeout finds no one listening.
    let late = app
        .fake
        .click(&invocation, &button(&preview, "Post").unwrap(), MEMBER)
        .await;
    later_command_answered(&app).await;
    assert!(late.all_messages().is_empty());
    assert_eq!(stored_questions(&app, GUILD_A).await, 0);
    assert!(app.fake.channel_messages(TEXT_CHANNEL_A).is_empty());
    assert_raw_text_went_nowhere(&app);
}

#[tokio::test]
async fn forget_me_also_deletes_the_copies_posted_to_the_questions_channel() {
    let app = spawn_app().await;
    set_questions_channel(&app).await;
    ask(&app, GUILD_A, MEMBER, "First question about statins?", None).await;
    ask(
        &app,
        GUILD_A,
        MEMBER,
        "Second question about ezetimibe?",
        None,
    )
    .await;
    ask(
        &app,
        GUILD_A,
        MODERATOR,
        "A moderator's question about PCSK9?",
        None,
    )
    .await;
    app.fake
        .wait_channel_messages(TEXT_CHANNEL_A, 3, STEP)
        .await
        .unwrap();

    let forgot = questions(&app, GUILD_A, "forget-me", MEMBER, 0, &[]).await;
    assert!(
        forgot.content.contains("Deleted the 2 questions"),
        "{}",
        forgot.content
    );
    assert!(forgot.content.contains("2 copies"), "{}", forgot.content);
    let deletes: Vec<_> = app
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 2, "{deletes:?}");
    for delete in &deletes {
        assert!(
            delete
                .path
                .starts_with(&format!("/api/v10/channels/{TEXT_CHANNEL_A}/messages/")),
            "{}",
            delete.path
        );
        assert_eq!(
            delete.status, 204,
            "the copy existed and was deleted: {}",
            delete.path
        );
    }
    assert_ne!(deletes[0].path, deletes[1].path);
    let bytes = database_bytes(&app);
    for gone in ["statins", "ezetimibe"] {
        assert!(
            !super::contains(&bytes, gone),
            "{gone} lingers in the database file"
        );
    }
    app.fake.assert_no_schema_violations();
}
