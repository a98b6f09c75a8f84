//! Every payload the fake builds must deserialise into serenity 0.12.5's type for it: a gateway
//! event that does not is silently dropped as `Event::Unknown`, and a REST answer that does not
//! fails the bot's call.

use serde_json::{json, Value};
use serenity::all::{
    ChannelId, ChannelType, Command, CommandDataOptionValue, CommandOptionType, CreateCommand,
    CreateCommandOption, CurrentApplicationInfo, GuildChannel, Interaction, Message, Permissions,
    Ready,
};

use super::{fake_with_guild, FORUM, GUILD, TEXT};
use crate::fake_discord::payloads::{self, MessageOrigin};
use crate::fake_discord::{ChannelInfo, APP_ID, DEFAULT_USER_ID};

#[tokio::test]
async fn a_slash_command_with_subcommand_and_channel_option_deserialises_as_a_command() {
    let fake = fake_with_guild().await;
    let payload = fake
        .slash(GUILD, "track")
        .subcommand("add")
        .string("hashtag", "#MedEd")
        .channel("channel", TEXT)
        .permissions(1 << 5)
        .build_payload();

    let interaction: Interaction = serde_json::from_value(payload).expect("serenity parses it");

    let Interaction::Command(command) = interaction else {
        panic!("expected a command interaction, got {interaction:?}");
    };
    assert_eq!(command.data.name, "track");
    assert_eq!(
        command.guild_id.map(poise::serenity_prelude::GuildId::get),
        Some(GUILD)
    );
    assert_eq!(
        command.channel_id.get(),
        TEXT,
        "defaults to the guild's first text channel"
    );
    assert_eq!(
        command.user.id.get(),
        DEFAULT_USER_ID,
        "user is copied from member"
    );
    let member = command
        .member
        .as_ref()
        .expect("guild interactions carry the member");
    assert_eq!(member.permissions, Some(Permissions::MANAGE_GUILD));
    assert!(
        command.app_permissions.is_some(),
        "poise panics without app_permissions"
    );
    let [sub] = command.data.options.as_slice() else {
        panic!(
            "expected one subcommand option, got {:?}",
            command.data.options
        );
    };
    assert_eq!(sub.name, "add");
    let CommandDataOptionValue::SubCommand(options) = &sub.value else {
        panic!("expected a subcommand, got {:?}", sub.value);
    };
    assert_eq!(
        options[0].value,
        CommandDataOptionValue::String("#MedEd".into())
    );
    assert_eq!(
        options[1].value,
        CommandDataOptionValue::Channel(ChannelId::new(TEXT))
    );
    let resolved = &command.data.resolved.channels[&ChannelId::new(TEXT)];
    assert_eq!(resolved.name.as_deref(), Some("general"));
    assert_eq!(resolved.kind, ChannelType::Text);
}

#[tokio::test]
async fn an_autocomplete_request_deserialises_with_its_focused_option() {
    let fake = fake_with_guild().await;
    let payload = fake
        .autocomplete(GUILD, "track")
        .subcommand("remove")
        .focused("hashtag", "#Med")
        .build_payload();

    let interaction: Interaction = serde_json::from_value(payload).expect("serenity parses it");

    let Interaction::Autocomplete(request) = interaction else {
        panic!("expected an autocomplete interaction, got {interaction:?}");
    };
    let focused = request.data.autocomplete().expect("a focused option");
    assert_eq!((focused.name, focused.value), ("hashtag", "#Med"));
}

#[test]
fn ready_deserialises_with_the_application_id_serenity_needs_for_commands() {
    let payload = payloads::ready("abc", &[GUILD], "ws://127.0.0.1:1/gateway");

    let ready: Ready = serde_json::from_value(payload).expect("serenity parses READY");

    assert_eq!(ready.application.id.get(), APP_ID);
    assert_eq!(ready.user.id.get(), APP_ID);
    assert!(ready.user.bot);
    assert_eq!(ready.guilds.len(), 1);
    assert_eq!(ready.session_id, "abc");
}

