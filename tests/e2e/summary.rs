//! `/summary`, `/voices` and `/trend` end to end: answers with valid bodies, the chart as a PNG
//! attachment, relayed text that cannot ping, excluded authors nowhere, clear answers for empty and
//! hostile topics, and the optional LLM summary with its fallback.

use crate::app::*;
use crate::fake_discord::InteractionReply;
use crate::fake_llm::FakeLlm;
use chrono::{Duration, Utc};
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::normalize;
use rounds::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;

const EXCLUDED: &str = "@spammer@med-mastodon.example";
/// The `window` choice for 7d (poise sends choices as their index).
const SEVEN_DAYS: i64 = 1;

struct Seed<'a> {
    author: &'a str,
    bio: &'a str,
    text: &'a str,
    reply_to: Option<usize>,
    likes: u64,
    hours_ago: i64,
}

/// Guild A tracks #MedEd; doc0 (MD, PhD) starts a thread others reply to; an excluded account
/// posts too; one post is hostile.
pub(crate) async fn seed(app: &TestApp) {
    let store = Store::open(&app.database_url).await.unwrap();
    let guild = GuildId::new(GUILD_A).unwrap();
    store
        .track_hashtag(
            guild,
            &Hashtag::parse("MedEd").unwrap(),
            None,
            Utc::now() - Duration::days(40),
        )
        .await
        .unwrap();
    let seeds = [
        Seed { author: "doc0", bio: "Cardiologist, MD, PhD", text: "Semaglutide cut MACE by 20% in SELECT, a landmark cardiology trial #MedEd https://www.nejm.org/doi/full/10.1056/NEJMoa2307563", reply_to: None, likes: 40, hours_ago: 30 },
        Seed { author: "doc1", bio: "ICU nurse, RN", text: "Replying: semaglutide supply shortages are hitting our pharmacy #MedEd", reply_to: Some(0), likes: 5, hours_ago: 20 },
        Seed { author: "doc2", bio: "MS3 who loves cardiology", text: "Great thread on semaglutide and weight loss cardiology outcomes #MedEd", reply_to: Some(0), likes: 3, hours_ago: 10 },
        Seed { author: "doc3", bio: "Posts about medicine", text: "@everyone **Semaglutide** pancreatitis worries <@123> [x](https://phish.example) #MedEd", reply_to: None, likes: 100, hours_ago: 5 },
        Seed { author: "spammer", bio: "MD (not really)", text: "Semaglutide zzspamword buy now cardiology #MedEd", reply_to: Some(0), likes: 900, hours_ago: 2 },
        Seed { author: "doc1", bio: "ICU nurse, RN", text: "Apixaban dosing in CKD, a teaching point #MedEd", reply_to: None, likes: 2, hours_ago: 50 },
        Seed { author: "doc2", bio: "MS3 who loves cardiology", text: "Older semaglutide post from last week #MedEd", reply_to: None, likes: 1, hours_ago: 24 * 9 },
    ];
    let tagger = Tagger::bundled();
    let uri = |i: usize| format!("https://med-mastodon.example/statuses/{i}");
    let posts: Vec<_> = seeds
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let raw = RawPost {
                source: SourceKind::Mastodon,
                origin: "med-mastodon.example".into(),
                remote_id: uri(i),
                uri: uri(i),
                url: Some(format!("https://med-mastodon.example/@{}/{i}", s.author)),
                author: RawAuthor {
                    remote_id: format!("https://med-mastodon.example/users/{}", s.author),
                    handle: format!("@{}@med-mastodon.example", s.author),
                    bio: Some(s.bio.to_owned()),
                    ..RawAuthor::default()
                },
                title: None,
                text: s.text.to_owned(),
                language: Some("en".into()),
                created_at: Utc::now() - Duration::hours(s.hours_ago),
                engagement: Engagement {
                    likes: s.likes,
                    ..Engagement::default()
                },
                hashtags: vec!["MedEd".into()],
                links: vec![],
                reply_to: s.reply_to.map(uri),
                quote_of: None,
                repost_of: None,
                mentions: vec![],
            };
            normalize(raw, tagger).unwrap()
        })
        .collect();
    store
        .commit_posts("test:seed", None, &posts, Utc::now())
        .await
        .unwrap();
    store.close().await;
}

