//! Tests of the eighth mix (`generator::wild`), run without the detector: its labels follow the
//! issue's definition of a surge against the planted truth, it holds each kind of unkindness its
//! doc promises in numbers enough to measure, and its counts follow its truth.

use crate::generator::{batch, Kind, Planted, Series};

/// Every series of the eighth mix's batch, with the index of its seed.
fn eighth() -> Vec<(usize, Series)> {
    let mix = crate::seventh_held_out_mix();
    crate::SEVENTH_HELD_OUT_SEEDS
        .enumerate()
        .flat_map(|(i, seed)| batch(seed, &mix).into_iter().map(move |s| (i, s)))
        .collect()
}

/// The maximal runs of hours from `from` to `to` (inclusive) whose factor passes `keep`.
fn runs(event: &[f64], from: usize, to: usize, keep: impl Fn(f64) -> bool) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for h in (from..=to).filter(|&h| keep(event[h])) {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == h => *last = h,
            _ => out.push((h, h)),
        }
    }
    out
}

/// The labels the definition asks of a series' planted factors, as (start, last, build-up): for
/// each event (a run of hours above 1) that reaches 3×, its runs at 3× or more; for one that peaks
/// at 2× to 3×, its runs at 2× or more; the build-up is the event's hours before the run, since its
/// start or its previous run.
fn expected_labels(event: &[f64]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (a, b) in runs(event, 0, event.len() - 1, |f| f > 1.0) {
        let peak = event[a..=b].iter().copied().fold(0.0, f64::max);
        if peak < 2.0 {
            continue;
        }
        let bar = if peak >= 3.0 { 3.0 } else { 2.0 };
        let mut since = a;
        for (start, last) in runs(event, a, b, |f| f >= bar) {
            out.push((start, last, start - since));
            since = last + 1;
        }
    }
    out
}

/// The labels follow the definition, checked against the planted truth: each is exactly
/// a run the definition asks for (and each such run has one), its size the smallest factor in it,
/// its usual the mean usual rate without the event, its build-up the event's hours before it; it
/// is a target exactly when it is 3× or more for 2 hours or more with the minimum volume; decoys
/// have no event reaching 2×; no label comes within 6 hours of an outage or its backlog.
#[test]
fn every_label_of_the_eighth_mix_follows_the_definition_of_a_surge() {
    let mut labels = 0;
    for (_, s) in eighth() {
        let truth = s.truth.as_ref().expect("the eighth mix keeps its truth");
        let len = s.authors.len();
        assert_eq!(
            (truth.usual.len(), truth.event.len(), truth.kept.len()),
            (len, len, len)
        );
        let expected = expected_labels(&truth.event);
        if s.kind.is_decoy() {
            assert!(s.planted.is_empty(), "{:?} has a label", s.kind);
            assert!(expected.is_empty(), "{:?} reaches 2×", s.kind);
            continue;
        }
        let mut found: Vec<(usize, usize, usize)> = s
            .planted
            .iter()
            .map(|p| (p.start, p.last(), p.lead_in))
            .collect();
        found.sort_unstable();
        assert_eq!(found, expected, "labels against the truth");
        for p in &s.planted {
            labels += 1;
            let factors = &truth.event[p.start..=p.last()];
            let least = factors.iter().copied().fold(f64::INFINITY, f64::min);
            assert_eq!(
                p.size.to_bits(),
                least.to_bits(),
                "a label's size is its smallest"
            );
            let usual = truth.usual[p.start..=p.last()].iter().sum::<f64>() / p.hours as f64;
            assert!(
                (p.usual - usual).abs() <= 1e-9 * usual,
                "a label's usual is its mean"
            );
            let target = least >= 3.0 && p.hours >= 2 && least * usual >= 12.0;
            assert_eq!(p.is_target(), target, "{p:?}");
            assert!(p.first() >= 30 && p.last() + 12 <= len, "{p:?}");
            let near = p.first() - 6..=p.last() + 6;
            assert!(
                near.clone()
                    .all(|h| truth.kept[h].to_bits() == 1f64.to_bits()),
                "{p:?} by an outage"
            );
        }
    }
    assert!(labels >= 300, "only {labels} labels");
}

