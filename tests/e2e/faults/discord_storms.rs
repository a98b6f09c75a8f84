//! Discord answering with storms of 429s (per route and global, with `retry_after`) and 5xxs on
//! the message and interaction routes. The bot runs with serenity's rate limiter off against the
//! fake, so each 429 reaches the bot's own code: it must not crash, must not post anything twice,
//! must deliver the digests and the reminder once the storm passes, and must answer commands after.

use super::*;
use crate::app::*;
use crate::digests::{footers, seed_guild, set_up_digest_due_now};
use crate::fake_discord::Invocation;
use chrono::Utc;
use rounds::domain::papers::StudyType;
use rounds::domain::GuildId;
use rounds::store::journal_clubs::NewJournalClub;
use rounds::store::Store;

const DIGEST_CHANNELS: u64 = 4;
const THREAD: u64 = 7300;

/// `/track list`, sent by the moderator.
async fn track_list(app: &TestApp) -> Invocation {
    app.fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
}

#[tokio::test]
async fn a_storm_of_429s_and_5xxs_from_discord_loses_nothing_and_doubles_nothing() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    seed_guild(&store, GUILD_A, 6).await;
    for i in 0..DIGEST_CHANNELS {
        let channel = 9100 + i;
        app.fake
            .add_channel(GUILD_A, channel, &format!("digest-{i}"), 0);
        set_up_digest_due_now(
            &store,
            GUILD_A,
            channel,
            "UTC",
            chrono::Duration::minutes(1),
        )
        .await;
    }
    app.fake.add_channel(GUILD_A, THREAD, "jc-storm", 11);
    let now = Utc::now();
    store
        .record_journal_club(
            GuildId::new(GUILD_A).unwrap(),
            &NewJournalClub {
                thread_id: THREAD,
                channel_id: TEXT_CHANNEL_A,
                paper_key: "doi:10.5555/storm".into(),
                title: "Storm-proof trial".into(),
                study_type: StudyType::Trial,
                starts_at: Some(now - chrono::Duration::seconds(30)),
                started_by: MEMBER,
            },
            now - chrono::Duration::hours(2),
        )
        .await
        .unwrap();
    store.close().await;

    // The storm: every digest post of the first round, the reminder's first attempts and the
    // first replies to commands fail, with per-route 429s, global 429s and server errors.
    let digests = "/channels/91";
    app.fake.fail_next("POST", digests, 429, 2);
    app.fake.rate_limit_globally_next("POST", digests, 1);
    app.fake.fail_next("POST", digests, 503, 1);
    let thread = format!("/channels/{THREAD}/messages");
    app.fake.fail_next("POST", &thread, 429, 1);
    app.fake.rate_limit_globally_next("POST", &thread, 1);
    app.fake.fail_next("POST", &thread, 502, 1);
    app.fake.fail_next("POST", "/callback", 429, 2);
    app.fake.rate_limit_globally_next("POST", "/callback", 1);
    app.fake.fail_next("POST", "/callback", 500, 2);

    app.start_bot().await;
    // Commands sent into the storm get no answer (Discord would say the app did not respond): the
    // bot's line for each lost reply is the sign it is done with the command…
    for lost in 1..=5 {
        let invocation = track_list(&app).await;
        app.wait_log_since(0, "failed to reply", lost, STEP).await;
        assert!(
            invocation.all_messages().is_empty(),
            "a failed reply was recorded"
        );
    }
    // …and the next one is answered.
    let reply = track_list(&app)
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no answer after the storm: {e}\n{}", app.logs()));
    assert!(reply.content.contains("#MedEd"), "{}", reply.content);

    // The reminder is retried past its 429s and 5xx, and posted once.
    let posted = app
        .fake
        .wait_channel_messages(THREAD, 1, STEP)
        .await
        .unwrap_or_else(|e| panic!("the reminder was lost in the storm: {e}\n{}", app.logs()));
    assert!(posted[0]["content"]
        .as_str()
        .unwrap()
        .contains("starts now"));

    // Each digest arrives in a later round, once.
    for i in 0..DIGEST_CHANNELS {
        let channel = 9100 + i;
        app.fake
            .wait_channel_messages(channel, 1, Duration::from_secs(45))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "channel {channel} never got its digest: {e}\n{}",
                    app.logs()
                )
            });
    }
    // Counted once the rounds that posted them are over: every digest posted, then the scheduler
    // round after the last of them and the reminder check after the reminder.
    app.wait_log_since(0, "digest posted", DIGEST_CHANNELS as usize, STEP)
        .await;
    app.wait_log_after_last("digest posted", "digest scheduler round finished")
        .await;
    app.wait_log_after_last(
        "journal club reminder posted",
        "journal club reminders checked",
    )
    .await;
    let store = app.store().await;
    for i in 0..DIGEST_CHANNELS {
        let channel = 9100 + i;
        let runs = store.digest_runs(channel).await.unwrap();
        assert_eq!(runs.len(), 1, "channel {channel}: {runs:?}");
        assert_eq!(runs[0].parts_posted, runs[0].parts_total);
        assert_eq!(
            app.fake.channel_messages(channel).len(),
            runs[0].parts_total,
            "channel {channel}: a part posted twice"
        );
        let marker = format!("Rounds digest {} · part 1 of", runs[0].run_id);
        assert_eq!(
            footers(&app, channel)
                .iter()
                .filter(|f| f.contains(&marker))
                .count(),
            1
        );
    }
    store.close().await;
    assert_eq!(app.fake.channel_messages(THREAD).len(), 1);
    let limited = app
        .fake
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert_eq!(limited, 8, "every injected 429 was sent");
    let logs = app.logs();
    assert!(logs.contains("retrying next round"), "{logs}");
    assert!(
        logs.contains("Discord did not take a journal club reminder"),
        "{logs}"
    );
    assert!(!logs.contains("panicked"), "{logs}");
    app.fake.assert_no_schema_violations();
}
