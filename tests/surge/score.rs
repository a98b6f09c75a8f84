//! Precision, recall and delay of a rule that fires (or not) at each hour of labelled series.
//!
//! - Each run of firing hours (runs less than 3 hours apart merged) is one alert.
//! - An alert overlapping a target surge (from its first hour, build-up included, to 2 hours after
//!   its last) is a true alert; one overlapping only a planted surge below the target size is
//!   neither true nor false (real, just small); any other alert, decoys included, is false.
//! - A target surge is recalled if the rule fires in its first 2 hours (delay ≤ 2 h, counting the
//!   hour of data that shows the surge); its delay is counted from its first firing in the surge.

use crate::generator::Series;

/// The hour from which rules are asked (a day of history).
const FIRST_HOUR: usize = 24;

#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub true_alerts: usize,
    pub false_alerts: usize,
    pub false_on_decoys: usize,
    pub targets: usize,
    pub recalled: usize,
    /// Delays (hours) of targets fired on at any time during the surge or just after.
    pub delays: Vec<usize>,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        let all = self.true_alerts + self.false_alerts;
        if all == 0 {
            return 1.0;
        }
        self.true_alerts as f64 / all as f64
    }

    pub fn recall(&self) -> f64 {
        if self.targets == 0 {
            return 1.0;
        }
        self.recalled as f64 / self.targets as f64
    }

    pub fn median_delay(&self) -> f64 {
        let mut d = self.delays.clone();
        d.sort_unstable();
        match d.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => d[n / 2] as f64,
            n => (d[n / 2 - 1] + d[n / 2]) as f64 / 2.0,
        }
    }

    pub fn mean_delay(&self) -> f64 {
        self.delays.iter().sum::<usize>() as f64 / self.delays.len().max(1) as f64
    }
}

/// Scores `fires(series, t)` over every hour of every series.
pub fn score(all: &[Series], label: &str, fires: impl Fn(&Series, usize) -> bool) -> Tally {
    let mut tally = Tally::default();
    // SURGE_DEBUG=<label> prints the misses and false alerts of one rule, for tuning.
    let debug = std::env::var("SURGE_DEBUG").is_ok_and(|v| v == label);
    for s in all {
        let firing: Vec<bool> = (0..s.authors.len())
            .map(|t| t >= FIRST_HOUR && fires(s, t))
            .collect();
        for (a, b) in alerts(&firing) {
            let overlaps = |p: &crate::generator::Planted| a <= p.last() + 2 && b >= p.first();
            if s.planted.iter().any(|p| p.is_target() && overlaps(p)) {
                tally.true_alerts += 1;
            } else if !s.planted.iter().any(overlaps) {
                tally.false_alerts += 1;
                if debug {
                    // An alert may end on the series' last hour: show up to the hour after it.
                    let (lo, hi) = (a.saturating_sub(3), (b + 1).min(s.authors.len() - 1));
                    eprintln!(
                        "FP {:?} hours {a}-{b} of {} (day {}, hour {}): {:?} usual {:?}",
                        s.kind,
                        s.authors.len(),
                        a / 24,
                        a % 24,
                        &s.authors[lo..=hi],
                        (lo..=hi)
                            .map(|t| rounds::domain::surge::usual_count(&s.authors, t)
                                .map(|u| (u * 10.0).round() / 10.0))
                            .collect::<Vec<_>>()
                    );
                }
                if s.kind.is_decoy() {
                    tally.false_on_decoys += 1;
                }
            }
        }
        for p in s.planted.iter().filter(|p| p.is_target()) {
            tally.targets += 1;
            let end = (p.last() + 2).min(firing.len() - 1);
            if let Some(first) = (p.start..=end).find(|&t| firing[t]) {
                let delay = first - p.start + 1;
                tally.delays.push(delay);
                if delay <= 2 {
                    tally.recalled += 1;
                    continue;
                }
            }
            if debug {
                let lo = p.start.saturating_sub(2);
                eprintln!(
                    "MISS day {} hour {} size {} for {} h, usual {:.1}: {:?} usual {:?}",
                    p.start / 24,
                    p.start % 24,
                    p.size,
                    p.hours,
                    p.usual,
                    &s.authors[lo..=end],
                    (lo..=end)
                        .map(|t| rounds::domain::surge::usual_count(&s.authors, t)
                            .map(|u| (u * 10.0).round() / 10.0))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
    tally
}

/// Runs of firing hours, merged when less than 3 hours apart, as inclusive `(first, last)`.
fn alerts(firing: &[bool]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (t, _) in firing.iter().enumerate().filter(|(_, f)| **f) {
        match runs.last_mut() {
            Some((_, last)) if t <= *last + 3 => *last = t,
            _ => runs.push((t, t)),
        }
    }
    runs
}
