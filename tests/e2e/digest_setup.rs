//! `/digest setup` and `/settings`: a moderator chooses where and when the digest goes.

use crate::app::*;
use rounds::domain::GuildId;

#[tokio::test]
async fn a_moderator_sets_up_the_digest_and_sees_it_in_settings() {
    let app = spawn_app().await;
    let reply = app
        .fake
        .slash(GUILD_A, "digest")
        .subcommand("setup")
        .channel("channel", TEXT_CHANNEL_A)
        .string("time", "07:30")
        .string("timezone", "europe/paris")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(reply.ephemeral);
    assert!(
        reply.content.contains(&format!("<#{TEXT_CHANNEL_A}>")),
        "{}",
        reply.content
    );
    assert!(reply.content.contains("07:30"), "{}", reply.content);
    assert!(reply.content.contains("Europe/Paris"), "{}", reply.content);

    let store = app.store().await;
    let stored = store
        .digest_channels(GuildId::new(GUILD_A).unwrap())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].channel_id, TEXT_CHANNEL_A);
    assert_eq!(stored[0].time.to_string(), "07:30");
    assert_eq!(stored[0].timezone.name(), "Europe/Paris");
    assert!(store
        .digest_channels(GuildId::new(GUILD_B).unwrap())
        .await
        .unwrap()
        .is_empty());

    let settings = app
        .fake
        .slash(GUILD_A, "settings")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        settings
            .content
            .contains(&format!("<#{TEXT_CHANNEL_A}> at 07:30")),
        "{}",
        settings.content
    );
    let other_guild = app
        .fake
        .slash(GUILD_B, "settings")
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert!(
        other_guild.content.contains("Digest: not set up"),
        "{}",
        other_guild.content
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn an_unknown_time_zone_or_a_bad_time_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    for (time, zone, complaint) in [
        ("07:30", "Mars/Olympus_Mons", "not a known time zone"),
        ("25:00", "UTC", "not a time of day"),
        ("7pm", "UTC", "not a time of day"),
    ] {
        let reply = app
            .fake
            .slash(GUILD_A, "digest")
            .subcommand("setup")
            .channel("channel", TEXT_CHANNEL_A)
            .string("time", time)
            .string("timezone", zone)
            .user(MODERATOR)
            .permissions(MANAGE_GUILD)
            .send()
            .await
            .wait_response(STEP)
            .await
            .unwrap();
        assert!(reply.ephemeral);
        assert!(
            reply.content.contains(complaint),
            "{time} {zone}: {}",
            reply.content
        );
        assert!(
            reply.content.contains("Nothing was changed"),
            "{}",
            reply.content
        );
    }
    let store = app.store().await;
    assert!(store
        .digest_channels(GuildId::new(GUILD_A).unwrap())
        .await
        .unwrap()
        .is_empty());
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn the_time_zone_option_autocompletes_iana_names() {
    let app = spawn_app().await;
    let suggestions = app
        .fake
        .autocomplete(GUILD_A, "digest")
        .subcommand("setup")
        .focused("timezone", "new_y")
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
    assert!(offered.contains(&"America/New_York"), "{offered:?}");
    app.fake.assert_no_schema_violations();
}
