//! The clocks, calendars and collection of one seed's guild (`Calendar`), and each topic's
//! audiences on them (`Clock`).

use super::super::{Rng, Series};
use super::Wild;

/// Regions: 0 keeps its clock (no daylight-saving time), 1 the Americas, 2 Europe, 3 the southern
/// hemisphere (which moves its clock the other way).
const REGIONS: usize = 4;

/// Holidays of each tradition (after 0, none): (fewest days, most days, deepest, shallowest
/// factor). 1: a bank holiday, or Easter from Friday to Monday; 2: the Lunar New Year or Golden
/// Week; 3: Eid; 4: Diwali; 5: Yom Kippur or Rosh Hashanah.
const HOLIDAYS: [(usize, usize, f64, f64); 5] = [
    (1, 4, 0.45, 0.8),
    (3, 7, 0.3, 0.6),
    (2, 3, 0.35, 0.65),
    (1, 2, 0.4, 0.7),
    (1, 2, 0.15, 0.6),
];

/// The tradition that keeps Ramadan, and its days: the month before Eid, in which the topic's
/// day moves later (talk after the evening meal, late into the night).
const RAMADAN: (usize, usize) = (3, 29);

/// Traditions a topic may follow, as often as they appear here.
const TRADITIONS: [usize; 8] = [0, 0, 1, 1, 2, 3, 4, 5];

/// Hours kept clear of labels around an outage and its backlog.
pub const CLEAR: usize = 6;

/// A collection outage and the fate of its backlog.
#[derive(Debug, Clone, Copy)]
pub struct Outage {
    pub from: usize,
    pub hours: usize,
    /// Hours after it in which the late share of its posts is counted.
    pub recovery: usize,
    pub late: f64,
    pub lost: f64,
}

impl Outage {
    /// The last hour that holds part of its backlog.
    pub fn last(&self) -> usize {
        self.from + self.hours + self.recovery - 1
    }
}

/// One seed's guild: its weekdays, each region's clock change, each tradition's holidays, and the
/// collection outages.
pub struct Calendar {
    hours: usize,
    first_weekday: usize,
    /// Per region: the hour from which its clock is moved, and by how many hours (+1: its day
    /// comes an hour earlier in UTC).
    dst: [Option<(usize, f64)>; REGIONS],
    /// Per tradition, each day's volume factor.
    days: Vec<Vec<f64>>,
    /// The days of the month of fasting before the first Eid (those within the history).
    ramadan: Option<std::ops::Range<usize>>,
    pub outages: Vec<Outage>,
}

impl Calendar {
    pub fn draw(rng: &mut Rng, wild: &Wild, hours: usize) -> Self {
        let days = hours / 24;
        let first_weekday = rng.below(7);
        // Spring: the north moves its clocks forward, the south back; autumn the other way.
        let spring = if rng.unit() < 0.5 { 1.0 } else { -1.0 };
        let mut dst = [None; REGIONS];
        for (region, change) in dst.iter_mut().enumerate().skip(1) {
            let by = if region == 3 { -spring } else { spring };
            *change = (rng.unit() < 0.8).then(|| (24 * (2 + rng.below(days - 3)) + 2, by));
        }
        let mut factors = vec![vec![1.0; days]];
        let mut ramadan = None;
        for (tradition, &(fewest, most, deep, shallow)) in (1..).zip(&HOLIDAYS) {
            let mut day_factor = vec![1.0; days];
            let count = 1 + usize::from(days >= 28 && rng.unit() < 0.5);
            for _ in 0..count {
                let long = fewest + rng.below(most - fewest + 1);
                let at = 2 + rng.below(days - long - 3);
                let depth = rng.between((deep, shallow));
                if tradition == RAMADAN.0 && ramadan.is_none() {
                    ramadan = Some(at.saturating_sub(RAMADAN.1)..at);
                }
                day_factor[at - 1] *= 0.85;
                day_factor[at..at + long]
                    .iter_mut()
                    .for_each(|f| *f *= depth);
                if long >= 3 {
                    day_factor[at + long] *= rng.between((1.15, 1.4));
                }
            }
            factors.push(day_factor);
        }
        let mut outages: Vec<Outage> = Vec::new();
        for week in 0..days / 7 {
            if rng.unit() < wild.outage_per_week {
                let from = (week * 168 + rng.below(168)).clamp(24, hours - 24);
                let outage = Outage {
                    from,
                    hours: 2 + rng.below(9),
                    recovery: 1 + rng.below(3),
                    late: rng.between(wild.late),
                    lost: rng.between(wild.lost),
                };
                let apart = outages.last().is_none_or(|o| o.last() + 24 < from);
                if apart && outage.last() + 12 < hours {
                    outages.push(outage);
                }
            }
        }
        Self {
            hours,
            first_weekday,
            dst,
            days: factors,
            ramadan,
            outages,
        }
    }

    pub fn hours(&self) -> usize {
        self.hours
    }

    /// The weekday of hour `h` (5 and 6: the weekend).
    pub fn weekday(&self, h: usize) -> usize {
        (self.first_weekday + h / 24) % 7
    }

    /// How many hours earlier (in UTC) a region's day comes at hour `h`.
    pub fn offset(&self, region: usize, h: usize) -> f64 {
        match self.dst[region] {
            Some((from, by)) if h >= from => by,
            _ => 0.0,
        }
    }

