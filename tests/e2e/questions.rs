//! The question log end to end: members ask, identifiers never reach the database or the logs,
//! moderators see stats and export, members can make the log forget them, guilds stay apart.

mod confirm;
mod flow;

use crate::app::*;
use crate::fake_discord::InteractionReply;
use flow::{ask, ask_preview, button, outcome, press};
use rounds::domain::GuildId;

const IDENTIFYING_QUESTION: &str =
    "Dr. Harrington asked about Mrs Eleanor Whitfield (DOB 03/14/1951, \
     MRN 48213377, phone 617-555-0199): is apixaban 5 mg BID still right with eGFR 28? #Cardiology";
const SECRETS: [&str; 6] = [
    "Harrington",
    "Whitfield",
    "Eleanor",
    "03/14/1951",
    "48213377",
    "617-555-0199",
];

async fn questions(
    app: &TestApp,
    guild: u64,
    sub: &str,
    user: u64,
    perms: u64,
    options: &[(&str, &str)],
) -> InteractionReply {
    let mut builder = app
        .fake
        .slash(guild, "questions")
        .subcommand(sub)
        .user(user)
        .permissions(perms);
    for (name, value) in options {
        builder = builder.string(name, value);
    }
    builder
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no reply to /questions {sub}: {e}\n--- bot logs ---\n{}",
                app.logs()
            )
        })
}

