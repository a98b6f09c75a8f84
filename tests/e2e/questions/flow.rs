//! `/ask` driven as a member drives it: the ephemeral preview with its buttons, a press, and the
//! outcome the preview is edited into.

use crate::app::*;
use crate::fake_discord::{InteractionReply, Invocation};

/// `/ask` as a member uses it: the preview, then a press on Post. Returns the final word (or the
/// refusal, for a question that never got a preview).
pub(super) async fn ask(
    app: &TestApp,
    guild: u64,
    user: u64,
    question: &str,
    topic: Option<&str>,
) -> InteractionReply {
    let (invocation, preview) = ask_preview(app, guild, user, question, topic).await;
    let Some(post) = button(&preview, "Post") else {
        return preview;
    };
    press(app, &invocation, &post, user).await;
    outcome(app, &invocation, &preview).await
}

/// Sends `/ask` and waits for the ephemeral preview with its buttons.
pub(super) async fn ask_preview(
    app: &TestApp,
    guild: u64,
    user: u64,
    question: &str,
    topic: Option<&str>,
) -> (Invocation, InteractionReply) {
    let mut builder = app
        .fake
        .slash(guild, "ask")
        .string("question", question)
        .user(user);
    if let Some(topic) = topic {
        builder = builder.string("topic", topic);
    }
    let invocation = builder.send().await;
    let preview = invocation
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /ask: {e}\n--- bot logs ---\n{}", app.logs()));
    (invocation, preview)
}

/// The `custom_id` of the preview's button labelled `label`.
pub(super) fn button(reply: &InteractionReply, label: &str) -> Option<String> {
    let rows = reply.raw["data"]["components"].as_array()?;
    rows.iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .find(|b| b["label"] == label)
        .and_then(|b| b["custom_id"].as_str().map(str::to_owned))
}

/// Presses a button and checks the bot acknowledged the click.
pub(super) async fn press(app: &TestApp, on: &Invocation, custom_id: &str, user: u64) {
    let click = app.fake.click(on, custom_id, user).await;
    click.wait_response(STEP).await.unwrap_or_else(|e| {
        panic!(
            "the bot never acknowledged the click: {e}\n--- bot logs ---\n{}",
            app.logs()
        )
    });
}

/// What the preview was edited into once the question was posted, cancelled or timed out.
pub(super) async fn outcome(
    app: &TestApp,
    on: &Invocation,
    preview: &InteractionReply,
) -> InteractionReply {
    let bodies = on.wait_messages(2, STEP).await.unwrap_or_else(|e| {
        panic!(
            "the preview was never replaced by an outcome: {e}\n--- bot logs ---\n{}",
            app.logs()
        )
    });
    let last = bodies.last().cloned().unwrap_or_default();
    InteractionReply {
        content: last["content"].as_str().unwrap_or_default().to_owned(),
        raw: last,
        ..preview.clone()
    }
}
