//! R5: guild B's moderator runs every read command (and autocomplete) and a few writes aimed at
//! guild A's data; nothing of guild A (each item carries the marker `zqxalpha`, and A's posts name a
//! drug B's never do) appears in anything the bot sends, and nothing stored changes.

use super::*;
use chrono::{Duration, Timelike, Utc};
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::normalize;
use rounds::domain::papers::StudyType;
use rounds::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use rounds::domain::{ConfigDuration, DigestTime, GuildId, Hashtag, TimeZone};
use rounds::store::digest_channels::DigestSetup;
use rounds::store::journal_clubs::NewJournalClub;
use rounds::store::Store;

const A_FEED: &str = "https://zqxalpha.example/feed.rss";
const A_THREAD: u64 = 2_777_001;
/// A paper both guilds' posts cite; only guild A's feed names it.
const SHARED_DOI: &str = "10.5555/zqxshared.2024";
/// What must never reach guild B, lower-cased: A's tag, feed, posts, author, entity, question,
/// journal club and the title A's feed gives the shared paper.
const A_MARKERS: &[&str] = &["zqxalpha", "tirzepatide"];

fn post(i: usize, source: SourceKind, author: &str, text: &str, tags: &[&str]) -> RawPost {
    let uri = format!("https://med.example/{author}/{i}");
    RawPost {
        source,
        origin: if source == SourceKind::Feed {
            A_FEED.into()
        } else {
            "med.example".into()
        },
        remote_id: uri.clone(),
        uri: uri.clone(),
        url: Some(uri),
        author: RawAuthor {
            remote_id: format!("https://med.example/users/{author}"),
            handle: format!("@{author}@med.example"),
            bio: Some(format!("{author}, MD")),
            ..RawAuthor::default()
        },
        title: (source == SourceKind::Feed).then(|| "ZqxAlpha Feed Title on a trial".to_owned()),
        text: text.to_owned(),
        language: Some("en".into()),
        created_at: Utc::now() - Duration::hours(2 + i as i64),
        engagement: Engagement {
            likes: 10 + i as u64,
            ..Engagement::default()
        },
        hashtags: tags.iter().map(|t| (*t).to_owned()).collect(),
        links: vec![],
        reply_to: None,
        quote_of: None,
        repost_of: None,
        mentions: vec![],
    }
}

/// Guild A: a tag with posts, a feed with an item, a digest channel and a journal club. Guild B: a
/// tag with posts of its own that cite the same paper.
async fn seed(app: &TestApp) {
    let store = Store::open(&app.database_url).await.unwrap();
    let (a, b) = (
        GuildId::new(GUILD_A).unwrap(),
        GuildId::new(GUILD_B).unwrap(),
    );
    let long_ago = Utc::now() - Duration::days(40);
    let tag = |t: &str| Hashtag::parse(t).unwrap();
    store
        .track_hashtag(a, &tag("ZqxAlphaTag"), None, long_ago)
        .await
        .unwrap();
    store
        .track_hashtag(b, &tag("BetaTag"), None, long_ago)
        .await
        .unwrap();
    store.follow_feed(a, A_FEED, None, long_ago).await.unwrap();
    // Set up now, for twelve hours from now: never due (nor caught up) while the test runs.
    let later = Utc::now() + Duration::hours(12);
    let setup = DigestSetup {
        channel_id: TEXT_CHANNEL_A,
        time: DigestTime::parse(&format!("{:02}:{:02}", later.hour(), later.minute())).unwrap(),
        timezone: TimeZone::parse("UTC").unwrap(),
        window: ConfigDuration::parse("24h").unwrap(),
    };
    store.set_up_digest(a, &setup, Utc::now()).await.unwrap();
    let club = NewJournalClub {
        thread_id: A_THREAD,
        channel_id: TEXT_CHANNEL_A,
        paper_key: "doi:10.5555/zqxalpha.club".into(),
        title: "ZqxAlpha journal club paper".into(),
        study_type: StudyType::Trial,
        starts_at: Some(Utc::now() + Duration::days(3)),
        started_by: MODERATOR,
    };
    store
        .record_journal_club(a, &club, Utc::now())
        .await
        .unwrap();

    let tagger = Tagger::bundled();
    let cite = format!("https://doi.org/{SHARED_DOI}");
    let mut raws = Vec::new();
    for i in 0..4 {
        let text = format!(
            "zqxalphapost {i}: tirzepatide cut weight in heart failure {cite} #ZqxAlphaTag"
        );
        raws.push(post(
            i,
            SourceKind::Mastodon,
            "zqxalphaauthor",
            &text,
            &["ZqxAlphaTag"],
        ));
        let text = format!("Beta post {i}: apixaban dosing in CKD {cite} #BetaTag");
        raws.push(post(
            i,
            SourceKind::Mastodon,
            "betaauthor",
            &text,
            &["BetaTag"],
        ));
    }
    raws.push(post(
        9,
        SourceKind::Feed,
        "zqxalphajournal",
        &format!("A trial. {cite}"),
        &[],
    ));
    let posts: Vec<_> = raws
        .into_iter()
        .map(|r| normalize(r, tagger).unwrap())
        .collect();
    store
        .commit_posts("test:seed", None, &posts, Utc::now())
        .await
        .unwrap();
    store.close().await;
}

