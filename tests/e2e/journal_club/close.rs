//! `/journalclub close` and `/journalclub list`.

use super::*;

/// Discord's Manage Threads permission bit.
const MANAGE_THREADS: u64 = 1 << 34;

async fn open_in_text_channel(app: &TestApp, paper: &str, when: Option<&str>) -> u64 {
    let before: Vec<u64> = app
        .fake
        .threads_of(TEXT_CHANNEL_A)
        .iter()
        .map(|(id, _)| *id)
        .collect();
    let reply = start(
        app,
        Start {
            guild: GUILD_A,
            user: MEMBER,
            used_in: Some(TEXT_CHANNEL_A),
            paper,
            when,
            ..Start::default()
        },
    )
    .await;
    assert!(
        reply.content.contains("Journal club opened"),
        "{}\n{}",
        reply.content,
        app.logs()
    );
    app.fake
        .threads_of(TEXT_CHANNEL_A)
        .into_iter()
        .map(|(id, _)| id)
        .find(|id| !before.contains(id))
        .expect("a new thread")
}

#[tokio::test]
async fn closing_posts_a_recap_and_only_the_starter_or_a_moderator_may_close() {
    let (app, _papers) = spawn_club_app().await;
    let thread = open_in_text_channel(&app, "10.5555/rounds.trial", None).await;
    let (ana, ben, carl) = (601, 602, 603);
    app.fake.add_member_message(
        thread,
        ana,
        "Was allocation concealed? The methods are vague.",
    );
    app.fake.add_member_message(
        thread,
        ben,
        "Protocol is at https://clinicaltrials.gov/study/NCT00000001.",
    );
    app.fake.add_member_message(
        thread,
        ana,
        "@everyone do we trust **this** subgroup result?",
    );
    app.fake.add_member_message(
        thread,
        ben,
        "See https://example.org/search?q=x for the registry search",
    );

    let stranger = close(&app, thread, carl, 0).await;
    assert!(stranger.ephemeral);
    assert!(
        stranger.content.contains(&format!("Only <@{MEMBER}>")),
        "{}",
        stranger.content
    );
    let elsewhere = close(&app, TEXT_CHANNEL_A, MEMBER, 0).await;
    assert!(
        elsewhere.content.contains("not a journal club thread"),
        "{}",
        elsewhere.content
    );
    assert_eq!(
        app.fake.channel_messages(thread).len(),
        1,
        "refusals post nothing"
    );
    assert_eq!(stored_club(&app, thread).await.closed_at, None);

    let closed = close(&app, thread, MEMBER, 0).await;
    assert!(closed.ephemeral);
    assert!(
        closed
            .content
            .contains("2 taking part, 4 messages, 2 questions, 2 links"),
        "{}\n{}",
        closed.content,
        app.logs()
    );
    let posted = app.fake.channel_messages(thread);
    assert_eq!(posted.len(), 2);
    let recap = &posted[1];
    assert_pings_nobody(recap);
    let embed = &recap["embeds"][0];
    assert_eq!(embed["title"], "Journal club recap");
    let recap_fields = fields(embed);
    let field = |prefix: &str| {
        recap_fields
            .iter()
            .find(|(name, _)| name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} field in {recap_fields:?}"))
            .clone()
    };
    assert_eq!(
        field("Participants"),
        ("Participants (2)".to_owned(), format!("<@{ana}>, <@{ben}>"))
    );
    assert_eq!(field("Messages").1, "4");
    assert!(
        field("Duration").1.ends_with("min"),
        "{:?}",
        field("Duration")
    );
    let (questions_name, questions) = field("Questions raised");
    assert_eq!(questions_name, "Questions raised (2)");
    assert!(
        questions.contains("• Was allocation concealed? The methods are vague."),
        "{questions}"
    );
    assert!(
        questions.contains("\\@everyone do we trust \\*\\*this\\*\\* subgroup result?"),
        "{questions}"
    );
    let (links_name, links) = field("Links shared");
    assert_eq!(links_name, "Links shared (2)");
    assert!(
        links.contains("https\\://clinicaltrials.gov/study/NCT00000001\n"),
        "{links}"
    );
    assert!(
        links.contains("https\\://example.org/search?q=x"),
        "{links}"
    );
    assert!(
        app.fake.requests().iter().any(|r| r.method == "GET"
            && r.path.ends_with(&format!("/channels/{thread}/messages"))
            && r.query.contains(&("limit".to_owned(), "100".to_owned()))),
        "the recap read the thread"
    );

    let stored = stored_club(&app, thread).await;
    assert!(stored.closed_at.is_some());
    assert_eq!(stored.participant_count, Some(2));
    assert_eq!(stored.message_count, Some(4));
    let again = close(&app, thread, MEMBER, 0).await;
    assert!(
        again.content.contains("already closed"),
        "{}",
        again.content
    );
    assert_eq!(app.fake.channel_messages(thread).len(), 2, "one recap only");

    // A member with Manage Threads may close a session someone else started.
    let other = open_in_text_channel(&app, "10.5555/rounds.trial", None).await;
    let by_moderator = close(&app, other, MODERATOR, MANAGE_THREADS).await;
    assert!(
        by_moderator
            .content
            .contains("posted its recap: 0 taking part"),
        "{}",
        by_moderator.content
    );
    let quiet = &app.fake.channel_messages(other)[1]["embeds"][0];
    assert!(fields(quiet).contains(&(
        "Participants (0)".to_owned(),
        "nobody wrote in the thread".to_owned()
    )));
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn the_list_shows_this_guilds_upcoming_and_recent_sessions_only() {
    let (app, _papers) = spawn_club_app().await;
    let empty = list(&app, GUILD_A).await;
    assert!(empty.ephemeral);
    assert!(
        empty.content.contains("No journal clubs"),
        "{}",
        empty.content
    );

    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let upcoming = open_in_text_channel(&app, "10.5555/rounds.trial", Some(&tomorrow)).await;
    let finished = open_in_text_channel(&app, "PMID 4242", None).await;
    close(&app, finished, MEMBER, 0).await;
    let in_b = start(
        &app,
        Start {
            guild: GUILD_B,
            user: MEMBER,
            used_in: Some(TEXT_CHANNEL_B),
            paper: "PMID 5151",
            ..Start::default()
        },
    )
    .await;
    let other_guild_thread = only_thread(&app, TEXT_CHANNEL_B);
    assert!(in_b.content.contains(&format!("<#{other_guild_thread}>")));

    let listed = list(&app, GUILD_A).await.content;
    let open_at = listed.find("**Upcoming and open**").expect(&listed);
    let closed_at = listed
        .find("**Closed in the last 30 days**")
        .expect(&listed);
    assert!(open_at < closed_at, "{listed}");
    let upcoming_line = listed
        .lines()
        .find(|l| l.contains(&format!("<#{upcoming}>")))
        .expect(&listed);
    assert!(upcoming_line.contains("meets <t:"), "{upcoming_line}");
    assert!(
        upcoming_line.contains("\\*\\*Early\\*\\* rhythm control"),
        "{upcoming_line}"
    );
    let finished_line = listed
        .lines()
        .find(|l| l.contains(&format!("<#{finished}>")))
        .expect(&listed);
    assert!(finished_line.contains("closed <t:"), "{finished_line}");
    assert!(
        finished_line.contains("0 taking part, 0 messages"),
        "{finished_line}"
    );
    assert!(listed.find(&format!("<#{finished}>")).unwrap() > closed_at);
    assert!(
        !listed.contains(&other_guild_thread.to_string()),
        "{listed}"
    );

    let listed_b = list(&app, GUILD_B).await.content;
    assert!(
        listed_b.contains(&format!("<#{other_guild_thread}>")),
        "{listed_b}"
    );
    assert!(!listed_b.contains(&upcoming.to_string()), "{listed_b}");
    app.fake.assert_no_schema_violations();
}
