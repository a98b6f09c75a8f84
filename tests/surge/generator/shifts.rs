//! What the seventh mix adds (`shifts`), written from the definition of a surge and this
//! harness alone, without reading the detector: usual volumes that move (a topic's level steps up
//! or down for good, a source goes quiet for days and comes back, a weekly rhythm redrawn every
//! week), heavy-tailed hourly counts (negative binomial, and now and then one hour at about 2×),
//! partial collection gaps (hours that count only part of what was posted), new topics with two or
//! three days of history, repost storms of one post, and events of new shapes: surges that build up
//! over 6 to 12 hours, surges of exactly 2 hours at 5× to 15×, surges on quiet topics sized just above
//! the minimum volume, and near misses (below 3×, or a single hour) that are real but no target.
//!
//! Labels come from the planted truth: the usual rate of each hour is what the series would have
//! had without the event (level, rhythms, steps and quiet spells included; noise and gaps not), and
//! an event multiplies it by a planted factor each hour. A label's hours are the run of hours at
//! 3× or more (for an event that never reaches 3×, the hours at its peak), its size the
//! smallest factor in them, its usual the mean usual rate in them, and its build-up the hours of the
//! event before them. So a label is a target exactly when every hour of it is at least 3× its usual
//! volume, for at least 2 hours, with the harness's minimum volume (`Planted::is_target`).
//! Steps, quiet spells, the weekly rhythm, hot hours, storms and gaps are not events: they are part
//! of the usual volume or of the noise, and an alert on them is false.

use super::{Kind, Planted, Rng, Series};

/// The ranges of the seventh mix's additions; `None` in a mix: none, and no draw, so earlier mixes
/// keep their series.
#[derive(Debug, Clone)]
pub struct Shifts {
    /// Chance that an ordinary topic's level steps for good, from some hour after its first week,
    /// by a factor in this range (log-uniform: as many steps down as up).
    pub step_chance: f64,
    pub step: (f64, f64),
    /// Chance that an ordinary topic goes quiet for 4 to 9 days (its main source stops posting),
    /// at this share of its level, then comes back.
    pub quiet_chance: f64,
    pub quiet: (f64, f64),
    /// The weekly rhythm, redrawn for every week: the weekend's volume, and one weekday (a journal
    /// club, a ward round) busier by this factor.
    pub weekend: (f64, f64),
    pub busy_day: (f64, f64),
    /// Shape of the gamma mixing each hour's count (a negative binomial): lower is heavier-tailed.
    pub shape: (f64, f64),
    /// Chance of a hot hour (never two in a row), and its factor.
    pub hot_chance: f64,
    pub hot: (f64, f64),
    /// Events per ordinary series: 0 up to this, each of a kind drawn from `events`.
    pub max_events: usize,
    pub events: &'static [Event],
    /// Chance of a repost storm in an ordinary series (3 to 8 hours, each with 60% of the hour
    /// before's); its reposts relative to the topic's usual authors in the day before it, and the
    /// extra authors quoting it in its first hour (relative to the usual).
    pub storm_chance: f64,
    pub storm: (f64, f64),
    pub quoting: (f64, f64),
    /// Chance, each day, of a partial gap (2 to 12 hours for every series), and the share kept.
    pub gap_per_day: f64,
    pub gap_keep: (f64, f64),
    /// The decoys' factors: a step up for good (`Kind::Joined`), a quiet spell (`Kind::Away`).
    pub joined: (f64, f64),
    pub away: (f64, f64),
    /// New topics (`Kind::Newcomer`) in each batch: 5 to 6 days long, an event from the third day.
    pub newcomers: usize,
}

