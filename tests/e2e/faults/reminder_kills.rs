//! SIGKILL around journal club reminders: sessions whose reminders fall due one after another while
//! the bot is killed at random points (Discord slowed down so kills land mid-send) and restarted.
//! The ledger promises at most once, and a retry within the nonce window after a crash; with
//! restarts inside that window every reminder must appear exactly once.

use super::*;
use crate::app::*;
use chrono::Utc;
use rounds::domain::papers::session::ReminderKind;
use rounds::domain::papers::StudyType;
use rounds::domain::GuildId;
use rounds::store::journal_clubs::{NewJournalClub, ReminderState};
use rounds::store::Store;

const SESSIONS: u64 = 10;
const KILLS: usize = 4;
const FIRST_THREAD: u64 = 7100;

#[tokio::test]
async fn killed_at_random_points_around_reminders_each_reminder_is_posted_exactly_once() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    let now = Utc::now();
    let mut sessions = Vec::new();
    for i in 0..SESSIONS {
        let thread = FIRST_THREAD + i;
        app.fake
            .add_channel(GUILD_A, thread, &format!("jc-{i}"), 11);
        // Even sessions started a minute ago: their at-start reminder is due (and their
        // hour-before one too late). Odd ones start in half an hour: their hour-before reminder is
        // due. Planned as if scheduled two hours ago, so every reminder is due at each start-up.
        let (starts_at, kind) = if i % 2 == 0 {
            (now - chrono::Duration::minutes(1), ReminderKind::AtStart)
        } else {
            (
                now + chrono::Duration::minutes(30),
                ReminderKind::HourBefore,
            )
        };
        let session = store
            .record_journal_club(
                guild,
                &NewJournalClub {
                    thread_id: thread,
                    channel_id: TEXT_CHANNEL_A,
                    paper_key: format!("doi:10.5555/faults.{i}"),
                    title: format!("Early mobilisation trial {i}"),
                    study_type: StudyType::Trial,
                    starts_at: Some(starts_at),
                    started_by: MEMBER,
                },
                now - chrono::Duration::hours(2),
            )
            .await
            .unwrap();
        sessions.push((session, thread, kind));
    }
    store.close().await;
    // Every send takes a while, so kills land between the claim, the POST and the settle.
    app.fake
        .delay_next("POST", "/messages", Duration::from_millis(400), 10_000);

    let mut schedule = Schedule::from_env_or_clock("reminder kills");
    for _ in 0..KILLS {
        let before = app.fake.requests().len();
        app.launch_bot();
        // Kill only once this process is up (its first request to Discord), at a random point of
        // the sends that follow.
        eventually(&app, STEP, "the bot to call Discord", || async {
            (app.fake.requests().len() > before).then_some(())
        })
        .await;
        tokio::time::sleep(schedule.between(Duration::ZERO, Duration::from_millis(2500))).await;
        app.kill().await;
    }
    app.start_bot().await;

    let reminder_of = |states: &[(ReminderKind, chrono::DateTime<Utc>, ReminderState)],
                       kind: ReminderKind| {
        states
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, _, state)| *state)
    };
    // Every due reminder settles, within the nonce window of its first claim.
    let states = eventually(&app, STEP, "every due reminder to settle", || async {
        let store = app.store().await;
        let mut all = Vec::new();
        for (session, _, kind) in &sessions {
            let states = store.reminder_states(*session).await.unwrap();
            all.push((*kind, states));
        }
        store.close().await;
        let settled = all.iter().all(|(kind, states)| {
            !matches!(
                reminder_of(states, *kind),
                Some(ReminderState::Pending | ReminderState::Sending)
            )
        });
        settled.then_some(all)
    })
    .await;
    for ((session, thread, kind), (_, states)) in sessions.iter().zip(&states) {
        let posted = app.fake.channel_messages(*thread);
        assert_eq!(
            posted.len(),
            1,
            "session {session} ({kind}): {} reminders in its thread: {posted:?}\n{}",
            posted.len(),
            app.logs()
        );
        let content = posted[0]["content"].as_str().unwrap();
        let (expected, other, other_state) = match kind {
            ReminderKind::AtStart => (
                "starts now",
                ReminderKind::HourBefore,
                ReminderState::TooLate,
            ),
            ReminderKind::HourBefore => {
                ("⏰ Reminder", ReminderKind::AtStart, ReminderState::Pending)
            }
        };
        assert!(content.contains(expected), "{kind}: {content}");
        assert_eq!(
            reminder_of(states, *kind),
            Some(ReminderState::Sent),
            "session {session}: {states:?}"
        );
        assert_eq!(
            reminder_of(states, other),
            Some(other_state),
            "session {session}: {states:?}"
        );
    }
    let sends = app
        .fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.contains("/messages"))
        .count();
    eprintln!(
        "reminder kills: {KILLS} kills, {SESSIONS} reminders posted once each, {sends} POSTs for them"
    );
    if std::env::var("ROUNDS_FAULT_LOGS").is_ok() {
        eprintln!("{}", app.logs());
    }
    app.kill().await;
    assert_database_intact(&app).await;
    app.fake.assert_no_schema_violations();
}
