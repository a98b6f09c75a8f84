//! R5: every registered command is classified as moderators-only or open to everyone, and each
//! moderators-only one, invoked with valid options by a member without Manage Server (as a client
//! ignoring `default_member_permissions` could), is refused by the bot itself: an ephemeral refusal,
//! nothing stored, nothing posted.

use super::*;
use crate::fake_discord::SlashBuilder;

/// Commands that need Manage Server; the bot checks it on every use.
const MODERATORS_ONLY: &[&str] = &[
    "track add",
    "track remove",
    "track list",
    "digest setup",
    "digest edit",
    "digest list",
    "digest preview",
    "digest now",
    "digest pause",
    "digest resume",
    "settings",
    "feeds add",
    "feeds remove",
    "feeds list",
    "sources status",
    "questions stats",
    "questions export",
    "alerts setup",
    "alerts pause",
    "alerts resume",
    "alerts list",
];

/// Commands every member may use (`journalclub close` checks starter-or-moderator itself; see
/// journal_club/close.rs).
const EVERYONE: &[&str] = &[
    "ask",
    "questions forget-me",
    "journalclub start",
    "journalclub close",
    "journalclub list",
    "summary",
    "voices",
    "trend",
];

/// Everything but Manage Server (and Administrator, which implies it).
const ALL_BUT_MANAGE: u64 = (u64::MAX >> 20) & !MANAGE_GUILD & !(1 << 3);

const GUILD_TAG: &str = "ZqxPermTag";
const GUILD_FEED: &str = "https://journal.example/zqx-perm-feed.rss";

/// A moderators-only command with valid options that would change something if allowed.
fn invocation(app: &TestApp, path: &str) -> SlashBuilder {
    let slash = |command: &str| app.fake.slash(GUILD_A, command);
    let sub = |command: &str, sub: &str| slash(command).subcommand(sub);
    match path {
        "track add" => sub("track", "add").string("hashtag", "FOAMed"),
        "track remove" => sub("track", "remove").string("hashtag", GUILD_TAG),
        "track list" => sub("track", "list"),
        "digest setup" => sub("digest", "setup")
            .channel("channel", NEWS_CHANNEL_A)
            .string("time", "03:17")
            .string("timezone", "Asia/Tokyo"),
        "digest edit" => sub("digest", "edit")
            .channel("channel", TEXT_CHANNEL_A)
            .string("weekdays", "mon-fri"),
        "digest list" => sub("digest", "list"),
        "digest preview" => sub("digest", "preview"),
        "digest now" => sub("digest", "now").channel("channel", TEXT_CHANNEL_A),
        "digest pause" => sub("digest", "pause"),
        "digest resume" => sub("digest", "resume"),
        "settings" => slash("settings").channel("questions_channel", TEXT_CHANNEL_A),
        "feeds add" => sub("feeds", "add").string("url", "https://other.example/feed.xml"),
        "feeds remove" => sub("feeds", "remove").string("url", GUILD_FEED),
        "feeds list" => sub("feeds", "list"),
        "sources status" => sub("sources", "status"),
        "questions stats" => sub("questions", "stats").string("window", "30d"),
        "questions export" => sub("questions", "export").string("format", "csv"),
        "alerts setup" => sub("alerts", "setup").channel("channel", TEXT_CHANNEL_A),
        "alerts pause" => sub("alerts", "pause"),
        "alerts resume" => sub("alerts", "resume"),
        "alerts list" => sub("alerts", "list"),
        other => panic!("no valid invocation written for /{other}: add one to `invocation`"),
    }
}

