use super::*;
use crate::domain::papers::session::ReminderKind;
use crate::store::test_store;
use chrono::Duration;

fn guild(id: u64) -> GuildId {
    GuildId::new(id).unwrap()
}

fn club(thread_id: u64, starts_at: Option<DateTime<Utc>>) -> NewJournalClub {
    NewJournalClub {
        thread_id,
        channel_id: 77,
        paper_key: "doi:10.5555/x".to_owned(),
        title: "A trial".to_owned(),
        study_type: StudyType::Trial,
        starts_at,
        started_by: 9,
    }
}

#[tokio::test]
async fn a_session_is_recorded_with_its_reminders_and_found_only_in_its_guild() {
    let store = test_store().await;
    let now = Utc::now();
    let start = now + Duration::hours(3);
    let id = store
        .record_journal_club(guild(1), &club(500, Some(start)), now)
        .await
        .unwrap();
    let found = store
        .journal_club_in_thread(guild(1), 500)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.session_id, id);
    assert_eq!(found.title, "A trial");
    assert_eq!(found.study_type, StudyType::Trial);
    assert_eq!(found.closed_at, None);
    assert!(store
        .journal_club_in_thread(guild(2), 500)
        .await
        .unwrap()
        .is_none());
    let reminders = store.reminder_states(id).await.unwrap();
    let kinds: Vec<ReminderKind> = reminders.iter().map(|(k, _, _)| *k).collect();
    assert_eq!(kinds, [ReminderKind::HourBefore, ReminderKind::AtStart]);
    assert!(reminders
        .iter()
        .all(|(_, _, s)| *s == ReminderState::Pending));
    assert!(matches!(
        store
            .record_journal_club(guild(1), &club(500, None), now)
            .await,
        Err(RecordJournalClubError::ThreadTaken)
    ));
    assert_eq!(store.open_journal_club_count(guild(1)).await.unwrap(), 1);
    assert_eq!(store.open_journal_club_count(guild(2)).await.unwrap(), 0);
}

#[tokio::test]
async fn due_reminders_are_claimed_once_and_settled() {
    let store = test_store().await;
    // Whole seconds, as start times are written; the store keeps milliseconds.
    let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
    let start = now + Duration::minutes(90);
    let id = store
        .record_journal_club(guild(1), &club(500, Some(start)), now)
        .await
        .unwrap();
    assert_eq!(
        store.next_reminder_due().await.unwrap(),
        Some(start - Duration::hours(1))
    );
    assert!(store.claim_due_reminders(now, 10).await.unwrap().is_empty());
    let later = now + Duration::minutes(31);
    let claimed = store.claim_due_reminders(later, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].kind, ReminderKind::HourBefore);
    assert_eq!(claimed[0].thread_id, 500);
    assert!(claimed[0].nonce().len() <= 25);
    assert!(
        store
            .claim_due_reminders(later, 10)
            .await
            .unwrap()
            .is_empty(),
        "a claimed reminder is not handed out again"
    );
    store
        .mark_reminder_sent(claimed[0].reminder_id, 1234, later)
        .await
        .unwrap();
    let states = store.reminder_states(id).await.unwrap();
    assert_eq!(states[0].2, ReminderState::Sent);
    assert_eq!(states[1].2, ReminderState::Pending);
    assert_eq!(store.next_reminder_due().await.unwrap(), Some(start));
}