/// The shapes of planted events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Climbs evenly over 6 to 12 hours to 3.5× to 8×, holds it 2 to 8 hours, falls over 1 to 3.
    Slow,
    /// Exactly 2 hours at 5× to 15×, at once.
    Sharp,
    /// 3× to 6× for 2 to 6 hours, at once.
    Plain,
    /// 3.2× or more (at most 25×), sized so its hours hold 12.5 to 17 authors: a quiet topic's
    /// surge just above the minimum volume (on a busy topic, a surge just above 3×).
    Small,
    /// Rises over 1 or 2 hours to 2.2× to 2.8× and holds it 3 to 10 hours: real, no target.
    NearMiss,
    /// One hour at 4× to 8×: real, no target.
    Blip,
}

/// Events a new topic gets (one each).
const NEWCOMER_EVENTS: &[Event] = &[Event::Slow, Event::Sharp, Event::Plain, Event::Small];

/// What a series would have been without noise: the generator's planted truth.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The usual rate (authors an hour) of each hour: without any event.
    pub usual: Vec<f64>,
    /// The planted factor of each hour (1 outside events; storms' quoting authors included).
    pub event: Vec<f64>,
    /// The share of each hour's counts collected (below 1 in a partial gap).
    pub kept: Vec<f64>,
}

impl Kind {
    /// Whether the series is a decoy (no planted surge), rather than a topic that may have one.
    pub fn is_decoy(self) -> bool {
        !matches!(self, Kind::Ordinary | Kind::Newcomer)
    }
}

/// One seed's partial gaps: the share of counts collected at each hour, shared by its series.
pub struct Gaps(Vec<f64>);

impl Gaps {
    pub fn draw(rng: &mut Rng, shifts: &Shifts, hours: usize) -> Self {
        let mut kept = vec![1.0; hours];
        for day in 1..hours / 24 {
            if rng.unit() < shifts.gap_per_day {
                let at = day * 24 + rng.below(24);
                let long = 2 + rng.below(11);
                let keep = rng.between(shifts.gap_keep);
                kept.iter_mut().skip(at).take(long).for_each(|k| *k = keep);
            }
        }
        Self(kept)
    }

    /// The shares of a series of `len` hours that ends with the seed's last hour.
    pub fn window(&self, len: usize) -> &[f64] {
        &self.0[self.0.len() - len..]
    }

    /// Keeps each counted author and post of a gap hour with the gap's share.
    pub fn thin(&self, rng: &mut Rng, s: &mut Series) {
        let kept = self.window(s.authors.len());
        for (h, &keep) in kept.iter().enumerate() {
            if keep < 1.0 {
                let authors = binomial(rng, s.authors[h], keep);
                let more = binomial(rng, s.posts[h] - s.authors[h], keep);
                s.authors[h] = authors;
                s.posts[h] = authors + more;
            }
        }
        if let Some(truth) = &mut s.truth {
            truth.kept = kept.to_vec();
        }
    }
}

/// A new topic's length: 5 to 6 days.
pub fn newcomer_hours(rng: &mut Rng) -> usize {
    120 + rng.below(24)
}

/// Each hour's factor on the usual volume: the weekly rhythm of each week, a step, a quiet spell.
pub fn baseline(
    rng: &mut Rng,
    shifts: &Shifts,
    kind: Kind,
    hours: usize,
    first_weekday: usize,
) -> Vec<f64> {
    if kind == Kind::Steady {
        return vec![1.0; hours];
    }
    let weeks = (first_weekday + hours / 24) / 7 + 1;
    let weekly: Vec<(f64, usize, f64)> = (0..weeks)
        .map(|_| {
            let weekend = rng.between(shifts.weekend);
            (weekend, rng.below(5), rng.between(shifts.busy_day))
        })
        .collect();
    let days = hours / 24;
    let step = match kind {
        Kind::Ordinary if rng.unit() < shifts.step_chance => Some(rng.log_between(shifts.step)),
        Kind::Joined => Some(rng.between(shifts.joined)),
        _ => None,
    }
    .map(|factor| (24 * (8 + rng.below(days - 10)) + rng.below(24), factor));
    let quiet = match kind {
        Kind::Ordinary if rng.unit() < shifts.quiet_chance => Some(rng.between(shifts.quiet)),
        Kind::Away => Some(rng.between(shifts.away)),
        _ => None,
    }
    .map(|factor| {
        let long = 4 + rng.below(6);
        let at = 24 * (8 + rng.below(days - long - 9)) + rng.below(24);
        (at..at + 24 * long, factor)
    });
    (0..hours)
        .map(|h| {
            let day = first_weekday + h / 24;
            let (weekend, busy, lift) = weekly[day / 7];
            let f = match day % 7 {
                5 | 6 => weekend,
                d if d == busy => lift,
                _ => 1.0,
            };
            let stepped = step.filter(|&(at, _)| h >= at).map_or(1.0, |(_, f)| f);
            let resting = quiet.as_ref().filter(|(spell, _)| spell.contains(&h));
            f * stepped * resting.map_or(1.0, |(_, f)| *f)
        })
        .collect()
}

