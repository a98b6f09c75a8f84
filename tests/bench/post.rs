//! P5 (SPEC.md §5): posting digests to 500 channels at once, against Discord's rate limits. A
//! generated store (50 guilds of 10 digest channels, the most a guild may have, all due now, and
//! posts for their digests) is posted by the scheduler's own round (`post_due_digests`) through
//! serenity's `Http` with its real ratelimiter, talking HTTPS to the fake Discord as `discord.com`
//! with Discord's limits enforced: 5 message creates per 5 s per channel (announced in the headers)
//! and 50 requests per second per bot (not announced). Prints the achieved request rate against the
//! allowed one, the 429s the fake answered, and checks every channel got its digest exactly once.
//!
//! `cargo bench --bench post`; `ROUNDS_BENCH_CHANNELS` (default 500) scales it.

#[path = "common.rs"]
mod common;
#[path = "../support/fake_discord.rs"]
mod fake_discord;
#[path = "../support/fake_server.rs"]
mod fake_server;

use chrono::{DateTime, Duration, Timelike, Utc};
use fake_discord::{FakeDiscord, RateLimits};
use poise::serenity_prelude as serenity;
use rounds::app::digest_service::digest_for;
use rounds::config::Settings;
use rounds::discord::pacer::Pacer;
use rounds::discord::render::digest::{digest_messages, run_marker};
use rounds::discord::scheduler::post_due_digests;
use rounds::domain::entities::Tagger;
use rounds::domain::normalize::normalize;
use rounds::domain::post::{Engagement, RawAuthor, RawPost, SourceKind};
use rounds::domain::{ConfigDuration, DigestTime, GuildId, Hashtag, TimeZone};
use rounds::store::digest_channels::{DigestSetup, MAX_DIGEST_CHANNELS_PER_GUILD};
use rounds::store::Store;
use std::collections::HashSet;
use std::time::Instant;

const FIRST_GUILD: u64 = 910_000_000_000_000_000;
const FIRST_CHANNEL: u64 = 920_000_000_000_000_000;
const POSTS: usize = 300;
/// Rounds allowed before the benchmark gives up: one should do.
const MAX_ROUNDS: usize = 3;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let failures = runtime.block_on(run());
    println!("{}", common::machine());
    if !failures.is_empty() {
        eprintln!(
            "P5 correctness check FAILED ({} problems):\n{}",
            failures.len(),
            failures.join("\n")
        );
        std::process::exit(1);
    }
}

