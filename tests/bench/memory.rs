//! P4 (SPEC.md §5): resident memory with the bundled lexicons loaded and the 1,000,000-post store
//! open, after a digest of it has been built (VmRSS and its peak VmHWM, from /proc/self/status).
//! Uses the database the digest benchmark generates and caches (generating it if missing).
//!
//! `cargo bench --bench memory`; `ROUNDS_BENCH_DB_POSTS`, `ROUNDS_BENCH_REBUILD=1` as for `digest`.

#[path = "common.rs"]
mod common;
#[path = "corpus.rs"]
mod corpus;
#[path = "dataset.rs"]
mod dataset;

use chrono::Duration;
use rounds::app::digest_service::digest_for;
use rounds::domain::entities::Tagger;
use rounds::domain::GuildId;
use rounds::store::Store;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let path = runtime.block_on(dataset::database());
    if std::env::var("ROUNDS_BENCH_FRESH").as_deref() != Ok("1") {
        // Generating the database in this process would inflate the peak: measure in a fresh one.
        let status = std::process::Command::new(std::env::current_exe().expect("own path"))
            .env("ROUNDS_BENCH_FRESH", "1")
            .status()
            .expect("re-run");
        std::process::exit(status.code().unwrap_or(1));
    }
    let (rss, _) = common::rss_mib();
    println!("P4 memory: at start {rss:.1} MiB resident");
    let tagger = Tagger::bundled();
    let (rss, _) = common::rss_mib();
    println!(
        "with Tagger::bundled() loaded ({} variants, lookup tables {:.1} MiB, read in place from the binary): {rss:.1} MiB",
        tagger.variant_count(),
        tagger.table_bytes() as f64 / 1_048_576.0
    );
    let (posts, digest_posts) = runtime.block_on(async {
        let store = Store::open(&format!("sqlite://{}", path.display()))
            .await
            .expect("store opens");
        let posts = store.post_count().await.expect("count");
        let guild = GuildId::new(dataset::GUILD as u64).expect("guild id");
        let end = dataset::start() + Duration::days(dataset::DAYS);
        let mut n = 0;
        for k in 0..5 {
            let end = end - Duration::days(k);
            let digest = digest_for(&store, guild, end - Duration::days(1), end, None)
                .await
                .expect("digest");
            n = digest.posts;
        }
        // The store stays open: memory is read with it open.
        std::mem::forget(store);
        (posts, n)
    });
    let (rss, hwm) = common::rss_mib();
    println!(
        "P4 figure: {posts} posts stored, store open, 5 digests built ({digest_posts} posts in the last): \
         VmRSS {rss:.1} MiB, VmHWM (peak) {hwm:.1} MiB; target <= 150 MB: {}",
        common::verdict(hwm * 1.048_576 <= 150.0)
    );
    println!("{}", common::machine());
}