/// A series' planted events, storm and noise.
pub struct Events {
    /// The planted factor of each hour.
    pub factor: Vec<f64>,
    /// Each hour's noise factor (mean 1): gamma mixing and hot hours.
    pub noise: Vec<f64>,
    /// Reposts of a storm's post at each hour (posts, no new author).
    pub reposts: Vec<u32>,
    pub planted: Vec<Planted>,
}

impl Events {
    /// Draws the events of a series whose usual rate is `usual` and partial gaps `kept`, clear of
    /// the surges already planted in it (`taken`) by two days.
    pub fn draw(
        rng: &mut Rng,
        shifts: &Shifts,
        kind: Kind,
        usual: &[f64],
        kept: &[f64],
        taken: &[Planted],
    ) -> Self {
        let hours = usual.len();
        let mut factor = vec![1.0; hours];
        let mut planted = Vec::new();
        let mut busy: Vec<(usize, usize)> = taken.iter().map(|p| (p.first(), p.last())).collect();
        let clear = |busy: &[(usize, usize)], a: usize, b: usize| {
            busy.iter().all(|&(c, d)| b + 48 < c || d + 48 < a)
        };
        let count = match kind {
            Kind::Ordinary => rng.below(shifts.max_events + 1),
            Kind::Newcomer => 1,
            _ => 0,
        };
        for _ in 0..count {
            let event = match kind {
                Kind::Newcomer => rng.pick(NEWCOMER_EVENTS),
                _ => rng.pick(shifts.events),
            };
            let mut profile = shape(rng, event);
            let len = profile.len();
            let first = match kind {
                Kind::Newcomer => 48 + rng.below(24),
                _ => 30 + rng.below(hours - 42 - len),
            };
            let last = first + len - 1;
            if event == Event::Small {
                let mean = usual[first..=last].iter().sum::<f64>() / len as f64;
                let size = (rng.between((12.5, 17.0)) / mean).clamp(3.2, 25.0);
                profile.fill(size);
            }
            let gap = kept[first.saturating_sub(2)..(last + 3).min(hours)]
                .iter()
                .any(|&k| k < 1.0);
            if gap || !clear(&busy, first, last) {
                continue;
            }
            factor[first..=last].copy_from_slice(&profile);
            planted.push(label(&profile, first, usual));
            busy.push((first, last));
        }
        let storm = match kind {
            Kind::Storm => true,
            Kind::Ordinary => rng.unit() < shifts.storm_chance,
            _ => false,
        };
        let mut reposts = vec![0; hours];
        if storm {
            let long = 3 + rng.below(6);
            let at = 48 + rng.below(hours - 60 - long);
            let day: f64 = usual[at - 24..at].iter().sum();
            let total = rng.between(shifts.storm) * day.max(10.0);
            let quoting = rng.between(shifts.quoting);
            if clear(&busy, at, at + long - 1) {
                // Each hour of the storm has 60% of the hour before's reposts and quotes.
                let weights: Vec<f64> = (0..long).map(|j| 0.6f64.powi(j as i32)).collect();
                let sum: f64 = weights.iter().sum();
                for (j, w) in weights.iter().enumerate() {
                    reposts[at + j] = (total * w / sum) as u32;
                    factor[at + j] *= 1.0 + quoting * w;
                }
            }
        }
        let shape_k = rng.between(shifts.shape);
        let mut hot_before = false;
        let noise = (0..hours)
            .map(|_| {
                let mixing = gamma(rng, shape_k) / shape_k;
                let hot = !hot_before && rng.unit() < shifts.hot_chance;
                hot_before = hot;
                mixing * if hot { rng.between(shifts.hot) } else { 1.0 }
            })
            .collect();
        Self {
            factor,
            noise,
            reposts,
            planted,
        }
    }
}