#[tokio::test]
async fn every_moderator_command_is_refused_to_members_by_the_bot_itself() {
    let app = spawn_app().await;
    let registered = registered_command_paths(&app);
    let unclassified: Vec<&String> = registered
        .iter()
        .filter(|p| !MODERATORS_ONLY.contains(&p.as_str()) && !EVERYONE.contains(&p.as_str()))
        .collect();
    assert!(
        unclassified.is_empty(),
        "commands neither moderators-only nor open to everyone: {unclassified:?}; classify them \
         in tests/e2e/security/permissions.rs"
    );
    for listed in MODERATORS_ONLY.iter().chain(EVERYONE) {
        assert!(
            registered.iter().any(|p| p == listed),
            "/{listed} is classified but not registered"
        );
    }

    // Something for each command to change or reveal: a tag, a feed, a paused digest, a question.
    let moderator = |builder: SlashBuilder| builder.user(MODERATOR).permissions(MANAGE_GUILD);
    for (what, builder) in [
        (
            "track add",
            invocation_with(&app, "track", "add", "hashtag", GUILD_TAG),
        ),
        (
            "feeds add",
            invocation_with(&app, "feeds", "add", "url", GUILD_FEED),
        ),
        (
            "digest setup",
            app.fake
                .slash(GUILD_A, "digest")
                .subcommand("setup")
                .channel("channel", TEXT_CHANNEL_A)
                .string("time", "08:00"),
        ),
        (
            "digest pause",
            app.fake.slash(GUILD_A, "digest").subcommand("pause"),
        ),
    ] {
        let reply = reply_to(&app, what, moderator(builder)).await;
        assert!(
            !reply.content.contains("Manage Server"),
            "{what}: {}",
            reply.content
        );
    }
    ask_and_post(
        &app,
        app.fake
            .slash(GUILD_A, "ask")
            .string("question", "Is zqxquestion apixaban safe in CKD?")
            .user(MEMBER),
        MEMBER,
    )
    .await;

    let before = database_snapshot(&app).await;
    for (table, rows) in [
        ("tracked_hashtags", 1),
        ("feeds", 1),
        ("digest_channels", 1),
        ("questions", 1),
    ] {
        assert_eq!(before[table].len(), rows, "{table}: {:?}", before[table]);
    }
    let requests_before = app.fake.requests().len();
    for path in MODERATORS_ONLY {
        let builder = invocation(&app, path)
            .user(MEMBER)
            .permissions(ALL_BUT_MANAGE);
        let refused = reply_to(&app, path, builder).await;
        assert!(refused.ephemeral, "/{path}: the refusal must be ephemeral");
        assert!(
            refused.content.contains("Manage Server"),
            "/{path} was not refused: {}",
            refused.content
        );
        for private in [GUILD_TAG, GUILD_FEED, "zqxquestion"] {
            assert!(
                !refused.raw.to_string().contains(private),
                "/{path}'s refusal shows the guild's data: {}",
                refused.raw
            );
        }
    }
    // Autocomplete is not a way round the check: no guild data in the choices.
    for (command, sub, option) in [
        ("track", "add", "hashtag"),
        ("track", "remove", "hashtag"),
        ("feeds", "remove", "url"),
    ] {
        let builder = app
            .fake
            .autocomplete(GUILD_A, command)
            .subcommand(sub)
            .focused(option, "")
            .user(MEMBER)
            .permissions(ALL_BUT_MANAGE);
        let suggestions = reply_to(&app, command, builder).await;
        assert_eq!(suggestions.kind, 8);
        let shown = serde_json::Value::from(suggestions.choices).to_string();
        assert!(
            !shown.contains("ZqxPerm") && !shown.contains("zqx-perm"),
            "/{command} {sub} autocomplete offers the guild's data to a member: {shown}"
        );
    }

    assert_same_rows(&before, &database_snapshot(&app).await, "a refused command");
    let posted = channel_writes_since(&app, requests_before);
    assert!(posted.is_empty(), "refused commands posted: {posted:?}");
    let checked = app.fake.assert_nothing_could_ping();
    assert!(
        checked > MODERATORS_ONLY.len(),
        "only {checked} bodies checked"
    );
    app.fake.assert_no_schema_violations();
}

fn invocation_with(
    app: &TestApp,
    command: &str,
    sub: &str,
    option: &str,
    value: &str,
) -> SlashBuilder {
    app.fake
        .slash(GUILD_A, command)
        .subcommand(sub)
        .string(option, value)
}