fn targets(all: &[(usize, Series)]) -> impl Iterator<Item = (&Series, &Planted)> {
    all.iter()
        .flat_map(|(_, s)| s.planted.iter().map(move |p| (s, p)))
        .filter(|(_, p)| p.is_target())
}

/// The batch has what the mix's doc says, in numbers enough to measure.
#[test]
fn the_eighth_mix_holds_each_kind_of_unkindness() {
    let all = eighth();
    let truth = |s: &Series| s.truth.clone().expect("truth");
    let count = |what: &str, n: usize, least: usize| {
        println!("{what}: {n}");
        assert!(n >= least, "only {n} {what}");
    };
    count("targets", targets(&all).count(), 150);
    let labels = || {
        all.iter()
            .flat_map(|(_, s)| s.planted.iter().map(move |p| (s, p)))
    };
    let misses = labels().filter(|(_, p)| !p.is_target());
    count("near misses", misses.clone().count(), 60);
    count(
        "near misses below 3×",
        misses.clone().filter(|(_, p)| p.size < 3.0).count(),
        15,
    );
    count(
        "near misses of one hour at 3×",
        misses
            .clone()
            .filter(|(_, p)| p.size >= 3.0 && p.hours == 1)
            .count(),
        10,
    );
    let faint =
        |(_, p): &(&Series, &Planted)| p.size >= 3.0 && p.hours >= 2 && p.size * p.usual < 12.0;
    count(
        "near misses below the minimum volume",
        misses.clone().filter(faint).count(),
        15,
    );
    let edge = |(s, p): &(&Series, &Planted)| {
        let e = &truth(s).event[p.start..=p.last()];
        p.size < 3.4 && e.iter().all(|f| f.to_bits() == p.size.to_bits())
    };
    count(
        "flat targets just above 3×",
        targets(&all).filter(edge).count(),
        15,
    );
    // Night: a target starting in its day's quietest hour.
    let night = targets(&all).filter(|(s, p)| {
        let usual = &truth(s).usual;
        let day = p.start - p.start % 24;
        (day..day + 24).all(|h| usual[p.start] <= usual[h])
    });
    count("targets starting at night", night.count(), 20);
    // Overlap: within an event, a step up of 0.8× or more on top of a flat stretch at 1.8× or more.
    let overlaps = all
        .iter()
        .filter(|(_, s)| !s.kind.is_decoy())
        .map(|(_, s)| {
            let e = truth(s).event;
            (2..e.len())
                .filter(|&h| {
                    e[h] - e[h - 1] >= 0.8
                        && e[h - 1] >= 1.8
                        && e[h - 1].to_bits() == e[h - 2].to_bits()
                })
                .count()
        });
    count("events on top of another", overlaps.sum(), 15);
    // A new normal: two days at 1.6× to 2.6× after a label; a slow tail: twelve hours falling.
    let after = |s: &Series, p: &Planted, n: usize| -> Vec<f64> {
        truth(s)
            .event
            .iter()
            .skip(p.last() + 1)
            .take(n)
            .copied()
            .collect()
    };
    let plateaus = labels().filter(|(s, p)| {
        let next = after(s, p, 48 + 4);
        next.len() == 52 && next[4..].iter().all(|&f| (1.6..=2.6).contains(&f))
    });
    count("labels followed by a new normal", plateaus.count(), 10);
    let tails = labels().filter(|(s, p)| {
        let next = after(s, p, 12);
        next.len() == 12 && next.windows(2).all(|w| w[1] < w[0]) && next[11] > 1.05
    });
    count("labels followed by a slow tail", tails.count(), 15);
    let quiet = |s: &Series| {
        s.kind == Kind::Ordinary && {
            let u = truth(s).usual;
            u.iter().sum::<f64>() / (u.len() as f64) < 6.0
        }
    };
    count(
        "quiet topics",
        all.iter().filter(|(_, s)| quiet(s)).count(),
        60,
    );
    count(
        "targets on quiet topics",
        targets(&all).filter(|(s, _)| quiet(s)).count(),
        10,
    );
}