pub(crate) async fn spawn_seeded(extra_env: &[(&str, &str)]) -> TestApp {
    let mut app = prepare_app().await;
    seed(&app).await;
    app.set_env(
        "ROUNDS__SUMMARY__EXCLUDED_AUTHORS",
        &format!("[\"{EXCLUDED}\"]"),
    );
    for (name, value) in extra_env {
        app.set_env(name, value);
    }
    app.start_bot().await;
    app
}

async fn ask(app: &TestApp, command: &str, topic: Option<&str>) -> InteractionReply {
    let mut slash = app
        .fake
        .slash(GUILD_A, command)
        .user(MEMBER)
        .integer("window", SEVEN_DAYS);
    if let Some(topic) = topic {
        slash = slash.string("topic", topic);
    }
    let invocation = slash.send().await;
    invocation
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no answer to /{command}: {e}\n{}", app.logs()))
}

/// The PNG the bot attached to its latest follow-up, with its IHDR width and height.
fn attached_png(app: &TestApp) -> (Vec<u8>, u32, u32) {
    let request = app
        .fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| !r.attachments.is_empty())
        .expect("a request with an attachment");
    assert_eq!(request.attachments[0].0, "trend.png");
    let png = request.attachment_contents[0].clone();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!(png[24..26], [8, 3], "8-bit palette");
    assert!(png.windows(4).any(|w| w == b"IDAT"));
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (png, width, height)
}

pub(crate) fn text_of(reply: &InteractionReply) -> String {
    format!(
        "{}{}",
        reply.content,
        serde_json::Value::Array(reply.embeds.clone())
    )
}

