//! What the eighth mix adds (`wild`), written from the definition of a surge and this
//! harness alone, without reading the detector: what real hashtag, drug and disease counts do that
//! the earlier mixes lack. It draws its batches itself, so the earlier mixes keep their series.
//!
//! - Clocks (`calendar::Clock`): each topic's audience lives in a region (the Americas, Europe, the
//!   southern hemisphere, or one without daylight-saving time), and each region moves its clock on
//!   its own day (in four histories out of five), the southern one the other way; a topic may have
//!   a second audience on another continent, whose clock moves on another day or not at all. A
//!   daily peak moves with its clock.
//! - Calendars: each topic follows one tradition's holidays (a bank holiday or Easter, the Lunar
//!   New Year or Golden Week, Eid, Diwali, the Jewish high holidays, or none): one to seven days at
//!   15% to 80% of the usual volume, a quieter eve, and after a holiday of three days or more a
//!   busier day of catching up; the topics of one guild follow different calendars. Topics that
//!   keep Eid have their day 2 to 4 hours later in the month of fasting before it (what of it is in
//!   the history): a rhythm that moves, for weeks, and moves back.
//! - Collection: outages of 2 to 10 hours shared by the guild, after which the backlog is fetched:
//!   most of it is counted in the hours its posts were created (the bot counts by created time),
//!   but a share lands in the 1 to 3 hours after the outage (posts whose created time is their
//!   delivery: a bridge that re-stamps them, edits, quotes) and a share is lost (older than the
//!   source's look-back). A long outage with a large late share puts 3× the usual volume in the
//!   hours after it: an artefact of collection, not a surge.
//! - Volumes: some topics' usual volume sits near the minimum volume (2.5 to 6 authors an hour), so
//!   3× their usual straddles it.
//! - Events (`Shape`): surges that start in a topic's quietest hour with a fixed number of extra
//!   authors an hour (news from another continent: 3× and more at night, less as the topic's day
//!   starts; 9 to 26 authors an hour in all at first on a quiet topic, 3.2× its usual on a busier
//!   one); two events whose extra volumes add (so only their overlap may reach 3×), or that follow
//!   each other within hours; a readout that peaks and then settles on a new normal of 1.6× to 2.6×
//!   for days or for good; viral posts whose talk decays slowly (a half-life of 4 to 16 hours);
//!   surges just above the bar (3.02× to 3.4×); and near misses: 2.3× to 2.95× for hours, one hour
//!   at 3.5× to 7× with a shoulder below 3×, and 3× or more for hours below the minimum volume.
//! - Decoys: a daily peak, a steady busy topic and a burst of reposts of one post (as before, with
//!   the new clocks, calendars and outages); a ring of accounts posting together every 3 to 12
//!   hours on a quiet topic from some day on (each burst one hour: never a target, however tall); a
//!   congress: three to five days of daytime talk at 1.1× to 1.35×, which sessions bump to at most
//!   1.95×.
//!
//! Labels come from the planted truth (`Truth`), as in the seventh mix: the usual rate of each hour
//! is what the series would have had without its events (rhythms, clocks, holidays and the ring's
//! accounts included; noise and collection not), and events multiply it by a factor each hour. An
//! event is a run of hours whose factor is above 1. One that reaches 3× has a label for each run of
//! its hours at 3× or more; one whose peak is at least 2× but below 3× (a near miss) a label for
//! each run of its hours at 2× or more; one below 2× none (the congress). A label's size is the
//! smallest factor in it, its usual the mean usual rate in it, its build-up the hours of the event
//! before it (since the event's start or its previous run): so it is a target exactly when every
//! hour of it is at least 3× its usual, for 2 hours or more, with the minimum volume
//! (`Planted::is_target`). No label comes within 6 hours of an outage or of its backlog.

mod calendar;
mod events;

use super::{Kind, Mix, Rng, Series, Truth};
use calendar::{Calendar, Clock};
pub use events::Shape;

/// The ranges of the eighth mix's additions; `None` in a mix: none, and no draw.
#[derive(Debug, Clone)]
pub struct Wild {
    /// Share of ordinary topics whose usual volume sits near the minimum volume, and their level
    /// (authors an hour, log-uniform).
    pub near_minimum: f64,
    pub near_level: (f64, f64),
    /// Chance that a topic has a second audience on another continent, and that audience's share.
    pub second_audience: f64,
    pub second_share: (f64, f64),
    /// Chance, each week, of a collection outage of 2 to 10 hours; the share of its posts counted
    /// late (in the 1 to 3 hours after it) and the share lost.
    pub outage_per_week: f64,
    pub late: (f64, f64),
    pub lost: (f64, f64),
    /// Events per ordinary series: 0 up to this, each of a shape drawn from `shapes`.
    pub max_events: usize,
    pub shapes: &'static [Shape],
    /// The ring decoy: its accounts (fewest, most), and the hours between their posts.
    pub ring: (usize, usize),
    pub cadences: &'static [usize],
    /// The congress decoy: its daytime plateau (sessions bump it to at most 1.95×).
    pub congress: (f64, f64),
}

