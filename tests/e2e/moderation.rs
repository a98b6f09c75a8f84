//! Moderators choose what a guild tracks; members cannot; guilds never see each other's settings.

use crate::app::*;
use crate::fake_discord::InteractionReply;

/// Runs `/track <sub> hashtag:<tag>` in `guild` as `user` with `perms`, and returns the reply.
async fn track(
    app: &TestApp,
    guild: u64,
    sub: &str,
    tag: Option<&str>,
    user: u64,
    perms: u64,
) -> InteractionReply {
    let mut builder = app
        .fake
        .slash(guild, "track")
        .subcommand(sub)
        .user(user)
        .permissions(perms);
    if let Some(tag) = tag {
        builder = builder.string("hashtag", tag);
    }
    builder
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no reply to /track {sub}: {e}\n--- bot logs ---\n{}",
                app.logs()
            )
        })
}

#[tokio::test]
async fn a_moderator_adds_lists_and_removes_hashtags() {
    let app = spawn_app().await;

    let added = track(
        &app,
        GUILD_A,
        "add",
        Some("#MedEd"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(added.ephemeral);
    assert!(added.content.contains("Now tracking"), "{}", added.content);
    assert!(added.content.contains("MedEd"), "{}", added.content);
    track(&app, GUILD_A, "add", Some("hcsm"), MODERATOR, MANAGE_GUILD).await;
    let again = track(&app, GUILD_A, "add", Some("MEDED"), MODERATOR, MANAGE_GUILD).await;
    assert!(
        again.content.contains("already tracked"),
        "{}",
        again.content
    );
    assert_eq!(app.stored_tags(GUILD_A).await, ["hcsm", "meded"]);

    let listed = track(&app, GUILD_A, "list", None, MODERATOR, MANAGE_GUILD).await;
    assert!(listed.content.contains("2 hashtags"), "{}", listed.content);
    assert!(
        listed.content.contains("MedEd") && listed.content.contains("hcsm"),
        "{}",
        listed.content
    );

    let removed = track(
        &app,
        GUILD_A,
        "remove",
        Some("meded"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(
        removed.content.contains("Stopped tracking"),
        "{}",
        removed.content
    );
    assert_eq!(app.stored_tags(GUILD_A).await, ["hcsm"]);
    let absent = track(
        &app,
        GUILD_A,
        "remove",
        Some("meded"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(absent.content.contains("not tracked"), "{}", absent.content);

    for reply in [&added, &again, &listed, &removed] {
        assert_eq!(
            reply.allowed_mentions.as_ref().and_then(|m| m.get("parse")),
            Some(&serde_json::json!([]))
        );
    }
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn a_moderator_at_the_hashtag_limit_is_told_the_limit_and_nothing_is_added() {
    let app = spawn_app().await;
    let store = app.store().await;
    let guild = rounds::domain::GuildId::new(GUILD_A).unwrap();
    for i in 0..rounds::store::hashtags::MAX_TRACKED_PER_GUILD {
        let tag = rounds::domain::Hashtag::parse(&format!("tag{i}")).unwrap();
        store
            .track_hashtag(guild, &tag, None, chrono::Utc::now())
            .await
            .unwrap();
    }
    store.close().await;

    let refused = track(
        &app,
        GUILD_A,
        "add",
        Some("OneMore"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(refused.ephemeral);
    assert_eq!(
        refused.content,
        "this server already tracks 100 hashtags, the most it can; remove one first"
    );
    let stored = app.stored_tags(GUILD_A).await;
    assert_eq!(stored.len(), 100);
    assert!(!stored.iter().any(|t| t == "onemore"), "{stored:?}");
}

#[tokio::test]
async fn a_member_without_manage_server_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    track(&app, GUILD_A, "add", Some("MedEd"), MODERATOR, MANAGE_GUILD).await;

    // Everything but Manage Server: still not a moderator.
    let all_but_manage = u64::MAX >> 20 & !MANAGE_GUILD;
    for (sub, tag) in [
        ("add", Some("FOAMed")),
        ("remove", Some("MedEd")),
        ("list", None),
    ] {
        let refused = track(&app, GUILD_A, sub, tag, MEMBER, all_but_manage).await;
        assert!(
            refused.ephemeral,
            "/track {sub} refusal should be ephemeral"
        );
        assert!(
            refused.content.contains("Manage Server"),
            "{}",
            refused.content
        );
        assert!(
            !refused.content.contains("MedEd"),
            "a refusal must not leak the guild's tags"
        );
    }
    let settings = app
        .fake
        .slash(GUILD_A, "settings")
        .user(MEMBER)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        settings.content.contains("Manage Server"),
        "{}",
        settings.content
    );
    assert_eq!(app.stored_tags(GUILD_A).await, ["meded"]);

    // Autocomplete is not a way round the check either.
    let suggestions = app
        .fake
        .autocomplete(GUILD_A, "track")
        .subcommand("remove")
        .focused("hashtag", "med")
        .user(MEMBER)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert_eq!(suggestions.kind, 8);
    assert!(suggestions.choices.is_empty(), "{:?}", suggestions.choices);
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn a_bad_hashtag_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    for (bad, reason) in [
        ("med ed", "letters, digits and underscores"),
        ("@everyone", "letters, digits and underscores"),
        ("2024", "at least one letter"),
        ("#", "empty"),
    ] {
        let reply = track(&app, GUILD_A, "add", Some(bad), MODERATOR, MANAGE_GUILD).await;
        assert!(reply.ephemeral);
        assert!(
            reply.content.contains("can't be used"),
            "{bad}: {}",
            reply.content
        );
        assert!(reply.content.contains(reason), "{bad}: {}", reply.content);
        assert!(
            !reply.content.contains("@everyone"),
            "the refusal must not echo a mention: {}",
            reply.content
        );
    }
    assert!(app.stored_tags(GUILD_A).await.is_empty());
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn two_guilds_do_not_see_each_others_hashtags() {
    let app = spawn_app().await;
    track(
        &app,
        GUILD_A,
        "add",
        Some("NephJC"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    track(
        &app,
        GUILD_B,
        "add",
        Some("OncTwitter"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;

    let listed_b = track(&app, GUILD_B, "list", None, MODERATOR, MANAGE_GUILD).await;
    assert!(
        listed_b.content.contains("OncTwitter"),
        "{}",
        listed_b.content
    );
    assert!(!listed_b.content.contains("NephJC"), "{}", listed_b.content);

    // Removing guild A's tag from guild B changes nothing in A.
    let removed = track(
        &app,
        GUILD_B,
        "remove",
        Some("NephJC"),
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(
        removed.content.contains("not tracked"),
        "{}",
        removed.content
    );
    assert_eq!(app.stored_tags(GUILD_A).await, ["nephjc"]);
    assert_eq!(app.stored_tags(GUILD_B).await, ["onctwitter"]);

    let suggestions = app
        .fake
        .autocomplete(GUILD_B, "track")
        .subcommand("remove")
        .focused("hashtag", "")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    let offered: Vec<&str> = suggestions
        .choices
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(offered, ["OncTwitter"]);
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn track_add_suggests_well_known_medical_hashtags() {
    let app = spawn_app().await;
    let suggestions = app
        .fake
        .autocomplete(GUILD_A, "track")
        .subcommand("add")
        .focused("hashtag", "#neph")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    let offered: Vec<&str> = suggestions
        .choices
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert!(offered.contains(&"NephJC"), "{offered:?}");
    assert!(
        offered
            .iter()
            .all(|tag| tag.to_lowercase().contains("neph")),
        "{offered:?}"
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn the_registered_commands_require_manage_server() {
    let app = spawn_app().await;
    let commands = app.fake.wait_commands(STEP).await.unwrap();
    let names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    for expected in ["track", "digest", "settings", "ask", "questions"] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for command in &commands {
        let name = command["name"].as_str().unwrap();
        let expected = match name {
            // Open to every member; the moderator-only subcommands are checked by the bot.
            "ask" | "questions" | "journalclub" | "summary" | "voices" | "trend" => {
                serde_json::Value::Null
            }
            _ => serde_json::json!(MANAGE_GUILD.to_string()),
        };
        assert_eq!(command["default_member_permissions"], expected, "{name}");
        assert_eq!(
            command["contexts"],
            serde_json::json!([0]),
            "{name} is guild-only"
        );
    }
    let track = commands.iter().find(|c| c["name"] == "track").unwrap();
    let subcommands: Vec<&str> = track["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(subcommands, ["add", "remove", "list"]);
    // SPEC §2.5's one /questions command: forget-me for everyone, stats and export for moderators
    // (checked by the bot on use: see security::permissions), and no second command beside it.
    let subcommands_of = |name: &str| -> Vec<String> {
        let command = commands.iter().find(|c| c["name"] == name).unwrap();
        command["options"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| o["name"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        subcommands_of("questions"),
        ["stats", "export", "forget-me"]
    );
    assert!(
        !names.contains(&"questions-admin"),
        "the log's moderator subcommands live under /questions: {names:?}"
    );
    app.fake.assert_no_schema_violations();
}