/// The decoys and the guild's calendar are there: 30 rings whose accounts post together, one hour
/// at a time, at a fixed cadence; 30 congresses of many bumps below 2×; outages whose backlog is
/// partly counted late (in some seeds, 3× the usual volume or more for 2 hours after it); daily
/// peaks that move by an hour when their audience's clock changes; topics whose day moves hours
/// later in Ramadan; holidays on different days for the topics of one guild.
#[test]
fn the_eighth_mix_has_its_decoys_clocks_calendars_and_outages() {
    let all = eighth();
    let truth = |s: &Series| s.truth.clone().expect("truth");
    let of = |kind: Kind| {
        all.iter()
            .filter(move |(_, s)| s.kind == kind)
            .map(|(_, s)| s)
    };
    assert_eq!(of(Kind::Ring).count(), 30);
    for s in of(Kind::Ring) {
        let u = truth(s).usual;
        // The ring's bursts: one hour at least 6 authors above both its neighbours.
        let bursts: Vec<usize> = (1..u.len() - 1)
            .filter(|&h| u[h] >= u[h - 1] + 6.0 && u[h] >= u[h + 1] + 6.0)
            .collect();
        assert!(bursts.len() >= 5, "a ring of {} bursts", bursts.len());
        let cadence = bursts.windows(2).map(|w| w[1] - w[0]).min().unwrap();
        assert!((3..=12).contains(&cadence), "cadence {cadence}");
        assert!(bursts.windows(2).all(|w| (w[1] - w[0]) % cadence == 0));
    }
    assert_eq!(of(Kind::Congress).count(), 30);
    let mut bumps = 0;
    for s in of(Kind::Congress) {
        let e = truth(s).event;
        let peak = e.iter().copied().fold(0.0, f64::max);
        assert!((1.3..1.95).contains(&peak), "a congress at {peak}");
        let days = (0..e.len() / 24).filter(|d| e[d * 24..d * 24 + 24].iter().any(|&f| f > 1.0));
        assert!((3..=6).contains(&days.count()));
        // Its sessions: runs of hours above its plateau (its lowest factor above 1).
        let plateau = e
            .iter()
            .copied()
            .filter(|&f| f > 1.0)
            .fold(f64::INFINITY, f64::min);
        bumps += (1..e.len())
            .filter(|&h| e[h] > plateau && e[h - 1] <= plateau)
            .count();
    }
    println!("congress sessions: {bumps}");
    assert!(bumps >= 180, "only {bumps} congress sessions");
    // Outages and their backlogs, from the steady topic of each seed.
    let steady: Vec<_> = of(Kind::Steady).map(truth).collect();
    let outage_hours: usize = steady
        .iter()
        .map(|t| t.kept.iter().filter(|&&k| k < 1.0).count())
        .sum();
    let backlog_hours: usize = steady
        .iter()
        .map(|t| t.kept.iter().filter(|&&k| k > 1.0).count())
        .sum();
    let artefacts = all
        .iter()
        .filter(|(_, s)| truth(s).kept.windows(2).any(|w| w[0] >= 3.0 && w[1] >= 3.0))
        .count();
    println!("outage hours {outage_hours}, backlog hours {backlog_hours}, series with 2 h at 3× after an outage {artefacts}");
    assert!(outage_hours >= 150 && backlog_hours >= 40 && artefacts >= 20);
    // A daily peak that moves: the hour its peak starts (more than twice the hour before; not at
    // midnight, where a holiday starts or ends) an hour off between the second and the last day.
    let starts = |u: &[f64], day: usize| -> Vec<usize> {
        (day * 24 + 1..day * 24 + 24)
            .filter(|&h| u[h] > 2.0 * u[h - 1])
            .map(|h| h % 24)
            .collect()
    };
    let moved = of(Kind::DailyPeak)
        .filter(|s| {
            let u = truth(s).usual;
            match (&starts(&u, 1)[..], &starts(&u, u.len() / 24 - 1)[..]) {
                ([first], [last]) => first.abs_diff(*last) == 1,
                _ => false,
            }
        })
        .count();
    println!("daily peaks moved by an hour: {moved}");
    assert!(moved >= 8, "only {moved} daily peaks moved");
    // Ramadan: a topic's day (its hours' shares of the day) 2 to 4 hours later (or earlier, after
    // Eid) than the day before's, as best matched, where the day has a marked rhythm (its busiest
    // hour more than 3× its quietest: two audiences can sum to a nearly flat day).
    let shares = |u: &[f64], day: usize| {
        let hours = &u[day * 24..day * 24 + 24];
        let sum: f64 = hours.iter().sum();
        hours.iter().map(|x| x / sum).collect::<Vec<f64>>()
    };
    let moved_by = |before: &[f64], after: &[f64]| {
        let misfit = |k: usize| {
            let d = (0..24).map(|h| (after[(h + k) % 24] - before[h]).powi(2));
            d.sum::<f64>()
        };
        let best = (0..24)
            .min_by(|&a, &b| misfit(a).total_cmp(&misfit(b)))
            .unwrap();
        best.min(24 - best)
    };
    let fasting = of(Kind::Ordinary)
        .filter(|s| {
            let u = truth(s).usual;
            (1..u.len() / 24).any(|d| {
                let (before, after) = (shares(&u, d - 1), shares(&u, d));
                let top = before.iter().copied().fold(0.0, f64::max);
                let bottom = before.iter().copied().fold(1.0, f64::min);
                top > 3.0 * bottom && (2..=4).contains(&moved_by(&before, &after))
            })
        })
        .count();
    println!("topics whose day moves by 2 to 4 hours: {fasting}");
    assert!(fasting >= 10, "only {fasting} topics keep Ramadan");
    // Holidays: a day at most 70% of the same weekday's mean; on different days in one guild.
    let mut seeds_with_calendars = 0;
    for seed in 0..30 {
        let mut holidays = std::collections::BTreeSet::new();
        for (_, s) in all
            .iter()
            .filter(|(i, s)| *i == seed && s.kind == Kind::Ordinary)
        {
            let u = truth(s).usual;
            let days: Vec<f64> = u.chunks(24).map(|d| d.iter().sum()).collect();
            for d in 0..days.len() {
                let same: Vec<f64> = (d % 7..days.len())
                    .step_by(7)
                    .filter(|&o| o != d)
                    .map(|o| days[o])
                    .collect();
                let mean = same.iter().sum::<f64>() / same.len() as f64;
                if days[d] < 0.7 * mean {
                    holidays.insert(d);
                }
            }
        }
        seeds_with_calendars += usize::from(holidays.len() >= 4);
    }
    println!("seeds with holidays on 4 days or more: {seeds_with_calendars}");
    assert!(seeds_with_calendars >= 20);
}

