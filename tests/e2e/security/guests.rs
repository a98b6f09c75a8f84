//! Invited servers only (`discord.allowed_guilds`): with guild A allowed, guild B's moderator gets
//! no answer to a command or an autocomplete, and when Discord announces guild B (GUILD_CREATE, as on
//! joining or at start) the bot leaves it; guild A is served and never left. At start, a guild
//! listed in READY and then announced is left before anyone there is answered; a guild joined
//! later (absent from READY) is left too. With no list, a warning at start says the bot serves any
//! server.

use super::*;
use poise::serenity_prelude as serenity;
use serde_json::{json, Value};
use std::time::Duration;

/// A GUILD_CREATE payload with the fields serenity requires.
fn guild_create(guild_id: u64) -> Value {
    json!({
        "id": guild_id.to_string(),
        "name": format!("Guild {guild_id}"),
        "icon": null,
        "owner_id": "9999",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "joined_at": "2024-05-01T00:00:00+00:00",
        "large": false,
        "unavailable": false,
        "member_count": 1,
        "members": [],
        "channels": [],
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
    })
}

fn leaves(app: &TestApp) -> Vec<String> {
    app.fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE" && r.path.contains("/users/@me/guilds/"))
        .map(|r| r.path)
        .collect()
}

#[test]
fn the_guild_create_payload_is_one_serenity_reads() {
    serde_json::from_value::<serenity::Guild>(guild_create(GUILD_B)).expect("a valid guild");
}

#[tokio::test]
async fn a_guild_not_allowed_is_left_and_gets_no_answers() {
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__DISCORD__ALLOWED_GUILDS", &format!("[{GUILD_A}]"));
    app.start_bot().await;

    let elsewhere = app
        .fake
        .slash(GUILD_B, "track")
        .subcommand("list")
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    let autocomplete = app
        .fake
        .autocomplete(GUILD_B, "track")
        .subcommand("remove")
        .focused("hashtag", "")
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    let at_home = app
        .fake
        .slash(GUILD_A, "track")
        .subcommand("list")
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    at_home
        .wait_response(STEP)
        .await
        .expect("guild A is served");
    wait_ignored(&app, 2).await;
    assert!(elsewhere.all_messages().is_empty(), "guild B got an answer");
    assert!(
        autocomplete.all_messages().is_empty(),
        "guild B got autocomplete choices"
    );

    app.fake
        .dispatch("GUILD_CREATE", guild_create(GUILD_A))
        .await
        .unwrap();
    app.fake
        .dispatch("GUILD_CREATE", guild_create(GUILD_B))
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + STEP;
    while leaves(&app).is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        leaves(&app),
        vec![format!("/api/v10/users/@me/guilds/{GUILD_B}")],
        "{}",
        app.logs()
    );
    assert!(!app.logs().contains("discord.allowed_guilds is empty"));
    app.fake.assert_no_schema_violations();
    app.fake.assert_nothing_could_ping();
}

/// Waits until the bot has logged `count` commands or autocompletes it ignored: past that point it
/// has decided, and an answer could only have come instead of the line.
async fn wait_ignored(app: &TestApp, count: usize) {
    app.wait_log_since(
        0,
        "ignored a command from a guild not in discord.allowed_guilds",
        count,
        STEP,
    )
    .await;
}

/// Waits until the bot has asked to leave at least `count` guilds, or `STEP` has passed.
async fn wait_leaves(app: &TestApp, count: usize) {
    let deadline = tokio::time::Instant::now() + STEP;
    while leaves(app).len() < count && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_guild_not_allowed_present_at_start_is_left_before_it_is_answered() {
    // prepare_app lists guilds A and B in READY, as Discord lists every guild the bot is in; then,
    // as at start, Discord announces each one with GUILD_CREATE before anyone uses a command.
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__DISCORD__ALLOWED_GUILDS", &format!("[{GUILD_A}]"));
    app.start_bot().await;
    for guild in [GUILD_A, GUILD_B] {
        app.fake
            .dispatch("GUILD_CREATE", guild_create(guild))
            .await
            .unwrap();
    }
    wait_leaves(&app, 1).await;
    assert_eq!(
        leaves(&app),
        vec![format!("/api/v10/users/@me/guilds/{GUILD_B}")],
        "{}",
        app.logs()
    );

    // A moderator in B who acts before Discord has processed the leave still gets nothing.
    let elsewhere = app
        .fake
        .slash(GUILD_B, "feeds")
        .subcommand("list")
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    let at_home = app
        .fake
        .slash(GUILD_A, "feeds")
        .subcommand("list")
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    at_home
        .wait_response(STEP)
        .await
        .expect("guild A is served");
    wait_ignored(&app, 1).await;
    assert!(elsewhere.all_messages().is_empty(), "guild B got an answer");
    assert_eq!(leaves(&app).len(), 1, "guild A was left or B twice");
    assert!(app
        .logs()
        .contains("leaving a guild that is not in discord.allowed_guilds"));
    app.fake.assert_no_schema_violations();
    app.fake.assert_nothing_could_ping();
}

#[tokio::test]
async fn a_guild_joined_after_start_is_left() {
    const GUILD_C: u64 = 1003;
    let mut app = prepare_app().await;
    app.set_env("ROUNDS__DISCORD__ALLOWED_GUILDS", &format!("[{GUILD_A}]"));
    app.start_bot().await;
    // Not in READY: someone adds the bot to guild C while it runs.
    app.fake
        .dispatch("GUILD_CREATE", guild_create(GUILD_C))
        .await
        .unwrap();
    wait_leaves(&app, 1).await;
    assert_eq!(
        leaves(&app),
        vec![format!("/api/v10/users/@me/guilds/{GUILD_C}")],
        "{}",
        app.logs()
    );
    let answer = app
        .fake
        .slash(GUILD_C, "track")
        .subcommand("list")
        .permissions(MANAGE_GUILD)
        .send()
        .await;
    wait_ignored(&app, 1).await;
    assert!(answer.all_messages().is_empty(), "guild C got an answer");
}

#[tokio::test]
async fn with_no_list_every_guild_is_served_with_a_warning() {
    let app = spawn_app().await;
    app.fake
        .dispatch("GUILD_CREATE", guild_create(GUILD_B))
        .await
        .unwrap();
    let answer = app
        .fake
        .slash(GUILD_B, "track")
        .subcommand("list")
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .expect("every guild is served");
    assert!(answer.ephemeral);
    assert!(leaves(&app).is_empty());
    assert!(
        app.logs().contains("discord.allowed_guilds is empty"),
        "{}",
        app.logs()
    );
}