/// The series of one seed: `ordinary_series` ordinary topics and one of each decoy.
pub fn batch(seed: u64, mix: &Mix, wild: &Wild) -> Vec<Series> {
    let mut rng = Rng::new(seed);
    let hours = 24 * 7 * rng.pick(mix.weeks);
    let calendar = Calendar::draw(&mut rng, wild, hours);
    let decoys = [
        Kind::DailyPeak,
        Kind::Steady,
        Kind::RepostBurst,
        Kind::Ring,
        Kind::Congress,
    ];
    let kinds = std::iter::repeat_n(Kind::Ordinary, mix.ordinary_series).chain(decoys);
    let mut out: Vec<Series> = kinds
        .map(|kind| series(&mut rng, mix, wild, &calendar, kind))
        .collect();
    for s in &mut out {
        calendar.collect(&mut rng, s);
    }
    out
}

fn series(rng: &mut Rng, mix: &Mix, wild: &Wild, calendar: &Calendar, kind: Kind) -> Series {
    let hours = calendar.hours();
    let level = match kind {
        Kind::Steady => rng.between(mix.steady_level),
        Kind::Ring => rng.log_between((1.0, 12.0)),
        Kind::Ordinary if rng.unit() < wild.near_minimum => rng.log_between(wild.near_level),
        _ => rng.log_between(mix.level),
    };
    let swing = match kind {
        Kind::Steady => rng.between((0.0, 0.2)),
        _ => rng.between(mix.daily_swing),
    };
    let clock = Clock::draw(rng, wild);
    let weekend = rng.between(mix.weekend);
    let trend = rng.between(mix.trend);
    let sigma = rng.between(mix.noise);
    let (peak_hour, peak_width, peak_height) = (
        rng.below(24),
        1 + rng.below(2),
        rng.between(mix.peak_height),
    );
    let ring = match kind {
        Kind::Ring => ring(rng, wild, hours),
        _ => vec![0; hours],
    };
    let usual: Vec<f64> = (0..hours)
        .map(|h| {
            let weekly = if calendar.weekday(h) >= 5 {
                weekend
            } else {
                1.0
            };
            let slow = 1.0 + trend * h as f64 / hours as f64;
            let mut rate = level * clock.daily(h, swing, calendar) * weekly * slow;
            rate *= calendar.day_factor(clock.tradition, h);
            if kind == Kind::DailyPeak
                && (clock.local_hour(h, calendar) + 24 - peak_hour) % 24 < peak_width
            {
                rate *= peak_height;
            }
            rate + f64::from(ring[h])
        })
        .collect();
    let mut event = vec![1.0; hours];
    let mut planted = Vec::new();
    match kind {
        Kind::Ordinary => events::plant(rng, wild, &usual, calendar, &mut event, &mut planted),
        Kind::Congress => events::congress(rng, wild, &clock, calendar, &mut event),
        _ => {}
    }
    let mut authors = Vec::with_capacity(hours);
    let mut posts = Vec::with_capacity(hours);
    for h in 0..hours {
        let talk = (usual[h] - f64::from(ring[h])) * event[h];
        let noise = (sigma * rng.normal() - sigma * sigma / 2.0).exp();
        let a = rng.poisson(talk * noise) + ring[h];
        authors.push(a);
        // Some authors post more than once in an hour.
        posts.push(a + rng.poisson(0.3 * f64::from(a)));
    }
    if kind == Kind::RepostBurst {
        // One post reposted by a crowd within a couple of hours: posts, no new author.
        let at = 48 + rng.below(hours - 60);
        let day: f64 = usual[at - 24..at].iter().sum();
        let reposts = (rng.between(mix.burst) * day.max(10.0)) as u32;
        let spread = 1 + rng.below(3);
        for hour in &mut posts[at..at + spread] {
            *hour += reposts / spread as u32;
        }
    }
    Series {
        kind,
        authors,
        posts,
        planted,
        truth: Some(Truth {
            usual,
            event,
            kept: vec![1.0; hours],
        }),
    }
}

/// The ring decoy's accounts at each hour: all (or all but one or two) post in the same hour,
/// every `cadence` hours, from some hour after the first week, now and then skipping a round, and
/// in two rings out of five stopping after 3 to 10 days.
fn ring(rng: &mut Rng, wild: &Wild, hours: usize) -> Vec<u32> {
    let (fewest, most) = wild.ring;
    let accounts = fewest + rng.below(most - fewest + 1);
    let cadence = rng.pick(wild.cadences);
    let days = hours / 24;
    let from = 24 * (7 + rng.below(days - 13)) + rng.below(24);
    let until = if rng.unit() < 0.4 {
        (from + 24 * (3 + rng.below(8))).min(hours)
    } else {
        hours
    };
    let mut out = vec![0; hours];
    for h in (from..until).step_by(cadence) {
        if rng.unit() >= 0.08 {
            out[h] = (accounts - rng.below(3)) as u32;
        }
    }
    out
}
