//! Throttles through the real binary (`[throttle]`): a member who asks for a second report at once
//! is told when to retry and nothing is computed again; the same report for another member comes
//! from the cache (the paid LLM is asked once); after the wait it names, the member is served
//! again; `/ask` is capped per member.

use crate::app::*;
use crate::fake_discord::InteractionReply;
use crate::fake_llm::FakeLlm;
use crate::summary::{spawn_seeded, text_of};

const OTHER_MEMBER: u64 = 503;

async fn summary(app: &TestApp, member: u64, topic: &str) -> InteractionReply {
    app.fake
        .slash(GUILD_A, "summary")
        .user(member)
        .string("topic", topic)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no answer to /summary: {e}\n{}", app.logs()))
}

/// The seconds in "Try again in N s.", if the text says so.
fn retry_seconds(text: &str) -> Option<u64> {
    let rest = text.split("Try again in ").nth(1)?;
    rest.strip_suffix(" s.")?.parse().ok()
}

#[tokio::test]
async fn a_second_rapid_summary_is_told_when_to_retry_and_nothing_is_computed_twice() {
    let llm = FakeLlm::start().await;
    llm.answer(200, "Semaglutide cut MACE in SELECT [1].");
    let base = llm.base();
    let app = spawn_seeded(&[
        ("ROUNDS__THROTTLE__ENABLED", "true"),
        ("ROUNDS__THROTTLE__REPORT_MEMBER_COOLDOWN", "10s"),
        ("ROUNDS__THROTTLE__ASK_PER_MEMBER_PER_HOUR", "1"),
        ("ROUNDS__SUMMARY__LLM__ENABLED", "true"),
        ("ROUNDS__SUMMARY__LLM__ENDPOINT", &base),
        ("ROUNDS__SUMMARY__LLM__MODEL", "test-model"),
    ])
    .await;

    let first = summary(&app, MEMBER, "semaglutide").await;
    assert_eq!(first.kind, 5, "computed: deferred, then followed up");
    let first_text = text_of(&first);
    assert!(first_text.contains("In brief"), "{first_text}");
    assert_eq!(llm.requests().len(), 1);

    let again = summary(&app, MEMBER, "semaglutide").await;
    assert_eq!(again.kind, 4, "answered at once, not deferred");
    assert!(again.ephemeral, "only the member sees the refusal");
    let wait = retry_seconds(&again.content)
        .unwrap_or_else(|| panic!("says when to retry: {}", again.content));
    assert!((1..=10).contains(&wait), "{}", again.content);
    assert!(again.embeds.is_empty());
    // Another topic is refused too: the cooldown is the member's, whatever they ask.
    let other_topic = summary(&app, MEMBER, "#MedEd").await;
    assert!(
        retry_seconds(&other_topic.content).is_some(),
        "{other_topic:?}"
    );

    // The same report for another member: the answer already computed, not a new one.
    let cached = summary(&app, OTHER_MEMBER, "semaglutide").await;
    assert!(!cached.ephemeral);
    assert_eq!(text_of(&cached), first_text);
    assert_eq!(llm.requests().len(), 1, "the LLM was asked once");
    let logs = app.logs();
    assert_eq!(logs.matches("report computed").count(), 1, "{logs}");
    assert_eq!(logs.matches("report answered from the cache").count(), 1);

    // Trying again when told to: the member is served (another topic, so computed afresh).
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    let later = summary(&app, MEMBER, "#MedEd").await;
    assert_eq!(later.kind, 5, "computed: {later:?}");
    assert!(!later.embeds.is_empty(), "{later:?}");
    assert_eq!(app.logs().matches("report computed").count(), 2);

    // /ask: one question an hour here; the second is refused before it is de-identified.
    let ask = |question: &'static str| {
        let app = &app;
        async move {
            app.fake
                .slash(GUILD_A, "ask")
                .string("question", question)
                .user(MEMBER)
                .send()
                .await
                .wait_response(STEP)
                .await
                .unwrap()
        }
    };
    let preview = ask("Is apixaban safe in CKD stage 4?").await;
    assert!(preview.content.contains("apixaban"), "{}", preview.content);
    let refused = ask("And rivaroxaban?").await;
    assert!(refused.ephemeral);
    assert!(
        refused.content.contains("questions in the last hour")
            && refused.content.contains("Try again in"),
        "{}",
        refused.content
    );
    assert!(!refused.content.contains("rivaroxaban"));
    app.fake.assert_nothing_could_ping();
    app.fake.assert_no_schema_violations();
}
