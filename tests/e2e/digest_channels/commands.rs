//! `/digest setup|edit|list` as a moderator sees them, and refusals that change nothing.

use super::*;

async fn slash(
    app: &TestApp,
    sub: &str,
    options: &[(&str, &str)],
    channel: Option<u64>,
) -> crate::fake_discord::InteractionReply {
    let mut builder = app.fake.slash(GUILD_A, "digest").subcommand(sub);
    if let Some(channel) = channel {
        builder = builder.channel("channel", channel);
    }
    for (name, value) in options {
        builder = builder.string(name, value);
    }
    builder
        .user(MODERATOR)
        .permissions(MANAGE_GUILD)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no reply to /digest {sub}: {e}\n{}", app.logs()))
}

#[tokio::test]
async fn setup_edit_and_list_show_what_each_channel_gets() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    track_both(&store).await;
    store.close().await;
    app.start_bot().await;

    let set_up = slash(
        &app,
        "setup",
        &[
            ("time", "07:30"),
            ("timezone", "Europe/London"),
            ("weekdays", "mon-fri"),
            ("hashtags", "#CardioTwitter"),
            ("topics", "heart failure, Ozempic"),
        ],
        Some(TEXT_CHANNEL_A),
    )
    .await;
    assert!(set_up.ephemeral);
    for expected in [
        &format!("<#{TEXT_CHANNEL_A}> at 07:30 (Europe/London), on Mon–Fri"),
        "everything since the last digest (at most 7 days)",
        "under \\#CardioTwitter",
        "only posts mentioning “heart failure” or “Ozempic”",
        "Next ",
    ] {
        assert!(
            set_up.content.contains(expected),
            "{expected}: {}",
            set_up.content
        );
    }

    let edited = slash(
        &app,
        "edit",
        &[("window", "3d"), ("topics", "none")],
        Some(TEXT_CHANNEL_A),
    )
    .await;
    for expected in [
        "Changed.",
        "on Mon–Fri",
        "covering the last 3d",
        "under \\#CardioTwitter",
    ] {
        assert!(
            edited.content.contains(expected),
            "{expected}: {}",
            edited.content
        );
    }
    assert!(!edited.content.contains("mentioning"), "{}", edited.content);

    slash(
        &app,
        "setup",
        &[("time", "18:00"), ("hashtags", "nephjc")],
        Some(NEWS_CHANNEL_A),
    )
    .await;
    let list = slash(&app, "list", &[], None).await;
    assert!(list.ephemeral);
    for expected in [
        "**Digest channels (2)**",
        &format!("<#{TEXT_CHANNEL_A}> at 07:30 (Europe/London), on Mon–Fri, covering the last 3d, under \\#CardioTwitter; next "),
        &format!("<#{NEWS_CHANNEL_A}> at 18:00 (UTC), every day, covering everything since the last digest (at most 7 days), under \\#NephJC; next "),
    ] {
        assert!(list.content.contains(expected), "{expected}: {}", list.content);
    }

    let store = app.store().await;
    let stored = store.digest_channels(guild()).await.unwrap();
    store.close().await;
    assert_eq!(stored[0].weekdays, Weekdays::parse("mon-fri").unwrap());
    assert_eq!(stored[0].window, DigestWindow::parse("3d").unwrap());
    assert!(stored[0].filter.topics.is_empty());
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn bad_weekdays_windows_and_untracked_hashtags_are_refused_and_change_nothing() {
    let mut app = prepare_app().await;
    let store = Store::open(&app.database_url).await.unwrap();
    track_both(&store).await;
    store.close().await;
    app.start_bot().await;
    slash(
        &app,
        "setup",
        &[("time", "08:00"), ("weekdays", "mon")],
        Some(TEXT_CHANNEL_A),
    )
    .await;
    let store = app.store().await;
    let before = store.digest_channels(guild()).await.unwrap();
    store.close().await;

    for (sub, option, value, complaint) in [
        (
            "edit",
            "weekdays",
            "funday",
            "That choice of weekdays can't be used",
        ),
        ("edit", "window", "30d", "not a digest window"),
        (
            "edit",
            "hashtags",
            "#Oncology",
            "is not tracked in this server",
        ),
        ("setup", "weekdays", "mon;fri", "mon\\-fri"),
        ("setup", "hashtags", "#Oncology", "\\#NephJC"),
    ] {
        let reply = slash(&app, sub, &[(option, value)], Some(TEXT_CHANNEL_A)).await;
        assert!(reply.ephemeral);
        assert!(
            reply.content.contains(complaint),
            "{value}: {}",
            reply.content
        );
        assert!(
            reply.content.contains("Nothing was changed"),
            "{}",
            reply.content
        );
    }
    let not_set_up = slash(&app, "edit", &[("window", "2d")], Some(NEWS_CHANNEL_A)).await;
    assert!(
        not_set_up.content.contains("has no digest to edit"),
        "{}",
        not_set_up.content
    );

    let store = app.store().await;
    assert_eq!(store.digest_channels(guild()).await.unwrap(), before);
    store.close().await;

    let suggestions = app
        .fake
        .autocomplete(GUILD_A, "digest")
        .subcommand("setup")
        .focused("hashtags", "#CardioTwitter #ne")
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
    assert_eq!(offered, ["#CardioTwitter #NephJC"]);
    app.fake.assert_no_schema_violations();
}