    /// The volume of hour `h` relative to an ordinary day, for a topic of `tradition`.
    pub fn day_factor(&self, tradition: usize, h: usize) -> f64 {
        self.days[tradition][h / 24]
    }

    /// Whether hour `h` falls in Ramadan.
    pub fn in_ramadan(&self, h: usize) -> bool {
        self.ramadan
            .as_ref()
            .is_some_and(|days| days.contains(&(h / 24)))
    }

    /// Whether hours `a` to `b` are at least `CLEAR` hours from every outage and its backlog.
    pub fn clear(&self, a: usize, b: usize) -> bool {
        self.outages
            .iter()
            .all(|o| b + CLEAR < o.from || o.last() + CLEAR < a)
    }

    /// Collects a series through the outages: in each outage hour every author (and every other
    /// post) is counted late, lost or in its hour; the late ones land in the hours after it. The
    /// truth's `kept` becomes the expected share counted of each hour (above 1 after an outage).
    pub fn collect(&self, rng: &mut Rng, s: &mut Series) {
        let truth = s.truth.as_mut().expect("the eighth mix keeps its truth");
        for o in &self.outages {
            let after = o.from + o.hours;
            let mut backlog = 0.0;
            for h in o.from..after {
                let more = s.posts[h] - s.authors[h];
                let ((authors_late, authors_lost), (posts_late, posts_lost)) =
                    (fates(rng, s.authors[h], o), fates(rng, more, o));
                s.authors[h] -= authors_late + authors_lost;
                s.posts[h] -= authors_late + authors_lost + posts_late + posts_lost;
                for _ in 0..authors_late {
                    let r = after + rng.below(o.recovery);
                    s.authors[r] += 1;
                    s.posts[r] += 1;
                }
                for _ in 0..posts_late {
                    s.posts[after + rng.below(o.recovery)] += 1;
                }
                truth.kept[h] = 1.0 - o.late - o.lost;
                backlog += o.late * truth.usual[h] * truth.event[h];
            }
            for r in after..after + o.recovery {
                let expected = truth.usual[r] * truth.event[r];
                truth.kept[r] = 1.0 + backlog / o.recovery as f64 / expected;
            }
        }
    }
}

/// Of `n` authors or posts created in an outage hour: how many are counted late, and how many lost.
fn fates(rng: &mut Rng, n: u32, o: &Outage) -> (u32, u32) {
    let (mut late, mut lost) = (0, 0);
    for _ in 0..n {
        let u = rng.unit();
        if u < o.late {
            late += 1;
        } else if u < o.late + o.lost {
            lost += 1;
        }
    }
    (late, lost)
}

/// A topic's audiences, each on its region's clock, and the tradition whose holidays it keeps.
pub struct Clock {
    /// (region, busiest hour, share of the volume) of each audience.
    audiences: Vec<(usize, f64, f64)>,
    pub tradition: usize,
    /// How many hours later the main audience's day comes in Ramadan, if it keeps it.
    ramadan: f64,
}

impl Clock {
    pub fn draw(rng: &mut Rng, wild: &Wild) -> Self {
        let region = rng.below(REGIONS);
        let busiest = rng.between((0.0, 24.0));
        let mut audiences = vec![(region, busiest, 1.0)];
        if rng.unit() < wild.second_audience {
            let share = rng.between(wild.second_share);
            audiences[0].2 = 1.0 - share;
            let other = (region + 1 + rng.below(REGIONS - 1)) % REGIONS;
            audiences.push((other, (busiest + rng.between((6.0, 12.0))) % 24.0, share));
        }
        let tradition = rng.pick(&TRADITIONS);
        Self {
            audiences,
            tradition,
            ramadan: rng.between((2.0, 4.0)),
        }
    }

    /// The daily rhythm at hour `h`: each audience's day-night swing on its own clock (the main
    /// audience's later in Ramadan, if it keeps it).
    pub fn daily(&self, h: usize, swing: f64, calendar: &Calendar) -> f64 {
        let fasting = self.tradition == RAMADAN.0 && calendar.in_ramadan(h);
        self.audiences
            .iter()
            .enumerate()
            .map(|(i, &(region, busiest, share))| {
                let later = if fasting && i == 0 { self.ramadan } else { 0.0 };
                let hour = (h % 24) as f64 + calendar.offset(region, h) - later;
                let cycle = (std::f64::consts::TAU * (hour - busiest) / 24.0).cos();
                share * (1.0 + swing * cycle).max(0.02)
            })
            .sum()
    }

    /// The hour of the day on the main audience's clock at hour `h`.
    pub fn local_hour(&self, h: usize, calendar: &Calendar) -> usize {
        let by = calendar.offset(self.audiences[0].0, h) as i64;
        ((h % 24) as i64 + 24 + by) as usize % 24
    }

    /// How far hour `h` is from the main audience's busiest hour, in hours (0 to 12).
    pub fn hours_off_busiest(&self, h: usize, calendar: &Calendar) -> f64 {
        let hour = (h % 24) as f64 + calendar.offset(self.audiences[0].0, h);
        let d = (hour - self.audiences[0].1).rem_euclid(24.0);
        d.min(24.0 - d)
    }
}