async fn run() -> Vec<String> {
    let channels = common::env_usize("ROUNDS_BENCH_CHANNELS", 500);
    let guilds = channels.div_ceil(MAX_DIGEST_CHANNELS_PER_GUILD);
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("post.db").display()
    ))
    .await
    .expect("store opens");
    let slot = Utc::now()
        .with_second(0)
        .unwrap()
        .with_nanosecond(0)
        .unwrap();
    let seeded = Instant::now();
    seed_posts(&store, slot).await;
    let fake = FakeDiscord::start_https().await;
    let mut all_channels = Vec::with_capacity(channels);
    for g in 0..guilds {
        let guild = FIRST_GUILD + g as u64;
        fake.add_guild(guild);
        let id = GuildId::new(guild).expect("guild id");
        store
            .track_hashtag(
                id,
                &Hashtag::parse("MedEd").unwrap(),
                None,
                slot - Duration::days(30),
            )
            .await
            .expect("track");
        for c in 0..MAX_DIGEST_CHANNELS_PER_GUILD.min(channels - all_channels.len()) {
            let channel = FIRST_CHANNEL + (g * MAX_DIGEST_CHANNELS_PER_GUILD + c) as u64;
            fake.add_channel(guild, channel, &format!("digest-{c}"), 0);
            set_up_digest_due_at(&store, id, channel, slot).await;
            all_channels.push(channel);
        }
    }
    println!(
        "store: {POSTS} posts, {guilds} guilds, {channels} digest channels due at {slot} (set up in {:.1} s)",
        seeded.elapsed().as_secs_f64()
    );

    // What the per-round cache saves: one build of a guild's digest, which without it would be
    // repeated for each of the guild's channels.
    let build_started = Instant::now();
    let first = GuildId::new(FIRST_GUILD).expect("guild id");
    let digest = digest_for(&store, first, slot - Duration::days(1), slot, Some(1))
        .await
        .expect("a digest");
    let build_ms = build_started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "one guild's digest ({} posts, {} message parts) builds in {build_ms:.1} ms: {:.1} s if built for each of {channels} channels",
        digest.posts,
        digest_messages(&digest).len(),
        build_ms * channels as f64 / 1000.0
    );

    let limits = RateLimits::discord();
    fake.enforce_rate_limits(limits);
    // serenity's real ratelimiter (on by default) over HTTPS to the fake as discord.com; the
    // gateway is never started.
    let http = serenity::HttpBuilder::new("fake-token")
        .client(fake.https_client().expect("a client for the fake"))
        .build();
    let settings = Settings::load_from(&[], Vec::new()).expect("default settings");
    let pace = settings.discord.requests_per_second;
    let pacer = Pacer::new(pace);

    let started = Instant::now();
    let mut rounds = 0;
    let mut built = 0;
    let mut claimed = 0;
    while rounds < MAX_ROUNDS {
        rounds += 1;
        let outcome = post_due_digests(&http, &store, &pacer, None, Utc::now())
            .await
            .expect("a round of digests");
        built += outcome.built;
        claimed += outcome.claimed;
        let unfinished = store.unfinished_digest_runs().await.expect("ledger");
        if outcome.failed == 0 && unfinished.is_empty() {
            break;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();

    let stats = fake.rate_limit_stats();
    let messages = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/messages") && r.status == 200)
        .count();
    let requests = stats.admitted.len();
    let span = match (stats.admitted.first(), stats.admitted.last()) {
        (Some(first), Some(last)) if requests > 1 => last.abs_diff(*first).as_secs_f64(),
        _ => f64::NAN,
    };
    let allowed = limits.allowed_message_rate(channels);
    let rate = requests as f64 / elapsed;
    let share = rate / allowed;
    let most = stats.most_in_any(std::time::Duration::from_secs(1));
    println!(
        "P5 posting digests to {channels} channels: {messages} messages ({requests} requests) in {elapsed:.2} s, \
         {rounds} round(s), {built} digest builds for {claimed} runs"
    );
    println!(
        "rate {rate:.1} req/s (first to last request: {:.1} req/s); allowed {allowed:.1} req/s = min(global {} req/s, \
         {channels} channels x {} per {} s); busiest 1 s window {most} requests; pace configured {pace} req/s",
        (requests - 1) as f64 / span,
        limits.global_per_second,
        limits.message_create.limit,
        limits.message_create.window.as_secs(),
    );
    println!(
        "share {:.1}% of the allowed rate, {} 429s ({} global, {} route); target >= 80% and zero 429s: {}",
        share * 100.0,
        stats.limited(),
        stats.global_limited,
        stats.route_limited,
        common::verdict(share >= 0.8 && stats.limited() == 0)
    );

    let failures = check_exactly_once(&fake, &store, &all_channels, slot).await;
    println!(
        "correctness: {} of {channels} channels got their digest exactly once",
        channels - failures.len().min(channels)
    );
    store.close().await;
    failures
}

/// Every channel has one run for the slot, fully posted, and its messages are exactly that run's
/// parts, each once, in order.
async fn check_exactly_once(
    fake: &FakeDiscord,
    store: &Store,
    channels: &[u64],
    slot: DateTime<Utc>,
) -> Vec<String> {
    let mut failures = Vec::new();
    for &channel in channels {
        let runs = store.digest_runs(channel).await.expect("runs");
        let [run] = runs.as_slice() else {
            failures.push(format!("channel {channel}: {} runs, not 1", runs.len()));
            continue;
        };
        if run.period_end != slot || run.parts_posted != run.parts_total || run.parts_total == 0 {
            failures.push(format!(
                "channel {channel}: run {} ends {} with {} of {} parts posted",
                run.run_id, run.period_end, run.parts_posted, run.parts_total
            ));
        }
        let footers: Vec<String> = fake
            .channel_messages(channel)
            .iter()
            .filter_map(|m| {
                m["embeds"]
                    .as_array()?
                    .iter()
                    .rev()
                    .find_map(|e| e["footer"]["text"].as_str().map(str::to_owned))
            })
            .collect();
        let expected: Vec<String> = (0..run.parts_total)
            .map(|part| run_marker(run.run_id, part, run.parts_total))
            .collect();
        let in_order = footers.len() == expected.len()
            && footers.iter().zip(&expected).all(|(f, e)| f.contains(e));
        if !in_order {
            failures.push(format!(
                "channel {channel}: {} messages posted, expected the {} parts of run {} once each",
                footers.len(),
                expected.len(),
                run.run_id
            ));
        }
    }
    let distinct: HashSet<u64> = channels.iter().copied().collect();
    if distinct.len() != channels.len() {
        failures.push("duplicate channel ids in the benchmark itself".to_owned());
    }
    failures
}

/// A digest whose UTC time is `slot`, set up the day before, so exactly one period is due.
async fn set_up_digest_due_at(store: &Store, guild: GuildId, channel: u64, slot: DateTime<Utc>) {
    store
        .set_up_digest(
            guild,
            &DigestSetup {
                channel_id: channel,
                time: DigestTime::parse(&slot.format("%H:%M").to_string()).unwrap(),
                timezone: TimeZone::parse("UTC").unwrap(),
                window: ConfigDuration::parse("24h").unwrap(),
            },
            slot - Duration::days(1),
        )
        .await
        .expect("digest set up");
}

/// `POSTS` #MedEd posts over the day before `slot`, so every guild's digest has content.
async fn seed_posts(store: &Store, slot: DateTime<Utc>) {
    let tagger = Tagger::bundled();
    let mut normalized = Vec::with_capacity(POSTS);
    for i in 0..POSTS {
        let raw = RawPost {
            source: SourceKind::Mastodon,
            origin: "med-mastodon.example".into(),
            remote_id: format!("https://med-mastodon.example/statuses/{i}"),
            uri: format!("https://med-mastodon.example/statuses/{i}"),
            url: Some(format!("https://med-mastodon.example/@doc{}/{i}", i % 40)),
            author: RawAuthor {
                remote_id: format!("https://med-mastodon.example/users/doc{}", i % 40),
                handle: format!("@doc{}@med-mastodon.example", i % 40),
                ..RawAuthor::default()
            },
            title: None,
            text: format!(
                "Teaching point {i}: apixaban dosing in CKD, and when to stop metformin #MedEd \
                 https://www.nejm.org/doi/full/10.1056/NEJMoa{}",
                2_300_000 + i % 25
            ),
            language: Some("en".into()),
            created_at: slot - Duration::minutes(5 + (i as i64 * 4) % 1400),
            engagement: Engagement {
                likes: (i * 7 % 300) as u64,
                reposts: (i % 40) as u64,
                ..Engagement::default()
            },
            hashtags: vec!["MedEd".into()],
            links: vec![],
            reply_to: None,
            quote_of: None,
            repost_of: None,
            mentions: vec![],
        };
        normalized.push(normalize(raw, tagger).expect("normalize"));
    }
    store
        .commit_posts("bench:seed", None, &normalized, Utc::now())
        .await
        .expect("commit posts");
}
