//! Gateway storms: drops, op 7 RECONNECTs and op 9 INVALID_SESSIONs in quick succession. The bot
//! stays up, answers commands once the storm passes, and identifies a bounded number of times
//! (once per invalidated session), never in a tight loop.

use crate::app::*;

async fn track_list(app: &TestApp) -> String {
    app.fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply after the storm: {e}\n{}", app.logs()))
        .content
}

/// Waits until the bot holds a live session again.
async fn back(app: &TestApp) {
    app.fake
        .wait_ready(STEP)
        .await
        .unwrap_or_else(|e| panic!("the bot did not come back: {e}\n{}", app.logs()));
}

#[tokio::test]
async fn a_storm_of_gateway_drops_reconnects_and_invalid_sessions_leaves_the_bot_answering() {
    const ROUNDS: usize = 4;
    let app = spawn_app().await;
    assert!(track_list(&app).await.contains("no hashtags"));
    let identified = app.fake.identify_count();
    let resumed = app.fake.resume_count();

    // Each blow lands as soon as the bot is back from the one before.
    for _ in 0..ROUNDS {
        app.fake.drop_gateway().await;
        back(&app).await;
        app.fake.send_reconnect();
        back(&app).await;
        app.fake.invalidate_session();
        back(&app).await;
    }
    assert!(track_list(&app).await.contains("no hashtags"));
    assert!(track_list(&app).await.contains("no hashtags"));

    // One new session per invalidated one; drops and op 7 are resumed, not re-identified; and
    // quiet once the storm has passed.
    let identifies = app.fake.identify_count() - identified;
    let resumes = app.fake.resume_count() - resumed;
    assert_eq!(
        identifies, ROUNDS,
        "{identifies} IDENTIFYs for {ROUNDS} invalidated sessions"
    );
    assert!(
        resumes >= ROUNDS,
        "{resumes} RESUMEs for {} drops and reconnects",
        2 * ROUNDS
    );
    // Quiet for two heartbeats (one interval at least) after the last answer.
    let beats = app.fake.heartbeat_count();
    app.fake
        .wait_heartbeats(beats, 2, STEP)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", app.logs()));
    assert_eq!(
        app.fake.identify_count() - identified,
        identifies,
        "the bot kept identifying after the storm"
    );
    eprintln!(
        "gateway storm: {ROUNDS} rounds of drop + reconnect + invalid session: {identifies} identifies, {} resumes",
        app.fake.resume_count() - resumed
    );
    assert!(!app.logs().contains("panicked"), "{}", app.logs());
    app.fake.assert_no_schema_violations();
}