#[tokio::test]
async fn a_crash_mid_send_is_retried_only_while_the_nonce_protects_it() {
    let store = test_store().await;
    let now = Utc::now();
    let start = now + Duration::minutes(61);
    let id = store
        .record_journal_club(guild(1), &club(500, Some(start)), now)
        .await
        .unwrap();
    let due = now + Duration::minutes(1);
    let first = store.claim_due_reminders(due, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    // The process dies here, before settling. A restart within the nonce window retries it with the
    // same nonce, which Discord de-duplicates.
    let soon = due + Duration::seconds(30);
    let recovered = store.recover_interrupted_reminders(soon).await.unwrap();
    assert_eq!(
        recovered,
        RecoveredReminders {
            retried: 1,
            abandoned: 0
        }
    );
    let again = store.claim_due_reminders(soon, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].nonce(), first[0].nonce());
    // It dies again, and this time stays down past the window: the outcome is unknown, so the
    // reminder is abandoned rather than risk a second post.
    let late = soon + NONCE_WINDOW + Duration::seconds(1);
    let recovered = store.recover_interrupted_reminders(late).await.unwrap();
    assert_eq!(
        recovered,
        RecoveredReminders {
            retried: 0,
            abandoned: 1
        }
    );
    assert!(store
        .claim_due_reminders(late, 10)
        .await
        .unwrap()
        .is_empty());
    let states = store.reminder_states(id).await.unwrap();
    assert_eq!(states[0].2, ReminderState::Abandoned);
}

#[tokio::test]
async fn late_reminders_are_dropped_and_closed_sessions_get_none() {
    let store = test_store().await;
    let now = Utc::now();
    let start = now + Duration::hours(2);
    let late_id = store
        .record_journal_club(guild(1), &club(500, Some(start)), now)
        .await
        .unwrap();
    let closed_id = store
        .record_journal_club(guild(1), &club(501, Some(start)), now)
        .await
        .unwrap();
    assert_eq!(
        store
            .close_journal_club(guild(1), closed_id, 9, 3, 12, now)
            .await
            .unwrap(),
        CloseOutcome::Closed
    );
    assert_eq!(
        store
            .close_journal_club(guild(1), closed_id, 9, 3, 12, now)
            .await
            .unwrap(),
        CloseOutcome::AlreadyClosed
    );
    // The bot was down from before the hour-before reminder until 10 minutes into the session.
    let back = start + Duration::minutes(10);
    let claimed = store.claim_due_reminders(back, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].kind, ReminderKind::AtStart);
    assert_eq!(claimed[0].thread_id, 500);
    let states = |id| {
        let store = store.clone();
        async move {
            store
                .reminder_states(id)
                .await
                .unwrap()
                .into_iter()
                .map(|(_, _, s)| s)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        states(late_id).await,
        [ReminderState::TooLate, ReminderState::Sending]
    );
    assert_eq!(
        states(closed_id).await,
        [ReminderState::Cancelled, ReminderState::Cancelled]
    );
}

#[tokio::test]
async fn the_list_shows_open_sessions_then_recently_closed_ones_of_one_guild() {
    let store = test_store().await;
    let now = Utc::now();
    let later = store
        .record_journal_club(guild(1), &club(1, Some(now + Duration::days(2))), now)
        .await
        .unwrap();
    let sooner = store
        .record_journal_club(guild(1), &club(2, Some(now + Duration::days(1))), now)
        .await
        .unwrap();
    let untimed = store
        .record_journal_club(guild(1), &club(3, None), now)
        .await
        .unwrap();
    let closed = store
        .record_journal_club(guild(1), &club(4, None), now)
        .await
        .unwrap();
    let long_ago = store
        .record_journal_club(guild(1), &club(5, None), now)
        .await
        .unwrap();
    store
        .record_journal_club(guild(2), &club(6, None), now)
        .await
        .unwrap();
    store
        .close_journal_club(guild(1), closed, 9, 2, 5, now)
        .await
        .unwrap();
    store
        .close_journal_club(guild(1), long_ago, 9, 2, 5, now - Duration::days(60))
        .await
        .unwrap();
    let listed: Vec<i64> = store
        .journal_clubs_to_list(guild(1), now - Duration::days(30), 20)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.session_id)
        .collect();
    assert_eq!(listed, [sooner, later, untimed, closed]);
    store.reopen_journal_club(guild(1), closed).await.unwrap();
    let reopened = store
        .journal_club_in_thread(guild(1), 4)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reopened.closed_at, None);
    assert_eq!(reopened.message_count, None);
}
