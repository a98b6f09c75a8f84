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
//! last change: its figures are the clean ones. Each batch's figures are floors (rounded down) its
//! test asserts. All figures are printed
//! (`cargo test --test surge -- --nocapture`) and copied into the README.
//!
//! The naive rule is given the same minimum volume as the detector, and is scored twice: on the
//! same counts the detector sees (distinct authors of original posts) and on all posts, reposts
//! included, as a naive counter would count them.

mod checks;
mod generator;
mod score;

use generator::{batch, Event, Irregular, Mix, Series, Shifts};
use rounds::domain::surge::{assess, naive_day_over_day, Sensitivity};
use score::{score, Tally};

const TUNING_SEEDS: std::ops::RangeInclusive<u64> = 1..=30;
const HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 7001..=7030;
const SECOND_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 9001..=9030;
const THIRD_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 12001..=12030;
const FOURTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 15001..=15030;
const FIFTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 18001..=18030;
const SIXTH_HELD_OUT_SEEDS: std::ops::RangeInclusive<u64> = 21001..=21030;

fn tuning_mix() -> Mix {
    Mix {
        weeks: &[6],
        level: (1.0, 80.0),
        daily_swing: (0.2, 0.8),
        weekend: (0.5, 1.0),
        trend: (-0.3, 0.5),
        noise: (0.0, 0.2),
        surge_sizes: &[1.5, 2.0, 3.0, 4.0, 6.0],
        surge_hours: &[1, 2, 3, 4, 6],
        max_surges: 3,
        ramp: false,
        lead_in: &[],
        second_peak: (0.0, 0.0),
        weekly_chat: false,
        peak_height: (4.0, 8.0),
        steady_level: (150.0, 400.0),
        burst: (2.0, 6.0),
        ordinary_series: 8,
        irregular: None,
        shifts: None,
    }
}

/// Different on every axis: shorter and longer histories, quieter and busier topics, stronger
/// rhythms and trends, noisier hours, surges that ramp up, other sizes and lengths, taller peaks.
fn held_out_mix() -> Mix {
    Mix {
        weeks: &[3, 5, 8],
        level: (0.5, 150.0),
        daily_swing: (0.1, 0.95),
        weekend: (0.3, 1.0),
        trend: (-0.5, 1.0),
        noise: (0.05, 0.3),
        surge_sizes: &[2.0, 2.5, 3.0, 5.0, 8.0, 12.0],
        surge_hours: &[1, 2, 5, 8, 12],
        max_surges: 4,
        ramp: true,
        lead_in: &[],
        second_peak: (0.0, 0.0),
        weekly_chat: false,
        peak_height: (3.0, 12.0),
        steady_level: (100.0, 800.0),
        burst: (1.0, 10.0),
        ordinary_series: 8,
        irregular: None,
        shifts: None,
    }
}

/// The second held-out batch, written after the first held-out figures were read (and the noise
/// allowance was made data-driven on the tuning seeds), and run once after that change: between the
/// other two mixes on most axes, with its own surge sizes and lengths.
fn second_held_out_mix() -> Mix {
    Mix {
        weeks: &[4, 6],
        level: (2.0, 120.0),
        daily_swing: (0.3, 0.9),
        weekend: (0.4, 0.9),
        trend: (-0.4, 0.8),
        noise: (0.1, 0.25),
        surge_sizes: &[2.0, 3.0, 3.5, 4.5, 7.0, 10.0],
        surge_hours: &[1, 2, 3, 6, 10],
        max_surges: 3,
        ramp: true,
        lead_in: &[],
        second_peak: (0.0, 0.0),
        weekly_chat: false,
        peak_height: (5.0, 10.0),
        steady_level: (200.0, 600.0),
        burst: (1.5, 8.0),
        ordinary_series: 8,
        irregular: None,
        shifts: None,
    }
}

