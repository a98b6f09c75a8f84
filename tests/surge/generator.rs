//! Labelled synthetic hourly series, generated from a seed: a topic's usual volume with a daily and
//! a weekly rhythm, a slow trend and noise, planted surges of several sizes and lengths, and
//! decoys (a regular daily peak, a steady high-volume topic, a one-off burst of reposts of one post,
//! and in some mixes a weekly chat).
//!
//! Each hour has two counts: `authors`, the distinct authors of original posts (what the store
//! counts and the detector sees), and `posts`, every post including reposts (what a naive counter
//! would see).
//!
//! The sixth mix adds irregularities (`irregular`): outages, a daylight-saving shift, holidays,
//! resting topics, night and overlapping surges, a conference week and a bot drip. The seventh adds
//! shifts (`shifts`): moving usual volumes, heavy-tailed counts, partial gaps, new topics, repost
//! storms, slow, sharp and small surges and near misses, and the planted truth (`Truth`). The
//! eighth draws its series on its own (`wild`): communities' own clocks and calendars, outages with
//! backlogs, night, overlapping, plateauing and viral surges, near misses, a bot ring and a congress.

mod irregular;
mod rng;
mod shifts;
mod wild;

use irregular::Calendar;
pub use irregular::Irregular;
pub use rng::Rng;
pub use shifts::{Event, Shifts, Truth};
use shifts::{Events, Gaps};
pub use wild::{Shape, Wild};

/// The ranges a batch of series is drawn from.
#[derive(Debug, Clone)]
pub struct Mix {
    pub weeks: &'static [usize],
    /// Mean distinct authors an hour of an ordinary topic (log-uniform).
    pub level: (f64, f64),
    /// Day-night swing: 0 flat, 1 silent nights.
    pub daily_swing: (f64, f64),
    /// Weekend volume relative to weekdays.
    pub weekend: (f64, f64),
    /// Relative change of the usual volume from the first hour to the last.
    pub trend: (f64, f64),
    /// Log-normal sigma of each hour's rate (noise beyond Poisson).
    pub noise: (f64, f64),
    pub surge_sizes: &'static [f64],
    pub surge_hours: &'static [usize],
    /// Planted surges per ordinary series: 0 up to this.
    pub max_surges: usize,
    /// Whether a surge ramps up (its first hour at half its size) instead of starting at once.
    pub ramp: bool,
    /// Hours of talk building up before a surge reaches its size, one of these per surge (climbing
    /// evenly toward it); empty: none, and no draw, so earlier mixes keep their series.
    pub lead_in: &'static [usize],
    /// A second daily peak (a 12-hour harmonic: two audiences, or morning and evening rounds) of
    /// this relative amplitude; (0, 0): none, and no draw.
    pub second_peak: (f64, f64),
    /// Whether the batch has a fourth decoy: a weekly chat (a tweet chat on one evening of the week,
    /// as tall as the daily peak), whose first session falls in the first, unjudged day.
    pub weekly_chat: bool,
    /// The daily-peak decoy: how many times the usual its peak hours are.
    pub peak_height: (f64, f64),
    /// The steady decoy's authors an hour.
    pub steady_level: (f64, f64),
    /// The repost burst: reposts relative to the topic's usual day of posts.
    pub burst: (f64, f64),
    pub ordinary_series: usize,
    /// The sixth mix's irregularities; `None`: none, and no draw.
    pub irregular: Option<Irregular>,
    /// The seventh mix's shifts; `None`: none, and no draw.
    pub shifts: Option<Shifts>,
    /// The eighth mix's additions; `None`: none, and no draw. When set, `wild` draws the whole
    /// batch itself (from `weeks`, `level`, the rhythms, `noise`, the decoys' ranges and
    /// `ordinary_series`; the surge fields above are unused).
    pub wild: Option<Wild>,
}

/// A surge planted in a series.
#[derive(Debug, Clone, Copy)]
pub struct Planted {
    pub start: usize,
    pub hours: usize,
    pub size: f64,
    /// Mean usual rate over its hours (authors an hour).
    pub usual: f64,
    /// Hours of build-up before `start` (part of the event: an alert in them is not false).
    pub lead_in: usize,
}

impl Planted {
    /// The surges the targets speak of: at least 3× the usual, for at least 2 hours, and big enough
    /// to be news (at least 12 authors an hour in the surge, so "3× one author" is not one).
    pub fn is_target(&self) -> bool {
        self.size >= 3.0 && self.hours >= 2 && self.size * self.usual >= 12.0
    }

    pub fn last(&self) -> usize {
        self.start + self.hours - 1
    }

