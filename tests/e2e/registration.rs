//! Slash commands are registered only when their definitions changed: a restart with the same
//! binary sends no `PUT …/commands`, and different definitions (here, the ones an older version
//! recorded) are registered again. The log says which happened.

use crate::app::*;
use crate::faults::{db, eventually};

fn command_puts(app: &TestApp) -> usize {
    app.fake
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count()
}

fn said(app: &TestApp, words: &str) -> usize {
    app.logs().lines().filter(|l| l.contains(words)).count()
}

#[tokio::test]
async fn a_restart_registers_commands_only_when_they_changed() {
    let mut app = spawn_app().await;
    assert_eq!(command_puts(&app), 1, "the first start registers");
    eventually(&app, STEP, "the registration log line", || async {
        (said(&app, "registered slash commands globally") == 1).then_some(())
    })
    .await;

    // Same binary, same definitions: nothing is sent.
    assert!(app.terminate().await.success());
    app.start_bot().await;
    eventually(
        &app,
        STEP,
        "the bot to find its commands unchanged",
        || async { (said(&app, "not registering them again") == 1).then_some(()) },
    )
    .await;
    assert_eq!(command_puts(&app), 1, "{}", app.logs());

    // The database remembers other definitions (as after an upgrade that changed a command):
    // they are registered again, once.
    assert!(app.terminate().await.success());
    let pool = db(&app).await;
    let changed = sqlx::query("UPDATE command_registrations SET definitions = 'an older list'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    pool.close().await;
    app.start_bot().await;
    eventually(
        &app,
        STEP,
        "the changed commands to be registered",
        || async {
            (command_puts(&app) == 2 && said(&app, "registered slash commands globally") == 2)
                .then_some(())
        },
    )
    .await;
    let pool = db(&app).await;
    let (stored,): (String,) = sqlx::query_as("SELECT definitions FROM command_registrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(
        stored.len(),
        64,
        "a SHA-256 in hex is stored again: {stored}"
    );
}