/// The third held-out batch, written and committed before the detector was retuned on the three
/// batches above together, and run once after the last change: two weeks of history as well as
/// longer, busier topics, flat days, weekends as busy as or busier than weekdays, falling and rising
/// trends, the noisiest hours yet, and surges from 1.8× to 15× lasting up to 16 hours, all ramped.
fn third_held_out_mix() -> Mix {
    Mix {
        weeks: &[2, 4, 7],
        level: (3.0, 200.0),
        daily_swing: (0.0, 0.7),
        weekend: (0.6, 1.2),
        trend: (-0.6, 0.6),
        noise: (0.05, 0.35),
        surge_sizes: &[1.8, 3.0, 4.0, 6.0, 9.0, 15.0],
        surge_hours: &[2, 3, 4, 7, 16],
        max_surges: 2,
        ramp: true,
        lead_in: &[],
        second_peak: (0.0, 0.0),
        weekly_chat: false,
        peak_height: (2.5, 9.0),
        steady_level: (300.0, 1000.0),
        burst: (3.0, 12.0),
        ordinary_series: 10,
        irregular: None,
        shifts: None,
    }
}

/// The fourth held-out batch, written and committed before the detector was changed after the
/// third batch's clean figures, to be run once after the last change. Its own character: mostly
/// quiet topics (a drug named by a handful of clinicians an hour) and some busy ones, three or nine
/// weeks of history, two daily peaks (morning and evening rounds, or two continents) on top of the
/// day-night swing, quiet weekends, the noisiest hours yet; surges that build up over zero to three
/// hours before reaching their size (talk spreading before a readout), from just below the target
/// (2.5×) to 20×, lasting 2 hours to two days (a conference, a recall); a lower daily peak, a
/// steadier busy topic, small repost bursts, and a fourth decoy: a weekly tweet chat.
fn fourth_held_out_mix() -> Mix {
    Mix {
        weeks: &[3, 9],
        level: (0.5, 60.0),
        daily_swing: (0.2, 0.7),
        weekend: (0.35, 0.8),
        trend: (-0.3, 0.8),
        noise: (0.1, 0.4),
        surge_sizes: &[2.5, 3.0, 3.5, 5.0, 8.0, 20.0],
        surge_hours: &[2, 3, 5, 24, 48],
        max_surges: 2,
        ramp: false,
        lead_in: &[0, 1, 2, 3],
        second_peak: (0.0, 0.3),
        weekly_chat: true,
        peak_height: (3.0, 6.0),
        steady_level: (60.0, 250.0),
        burst: (0.5, 4.0),
        ordinary_series: 12,
        irregular: None,
        shifts: None,
    }
}

/// The fifth held-out batch, written and committed before the detector was changed after the
/// fourth batch's clean figures, to be run once after the last change. Its own character: mid-volume
/// topics (5 to 40 authors an hour) over four or five weeks, with what real collection and real
/// calendars do to them: outage hours in which nothing is counted, days when a topic rests, a
/// one-hour shift of every daily rhythm (daylight-saving time), holidays that depress a whole day;
/// surges of 2× to 10× for 2 to 12 hours that build up over up to two hours, 40% of them starting in
/// the topic's quietest hours (news that breaks at night) and some on top of another one; decoys: a
/// daily peak, a steady busy topic, repost bursts, a weekly chat, a conference week (a plateau of
/// 1.4× to 2× for five days, reached over a day) and a bot drip (2 to 6 accounts posting every
/// hour, with pauses).
fn fifth_held_out_mix() -> Mix {
    Mix {
        weeks: &[4, 5],
        level: (5.0, 40.0),
        daily_swing: (0.3, 0.85),
        weekend: (0.5, 0.9),
        trend: (-0.2, 0.4),
        noise: (0.1, 0.3),
        surge_sizes: &[2.0, 3.0, 4.0, 6.0, 10.0],
        surge_hours: &[2, 4, 6, 12],
        max_surges: 2,
        ramp: false,
        lead_in: &[0, 1, 2],
        second_peak: (0.0, 0.0),
        weekly_chat: true,
        peak_height: (3.0, 7.0),
        steady_level: (100.0, 400.0),
        burst: (1.0, 5.0),
        ordinary_series: 10,
        irregular: Some(Irregular {
            outage_per_day: 0.1,
            rest_per_day: 0.05,
            dst_shift: true,
            holiday: (0.3, 0.6),
            night_share: 0.4,
            overlap: 0.4,
            conference: (1.4, 2.0),
            drip: (2, 6),
        }),
        shifts: None,
    }
}