/// Everything the bot sent from request `from` on, bodies and attachments, lower-cased.
fn sent_since(app: &TestApp, from: usize) -> String {
    let mut text = String::new();
    for request in app.fake.requests().into_iter().skip(from) {
        text.push_str(&request.body.to_string());
        for content in &request.attachment_contents {
            text.push_str(&String::from_utf8_lossy(content));
        }
        text.push('\n');
    }
    text.to_lowercase()
}

#[tokio::test]
async fn guild_b_never_sees_guild_a_data() {
    let mut app = prepare_app().await;
    seed(&app).await;
    app.start_bot().await;
    // A member of guild A asks a question, through the bot.
    ask_and_post(
        &app,
        app.fake
            .slash(GUILD_A, "ask")
            .string("question", "Is zqxalphaquestion apixaban safe in CKD?")
            .string("topic", "#ZqxAlphaTopic")
            .user(MEMBER),
        MEMBER,
    )
    .await;
    let before = database_snapshot(&app).await;
    assert_eq!(before["questions"].len(), 1);
    let from = app.fake.requests().len();

    let b = |command: &str| {
        app.fake
            .slash(GUILD_B, command)
            .user(MODERATOR)
            .permissions(MANAGE_GUILD)
            .channel_id(TEXT_CHANNEL_B)
    };
    let complete = |command: &str| {
        app.fake
            .autocomplete(GUILD_B, command)
            .user(MODERATOR)
            .permissions(MANAGE_GUILD)
            .channel_id(TEXT_CHANNEL_B)
    };
    let mut answers = Vec::new();
    let (mark, mut commands) = (app.log_mark(), 0);
    for (what, builder) in [
        ("track list", b("track").subcommand("list")),
        ("feeds list", b("feeds").subcommand("list")),
        ("digest preview", b("digest").subcommand("preview")),
        ("digest list", b("digest").subcommand("list")),
        ("settings", b("settings")),
        ("sources status", b("sources").subcommand("status")),
        ("summary", b("summary").string("topic", "#BetaTag")),
        (
            "summary of a drug",
            b("summary").string("topic", "apixaban"),
        ),
        ("summary of nothing", b("summary").string("topic", "weight")),
        ("voices", b("voices")),
        ("trend", b("trend").string("topic", "#BetaTag")),
        ("questions stats", b("questions").subcommand("stats")),
        (
            "questions export",
            b("questions").subcommand("export").string("format", "csv"),
        ),
        ("journalclub list", b("journalclub").subcommand("list")),
        (
            "track add autocomplete",
            complete("track").subcommand("add").focused("hashtag", ""),
        ),
        (
            "track remove autocomplete",
            complete("track")
                .subcommand("remove")
                .focused("hashtag", ""),
        ),
        (
            "feeds remove autocomplete",
            complete("feeds").subcommand("remove").focused("url", ""),
        ),
        (
            "summary autocomplete",
            complete("summary").focused("topic", ""),
        ),
        (
            "voices autocomplete",
            complete("voices").focused("topic", ""),
        ),
        ("trend autocomplete", complete("trend").focused("topic", "")),
        (
            "digest hashtags autocomplete",
            complete("digest")
                .subcommand("setup")
                .focused("hashtags", ""),
        ),
    ] {
        commands += usize::from(!what.ends_with("autocomplete"));
        let invocation = builder.send().await;
        let reply = invocation.wait_response(STEP).await.unwrap_or_else(|e| {
            panic!("no reply to {what}: {e}\n--- bot logs ---\n{}", app.logs())
        });
        answers.push((what, reply, invocation));
    }
    // Deferred answers may come in several parts: each command is done once the bot says so.
    app.wait_log_since(mark, "command finished", commands, STEP)
        .await;

    // B's own data is there, so the commands did read something.
    let text_of = |what: &str| {
        let (_, reply, invocation) = answers.iter().find(|(w, ..)| *w == what).unwrap();
        format!("{} {:?}", reply.raw, invocation.all_messages()).to_lowercase()
    };
    assert!(
        text_of("track list").contains("betatag"),
        "{}",
        text_of("track list")
    );
    assert!(
        text_of("summary").contains("betaauthor"),
        "{}",
        text_of("summary")
    );
    assert!(
        text_of("digest preview").contains("betaauthor"),
        "{}",
        text_of("digest preview")
    );
    assert!(
        text_of("digest preview").contains("zqxshared"),
        "{}",
        text_of("digest preview")
    );

    let sent = sent_since(&app, from);
    for marker in A_MARKERS {
        if let Some(at) = sent.find(marker) {
            let start = sent[..at]
                .char_indices()
                .rev()
                .nth(300)
                .map_or(0, |(i, _)| i);
            let end = (at + 300).min(sent.len());
            panic!(
                "guild B was shown guild A's `{marker}`: …{}…",
                sent.get(start..end).unwrap_or(&sent[at..])
            );
        }
    }
    // Writes aimed at A's data (they echo what was typed, so they come after the scan) change
    // nothing and find nothing.
    for (what, builder, expected) in [
        (
            "track remove",
            b("track")
                .subcommand("remove")
                .string("hashtag", "ZqxAlphaTag"),
            "not tracked here",
        ),
        (
            "feeds remove",
            b("feeds").subcommand("remove").string("url", A_FEED),
            "not followed here",
        ),
        ("digest pause", b("digest").subcommand("pause"), ""),
        (
            "journalclub close",
            b("journalclub").subcommand("close").channel_id(A_THREAD),
            "journal club",
        ),
        (
            "questions forget-me",
            b("questions").subcommand("forget-me").user(MEMBER),
            "nothing to delete",
        ),
    ] {
        let reply = reply_to(&app, what, builder).await;
        assert!(
            reply.content.to_lowercase().contains(expected),
            "{what}: {}",
            reply.content
        );
    }
    let mut after = database_snapshot(&app).await;
    // `/questions forget-me` gives guild B its own key for hashing askers; nothing else may change.
    after
        .get_mut("guild_secrets")
        .unwrap()
        .retain(|row| !row.starts_with(&format!("{GUILD_B},")));
    assert_same_rows(&before, &after, "guild B's commands");
    let posted = channel_writes_since(&app, from);
    assert!(posted.is_empty(), "B's commands posted: {posted:?}");
    app.fake.assert_nothing_could_ping();
    app.fake.assert_no_schema_violations();
}
