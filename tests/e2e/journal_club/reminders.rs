//! Reminders of scheduled sessions: read in the guild's time zone, kept across restarts, each
//! posted once.

use super::*;
use chrono::{DateTime, Duration, Utc};
use rounds::domain::papers::session::ReminderKind;
use rounds::store::journal_clubs::ReminderState;
use std::time::Duration as StdDuration;

/// A start time `ahead` from now, written as a member would in `zone` (seconds included, so tests
/// need not wait for whole minutes).
fn local_time(ahead: Duration, zone: chrono_tz::Tz) -> (DateTime<Utc>, String) {
    let start = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap() + ahead;
    let written = start
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    (start, written)
}

/// Stops the bot, optionally waits, and starts it again, returning once the new process has
/// identified on the gateway (the fake still remembers the old process's commands). Returns the
/// log mark where the new process's output begins.
async fn restart(app: &mut TestApp, down_until: Option<DateTime<Utc>>) -> usize {
    let identified = app.fake.identify_count();
    let status = app.terminate().await;
    assert!(status.success(), "{status:?}\n{}", app.logs());
    let mark = app.log_mark();
    if let Some(time) = down_until {
        sleep_until(time).await;
    }
    app.start_bot().await;
    let deadline = tokio::time::Instant::now() + STEP;
    while app.fake.identify_count() <= identified {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot did not come back\n{}",
            app.logs()
        );
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    mark
}

async fn sleep_until(time: DateTime<Utc>) {
    if let Ok(left) = (time - Utc::now()).to_std() {
        tokio::time::sleep(left).await;
    }
}

#[tokio::test]
async fn the_hour_before_reminder_survives_a_restart_and_is_posted_once() {
    let (mut app, _papers) = spawn_club_app().await;
    let (starts_at, written) =
        local_time(Duration::hours(1) + Duration::seconds(8), chrono_tz::UTC);
    let reply = start(
        &app,
        Start {
            guild: GUILD_A,
            user: MEMBER,
            paper: "10.5555/rounds.trial",
            when: Some(&written),
            ..Start::default()
        },
    )
    .await;
    assert!(
        reply
            .content
            .contains("reminders will be posted an hour before and at the start"),
        "{}",
        reply.content
    );
    let thread = only_thread(&app, TEXT_CHANNEL_A);
    let session = stored_club(&app, thread).await;
    assert_eq!(session.starts_at, Some(starts_at));

    // The bot is down when the reminder falls due, and comes back a little later.
    restart(
        &mut app,
        Some(starts_at - Duration::hours(1) + Duration::seconds(1)),
    )
    .await;
    let posted = app
        .fake
        .wait_channel_messages(thread, 2, STEP)
        .await
        .unwrap_or_else(|e| panic!("{e}\n--- bot logs ---\n{}", app.logs()));
    let reminder = &posted[1];
    let content = reminder["content"].as_str().unwrap();
    assert!(
        content.starts_with("⏰ Reminder: the journal club on **\\*\\*Early\\*\\* rhythm control"),
        "{content}"
    );
    assert!(
        content.contains(&format!("<t:{}:F>", starts_at.timestamp())),
        "{content}"
    );
    assert_pings_nobody(reminder);
    assert_eq!(
        reminder["enforce_nonce"], true,
        "Discord de-duplicates a retry"
    );
    assert!(reminder["nonce"].as_str().is_some_and(|n| n.len() <= 25));

    // Another restart: the reminder is in the ledger as sent, so it is not posted again.
    let restarted = restart(&mut app, None).await;
    // The new process has looked for due reminders once it says when the next one is due.
    app.wait_log_since(restarted, "journal club reminders checked", 1, STEP)
        .await;
    assert_eq!(app.fake.channel_messages(thread).len(), 2);
    let store = app.store().await;
    let states: Vec<(ReminderKind, ReminderState)> = store
        .reminder_states(session.session_id)
        .await
        .unwrap()
        .into_iter()
        .map(|(kind, _, state)| (kind, state))
        .collect();
    store.close().await;
    assert_eq!(
        states,
        [
            (ReminderKind::HourBefore, ReminderState::Sent),
            (ReminderKind::AtStart, ReminderState::Pending)
        ]
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn a_session_soon_is_read_in_the_guild_zone_and_gets_its_start_reminder_on_time() {
    let (app, _papers) = spawn_club_app().await;
    let setup = app
        .fake
        .slash(GUILD_A, "digest")
        .subcommand("setup")
        .channel("channel", TEXT_CHANNEL_A)
        .string("timezone", "Asia/Tokyo")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(setup.content.contains("Asia/Tokyo"), "{}", setup.content);
    let (starts_at, written) = local_time(Duration::seconds(6), chrono_tz::Asia::Tokyo);
    let reply = start(
        &app,
        Start {
            guild: GUILD_A,
            user: MEMBER,
            paper: "10.5555/rounds.trial",
            when: Some(&written),
            ..Start::default()
        },
    )
    .await;
    assert!(
        reply
            .content
            .contains(&format!("<t:{}:F>", starts_at.timestamp())),
        "{written} in Tokyo is {starts_at}: {}",
        reply.content
    );
    assert!(
        reply.content.contains("only the at-start reminder"),
        "{}",
        reply.content
    );
    let thread = only_thread(&app, TEXT_CHANNEL_A);
    let posted = app
        .fake
        .wait_channel_messages(thread, 2, StdDuration::from_secs(20))
        .await
        .unwrap_or_else(|e| panic!("{e}\n--- bot logs ---\n{}", app.logs()));
    assert!(Utc::now() >= starts_at, "not before its time");
    let content = posted[1]["content"].as_str().unwrap();
    assert!(
        content.starts_with("📣 The journal club on **"),
        "{content}"
    );
    assert!(content.contains("starts now"), "{content}");
    assert_pings_nobody(&posted[1]);
    // The round that posted it is over, and nothing is left to post.
    app.wait_log_after_last(
        "journal club reminder posted",
        "journal club reminders checked; none pending",
    )
    .await;
    assert_eq!(
        app.fake.channel_messages(thread).len(),
        2,
        "one reminder only"
    );
    app.fake.assert_no_schema_violations();
}
