//! The bot keeps answering through gateway drops, stops cleanly on SIGTERM, and fails politely when
//! its database breaks.

use crate::app::*;

async fn list_tags(app: &TestApp, guild: u64) -> String {
    app.fake
        .slash(guild, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply: {e}\n--- bot logs ---\n{}", app.logs()))
        .content
}

#[tokio::test]
async fn the_bot_reconnects_after_the_gateway_drops_and_still_answers() {
    let app = spawn_app().await;
    assert!(list_tags(&app, GUILD_A).await.contains("no hashtags"));
    let connections_before = app.fake.identify_count() + app.fake.resume_count();

    app.fake.drop_gateway().await;
    assert!(list_tags(&app, GUILD_A).await.contains("no hashtags"));

    app.fake.send_reconnect();
    assert!(list_tags(&app, GUILD_A).await.contains("no hashtags"));

    app.fake.invalidate_session();
    assert!(list_tags(&app, GUILD_A).await.contains("no hashtags"));

    let connections_after = app.fake.identify_count() + app.fake.resume_count();
    assert!(
        connections_after >= connections_before + 3,
        "expected three reconnections, saw {connections_before} → {connections_after}"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn sigterm_stops_the_bot_cleanly() {
    let mut app = spawn_app().await;
    let status = app.terminate().await;
    assert!(status.success(), "exit status {status:?}\n{}", app.logs());
    let logs = app.logs();
    assert!(logs.contains("shutdown requested"), "{logs}");
    assert!(logs.contains("stopped"), "{logs}");
    assert!(
        !logs.contains("fake-token"),
        "the token must never reach the logs:\n{logs}"
    );
}

#[tokio::test]
async fn a_broken_database_gets_a_polite_error_and_a_log_line() {
    let app = spawn_app().await;
    // Break the schema under the running bot.
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    sqlx::query("DROP TABLE tracked_hashtags")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let reply = list_tags(&app, GUILD_A).await;
    assert!(reply.contains("something went wrong"), "{reply}");
    assert!(
        !reply.contains("tracked_hashtags"),
        "internals must not reach members: {reply}"
    );
    let logs = app.logs();
    assert!(
        logs.contains("command failed") && logs.contains("tracked_hashtags"),
        "{logs}"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn discord_server_errors_on_replies_do_not_take_the_bot_down() {
    let app = spawn_app().await;
    app.fake.fail_next("POST", "/callback", 500, 1);
    let _lost_reply = app
        .fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    // The failed reply is lost (Discord would show "the application did not respond"), but the bot
    // stays up and answers the next command.
    app.wait_log_since(0, "failed to reply", 1, STEP).await;
    assert!(list_tags(&app, GUILD_A).await.contains("no hashtags"));
    assert!(app.logs().contains("failed to reply"), "{}", app.logs());
}

#[tokio::test]
async fn a_failed_command_registration_stops_the_bot_with_a_clear_error() {
    let mut app = prepare_app().await;
    app.fake.fail_next("PUT", "/commands", 500, 1);
    app.launch_bot();
    let status = app.wait_exit().await;
    assert!(!status.success());
    let logs = app.logs();
    assert!(
        logs.contains("slash commands could not be registered"),
        "{logs}"
    );
}