/// An event's factor at each of its hours (a `Small` one's size is set once it is placed).
fn shape(rng: &mut Rng, event: Event) -> Vec<f64> {
    let flat = |rng: &mut Rng, peak: f64, lo: usize, n: usize| vec![peak; lo + rng.below(n)];
    match event {
        Event::Slow => {
            let peak = rng.between((3.5, 8.0));
            let (up, hold, down) = (6 + rng.below(7), 2 + rng.below(7), 1 + rng.below(3));
            let climb = (1..=up).map(|i| 1.0 + (peak - 1.0) * i as f64 / (up + 1) as f64);
            let fall = (1..=down)
                .rev()
                .map(|i| 1.0 + (peak - 1.0) * i as f64 / (down + 1) as f64);
            climb.chain(vec![peak; hold]).chain(fall).collect()
        }
        Event::Sharp => vec![rng.between((5.0, 15.0)); 2],
        Event::Plain => {
            let peak = rng.between((3.0, 6.0));
            flat(rng, peak, 2, 5)
        }
        Event::Small => flat(rng, 1.0, 2, 4),
        Event::NearMiss => {
            let peak = rng.between((2.2, 2.8));
            let up = 1 + rng.below(2);
            let climb = (1..=up).map(|i| 1.0 + (peak - 1.0) * i as f64 / (up + 1) as f64);
            climb.chain(flat(rng, peak, 3, 8)).collect()
        }
        Event::Blip => vec![rng.between((4.0, 8.0))],
    }
}

/// The label of an event placed at `first`: its hours at 3× or more (or at its peak, if it never
/// reaches 3×), the smallest factor in them, their mean usual rate, and the build-up before them.
pub fn label(profile: &[f64], first: usize, usual: &[f64]) -> Planted {
    let peak = profile.iter().copied().fold(0.0, f64::max);
    let bar = peak.min(3.0);
    let from = profile.iter().position(|&f| f >= bar).unwrap_or(0);
    let to = profile.iter().rposition(|&f| f >= bar).unwrap_or(0);
    let size = profile[from..=to]
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let start = first + from;
    let hours = to - from + 1;
    Planted {
        start,
        hours,
        size,
        usual: usual[start..start + hours].iter().sum::<f64>() / hours as f64,
        lead_in: from,
    }
}

/// Gamma with shape `shape` ≥ 1 and scale 1 (Marsaglia and Tsang's method).
fn gamma(rng: &mut Rng, shape: f64) -> f64 {
    let third = shape - 1.0 / 3.0;
    let spread = 1.0 / (9.0 * third).sqrt();
    loop {
        let normal = rng.normal();
        let cube = (1.0 + spread * normal).powi(3);
        if cube <= 0.0 {
            continue;
        }
        let bound = 0.5 * normal * normal + third - third * cube + third * cube.ln();
        if rng.unit().max(1e-300).ln() < bound {
            return third * cube;
        }
    }
}

fn binomial(rng: &mut Rng, n: u32, p: f64) -> u32 {
    (0..n).filter(|_| rng.unit() < p).count() as u32
}
