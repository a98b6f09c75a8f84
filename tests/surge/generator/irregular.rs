//! What the sixth mix adds to a seed's series: a calendar the whole guild shares (collection
//! outages whose hours count nothing, a one-hour shift of everyone's daily rhythm as daylight-saving
//! time changes, holidays that depress a whole day) and, per series, days when a topic rests, surges
//! that arrive at night or on top of another one, and two decoys: a conference week (a raised
//! plateau reached over a day) and a bot-like steady drip (a few accounts posting every hour, with
//! the odd pause).

use super::Rng;

/// The ranges of the irregularities; `None` in a mix: none, and no draw, so earlier mixes keep
/// their series.
#[derive(Debug, Clone)]
pub struct Irregular {
    /// Chance, each day, of a collection outage: 1 to 4 hours in which every series counts zero.
    pub outage_per_day: f64,
    /// Chance, each day, that a topic rests: 6 to 20 hours at a tenth of its usual volume.
    pub rest_per_day: f64,
    /// Whether the daily rhythm of every topic moves by one hour on one day of the history.
    pub dst_shift: bool,
    /// A holiday in each two weeks of history: that day's volume times this.
    pub holiday: (f64, f64),
    /// Share of planted surges that start in the topic's quietest hours (the middle of its night).
    pub night_share: f64,
    /// Chance that a series' second surge starts during (or just after) its first.
    pub overlap: f64,
    /// The conference decoy: five days at this many times the usual, reached and left over a day.
    pub conference: (f64, f64),
    /// The drip decoy: accounts posting every hour (each an author of an original post).
    pub drip: (usize, usize),
}

/// The calendar of one seed, shared by its series.
pub struct Calendar {
    /// Hours in which nothing was counted.
    outages: Vec<usize>,
    /// From this hour on, the daily rhythm is one hour off (+1 or -1).
    shift: Option<(usize, f64)>,
    /// Holidays: (first hour of the day, factor).
    holidays: Vec<(usize, f64)>,
}

impl Calendar {
    pub fn draw(rng: &mut Rng, irregular: &Irregular, hours: usize) -> Self {
        let days = hours / 24;
        let mut outages = Vec::new();
        for day in 1..days {
            if rng.unit() < irregular.outage_per_day {
                let at = day * 24 + rng.below(24);
                let long = 1 + rng.below(4);
                outages.extend((at..at + long).filter(|&h| h < hours));
            }
        }
        let shift = irregular.dst_shift.then(|| {
            let day = 7 + rng.below(days.saturating_sub(9).max(1));
            (day * 24, if rng.unit() < 0.5 { 1.0 } else { -1.0 })
        });
        let holidays = (0..days / 14)
            .map(|_| {
                (
                    24 * (2 + rng.below(days - 3)),
                    rng.between(irregular.holiday),
                )
            })
            .collect();
        Self {
            outages,
            shift,
            holidays,
        }
    }

    /// How many hours the daily rhythm is moved at hour `h`.
    pub fn shift(&self, h: usize) -> f64 {
        match self.shift {
            Some((from, by)) if h >= from => by,
            _ => 0.0,
        }
    }

    /// The volume of hour `h` relative to an ordinary day (below 1 on a holiday).
    pub fn day_factor(&self, h: usize) -> f64 {
        self.holidays
            .iter()
            .filter(|(start, _)| (*start..start + 24).contains(&h))
            .map(|(_, f)| *f)
            .product()
    }

    /// Zeroes the outage hours.
    pub fn blank(&self, authors: &mut [u32], posts: &mut [u32]) {
        for &h in &self.outages {
            authors[h] = 0;
            posts[h] = 0;
        }
    }
}

/// Hours at which a topic rests (a tenth of its usual volume).
pub fn rests(rng: &mut Rng, irregular: &Irregular, hours: usize) -> Vec<bool> {
    let mut rest = vec![false; hours];
    for day in 1..hours / 24 {
        if rng.unit() < irregular.rest_per_day {
            let at = day * 24 + rng.below(24);
            let long = 6 + rng.below(15);
            for r in rest.iter_mut().skip(at).take(long) {
                *r = true;
            }
        }
    }
    rest
}

/// The conference decoy's factor at each hour: five days at `height`, ramped in and out over a day,
/// starting after at least a week of history.
pub fn conference(rng: &mut Rng, irregular: &Irregular, hours: usize) -> Vec<f64> {
    let height = rng.between(irregular.conference);
    let days = hours / 24;
    let start = 24 * (8 + rng.below(days.saturating_sub(15).max(1)));
    (0..hours)
        .map(|h| {
            let into = h as f64 - start as f64;
            let up = (into / 24.0).clamp(0.0, 1.0);
            let down = ((start as f64 + 6.0 * 24.0 - h as f64) / 24.0).clamp(0.0, 1.0);
            1.0 + (height - 1.0) * up.min(down)
        })
        .collect()
}

/// The drip decoy's bot authors at each hour: a fixed number of accounts, every hour, except in a
/// few pauses (one to four) of 2 to 12 hours.
pub fn drip(rng: &mut Rng, irregular: &Irregular, hours: usize) -> Vec<u32> {
    let (lo, hi) = irregular.drip;
    let bots = (lo + rng.below(hi - lo + 1)) as u32;
    let mut out = vec![bots; hours];
    for _ in 0..=rng.below(3) {
        let at = rng.below(hours);
        let long = 2 + rng.below(11);
        for b in out.iter_mut().skip(at).take(long) {
            *b = 0;
        }
    }
    out
}

/// Moves a surge's start into the quietest hours of a topic whose busiest hour is `busiest`,
/// keeping it between `lo` and `hi` (inclusive).
pub fn at_night(rng: &mut Rng, start: usize, busiest: f64, lo: usize, hi: usize) -> usize {
    let night = ((busiest + 12.0).round() as usize + 22 + rng.below(5)) % 24;
    let mut at = start - start % 24 + night;
    if at > hi {
        at = at.saturating_sub(24);
    }
    if at < lo {
        at += 24;
    }
    at.clamp(lo, hi)
}
