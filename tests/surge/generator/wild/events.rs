//! The eighth mix's events (`Shape`): their factors hour by hour, where they are placed, and their
//! labels; and the congress decoy's moderate bumps.

use super::super::{Planted, Rng};
use super::calendar::{Calendar, Clock};
use super::Wild;

/// The shapes of planted events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Starts in the topic's quietest hour of a day with a fixed number of extra authors an hour for
    /// 6 to 14 hours: 9 to 26 authors an hour in all at first, or 3.2× the usual there if that is
    /// more; less relative to the usual as the topic's day starts.
    Night,
    /// Two events whose extra volumes add: the first at 2× to 3.4× for 4 to 10 hours, the second
    /// adding 0.8× to 2.2× of the usual for 2 to 5 hours, from within the first (or, one time in
    /// three, 1 to 3 hours after it ends: two events, back to back).
    Overlap,
    /// A readout: 3.5× to 7× for 2 to 5 hours (at once, or after an hour halfway up), falling over 2
    /// to 4 hours to a new normal of 1.6× to 2.6× that holds 2 to 6 days, or to the end.
    Readout,
    /// A viral post: rises over 1 or 2 hours to 4× to 12×, then its talk decays with a half-life
    /// of 4 to 16 hours until it is within 5% of the usual.
    Viral,
    /// 3.02× to 3.4× for 2 or 3 hours, at once: just above the bar.
    Edge,
    /// Rises over 1 or 2 hours to 2.3× to 2.95×, holds it 3 to 12 hours, falls over 1 or 2: no
    /// target.
    NearMiss,
    /// One hour at 3.5× to 7× and a shoulder of 1 to 3 hours at 2× to 2.8×: no target.
    Shoulder,
    /// 3.05× or more for 2 to 4 hours, sized to hold 7 to 11.5 authors an hour: below the minimum
    /// volume, no target (only on a topic quiet enough for it; elsewhere no event).
    Faint,
}

/// Hours kept between two events of a series (but for the two halves of a back-to-back pair).
const APART: usize = 48;

/// Plants events in an ordinary series whose usual rate is `usual`: their factors into `event`,
/// their labels into `planted`.
pub fn plant(
    rng: &mut Rng,
    wild: &Wild,
    usual: &[f64],
    calendar: &Calendar,
    event: &mut [f64],
    planted: &mut Vec<Planted>,
) {
    let hours = usual.len();
    let mut busy: Vec<(usize, usize)> = Vec::new();
    for _ in 0..rng.below(wild.max_events + 1) {
        let shape = rng.pick(wild.shapes);
        let first = match shape {
            Shape::Night => {
                let day = 24 * (2 + rng.below(hours / 24 - 4));
                let quietest = (day..day + 24).min_by(|&a, &b| usual[a].total_cmp(&usual[b]));
                quietest.expect("a day has hours")
            }
            _ => 48 + rng.below(hours - 108),
        };
        let mut profile = factors(rng, shape, hours);
        profile.truncate(hours - first);
        let last = first + profile.len() - 1;
        match shape {
            Shape::Night => {
                let total = rng.between((9.0, 26.0)).max(3.2 * usual[first]);
                let extra = total - usual[first];
                for (f, u) in profile.iter_mut().zip(&usual[first..]) {
                    *f = 1.0 + extra / u;
                }
            }
            Shape::Faint => {
                let mean = usual[first..=last].iter().sum::<f64>() / profile.len() as f64;
                let size = rng.between((7.0, 11.5)) / mean;
                if size < 3.05 {
                    continue;
                }
                profile.fill(size);
            }
            _ => {}
        }
        let labels = labels(&profile, first, usual);
        let labelled = labels.last().map_or(first, Planted::last);
        let apart = busy
            .iter()
            .all(|&(c, d)| last + APART < c || d + APART < first);
        if !apart || !calendar.clear(first, labelled) {
            continue;
        }
        event[first..=last].copy_from_slice(&profile);
        planted.extend(labels);
        busy.push((first, last));
    }
}