/// The sixth held-out batch (the seventh mix), written and committed by a helper who had not read
/// the detector (only the issue and this harness), before any run of the detector on it: no test
/// runs it yet; the lead runs it once. Its own character (`generator::shifts`): usual volumes that
/// move (levels that step up or down for good, a source quiet for 4 to 9 days that comes back, a
/// weekly rhythm redrawn every week), heavy-tailed counts (negative binomial, hot hours at about
/// 2×), partial collection gaps, new topics with 2 to 3 days of history, repost storms of one post;
/// surges that build up over 6 to 12 hours, last exactly 2 hours at 5× to 15×, or sit just above the
/// minimum volume on quiet topics; near misses (2.2× to 2.8×, single hours) that are no target; and
/// decoys: a step up, a quiet spell, a storm, beside the daily peak, the steady topic and the burst.
fn sixth_held_out_mix() -> Mix {
    use Event::{Blip, NearMiss, Plain, Sharp, Slow, Small};
    Mix {
        weeks: &[3, 4, 6],
        level: (0.8, 90.0),
        daily_swing: (0.2, 0.9),
        weekend: (1.0, 1.0),
        trend: (-0.3, 0.5),
        noise: (0.05, 0.15),
        surge_sizes: &[3.0],
        surge_hours: &[2],
        max_surges: 0,
        ramp: false,
        lead_in: &[],
        second_peak: (0.0, 0.2),
        weekly_chat: false,
        peak_height: (3.0, 8.0),
        steady_level: (80.0, 500.0),
        burst: (1.0, 6.0),
        ordinary_series: 10,
        irregular: None,
        shifts: Some(Shifts {
            step_chance: 0.3,
            step: (0.5, 2.0),
            quiet_chance: 0.15,
            quiet: (0.15, 0.5),
            weekend: (0.35, 1.1),
            busy_day: (1.1, 1.8),
            shape: (4.0, 16.0),
            hot_chance: 0.01,
            hot: (1.5, 2.3),
            max_events: 3,
            events: &[
                Slow, Slow, Sharp, Sharp, Plain, Small, Small, NearMiss, Blip,
            ],
            storm_chance: 0.2,
            storm: (2.0, 8.0),
            quoting: (0.2, 0.6),
            gap_per_day: 0.08,
            gap_keep: (0.2, 0.7),
            joined: (1.8, 2.6),
            away: (0.1, 0.3),
            newcomers: 2,
        }),
    }
}

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
    // The targets (0.9 and 0.9), and the measured 0.983 / 0.905 (0.913 before the young-series
    // score threshold was raised).
    assert!(figures.detector.precision() >= 0.9);
    assert!(figures.detector.recall() >= 0.9);
    assert_floors(&figures, 0.98, 0.90);
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
    // Measured 0.906 / 0.823 (tuned on; 0.897 / 0.817 before the exceptional days and the
    // plateau test).
    assert_floors(&figures, 0.90, 0.82);
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
    // Measured 0.967 / 0.751 (tuned on; 0.956 / 0.751 before the exceptional days and the plateau
    // test).
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
    // Measured 0.943 / 0.801 (tuned on; 0.943 / 0.805 before the exceptional days and the plateau
    // test).
    assert_floors(&figures, 0.94, 0.80);
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
    // Measured 0.800 / 0.828 (tuned on; 0.784 / 0.828 before the exceptional days and the plateau
    // test).
    assert_floors(&figures, 0.80, 0.82);
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
    // Measured 0.777 / 0.855 (tuned on; 0.503 / 0.855 when clean).
    assert_floors(&figures, 0.77, 0.85);
}

#[test]
fn the_detector_beats_the_naive_rule_on_a_sixth_held_out_batch() {
    let figures = measure(SIXTH_HELD_OUT_SEEDS, &sixth_held_out_mix());
    report(
        "sixth held-out seeds 21001-21030 (seventh mix), clean",
        &figures,
    );
    assert!(
        figures.detector.targets >= 100,
        "too few targets to measure"
    );
    assert_beats_naive(&figures);
    // Measured once, clean: 0.378 / 0.579 (naive 0.175 / 0.070 on authors, 0.126 / 0.064 on all
    // posts); the targets (0.9 / 0.9) are not met on it.
    assert_floors(&figures, 0.37, 0.57);
}
