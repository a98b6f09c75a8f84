//! Measures the surge detector (`rounds::domain::surge`) on labelled synthetic series against the
//! naive rule "the last 24 hours hold more than 3× the 24 hours before" (issue #16).
//!
//! The detector's thresholds were tuned on the seeds of `TUNING_SEEDS` with `tuning_mix`. The seeds
//! of `HELD_OUT_SEEDS`, drawn from a different mix (other lengths of history, levels, rhythms, a
//! ramped surge start, other surge sizes and lengths), were not run until the tuning was done. Their
//! precision was poor; the noise allowance was then made data-driven and retuned on the tuning seeds
//! only, and `SECOND_HELD_OUT_SEEDS`, from a third mix written before that change was measured, was
//! run once afterwards. Then `THIRD_HELD_OUT_SEEDS`, from a fourth mix, was written and committed
//! before anything else changed; the detector was retuned on the three earlier batches together
//! (all of them seen by then), and the third held-out batch was run once, after the last change: it
//! was the clean figure. It failed the naive-rule comparison on precision, so
//! `FOURTH_HELD_OUT_SEEDS`, from a fifth mix, was written and committed before the detector was
//! changed again (tuned on the four batches above together), and run once after that change.
//! Likewise `FIFTH_HELD_OUT_SEEDS`, from a sixth mix, was written and committed before the
//! detector was changed again (tuned on the five batches above together), and run once after the
//! last change: its figures were the clean ones (0.503 / 0.855), and its assertions were added after
//! that run. Its false alerts were then read (holidays a week earlier scaling a whole day's usual
//! counts down, conference plateaus) and the detector changed, tuned on all six batches together.
//! `SIXTH_HELD_OUT_SEEDS`, from a seventh mix written by a helper who had not read the detector, was
//! committed (and frozen, `checks`) before any run of the detector on it, and run once after that
//! last change: its figures were the clean ones (0.378 / 0.579). Its false alerts and misses were
//! then read case by case against the planted truth (`diagnose`, `SURGE_DIAG=1`) and the detector
//! changed (pooled same-hour points), tuned on all seven batches together: its figures are now a
//! fit, not generalisation. `SEVENTH_HELD_OUT_SEEDS`, from an eighth mix (`generator::wild`)
//! written by another helper who had not read the detector, was committed and frozen (`checks`)
//! before any run of the detector on it, while the detector was tuned on the seventh mix, and run
//! once after that tuning's last change: its figures are the clean ones. Each batch's figures are
//! floors (rounded down) its
//! test asserts. All figures are printed
//! (`cargo test --test surge -- --nocapture`) and copied into the README.
//!
//! The naive rule is given the same minimum volume as the detector, and is scored twice: on the
//! same counts the detector sees (distinct authors of original posts) and on all posts, reposts
//! included, as a naive counter would count them.

mod checks;
mod diagnose;
mod generator;
mod mixes;
mod score;

use generator::{batch, Mix, Series};
use mixes::{
    fifth_held_out_mix, fourth_held_out_mix, held_out_mix, second_held_out_mix,
    seventh_held_out_mix, sixth_held_out_mix, third_held_out_mix, tuning_mix,
};
use rounds::domain::surge::{assess, naive_day_over_day, Sensitivity};
use score::{score, Tally};

const TUNING_SEEDS: std::ops::RangeInclusive<u64> = 1..=30;
const HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 7001..=7030;
const SECOND_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 9001..=9030;
const THIRD_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 12001..=12030;
const FOURTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 15001..=15030;
const FIFTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 18001..=18030;
const SIXTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 21001..=21030;
/// The eighth mix's batch (`seventh_held_out_mix`), run once, clean.
const SEVENTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 22001..=22030;

struct Figures {
    detector: Tally,
    naive_authors: Tally,
    naive_posts: Tally,
}

