//! `/journalclub` end to end: the real bot against the fake Discord and fake Crossref and
//! E-utilities servers (fixtures under `tests/fixtures/papers/`).

mod close;
mod guests;
mod reminders;
mod start;

use crate::app::*;
use crate::fake_discord::InteractionReply;
use crate::fake_papers::FakePapers;
use rounds::domain::GuildId;
use rounds::store::journal_clubs::JournalClub;
use serde_json::Value;

/// The bot, pointed at fresh fake metadata services.
async fn spawn_club_app() -> (TestApp, FakePapers) {
    let papers = FakePapers::start().await;
    let mut app = prepare_app().await;
    for (name, value) in papers.env() {
        app.set_env(&name, &value);
    }
    app.start_bot().await;
    (app, papers)
}

/// Options of one `/journalclub start`.
#[derive(Default)]
struct Start<'a> {
    guild: u64,
    user: u64,
    /// Where the command is used (default: the guild's first text channel).
    used_in: Option<u64>,
    paper: &'a str,
    when: Option<&'a str>,
    channel: Option<u64>,
}

async fn start(app: &TestApp, options: Start<'_>) -> InteractionReply {
    let mut builder = app
        .fake
        .slash(options.guild, "journalclub")
        .subcommand("start")
        .string("paper", options.paper)
        .user(options.user);
    if let Some(when) = options.when {
        builder = builder.string("when", when);
    }
    if let Some(channel) = options.channel {
        builder = builder.channel("channel", channel);
    }
    if let Some(used_in) = options.used_in {
        builder = builder.channel_id(used_in);
    }
    builder
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no reply to /journalclub start: {e}\n--- bot logs ---\n{}",
                app.logs()
            )
        })
}

/// `/journalclub close` used in `channel` by `user` with permission bits `perms`.
async fn close(app: &TestApp, channel: u64, user: u64, perms: u64) -> InteractionReply {
    app.fake
        .slash(GUILD_A, "journalclub")
        .subcommand("close")
        .channel_id(channel)
        .user(user)
        .permissions(perms)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no reply to /journalclub close: {e}\n--- bot logs ---\n{}",
                app.logs()
            )
        })
}

async fn list(app: &TestApp, guild: u64) -> InteractionReply {
    app.fake
        .slash(guild, "journalclub")
        .subcommand("list")
        .user(MEMBER)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /journalclub list: {e}\n{}", app.logs()))
}

/// The only thread the bot opened under `parent`.
fn only_thread(app: &TestApp, parent: u64) -> u64 {
    let threads = app.fake.threads_of(parent);
    assert_eq!(threads.len(), 1, "threads under {parent}: {threads:?}");
    threads[0].0
}

/// The stored session of a thread in guild A.
async fn stored_club(app: &TestApp, thread: u64) -> JournalClub {
    let store = app.store().await;
    let club = store
        .journal_club_in_thread(GuildId::new(GUILD_A).unwrap(), thread)
        .await
        .unwrap()
        .expect("the session was stored");
    store.close().await;
    club
}

/// The fields of an embed as (name, value) pairs.
fn fields(embed: &Value) -> Vec<(String, String)> {
    embed["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["name"].as_str().unwrap_or_default().to_owned(),
                f["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Asserts a body cannot ping anyone.
fn assert_pings_nobody(body: &Value) {
    let mentions = &body["allowed_mentions"];
    assert_eq!(mentions["parse"], serde_json::json!([]), "{body}");
    for listed in ["users", "roles"] {
        assert!(
            mentions[listed].as_array().is_none_or(Vec::is_empty),
            "{body}"
        );
    }
}