/// The counts follow the truth: ordinary hours, target hours, outage hours and backlog hours hold
/// their usual rate times their factor times the share counted, on average.
#[test]
fn the_eighth_mix_counts_follow_its_truth() {
    let all = eighth();
    // (observed, expected) sums over: plain hours, target hours, outage hours, backlog hours.
    let mut sums = [(0.0, 0.0); 4];
    for (_, s) in &all {
        let truth = s.truth.as_ref().unwrap();
        let on_target = |h: usize| {
            s.planted
                .iter()
                .any(|p| p.is_target() && (p.start..=p.last()).contains(&h))
        };
        for (h, &a) in s.authors.iter().enumerate() {
            let (kept, factor) = (truth.kept[h], truth.event[h]);
            let which = if kept < 1.0 {
                2
            } else if kept > 1.0 {
                3
            } else if on_target(h) {
                1
            } else if factor.to_bits() == 1f64.to_bits() {
                0
            } else {
                continue;
            };
            sums[which].0 += f64::from(a);
            sums[which].1 += truth.usual[h] * factor * kept;
        }
    }
    for (what, (seen, expected)) in ["plain", "target", "outage", "backlog"].iter().zip(sums) {
        let ratio = seen / expected;
        println!("{what} hours: {ratio:.3} of their truth");
        assert!(
            (0.95..=1.05).contains(&ratio),
            "{what} hours: {ratio:.3} of their truth"
        );
    }
}
