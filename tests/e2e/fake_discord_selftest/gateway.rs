//! A real poise 0.7 / serenity 0.12 client, in-process, against the fake: it identifies, registers
//! its commands, answers slash commands and autocomplete, and keeps answering after the fake cuts,
//! restarts or invalidates its gateway session.

use poise::serenity_prelude as serenity;
use tokio::task::JoinHandle;

use super::{fake_with_guild, http_for, GUILD, STEP, TEXT};
use crate::fake_discord::FakeDiscord;

type Error = Box<dyn std::error::Error + Send + Sync>;
type Context<'a> = poise::Context<'a, (), Error>;

/// Replies "pong".
#[poise::command(slash_command)]
async fn ping(ctx: Context<'_>) -> Result<(), Error> {
    ctx.say("pong").await?;
    Ok(())
}

/// Defers first, as slow commands must, then answers.
#[poise::command(slash_command)]
async fn slow(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    ctx.say("done").await?;
    Ok(())
}

/// Follow hashtags.
#[poise::command(slash_command, subcommands("track_add"))]
// A parent command: poise requires an async fn, and only its subcommands do any work.
#[allow(clippy::unused_async)]
async fn track(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Start following a hashtag in a channel.
#[poise::command(slash_command, rename = "add")]
async fn track_add(
    ctx: Context<'_>,
    #[description = "The hashtag"]
    #[autocomplete = "complete_hashtag"]
    hashtag: String,
    #[description = "Where to post"]
    #[channel_types("Text")]
    channel: serenity::GuildChannel,
    #[description = "Posts per digest"] limit: Option<u8>,
) -> Result<(), Error> {
    let limit = limit.unwrap_or(10);
    ctx.say(format!(
        "tracking {hashtag} in #{} (limit {limit})",
        channel.name
    ))
    .await?;
    Ok(())
}

// poise calls autocomplete callbacks as async fns; this one has nothing to await.
#[allow(clippy::unused_async)]
async fn complete_hashtag(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let partial = partial.to_lowercase();
    let choices = ["#MedEd", "#MedTwitter", "#Cardiology"]
        .into_iter()
        .filter(|tag| tag.to_lowercase().starts_with(&partial))
        .map(serenity::AutocompleteChoice::from)
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Only for members who can manage the server.
#[poise::command(slash_command, required_permissions = "MANAGE_GUILD")]
async fn admin(ctx: Context<'_>) -> Result<(), Error> {
    ctx.say("ok").await?;
    Ok(())
}

/// The bot's client task; aborted when the test ends.
struct Bot(JoinHandle<()>);

impl Drop for Bot {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn start_bot(fake: &FakeDiscord) -> Bot {
    let http = http_for(fake);
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![ping(), slow(), track(), admin()],
            ..Default::default()
        })
        .setup(|ctx, _ready, framework| {
            Box::pin(async move {
                poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                Ok(())
            })
        })
        .build();
    Bot(tokio::spawn(async move {
        let intents = serenity::GatewayIntents::non_privileged();
        let client = serenity::ClientBuilder::new_with_http(http, intents)
            .framework(framework)
            .await;
        match client {
            Ok(mut client) => {
                if let Err(error) = client.start().await {
                    eprintln!("the test bot stopped: {error}");
                }
            }
            Err(error) => eprintln!("the test bot could not be built: {error}"),
        }
    }))
}

async fn ping_answers(fake: &FakeDiscord) {
    let reply = fake
        .slash(GUILD, "ping")
        .send()
        .await
        .wait_response(STEP)
        .await;
    let reply = reply.expect("the bot answers /ping");
    assert_eq!((reply.kind, reply.content.as_str()), (4, "pong"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poise_bot_registers_and_answers_commands_through_the_fake() {
    let fake = fake_with_guild().await;
    let _bot = start_bot(&fake);

    fake.wait_ready(STEP).await.expect("the bot identifies");
    let commands = fake
        .wait_commands(STEP)
        .await
        .expect("the bot registers its commands");
    let names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["ping", "slow", "track", "admin"]);
    assert_eq!(fake.registered_commands(None).len(), 4);

    ping_answers(&fake).await;

    let slow = fake.slash(GUILD, "slow").send().await;
    let reply = slow
        .wait_response(STEP)
        .await
        .expect("the bot answers /slow");
    assert_eq!(
        (reply.kind, reply.content.as_str(), reply.ephemeral),
        (5, "done", true)
    );
    assert_eq!(slow.all_messages().len(), 2, "a deferral and one follow-up");

    let track = fake
        .slash(GUILD, "track")
        .subcommand("add")
        .string("hashtag", "#MedEd")
        .channel("channel", TEXT)
        .integer("limit", 3)
        .send()
        .await;
    let reply = track
        .wait_response(STEP)
        .await
        .expect("the bot answers /track add");
    assert_eq!(reply.content, "tracking #MedEd in #general (limit 3)");
    let fetched = format!("/api/v10/channels/{TEXT}");
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.method == "GET" && r.path == fetched));

    let typing = fake
        .autocomplete(GUILD, "track")
        .subcommand("add")
        .focused("hashtag", "#med");
    let reply = typing
        .send()
        .await
        .wait_response(STEP)
        .await
        .expect("autocomplete answered");
    let offered: Vec<&str> = reply
        .choices
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!((reply.kind, offered), (8, vec!["#MedEd", "#MedTwitter"]));

    let denied = fake
        .slash(GUILD, "admin")
        .send()
        .await
        .wait_response(STEP)
        .await;
    let denied = denied.expect("poise answers a denial");
    assert!(
        denied.ephemeral && denied.content.contains("lacking permissions"),
        "{denied:?}"
    );
    let allowed = fake.slash(GUILD, "admin").permissions(1 << 5).send().await;
    assert_eq!(
        allowed.wait_response(STEP).await.expect("answered").content,
        "ok"
    );

    fake.assert_no_schema_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poise_bot_keeps_answering_after_the_gateway_is_cut_restarted_or_invalidated() {
    let fake = fake_with_guild().await;
    let _bot = start_bot(&fake);
    fake.wait_ready(STEP).await.expect("the bot identifies");
    ping_answers(&fake).await;
    assert_eq!((fake.identify_count(), fake.resume_count()), (1, 0));

    fake.drop_gateway().await;
    ping_answers(&fake).await;
    assert_eq!(fake.resume_count(), 1, "a cut connection is resumed");

    fake.send_reconnect();
    ping_answers(&fake).await;
    assert_eq!(fake.resume_count(), 2, "op 7 is followed by a resume");

    fake.invalidate_session();
    ping_answers(&fake).await;
    assert_eq!(
        fake.identify_count(),
        2,
        "an invalidated session is identified afresh"
    );

    let payload = &fake.identify_payloads()[0];
    assert_eq!(payload["token"], "Bot fake-token");
    fake.assert_no_schema_violations();
}
