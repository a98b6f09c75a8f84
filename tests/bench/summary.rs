//! P3 (SPEC.md §5) for `/summary`: `summary_for` on the same generated 1,000,000-post store as the
//! digest benchmark, for a drug topic, a hashtag topic and a keyword over 7-day windows; p50, p95
//! and max.
//!
//! `cargo bench --bench summary`; `ROUNDS_BENCH_RUNS` (default 30) scales it.

#[path = "common.rs"]
mod common;
#[path = "corpus.rs"]
mod corpus;
#[path = "dataset.rs"]
mod dataset;

use chrono::Duration;
use rounds::app::summary_service::{summary_for, Summaries, DETAILED_POSTS, REFERENCE_POSTS};
use rounds::config::Settings;
use rounds::domain::summary::topic::Topic;
use rounds::domain::summary::SummaryWindow;
use rounds::domain::GuildId;
use rounds::store::Store;
use std::time::Instant;

/// Where one summary's time goes: each read of the store, then the pure build as the remainder.
async fn breakdown(
    store: &Store,
    guild: GuildId,
    topic: &Topic,
    window: SummaryWindow,
    now: chrono::DateTime<chrono::Utc>,
) {
    let (start, end) = window.bounds(now);
    let mut parts = Vec::new();
    let mut timed = Instant::now();
    let mut lap = |name: &str, parts: &mut Vec<String>| {
        parts.push(format!(
            "{name} {:.1} ms",
            timed.elapsed().as_secs_f64() * 1000.0
        ));
        timed = Instant::now();
    };
    let counted = store
        .topic_hits(guild, Some(topic), start, end)
        .await
        .expect("hits");
    lap(&format!("topic_hits {}", counted.len()), &mut parts);
    let ids: Vec<i64> = counted.iter().map(|hit| hit.post_id).collect();
    let read = store
        .posts_by_id(guild, start, end, &ids, DETAILED_POSTS)
        .await
        .expect("posts");
    lap(&format!("posts_by_id {}", read.len()), &mut parts);
    let rest = store
        .reference_posts(guild, start, end, &ids, REFERENCE_POSTS)
        .await
        .expect("reference");
    lap(&format!("reference_posts {}", rest.len()), &mut parts);
    let _ = store
        .topic_posts_by_author(guild, Some(topic), start - (end - start), start)
        .await
        .expect("previous");
    lap("previous topic_posts_by_author", &mut parts);
    let _ = store.post_links(guild, start, end).await.expect("links");
    lap("post_links", &mut parts);
    println!("  breakdown: {}", parts.join(", "));
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let path = dataset::database().await;
        let store = Store::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("store opens");
        let posts = store.post_count().await.expect("count");
        let settings = Settings::load_from(&[], Vec::new()).expect("default settings");
        let summaries = Summaries::from_settings(&settings.summary).expect("summaries");
        let guild = GuildId::new(dataset::GUILD as u64).expect("guild id");
        let runs = common::env_usize("ROUNDS_BENCH_RUNS", 30);
        let window = SummaryWindow::parse("7d").expect("window");
        let last = dataset::start() + Duration::days(dataset::DAYS);
        println!("{}", common::machine());
        for text in ["semaglutide", "#MedEd", "weight loss"] {
            let topic = Topic::parse(text).expect("topic");
            // One warm-up (a running bot has a warm page cache), then the timed ones.
            let _ = summary_for(&store, &summaries, guild, Some(&topic), window, last).await;
            let mut times = Vec::with_capacity(runs);
            let mut matched = 0;
            for k in 0..runs {
                let now = last - Duration::hours(12 * (k as i64 % 40));
                let started = Instant::now();
                let summary = summary_for(&store, &summaries, guild, Some(&topic), window, now)
                    .await
                    .expect("summary");
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                matched = matched.max(summary.posts);
                std::hint::black_box(&summary);
            }
            times.sort_by(f64::total_cmp);
            let p95 = common::quantile(&times, 0.95);
            println!(
                "P3 /summary topic `{text}`, 7d window, {posts} posts stored, up to {matched} matching, {runs} runs: \
                 p50 {:.1} ms, p95 {p95:.1} ms, max {:.1} ms; target p95 <= 150 ms: {}",
                common::quantile(&times, 0.5),
                times.last().copied().unwrap_or(f64::NAN),
                common::verdict(p95 <= 150.0)
            );
            breakdown(&store, guild, &topic, window, last).await;
        }
        store.close().await;
    });
}