    /// The first hour of the event, build-up included.
    pub fn first(&self) -> usize {
        self.start - self.lead_in
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ordinary,
    DailyPeak,
    Steady,
    RepostBurst,
    WeeklyChat,
    /// A conference week: a raised plateau (sixth mix).
    Conference,
    /// A few bot accounts posting every hour on top of a quiet topic (sixth mix).
    Drip,
    /// A topic whose level steps up for good (a popular account joins) (seventh mix).
    Joined,
    /// A topic that goes quiet for days and comes back (seventh mix).
    Away,
    /// A repost storm of one post, with a few authors quoting it (seventh mix).
    Storm,
    /// A new topic: 5 to 6 days of series, with an event from its third day (seventh mix).
    Newcomer,
    /// A quiet topic on which a ring of accounts posts together at a fixed cadence (eighth mix).
    Ring,
    /// A topic through a congress: days of many moderate bumps, one per session (eighth mix).
    Congress,
}

pub struct Series {
    pub kind: Kind,
    pub authors: Vec<u32>,
    pub posts: Vec<u32>,
    pub planted: Vec<Planted>,
    /// The planted truth (seventh and eighth mixes only).
    pub truth: Option<Truth>,
}

/// The series of one seed: `ordinary_series` ordinary topics and one of each decoy.
pub fn batch(seed: u64, mix: &Mix) -> Vec<Series> {
    if let Some(wild) = &mix.wild {
        return wild::batch(seed, mix, wild);
    }
    let mut rng = Rng::new(seed);
    let hours = 24 * 7 * rng.pick(mix.weeks);
    let calendar = mix
        .irregular
        .as_ref()
        .map(|irregular| Calendar::draw(&mut rng, irregular, hours));
    let cal = calendar.as_ref();
    let gaps = mix.shifts.as_ref().map(|s| Gaps::draw(&mut rng, s, hours));
    let gaps = gaps.as_ref();
    let mut out: Vec<Series> = (0..mix.ordinary_series)
        .map(|_| series(&mut rng, mix, hours, Kind::Ordinary, cal, gaps))
        .collect();
    for kind in [Kind::DailyPeak, Kind::Steady, Kind::RepostBurst] {
        out.push(series(&mut rng, mix, hours, kind, cal, gaps));
    }
    if mix.weekly_chat {
        out.push(series(&mut rng, mix, hours, Kind::WeeklyChat, cal, gaps));
    }
    if let Some(calendar) = &calendar {
        for kind in [Kind::Conference, Kind::Drip] {
            out.push(series(&mut rng, mix, hours, kind, Some(calendar), gaps));
        }
        for s in &mut out {
            calendar.blank(&mut s.authors, &mut s.posts);
        }
    }
    if let (Some(shifts), Some(gaps)) = (&mix.shifts, gaps) {
        for kind in [Kind::Joined, Kind::Away, Kind::Storm] {
            out.push(series(&mut rng, mix, hours, kind, cal, Some(gaps)));
        }
        for _ in 0..shifts.newcomers {
            let len = shifts::newcomer_hours(&mut rng);
            out.push(series(&mut rng, mix, len, Kind::Newcomer, cal, Some(gaps)));
        }
        for s in &mut out {
            gaps.thin(&mut rng, s);
        }
    }
    out
}

fn series(
    rng: &mut Rng,
    mix: &Mix,
    hours: usize,
    kind: Kind,
    calendar: Option<&Calendar>,
    gaps: Option<&Gaps>,
) -> Series {
    let level = match kind {
        Kind::Steady => rng.between(mix.steady_level),
        _ => rng.log_between(mix.level),
    };
    let swing = match kind {
        Kind::Steady => rng.between((0.0, 0.2)),
        _ => rng.between(mix.daily_swing),
    };
    let busiest = rng.between((0.0, 24.0));
    let weekend = rng.between(mix.weekend);
    let first_weekday = rng.below(7);
    let trend = rng.between(mix.trend);
    let noise = rng.between(mix.noise);
    let (peak_hour, peak_width, peak_height) = (
        rng.below(24),
        1 + rng.below(2),
        rng.between(mix.peak_height),
    );
    let second = if mix.second_peak.1 > 0.0 {
        (rng.between(mix.second_peak), rng.between((0.0, 12.0)))
    } else {
        (0.0, 0.0)
    };
    // A weekly chat's first session is in the first day, which no rule judges (so every session a
    // rule judges has one before it); it starts by 22:00 so it ends within that day.
    let chat_hour = peak_hour.min(22);
    // The sixth mix's own draws, after every earlier mix's.
    let irregular = mix.irregular.as_ref();
    let rest = irregular.map(|i| irregular::rests(rng, i, hours));
    let plateau = irregular
        .filter(|_| kind == Kind::Conference)
        .map(|i| irregular::conference(rng, i, hours));
    let bots = irregular
        .filter(|_| kind == Kind::Drip)
        .map(|i| irregular::drip(rng, i, hours));
    // The seventh mix's, after those.
    let shifted = mix.shifts.as_ref();
    let base = shifted.map(|s| shifts::baseline(rng, s, kind, hours, first_weekday));
    let usual: Vec<f64> = (0..hours)
        .map(|h| {
            let hour = (h % 24) as f64 - calendar.map_or(0.0, |c| c.shift(h));
            let day = (first_weekday + h / 24) % 7;
            let daily = 1.0
                + swing * (std::f64::consts::TAU * (hour - busiest) / 24.0).cos()
                + second.0 * (2.0 * std::f64::consts::TAU * (hour - second.1) / 24.0).cos();
            let daily = daily.max(0.02);
            let weekly = if day >= 5 { weekend } else { 1.0 };
            let slow = 1.0 + trend * h as f64 / hours as f64;
            let mut rate = level * daily * weekly * slow;
            if kind == Kind::DailyPeak && (h % 24 + 24 - peak_hour) % 24 < peak_width {
                rate *= peak_height;
            }
            if kind == Kind::WeeklyChat && h >= chat_hour && (h - chat_hour) % (24 * 7) < peak_width
            {
                rate *= peak_height;
            }
            if let Some(c) = calendar {
                rate *= c.day_factor(h);
            }
            if rest.as_ref().is_some_and(|r| r[h]) {
                rate *= 0.1;
            }
            rate * plateau.as_ref().map_or(1.0, |p| p[h]) * base.as_ref().map_or(1.0, |b| b[h])
        })
        .collect();
    let mut planted: Vec<Planted> = Vec::new();
    if kind == Kind::Ordinary {
        for _ in 0..rng.below(mix.max_surges + 1) {
            let hours_long = rng.pick(mix.surge_hours);
            let mut start = 30 + rng.below(hours - 42 - hours_long);
            let mut on_top = false;
            if let Some(i) = irregular {
                if rng.unit() < i.night_share {
                    start = irregular::at_night(rng, start, busiest, 30, hours - 13 - hours_long);
                }
                // A second event while the first is still talked about.
                if let Some(first) = planted.first().filter(|_| rng.unit() < i.overlap) {
                    start = first.start + 1 + rng.below(first.hours + 2);
                    on_top = start + hours_long + 12 <= hours;
                    if !on_top {
                        continue;
                    }
                }
            }
            let clear = planted
                .iter()
                .all(|p: &Planted| start + hours_long + 48 < p.start || p.last() + 48 < start);
            if !clear && !on_top {
                continue;
            }
            let mean = usual[start..start + hours_long].iter().sum::<f64>() / hours_long as f64;
            let size = rng.pick(mix.surge_sizes);
            let lead_in = if mix.lead_in.is_empty() {
                0
            } else {
                rng.pick(mix.lead_in)
            };
            planted.push(Planted {
                start,
                hours: hours_long,
                size,
                usual: mean,
                lead_in,
            });
        }
    }
    let events = shifted
        .zip(gaps)
        .map(|(s, g)| Events::draw(rng, s, kind, &usual, g.window(hours), &planted));
    let mut authors = Vec::with_capacity(hours);
    let mut posts = Vec::with_capacity(hours);
    for (h, &rate) in usual.iter().enumerate() {
        let mut rate = rate * (noise * rng.normal() - noise * noise / 2.0).exp();
        rate *= events.as_ref().map_or(1.0, |e| e.factor[h] * e.noise[h]);
        for p in &planted {
            if (p.start..=p.last()).contains(&h) {
                let size = if mix.ramp && h == p.start {
                    (1.0 + p.size) / 2.0
                } else {
                    p.size
                };
                rate *= size;
            } else if (p.first()..p.start).contains(&h) {
                let step = h + 1 - p.first();
                rate *= 1.0 + (p.size - 1.0) * step as f64 / (p.lead_in + 1) as f64;
            }
        }
        let a = rng.poisson(rate);
        // A bot posts two or three times an hour; it is one author.
        let bot = bots.as_ref().map_or(0, |b| b[h]);
        authors.push(a + bot);
        // Some authors post more than once in an hour.
        posts.push(a + rng.poisson(0.3 * f64::from(a)) + bot * 5 / 2);
    }
    if kind == Kind::RepostBurst {
        // One post reposted by a crowd within a couple of hours: many posts, no new author of an
        // original post.
        let day: f64 = usual.iter().take(24).sum();
        let at = 48 + rng.below(hours - 60);
        let reposts = (rng.between(mix.burst) * day.max(10.0)) as u32;
        let spread = 1 + rng.below(3);
        for hour in &mut posts[at..at + spread] {
            *hour += reposts / spread as u32;
        }
    }
    let truth = events.map(|e| {
        posts.iter_mut().zip(&e.reposts).for_each(|(p, r)| *p += r);
        planted.extend(e.planted);
        Truth {
            usual,
            event: e.factor,
            kept: vec![1.0; hours],
        }
    });
    Series {
        kind,
        authors,
        posts,
        planted,
        truth,
    }
}
