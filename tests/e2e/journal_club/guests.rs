//! `/journalclub start` against members and channels that should not get a club: a channel the
//! member cannot post or open threads in, a channel where the bot lacks what a thread needs, and a
//! member who already has as many clubs open as `throttle.open_journal_clubs_per_member` allows.
//! Each refusal is ephemeral, says why, and creates nothing (no thread, no lookup).

use super::*;

const VIEW: u64 = 1 << 10;
const SEND: u64 = 1 << 11;
const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
const SEND_IN_THREADS: u64 = 1 << 38;

async fn spawn_throttled_club_app() -> (TestApp, FakePapers) {
    let papers = FakePapers::start().await;
    let mut app = prepare_app().await;
    for (name, value) in papers.env() {
        app.set_env(&name, &value);
    }
    app.set_env("ROUNDS__THROTTLE__ENABLED", "true");
    app.set_env("ROUNDS__THROTTLE__OPEN_JOURNAL_CLUBS_PER_MEMBER", "1");
    app.start_bot().await;
    (app, papers)
}

async fn start_with(
    app: &TestApp,
    paper: &str,
    channel: Option<(u64, u64)>,
    app_permissions: Option<u64>,
) -> InteractionReply {
    let mut builder = app
        .fake
        .slash(GUILD_A, "journalclub")
        .subcommand("start")
        .string("paper", paper)
        .user(MEMBER)
        .channel_id(TEXT_CHANNEL_A);
    if let Some((channel, member_permissions)) = channel {
        builder = builder.channel_with_permissions("channel", channel, member_permissions);
    }
    if let Some(bits) = app_permissions {
        builder = builder.app_permissions(bits);
    }
    builder
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply: {e}\n{}", app.logs()))
}

#[tokio::test]
async fn clubs_are_refused_where_the_member_or_the_bot_cannot_post_and_beyond_the_members_cap() {
    let (app, papers) = spawn_throttled_club_app().await;
    let paper = "10.5555/rounds.trial";

    // A forum the member can see but not post in.
    let reply = start_with(&app, paper, Some((FORUM_CHANNEL_A, VIEW)), None).await;
    assert!(reply.ephemeral);
    assert!(
        reply.content.contains(&format!(
            "You can't start a journal club in <#{FORUM_CHANNEL_A}>: you need Send Messages there yourself"
        )),
        "{}",
        reply.content
    );
    // A text channel where the member may post but not open threads.
    let reply = start_with(&app, paper, Some((TEXT_CHANNEL_A, VIEW | SEND)), None).await;
    assert!(
        reply
            .content
            .contains("you need Create Public Threads, Send Messages in Threads there yourself"),
        "{}",
        reply.content
    );
    // This channel, where Discord says the bot cannot open threads.
    let bot_without_threads = VIEW | SEND | SEND_IN_THREADS;
    let reply = start_with(&app, paper, None, Some(bot_without_threads)).await;
    assert!(
        reply.content.contains(&format!(
            "I can't open a thread in <#{TEXT_CHANNEL_A}>: I need Create Public Threads there"
        )),
        "{}",
        reply.content
    );
    assert!(app.fake.threads_of(TEXT_CHANNEL_A).is_empty());
    assert!(app.fake.threads_of(FORUM_CHANNEL_A).is_empty());
    assert!(papers.requests().is_empty(), "nothing looked up");

    // Where the member may: the club opens; a second one is over this member's cap of 1.
    let everything = VIEW | SEND | CREATE_PUBLIC_THREADS | SEND_IN_THREADS;
    let reply = start_with(&app, paper, Some((TEXT_CHANNEL_A, everything)), None).await;
    assert!(
        reply.content.contains("Journal club opened"),
        "{}",
        reply.content
    );
    let reply = start_with(&app, "10.5555/rounds.cohort", None, None).await;
    assert!(reply.ephemeral);
    assert!(
        reply
            .content
            .contains("You already have 1 open journal club"),
        "{}",
        reply.content
    );
    assert_eq!(app.fake.threads_of(TEXT_CHANNEL_A).len(), 1);
    assert_eq!(papers.requests_to("crossref").len(), 1);
    app.fake.assert_nothing_could_ping();
}