#[test]
fn a_created_message_deserialises_with_its_embed_and_attachment() {
    let body = json!({
        "content": "Today's digest",
        "embeds": [{ "title": "#MedEd", "color": 3_447_003, "fields": [{ "name": "Top", "value": "1" }],
                     "footer": { "text": "Rounds" }, "timestamp": "2025-01-01T00:00:00Z" }],
        "allowed_mentions": { "parse": [] },
    });
    let files = [("digest.csv".to_owned(), 12)];

    let payload = payloads::message(5, TEXT, Some(GUILD), &body, &files, MessageOrigin::Channel);
    let message: Message = serde_json::from_value(payload).expect("serenity parses the message");

    assert_eq!(message.content, "Today's digest");
    assert_eq!(message.embeds[0].title.as_deref(), Some("#MedEd"));
    assert_eq!(message.embeds[0].kind.as_deref(), Some("rich"));
    assert_eq!(message.attachments[0].filename, "digest.csv");
    assert_eq!(message.attachments[0].size, 12);
    assert_eq!(message.author.id.get(), APP_ID);

    let followup = payloads::message(
        6,
        TEXT,
        Some(GUILD),
        &json!({}),
        &[],
        MessageOrigin::Interaction,
    );
    let followup: Message = serde_json::from_value(followup).expect("serenity parses a follow-up");
    assert_eq!(
        followup
            .webhook_id
            .map(poise::serenity_prelude::WebhookId::get),
        Some(APP_ID)
    );
}

#[test]
fn a_registered_command_deserialises_with_its_options_and_permissions() {
    let builder = CreateCommand::new("track")
        .description("Follow a hashtag")
        .default_member_permissions(Permissions::MANAGE_GUILD)
        .add_option(
            CreateCommandOption::new(CommandOptionType::SubCommand, "add", "Start tracking")
                .add_sub_option(
                    CreateCommandOption::new(CommandOptionType::String, "hashtag", "The tag")
                        .required(true),
                ),
        );
    let body = serde_json::to_value(&builder).expect("builders serialise");

    let command: Command = serde_json::from_value(payloads::command(77, Some(GUILD), &body))
        .expect("serenity parses the command");

    assert_eq!(command.id.get(), 77);
    assert_eq!(command.name, "track");
    assert_eq!(
        command.default_member_permissions,
        Some(Permissions::MANAGE_GUILD)
    );
    assert_eq!(command.options[0].name, "add");
    assert_eq!(command.options[0].options[0].name, "hashtag");
}

#[test]
fn application_info_deserialises() {
    let info: CurrentApplicationInfo =
        serde_json::from_value(payloads::current_application()).expect("serenity parses it");

    assert_eq!(info.id.get(), APP_ID);
}

#[test]
fn text_forum_and_thread_channels_deserialise_as_guild_channels() {
    let cases = [
        (0, ChannelType::Text),
        (15, ChannelType::Forum),
        (11, ChannelType::PublicThread),
    ];
    for (kind, expected) in cases {
        let parent_id = (kind == 11).then_some(FORUM);
        let info = ChannelInfo {
            guild_id: GUILD,
            name: "digests".into(),
            kind,
            parent_id,
        };
        let payload: Value = payloads::guild_channel(TEXT, &info);

        let channel: GuildChannel = serde_json::from_value(payload).expect("serenity parses it");

        assert_eq!(channel.kind, expected);
        assert_eq!(channel.guild_id.get(), GUILD);
        assert_eq!(
            channel
                .parent_id
                .map(poise::serenity_prelude::ChannelId::get),
            parent_id
        );
        assert_eq!(channel.thread_metadata.is_some(), kind == 11);
    }
}

#[test]
fn a_button_press_deserialises_as_a_component_interaction_on_its_message() {
    let body = json!({
        "content": "preview",
        "flags": 64,
        "components": [{ "type": 1, "components": [
            { "type": 2, "style": 1, "label": "Post", "custom_id": "ask:1:post" },
            { "type": 2, "style": 2, "label": "Edit / cancel", "custom_id": "ask:1:cancel" },
        ]}],
    });
    let message = payloads::message(
        42,
        TEXT,
        Some(GUILD),
        &body,
        &[],
        MessageOrigin::Interaction,
    );
    let info = ChannelInfo {
        guild_id: GUILD,
        name: "general".into(),
        kind: 0,
        parent_id: None,
    };
    let channel = (TEXT, payloads::partial_channel(TEXT, &info));
    let payload = crate::fake_discord::component::component_payload(
        7,
        "token",
        "ask:1:post",
        DEFAULT_USER_ID,
        channel,
        Some(GUILD),
        &message,
    );
    let interaction: Interaction = serde_json::from_value(payload).expect("serenity parses it");
    let Interaction::Component(press) = interaction else {
        panic!("expected a component interaction, got {interaction:?}");
    };
    assert_eq!(press.data.custom_id, "ask:1:post");
    assert_eq!(press.user.id.get(), DEFAULT_USER_ID);
    assert_eq!(press.message.id.get(), 42);
    assert_eq!(
        press.guild_id.map(poise::serenity_prelude::GuildId::get),
        Some(GUILD)
    );
}
