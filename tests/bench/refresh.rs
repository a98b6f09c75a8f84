//! The refresh stage's cost (issue #15): requests an hour for a steady 10,000 new posts a day, at the
//! default `sources.refresh` interval and max_age, against each service's published budget, from the
//! same caps and batch sizes the refreshers use (`rounds::ingest::refresh::cost`). No database and no
//! network: what a pass sends follows from the caps alone, and the passes themselves are tested
//! against fakes in `tests/ingest/refresh.rs`.
//!
//! `cargo bench --bench refresh`; `ROUNDS_BENCH_POSTS_PER_DAY` (default 10000) changes the rate.

#[path = "common.rs"]
mod common;

use rounds::config::Settings;
use rounds::ingest::refresh::cost::{cost, Lookup, X_DOLLARS_PER_POST_READ};
use rounds::ingest::refresh::Schedule;

fn main() {
    let posts_per_day: usize = std::env::var("ROUNDS_BENCH_POSTS_PER_DAY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let settings = Settings::load(&[]).expect("the compiled-in defaults load");
    let schedule = Schedule::from_settings(&settings);
    println!("{}", common::machine());
    println!(
        "refresh cost: {posts_per_day} new posts a day, every one from the service in question (its \
         worst case) and each by a different author; interval {} min, max_age {} h",
        schedule.interval.as_secs() / 60,
        schedule.max_age.as_secs() / 3600,
    );
    println!(
        "{:<15} {:>8} {:>10} {:>10} {:>10} {:>14} {:>8} {:>11}",
        "service",
        "tracked",
        "req/pass",
        "posts/pass",
        "req/hour",
        "budget/hour",
        "share",
        "full round"
    );
    for lookup in Lookup::ALL {
        let c = cost(lookup, posts_per_day, schedule);
        let budget = lookup.budget();
        println!(
            "{:<15} {:>8} {:>10} {:>10} {:>10.0} {:>14} {:>7.2}% {:>9.1} h",
            lookup.name(),
            c.tracked,
            c.requests_per_pass,
            c.posts_per_pass,
            c.requests_per_hour,
            format!(
                "{:.0} /{}",
                budget.per_hour(),
                budget.whom.split(',').next().unwrap_or("")
            ),
            c.share_of_budget * 100.0,
            c.full_round.as_secs_f64() / 3600.0,
        );
        if lookup == Lookup::X {
            let per_day = c.posts_read_per_day;
            println!(
                "X bills each post read: {per_day:.0} a day, ${:.2} a day, {:.0} a 30-day month \
                 ({:.1}% of the 3,000,000-read monthly cap); only with sources.x.refresh = true",
                per_day * X_DOLLARS_PER_POST_READ,
                per_day * 30.0,
                per_day * 30.0 / 3_000_000.0 * 100.0,
            );
        }
    }
    println!(
        "Mastodon's budget is per account on each instance and shared with polling; one refresh \
         task per instance, so the share is per instance."
    );
}
