//! P3 (SPEC.md §5): building a guild's digest (`digest_for`, what `/digest preview|now`, the
//! scheduler and `rounds digest` call) on a 1,000,000-post store: 50 builds of 24-hour windows spread
//! over the 30 days, timed one by one; p50, p95 and max. The database is generated once and cached
//! (see `dataset.rs`).
//!
//! `cargo bench --bench digest`; `ROUNDS_BENCH_DB_POSTS`, `ROUNDS_BENCH_REBUILD=1`,
//! `ROUNDS_BENCH_RUNS` (default 50) scale it.

#[path = "common.rs"]
mod common;
#[path = "corpus.rs"]
mod corpus;
#[path = "dataset.rs"]
mod dataset;

use chrono::Duration;
use rounds::app::digest_service::digest_for;
use rounds::domain::GuildId;
use rounds::store::digests::{Texts, MAX_DIGEST_POSTS};
use rounds::store::Store;
use std::time::Instant;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let path = dataset::database().await;
        let store = Store::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("store opens");
        let posts = store.post_count().await.expect("count");
        let guild = GuildId::new(dataset::GUILD as u64).expect("guild id");
        let runs = common::env_usize("ROUNDS_BENCH_RUNS", 50);
        let last = dataset::start() + Duration::days(dataset::DAYS);
        // One warm-up build (as a running bot has a warm page cache), then the timed ones.
        let _ = digest_for(&store, guild, last - Duration::days(1), last, None)
            .await
            .expect("digest");
        let mut times = Vec::with_capacity(runs);
        let (mut fewest, mut most) = (usize::MAX, 0);
        for k in 0..runs {
            // Windows ending every 12 hours back from the end of the data: days 5 to 30.
            let end = last - Duration::hours(12 * (k as i64 % 50));
            let started = Instant::now();
            let digest = digest_for(&store, guild, end - Duration::days(1), end, None)
                .await
                .expect("digest");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            fewest = fewest.min(digest.posts);
            most = most.max(digest.posts);
            std::hint::black_box(&digest);
        }
        times.sort_by(f64::total_cmp);
        let p95 = common::quantile(&times, 0.95);
        println!(
            "P3 digest_for, 24 h window, {posts} posts stored, {fewest}-{most} of the guild's posts per window, {runs} builds: \
             p50 {:.1} ms, p95 {p95:.1} ms, max {:.1} ms; target p95 <= 150 ms: {}",
            common::quantile(&times, 0.5),
            times.last().copied().unwrap_or(f64::NAN),
            common::verdict(p95 <= 150.0)
        );
        // Where the time goes, on the last window: the store's reads, then the pure build.
        let (start, end) = (last - Duration::days(1), last);
        let t = Instant::now();
        let posts_read = store
            .digest_posts_up_to(guild, start, end, MAX_DIGEST_POSTS, Texts::Skip)
            .await
            .expect("posts");
        let t_posts = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let with_texts = store.digest_posts(guild, start, end).await.expect("posts");
        let t_texts = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let _ = store
            .digest_previous_window(guild, start - Duration::days(1), start)
            .await
            .expect("previous");
        let t_previous = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let _ = store.digest_feed_items(guild, start, end).await.expect("feeds");
        let t_feeds = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "breakdown (last window): digest_posts {t_posts:.1} ms ({} posts with children, without \
             texts, as digest_for reads them; {t_texts:.1} ms for {} with texts), \
             digest_previous_window {t_previous:.1} ms, digest_feed_items {t_feeds:.1} ms; \
             the rest of digest_for (tracked tags, build_digest, the shown posts' texts, paper \
             titles) is the remainder",
            posts_read.len(),
            with_texts.len()
        );
        store.close().await;
    });
    println!("{}", common::machine());
}
