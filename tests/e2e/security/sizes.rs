//! Outside bodies and uploads capped: an LLM answering far more than an answer is refused (the
//! extractive summary still comes), and a question export larger than the interaction's
//! `attachment_size_limit` is cut to fit and says so, instead of Discord refusing the upload.

use super::*;
use crate::fake_llm::FakeLlm;
use chrono::{Duration, Utc};
use rounds::domain::{GuildId, Hashtag};

#[tokio::test]
async fn oversized_llm_answers_are_refused_and_exports_fit_the_upload_limit() {
    let llm = FakeLlm::start().await;
    // 2 MiB of "answer": over the 1 MiB cap, with a citation so only the cap can refuse it.
    llm.answer(
        200,
        &format!("Apixaban needs care in CKD [1]. {}", "x".repeat(2 << 20)),
    );
    let mut app = prepare_app().await;
    let store = rounds::store::Store::open(&app.database_url).await.unwrap();
    let tag = Hashtag::parse("MedEd").unwrap();
    let since = Utc::now() - Duration::days(2);
    let guild = GuildId::new(GUILD_A).unwrap();
    store.track_hashtag(guild, &tag, None, since).await.unwrap();
    store.close().await;
    seed_posts(&app, "MedEd", 3).await;
    app.set_env("ROUNDS__SUMMARY__LLM__ENABLED", "true");
    app.set_env("ROUNDS__SUMMARY__LLM__ENDPOINT", &llm.base());
    app.set_env("ROUNDS__SUMMARY__LLM__MODEL", "any");
    app.start_bot().await;

    let member = |command: &str| app.fake.slash(GUILD_A, command).user(MEMBER);
    let summary = reply_to(&app, "summary", member("summary").string("topic", "#MedEd")).await;
    assert_eq!(llm.requests().len(), 1, "the LLM was never asked");
    let shown = summary.raw.to_string();
    assert!(shown.contains("doc0"), "no extractive summary: {shown}");
    assert!(
        !shown.contains("xxxxxxxx"),
        "the oversized answer was shown"
    );
    assert!(
        app.logs().contains("larger than"),
        "--- bot logs ---\n{}",
        app.logs()
    );

    // Six questions; an upload limit that fits about half of them.
    for i in 0..6 {
        let question = format!("Question {i}: is apixaban 5 mg right with eGFR {}?", 20 + i);
        ask_and_post(&app, member("ask").string("question", &question), MEMBER).await;
    }
    let moderator = |limit: u64| {
        app.fake
            .slash(GUILD_A, "questions")
            .subcommand("export")
            .string("format", "csv")
            .user(MODERATOR)
            .permissions(MANAGE_GUILD)
            .attachment_size_limit(limit)
    };
    let uploads = |from: usize| -> Vec<(String, usize)> {
        app.fake
            .requests()
            .into_iter()
            .skip(from)
            .flat_map(|r| r.attachments)
            .collect()
    };
    let from = app.fake.requests().len();
    let whole = reply_to(&app, "export", moderator(26_214_400)).await;
    assert!(
        whole.content.starts_with("6 questions"),
        "{}",
        whole.content
    );
    let full_size = uploads(from).first().expect("an attachment").1;

    let limit = full_size as u64 / 2;
    let from = app.fake.requests().len();
    let cut = reply_to(&app, "export", moderator(limit)).await;
    assert!(cut.ephemeral);
    assert!(cut.content.contains("Only the oldest"), "{}", cut.content);
    let sent = uploads(from);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].1 as u64 <= limit && sent[0].1 > 0,
        "an upload of {} bytes against a limit of {limit}",
        sent[0].1
    );

    // The bot is fine afterwards.
    let again = reply_to(&app, "summary", member("summary").string("topic", "#MedEd")).await;
    assert!(again.raw.to_string().contains("doc0"));
    app.fake.assert_nothing_could_ping();
    app.fake.assert_no_schema_violations();
}