fn measure(seeds: std::ops::RangeInclusive<u64>, mix: &Mix) -> Figures {
    let series: Vec<Series> = seeds.flat_map(|seed| batch(seed, mix)).collect();
    let sensitivity = Sensitivity::Normal;
    let min = sensitivity.thresholds().min_authors;
    Figures {
        detector: score(&series, "detector", |s, t| {
            assess(&s.authors[..=t], sensitivity).is_some()
        }),
        naive_authors: score(&series, "naive", |s, t| {
            naive_day_over_day(&s.authors[..=t], min)
        }),
        naive_posts: score(&series, "naive-posts", |s, t| {
            naive_day_over_day(&s.posts[..=t], min)
        }),
    }
}

fn report(name: &str, f: &Figures) {
    println!("\n{name}: {} target surges", f.detector.targets);
    println!("| rule | precision | recall (≤2 h) | median delay | mean delay | false alerts (on decoys) |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (rule, t) in [
        ("detector (normal)", &f.detector),
        ("naive 3× day, authors", &f.naive_authors),
        ("naive 3× day, all posts", &f.naive_posts),
    ] {
        println!(
            "| {rule} | {:.3} | {:.3} | {:.1} h | {:.2} h | {} ({}) |",
            t.precision(),
            t.recall(),
            t.median_delay(),
            t.mean_delay(),
            t.false_alerts,
            t.false_on_decoys
        );
    }
}

fn assert_beats_naive(f: &Figures) {
    for naive in [&f.naive_authors, &f.naive_posts] {
        assert!(
            f.detector.precision() > naive.precision(),
            "detector precision {:.3} does not beat the naive rule's {:.3}",
            f.detector.precision(),
            naive.precision()
        );
        assert!(
            f.detector.recall() > naive.recall(),
            "detector recall {:.3} does not beat the naive rule's {:.3}",
            f.detector.recall(),
            naive.recall()
        );
    }
}

/// The detector's precision and recall may not fall below the figures measured with the final
/// detector (README), rounded down: a change that loses quality on any batch fails here.
fn assert_floors(f: &Figures, precision: f64, recall: f64) {
    assert!(
        f.detector.precision() >= precision,
        "detector precision {:.3} below its measured {precision}",
        f.detector.precision()
    );
    assert!(
        f.detector.recall() >= recall,
        "detector recall {:.3} below its measured {recall}",
        f.detector.recall()
    );
}

#[test]
fn the_detector_beats_the_naive_rule_and_meets_its_targets_on_the_tuning_seeds() {
    let figures = measure(TUNING_SEEDS, &tuning_mix());
    report("tuning seeds 1-30", &figures);
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // The targets (0.9 and 0.9), and the measured 0.992 / 0.905 (0.983 / 0.905 before the pooled
    // same-hour points; 0.913 recall before the young-series score threshold was raised).
    assert!(figures.detector.precision() >= 0.9);
    assert!(figures.detector.recall() >= 0.9);
    assert_floors(&figures, 0.99, 0.90);
}