/// Every byte of the database files, to prove raw text never reached them.
fn database_bytes(app: &TestApp) -> Vec<u8> {
    let path = app.database_url.trim_start_matches("sqlite://");
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(mut part) = std::fs::read(format!("{path}{suffix}")) {
            bytes.append(&mut part);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_question_is_stored_de_identified_and_the_raw_text_goes_nowhere() {
    let app = spawn_app().await;
    let reply = ask(
        &app,
        GUILD_A,
        MEMBER,
        IDENTIFYING_QUESTION,
        Some("anticoagulation"),
    )
    .await;
    assert!(reply.ephemeral);
    assert!(
        reply.content.contains("logged without your name"),
        "{}",
        reply.content
    );
    assert!(
        reply.content.contains("apixaban 5 mg BID"),
        "the question must still read as itself: {}",
        reply.content
    );
    for secret in SECRETS {
        assert!(
            !reply.content.contains(secret),
            "{secret} echoed: {}",
            reply.content
        );
    }

    let store = app.store().await;
    let guild = GuildId::new(GUILD_A).unwrap();
    let far_past = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let far_future = chrono::Utc::now() + chrono::Duration::days(1);
    let rows = store
        .exported_questions(guild, far_past, far_future, 100)
        .await
        .unwrap();
    store.close().await;
    assert_eq!(rows.len(), 1);
    let stored = &rows[0];
    assert!(
        stored.question.contains("[NAME]") && stored.question.contains("[DATE]"),
        "{}",
        stored.question
    );
    assert!(stored.question.contains("eGFR 28"), "{}", stored.question);
    assert_eq!(stored.topic.as_deref(), Some("anticoagulation"));
    assert!(
        stored.hashtags.contains(&"cardiology".to_owned()),
        "{:?}",
        stored.hashtags
    );
    assert!(
        stored.redactions.values().sum::<u32>() >= 5,
        "{:?}",
        stored.redactions
    );

    let bytes = database_bytes(&app);
    let logs = app.logs();
    for secret in SECRETS {
        assert!(
            !contains(&bytes, secret),
            "{secret} reached the database files"
        );
        assert!(!logs.contains(secret), "{secret} reached the logs");
    }
    assert!(
        !contains(&bytes, &MEMBER.to_string()),
        "the asker's Discord id reached the database"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn questions_are_posted_anonymously_to_the_questions_channel_and_cannot_ping() {
    let app = spawn_app().await;
    let set = app
        .fake
        .slash(GUILD_A, "settings")
        .channel("questions_channel", TEXT_CHANNEL_A)
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        set.content
            .contains(&format!("Questions channel: <#{TEXT_CHANNEL_A}>")),
        "{}",
        set.content
    );

    let reply = ask(
        &app,
        GUILD_A,
        MEMBER,
        "@everyone is **metformin** ok in CKD 3b? <@123>",
        None,
    )
    .await;
    assert!(
        reply
            .content
            .contains(&format!("posted in <#{TEXT_CHANNEL_A}>")),
        "{}",
        reply.content
    );
    let posted = app.fake.channel_messages(TEXT_CHANNEL_A);
    assert_eq!(posted.len(), 1, "{posted:?}");
    let message = &posted[0];
    assert_eq!(message["allowed_mentions"]["parse"], serde_json::json!([]));
    let description = message["embeds"][0]["description"].as_str().unwrap();
    assert!(description.contains("\\@everyone"), "{description}");
    assert!(
        description.contains("\\*\\*metformin\\*\\*"),
        "{description}"
    );
    assert!(!description.contains("<@123>"), "{description}");
    let whole = message.to_string();
    assert!(
        !whole.contains(&MEMBER.to_string()),
        "the asker must not be named: {whole}"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn moderators_see_stats_and_export_while_members_are_refused() {
    let app = spawn_app().await;
    ask(
        &app,
        GUILD_A,
        MEMBER,
        "Is dapagliflozin useful in HFpEF? #HeartFailure",
        Some("#HeartFailure"),
    )
    .await;
    ask(
        &app,
        GUILD_A,
        MODERATOR,
        "=HYPERLINK(\"http://x\") what is the dose of apixaban?",
        None,
    )
    .await;
    ask(
        &app,
        GUILD_B,
        MEMBER,
        "A question in another guild about warfarin?",
        None,
    )
    .await;

    for sub in ["stats", "export"] {
        let options: &[(&str, &str)] = if sub == "export" {
            &[("format", "csv")]
        } else {
            &[]
        };
        let refused = questions(&app, GUILD_A, sub, MEMBER, 0, options).await;
        assert!(
            refused.content.contains("Manage Server"),
            "{sub}: {}",
            refused.content
        );
    }

    let stats = questions(
        &app,
        GUILD_A,
        "stats",
        MODERATOR,
        MANAGE_GUILD,
        &[("window", "7d")],
    )
    .await;
    let embed = &stats.embeds[0];
    assert_eq!(embed["description"], "2 questions from 2 members.");
    let topics = embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Top topics")
        .unwrap();
    assert!(
        topics["value"]
            .as_str()
            .unwrap()
            .contains("heartfailure (1)"),
        "{topics}"
    );

    let export = questions(
        &app,
        GUILD_A,
        "export",
        MODERATOR,
        MANAGE_GUILD,
        &[("format", "csv")],
    )
    .await;
    assert!(export.ephemeral);
    assert!(export.content.contains("2 questions"), "{}", export.content);
    let upload = app
        .fake
        .requests()
        .into_iter()
        .find(|r| !r.attachment_contents.is_empty())
        .expect("the export arrived as an attachment");
    assert!(
        std::path::Path::new(&upload.attachments[0].0)
            .extension()
            .is_some_and(|extension| extension == "csv"),
        "{:?}",
        upload.attachments
    );
    let csv = String::from_utf8(upload.attachment_contents[0].clone()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[0].starts_with("id,asked_at,origin,topic,question"),
        "{csv}"
    );
    assert!(
        csv.contains("\"'=HYPERLINK("),
        "formula not neutralised: {csv}"
    );
    assert!(
        !csv.contains("warfarin"),
        "another guild's question leaked: {csv}"
    );
    assert!(
        !csv.contains(&MEMBER.to_string()) && !csv.contains(&MODERATOR.to_string()),
        "{csv}"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn forget_me_deletes_only_the_callers_questions_in_that_guild() {
    let app = spawn_app().await;
    ask(&app, GUILD_A, MEMBER, "First question about statins?", None).await;
    ask(
        &app,
        GUILD_A,
        MEMBER,
        "Second question about ezetimibe?",
        None,
    )
    .await;
    ask(
        &app,
        GUILD_A,
        MODERATOR,
        "A moderator's question about PCSK9 inhibitors?",
        None,
    )
    .await;
    ask(
        &app,
        GUILD_B,
        MEMBER,
        "The same member in another guild: inclisiran?",
        None,
    )
    .await;

    let forgot = questions(&app, GUILD_A, "forget-me", MEMBER, 0, &[]).await;
    assert!(forgot.ephemeral);
    assert!(
        forgot.content.contains("Deleted the 2 questions"),
        "{}",
        forgot.content
    );
    let again = questions(&app, GUILD_A, "forget-me", MEMBER, 0, &[]).await;
    assert!(
        again.content.contains("nothing to delete"),
        "{}",
        again.content
    );

    let store = app.store().await;
    let far_past = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let far_future = chrono::Utc::now() + chrono::Duration::days(1);
    let left_a = store
        .exported_questions(GuildId::new(GUILD_A).unwrap(), far_past, far_future, 100)
        .await
        .unwrap();
    let left_b = store
        .exported_questions(GuildId::new(GUILD_B).unwrap(), far_past, far_future, 100)
        .await
        .unwrap();
    assert_eq!(left_a.len(), 1);
    assert!(left_a[0].question.contains("PCSK9"));
    assert_eq!(
        left_b.len(),
        1,
        "forget-me in one guild must not touch another"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn an_empty_question_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let reply = ask(&app, GUILD_A, MEMBER, "   ", None).await;
    assert!(reply.content.contains("can't be used"), "{}", reply.content);
    let store = app.store().await;
    let far_past = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let rows = store
        .exported_questions(
            GuildId::new(GUILD_A).unwrap(),
            far_past,
            chrono::Utc::now(),
            100,
        )
        .await
        .unwrap();
    assert!(rows.is_empty());
}