#[tokio::test]
async fn a_summary_shows_the_topic_with_a_chart_and_nothing_that_can_ping() {
    let app = spawn_seeded(&[]).await;
    let reply = ask(&app, "summary", Some("semaglutide")).await;
    assert_eq!(reply.kind, 5, "deferred, then followed up");
    let embed = &reply.embeds[0];
    let description = embed["description"].as_str().unwrap();
    assert!(
        description.contains("**4** posts from **4** people"),
        "{description}"
    );
    assert!(
        description.contains("Representative posts"),
        "{description}"
    );
    assert!(
        description.contains("https://med-mastodon.example/@doc0/0"),
        "cited with links: {description}"
    );
    assert!(description.contains("Key terms"), "{description}");
    assert_eq!(embed["image"]["url"], "attachment://trend.png");
    assert_eq!(
        reply.raw["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    let whole = text_of(&reply);
    assert!(whole.contains("\\\\@everyone"), "escaped: {whole}");
    assert!(!whole.contains("](https://phish.example)"), "{whole}");
    assert!(
        !whole.contains("spammer") && !whole.contains("zzspamword"),
        "excluded: {whole}"
    );
    assert!(whole.contains("MD, PhD"), "doc0's stated roles: {whole}");
    let (png, width, height) = attached_png(&app);
    assert_eq!((width, height), (720, 320));
    assert!(png.len() < 50_000, "compressed: {} bytes", png.len());
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn voices_rank_by_engagement_and_by_the_reply_graph_without_excluded_authors() {
    let app = spawn_seeded(&[]).await;
    let reply = ask(&app, "voices", None).await;
    let embed = &reply.embeds[0];
    let fields = embed["fields"].as_array().unwrap();
    let central = fields
        .iter()
        .find(|f| f["name"] == "Central in the conversation")
        .expect("a PageRank field");
    let first = central["value"]
        .as_str()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(
        first.contains("doc0") && first.contains("(MD, PhD)"),
        "{first}"
    );
    let whole = text_of(&reply);
    assert!(
        whole.contains("(nurse, RN)") && whole.contains("(MS3)"),
        "{whole}"
    );
    assert!(!whole.contains("spammer"), "{whole}");
    assert!(!whole.contains("(not really)"), "{whole}");
    assert_eq!(
        reply.raw["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn a_trend_is_the_chart_with_its_numbers_and_the_change() {
    let app = spawn_seeded(&[]).await;
    let reply = ask(&app, "trend", Some("#MedEd")).await;
    let embed = &reply.embeds[0];
    let description = embed["description"].as_str().unwrap();
    assert!(description.contains("**5** posts"), "{description}");
    assert!(description.contains("up 400% from 1"), "{description}");
    assert_eq!(embed["image"]["url"], "attachment://trend.png");
    let numbers = embed["fields"][0]["value"].as_str().unwrap();
    assert_eq!(numbers.split(" · ").count(), 7, "{numbers}");
    let (png, width, height) = attached_png(&app);
    assert_eq!((width, height), (720, 320));
    assert!(png.len() < 50_000, "compressed: {} bytes", png.len());
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn an_empty_topic_says_so_and_hostile_topics_do_not_fail() {
    let app = spawn_seeded(&[]).await;
    let reply = ask(&app, "summary", Some("semaglutid")).await;
    assert!(
        reply.content.contains("No posts about **semaglutid**"),
        "{}",
        reply.content
    );
    assert!(reply.content.contains("Try:"), "{}", reply.content);
    assert!(
        reply.content.to_lowercase().contains("semaglutide"),
        "near topic: {}",
        reply.content
    );
    for hostile in ["\"", "NEAR(", "*", "a\" OR \"b", "zz@everyone"] {
        let reply = ask(&app, "summary", Some(hostile)).await;
        assert!(
            !reply.content.contains("Sorry"),
            "{hostile}: {}",
            reply.content
        );
        assert!(
            reply.content.contains("No posts about"),
            "{hostile}: {}",
            reply.content
        );
        assert!(!reply.content.contains(" @everyone"), "{}", reply.content);
    }
    // A topic that does match hostile text: every relayed `@everyone` is escaped.
    let reply = ask(&app, "summary", Some("@everyone")).await;
    let whole = text_of(&reply);
    assert!(whole.contains("\\\\@everyone"), "{whole}");
    assert!(
        !whole.replace("\\\\@everyone", "").contains("@everyone"),
        "{whole}"
    );
    assert_eq!(
        reply.raw["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    let reply = ask(&app, "trend", Some("NEAR(")).await;
    assert!(!reply.content.contains("Sorry"), "{}", text_of(&reply));
    assert!(!app.logs().contains("command failed"), "{}", app.logs());
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn the_llm_summary_cites_the_posts_and_failures_fall_back() {
    let llm = FakeLlm::start().await;
    llm.answer(
        200,
        "Semaglutide cut MACE in SELECT [1]. Supply is short [2]. A claim from nowhere [9]. No citation here.",
    );
    let base = llm.base();
    let app = spawn_seeded(&[
        ("ROUNDS__SUMMARY__LLM__ENABLED", "true"),
        ("ROUNDS__SUMMARY__LLM__ENDPOINT", &base),
        ("ROUNDS__SUMMARY__LLM__MODEL", "test-model"),
        ("ROUNDS__SUMMARY__LLM__API_KEY", "llm-secret"),
    ])
    .await;
    let reply = ask(&app, "summary", Some("semaglutide")).await;
    let description = reply.embeds[0]["description"].as_str().unwrap().to_owned();
    assert!(description.contains("In brief"), "{description}");
    assert!(
        description.contains("Semaglutide cut MACE in SELECT ([1]("),
        "{description}"
    );
    assert!(
        !description.contains("nowhere") && !description.contains("No citation"),
        "{description}"
    );
    let requests = llm.requests();
    assert_eq!(requests[0].0.as_deref(), Some("Bearer llm-secret"));
    assert_eq!(requests[0].1["model"], "test-model");
    let prompt = requests[0].1["messages"][1]["content"].as_str().unwrap();
    assert!(
        prompt.contains("[1] ") && !prompt.contains("zzspamword"),
        "{prompt}"
    );

    llm.answer(500, "");
    let reply = ask(&app, "summary", Some("semaglutide")).await;
    let description = reply.embeds[0]["description"].as_str().unwrap();
    assert!(!description.contains("In brief"), "{description}");
    assert!(
        description.contains("Representative posts"),
        "{description}"
    );
    llm.answer(200, "Nothing cited at all.");
    let reply = ask(&app, "summary", Some("semaglutide")).await;
    assert!(!reply.embeds[0]["description"]
        .as_str()
        .unwrap()
        .contains("In brief"));
    app.fake.assert_no_schema_violations();
}

#[tokio::test]
async fn topics_autocomplete_from_tracked_tags_and_known_entities() {
    let app = spawn_seeded(&[]).await;
    let reply = app
        .fake
        .autocomplete(GUILD_A, "summary")
        .user(MEMBER)
        .focused("topic", "sema")
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    let names: Vec<&str> = reply
        .choices
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(
        names.iter().any(|n| n.eq_ignore_ascii_case("semaglutide")),
        "{names:?}"
    );
    let reply = app
        .fake
        .autocomplete(GUILD_A, "trend")
        .user(MEMBER)
        .focused("topic", "#med")
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap();
    assert_eq!(reply.choices[0]["name"], "#MedEd");
}

#[tokio::test]
async fn rounds_summary_prints_the_same_without_discord() {
    let app = prepare_app().await;
    seed(&app).await;
    let run = |format: &'static str| {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
        configure(
            &mut command,
            &app.fake.api_base(),
            &app.database_url,
            &std::env::temp_dir(),
        );
        command
            .env(
                "ROUNDS__SUMMARY__EXCLUDED_AUTHORS",
                format!("[\"{EXCLUDED}\"]"),
            )
            .args(["summary", "--guild", &GUILD_A.to_string()])
            .args([
                "--topic",
                "semaglutide",
                "--window",
                "7d",
                "--format",
                format,
            ]);
        async move { command.output().await.expect("rounds runs") }
    };
    let markdown = run("markdown").await;
    assert!(markdown.status.success(), "{markdown:?}");
    let text = String::from_utf8(markdown.stdout).unwrap();
    assert!(text.starts_with("## Summary"), "{text}");
    assert!(text.contains("**4** posts"), "{text}");
    assert!(!text.contains("spammer"), "{text}");
    let json = run("json").await;
    assert!(json.status.success(), "{json:?}");
    let body: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(body["volume"].as_array().unwrap().len(), 7);
    assert!(body["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Representative posts"));
}

/// `/voices exclude:` from `user` with `perms`, or `include:` when `exclude` is false.
async fn change(
    app: &TestApp,
    option: &str,
    author: &str,
    user: u64,
    perms: u64,
) -> InteractionReply {
    app.fake
        .slash(GUILD_A, "voices")
        .user(user)
        .permissions(perms)
        .string(option, author)
        .send()
        .await
        .wait_response(STEP)
        .await
        .unwrap_or_else(|e| panic!("no answer to /voices {option}: {e}\n{}", app.logs()))
}

#[tokio::test]
async fn moderators_exclude_an_author_from_their_guilds_voices_summaries_and_digests() {
    let app = spawn_seeded(&[]).await;
    let guild = GuildId::new(GUILD_A).unwrap();
    let refused = change(&app, "exclude", "@doc1@med-mastodon.example", MEMBER, 0).await;
    assert!(
        refused.ephemeral && refused.content.contains("Manage Server"),
        "{}",
        refused.content
    );
    let bad = change(&app, "exclude", "<@123> everyone", MODERATOR, MANAGE_GUILD).await;
    assert!(
        bad.ephemeral && bad.content.contains("Nothing was changed"),
        "{}",
        bad.content
    );
    let store = Store::open(&app.database_url).await.unwrap();
    assert!(store
        .guild_excluded_authors(guild)
        .await
        .unwrap()
        .is_empty());

    let done = change(
        &app,
        "exclude",
        "@Doc1@Med-Mastodon.example",
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(
        done.ephemeral && done.content.contains("now left out"),
        "{}",
        done.content
    );
    assert_eq!(
        store.guild_excluded_authors(guild).await.unwrap(),
        ["doc1@med-mastodon.example"]
    );
    assert!(store
        .guild_excluded_authors(GuildId::new(GUILD_B).unwrap())
        .await
        .unwrap()
        .is_empty());
    let voices = text_of(&ask(&app, "voices", None).await);
    assert!(
        !voices.contains("doc1") && !voices.contains("(nurse, RN)"),
        "{voices}"
    );
    let summary = text_of(&ask(&app, "summary", Some("#MedEd")).await);
    assert!(!summary.contains("supply shortages"), "{summary}");
    let now = Utc::now();
    let digest =
        rounds::app::digest_service::digest_for(&store, guild, now - Duration::days(7), now, None)
            .await
            .unwrap();
    assert!(
        digest
            .top_posts
            .iter()
            .all(|p| !p.post.author.handle.contains("doc1"))
            && digest
                .voices
                .iter()
                .all(|v| !v.author.handle.contains("doc1")),
        "{digest:?}"
    );
    assert_eq!(
        digest.authors, 4,
        "doc0, doc2, doc3 and spammer (no config list here)"
    );

    let back = change(
        &app,
        "include",
        "doc1@med-mastodon.example",
        MODERATOR,
        MANAGE_GUILD,
    )
    .await;
    assert!(back.content.contains("shown again"), "{}", back.content);
    let voices = text_of(&ask(&app, "voices", None).await);
    assert!(voices.contains("(nurse, RN)"), "{voices}");
    store.close().await;
    app.fake.assert_no_schema_violations();
}