#[test]
fn the_detector_beats_the_naive_rule_on_held_out_seeds_of_another_mix() {
    let figures = measure(HELD_OUT_SEEDS, &held_out_mix());
    report(
        "held-out seeds 7001-7030 (other mix; seen, tuned on)",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured 0.920 / 0.817 (tuned on; 0.906 / 0.823 before the pooled same-hour points, whose
    // recall floor 0.82 was lowered by one surge for the other batches' gains; 0.897 / 0.817 before
    // the exceptional days and the plateau test).
    assert_floors(&figures, 0.92, 0.81);
}

#[test]
fn the_detector_beats_the_naive_rule_on_a_second_held_out_batch() {
    let figures = measure(SECOND_HELD_OUT_SEEDS, &second_held_out_mix());
    report(
        "second held-out seeds 9001-9030 (third mix; seen, tuned on)",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured 0.966 / 0.757 (tuned on; 0.967 / 0.751 before the pooled same-hour points, 0.956 /
    // 0.751 before the exceptional days and the plateau test).
    assert_floors(&figures, 0.96, 0.75);
}

// Clean once (0.857 / 0.827, when the naive rule's precision 0.910 beat the detector's); tuned on
// since, with the other seen batches, when the detector was changed last.
#[test]
fn the_detector_beats_the_naive_rule_on_a_third_held_out_batch() {
    let figures = measure(THIRD_HELD_OUT_SEEDS, &third_held_out_mix());
    report(
        "third held-out seeds 12001-12030 (fourth mix; seen, tuned on)",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured 0.936 / 0.801 (tuned on; 0.943 / 0.801 before the pooled same-hour points, whose
    // precision floor 0.94 was lowered by one false alert for the other batches' gains; 0.943 /
    // 0.805 before the exceptional days and the plateau test).
    assert_floors(&figures, 0.93, 0.80);
}

// Clean once (0.757 / 0.828, the naive rule 0.229 / 0.156 on authors); tuned on since, with the
// other seen batches, when the detector was changed last.
#[test]
fn the_detector_beats_the_naive_rule_on_a_fourth_held_out_batch() {
    let figures = measure(FOURTH_HELD_OUT_SEEDS, &fourth_held_out_mix());
    report(
        "fourth held-out seeds 15001-15030 (fifth mix; seen, tuned on)",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured 0.831 / 0.844 (tuned on; 0.800 / 0.828 before the pooled same-hour points, 0.784 /
    // 0.828 before the exceptional days and the plateau test).
    assert_floors(&figures, 0.83, 0.84);
}

// Written and committed before the detector was changed after the fourth batch's clean run, and
// ignored (so no tuning run saw it) until that change; then run once: the clean figures (0.503 /
// 0.855, the naive rule 0.126 / 0.130 on authors). Then its false alerts were read and the detector
// tuned on it with the other batches: seen, tuned on.
#[test]
fn the_detector_beats_the_naive_rule_on_a_fifth_held_out_batch() {
    let figures = measure(FIFTH_HELD_OUT_SEEDS, &fifth_held_out_mix());
    report(
        "fifth held-out seeds 18001-18030 (sixth mix; seen, tuned on)",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured 0.788 / 0.850 (tuned on; 0.777 / 0.855 before the pooled same-hour points, 0.503 /
    // 0.855 when clean).
    assert_floors(&figures, 0.78, 0.85);
}

#[test]
fn the_detector_beats_the_naive_rule_on_a_sixth_held_out_batch() {
    let figures = measure(SIXTH_HELD_OUT_SEEDS, &sixth_held_out_mix());
    if std::env::var("SURGE_DIAG").is_ok() {
        let series: Vec<Series> = SIXTH_HELD_OUT_SEEDS
            .flat_map(|seed| batch(seed, &sixth_held_out_mix()))
            .collect();
        diagnose::baseline_error(&series);
        diagnose::oracle(&series);
        diagnose::print(&series, |s, t| {
            assess(&s.authors[..=t], Sensitivity::Normal).is_some()
        });
    }
    report(
        "sixth held-out seeds 21001-21030 (seventh mix; seen, tuned on)",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured once, clean: 0.378 / 0.579 (naive 0.175 / 0.070 on authors, 0.126 / 0.064 on all
    // posts). Since then read (`SURGE_DIAG=1`, `diagnose`) and tuned on: 0.399 / 0.585, a fit to
    // these seeds, not generalisation. The targets (0.9 / 0.9) are not met on it; an oracle that
    // knows the true usual rates reaches only about 0.72 / 0.86 (or 0.89 / 0.79) with the same kind
    // of rule, because the counts are heavy-tailed.
    assert_floors(&figures, 0.39, 0.58);
}

#[test]
fn the_detector_beats_the_naive_rule_on_a_seventh_held_out_batch() {
    let figures = measure(SEVENTH_HELD_OUT_SEEDS, &seventh_held_out_mix());
    report(
        "seventh held-out seeds 22001-22030 (eighth mix), clean",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured once, clean, after the tuning on the seventh mix was final: 0.497 / 0.766, median
    // delay 2.0 h (naive 0.262 / 0.027 on authors, 0.240 / 0.027 on all posts); 169 false alerts,
    // 96 of them on decoy series. The targets (0.9 / 0.9) are not met on it.
    assert_floors(&figures, 0.49, 0.76);
}