/// An event's factor at each of its hours (a `Night` or `Faint` one's are set once it is placed);
/// a plateau lasts at most `hours`.
fn factors(rng: &mut Rng, shape: Shape, hours: usize) -> Vec<f64> {
    let climb = |peak: f64, up: usize| {
        (1..=up).map(move |i| 1.0 + (peak - 1.0) * i as f64 / (up + 1) as f64)
    };
    match shape {
        Shape::Night => vec![1.0; 6 + rng.below(9)],
        Shape::Overlap => {
            let (a, a_long) = (rng.between((1.0, 2.4)), 4 + rng.below(7));
            let (b, b_long) = (rng.between((0.8, 2.2)), 2 + rng.below(4));
            let at = if rng.unit() < 2.0 / 3.0 {
                1 + rng.below(a_long - 1)
            } else {
                a_long + 1 + rng.below(3)
            };
            let mut out = vec![1.0; a_long.max(at + b_long)];
            out[..a_long].iter_mut().for_each(|f| *f += a);
            out[at..at + b_long].iter_mut().for_each(|f| *f += b);
            out
        }
        Shape::Readout => {
            let (peak, held, up) = (rng.between((3.5, 7.0)), 2 + rng.below(4), rng.below(2));
            let (fall, normal) = (2 + rng.below(3), rng.between((1.6, 2.6)));
            let plateau = if rng.unit() < 0.3 {
                hours
            } else {
                24 * (2 + rng.below(5))
            };
            let down = (1..=fall)
                .rev()
                .map(|i| normal + (peak - normal) * i as f64 / (fall + 1) as f64);
            climb(peak, up)
                .chain(vec![peak; held])
                .chain(down)
                .chain(vec![normal; plateau])
                .collect()
        }
        Shape::Viral => {
            let (peak, half, up) = (
                rng.between((4.0, 12.0)),
                rng.between((4.0, 16.0)),
                1 + rng.below(2),
            );
            let decay = (0..)
                .map(|t| 1.0 + (peak - 1.0) * 0.5f64.powf(f64::from(t) / half))
                .take_while(|&f| f > 1.05);
            climb(peak, up).chain(decay).collect()
        }
        Shape::Edge => vec![rng.between((3.02, 3.4)); 2 + rng.below(2)],
        Shape::NearMiss => {
            let (peak, up, held, fall) = (
                rng.between((2.3, 2.95)),
                1 + rng.below(2),
                3 + rng.below(10),
                1 + rng.below(2),
            );
            let down = (1..=fall)
                .rev()
                .map(|i| 1.0 + (peak - 1.0) * i as f64 / (fall + 1) as f64);
            climb(peak, up)
                .chain(vec![peak; held])
                .chain(down)
                .collect()
        }
        Shape::Shoulder => {
            let (peak, shoulder) = (rng.between((3.5, 7.0)), rng.between((2.0, 2.8)));
            std::iter::once(peak)
                .chain(vec![shoulder; 1 + rng.below(3)])
                .collect()
        }
        Shape::Faint => vec![1.0; 2 + rng.below(3)],
    }
}

/// The labels of a profile placed at `first` (see the module's doc): per event (run of hours
/// above 1), its runs at 3× or more, or, if it never reaches 3× but reaches 2×, its runs at 2× or
/// more.
pub fn labels(profile: &[f64], first: usize, usual: &[f64]) -> Vec<Planted> {
    let mut out = Vec::new();
    let mut j = 0;
    while j < profile.len() {
        if profile[j] <= 1.0 {
            j += 1;
            continue;
        }
        let begin = j;
        while j < profile.len() && profile[j] > 1.0 {
            j += 1;
        }
        let part = &profile[begin..j];
        let peak = part.iter().copied().fold(0.0, f64::max);
        let bar = if peak >= 3.0 { 3.0 } else { 2.0 };
        let mut since = 0;
        let mut k = 0;
        while k < part.len() {
            if part[k] < bar {
                k += 1;
                continue;
            }
            let from = k;
            while k < part.len() && part[k] >= bar {
                k += 1;
            }
            let run = &part[from..k];
            let start = first + begin + from;
            out.push(Planted {
                start,
                hours: run.len(),
                size: run.iter().copied().fold(f64::INFINITY, f64::min),
                usual: usual[start..start + run.len()].iter().sum::<f64>() / run.len() as f64,
                lead_in: from - since,
            });
            since = k;
        }
    }
    out
}

/// The congress decoy's factors: from some day after the first week, three to five days during
/// which the hours within 5 of the topic's busiest are at the plateau, and 3 to 6 sessions a day
/// (each 1 or 2 hours) bump them, to at most 1.95× in all.
pub fn congress(rng: &mut Rng, wild: &Wild, clock: &Clock, calendar: &Calendar, event: &mut [f64]) {
    let plateau = rng.between(wild.congress);
    let days = calendar.hours() / 24;
    let opening = 8 + rng.below(days - 13);
    for day in opening..opening + 3 + rng.below(3) {
        let daytime: Vec<usize> = (day * 24..day * 24 + 24)
            .filter(|&h| clock.hours_off_busiest(h, calendar) <= 5.0)
            .collect();
        for &h in &daytime {
            event[h] = plateau;
        }
        for _ in 0..3 + rng.below(4) {
            let bump = rng.between((1.15, 1.95 / plateau));
            let at = rng.pick(&daytime);
            let end = (at + 1 + rng.below(2)).min(day * 24 + 24);
            for f in &mut event[at..end] {
                *f = f.max(plateau * bump);
            }
        }
    }
}
