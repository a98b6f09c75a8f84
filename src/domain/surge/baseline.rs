//! The usual count of an hour, and the test of the last two hours against it (see `super` for the
//! rule in words).

use super::{Assessment, Thresholds};

const DAY: usize = 24;
const WEEK: usize = 7 * DAY;
/// Earlier weeks looked at for the same hour of the week.
const WEEKS: usize = 4;

/// Hours of history the detector can use before the hour it judges (four weeks of same-hour points,
/// and the week before the oldest for its day-of-week level); less history works, with a simpler
/// baseline, from one day on.
pub const HISTORY_HOURS: usize = (WEEKS + 1) * WEEK;

/// Relative noise of a busy topic's counts beyond Poisson (news cycles, time-zone drift): without it
/// a topic with hundreds of authors an hour would "surge" on every ordinary wobble.
const OVERDISPERSION: f64 = 0.15;
/// An hour counts as part of a surge when it is this far above its usual count.
const ELEVATED: f64 = 1.5;
/// Earlier days whose distance from their own usual count at the same hour tells how noisy a topic
/// is: two weeks where there are, so a noisy topic's noise is not judged from a handful of days.
const NOISE_DAYS: usize = 14;
/// A day below this share of both neighbouring days' totals is exceptional (see `exceptional`).
const EXCEPTIONAL_DAY: f64 = 0.7;
/// How far above the level of the day before (`recent_level`) the two hours must be.
const ABOVE_LEVEL: f64 = 2.0;
/// Hours between the day whose level is compared (`recent_level`) and the two hours judged.
const LEVEL_GAP: usize = 3;
/// The longest a surge's start is traced back.
const MAX_SURGE_HOURS: usize = 48;

/// The usual count of hour `t` of `counts`, from the hours before it; `None` with less than a day of
/// history.
pub fn usual_count(counts: &[u32], t: usize) -> Option<f64> {
    estimate(counts, t).map(|e| e.level)
}

/// A usual count, how many earlier days' values it averages, and how many earlier days there were.
#[derive(Debug, Clone, Copy)]
struct Estimate {
    level: f64,
    points: usize,
    days: usize,
}

fn estimate(counts: &[u32], t: usize) -> Option<Estimate> {
    if t < DAY || t >= counts.len() {
        return None;
    }
    // Same hour of the day, each of the last seven days: a trimmed mean, so a past surge at this hour
    // or one quiet day does not move it.
    // Each day's value is the hour and its two neighbours, scaled back to this hour by how much
    // busier it is than them over the last two weeks (`hour_shape`): three hours of counts say more
    // than one, when single hours are heavy-tailed, and the shape keeps a one-hour daily peak.
    let shape = hour_shape(counts, t);
    let point = |h: usize| -> f64 {
        if h >= 1 {
            shape * f64::from(counts[h - 1] + counts[h] + counts[h + 1]) / 3.0
        } else {
            f64::from(counts[h])
        }
    };
    let mut daily: Vec<f64> = (1..=7)
        .filter(|k| k * DAY <= t)
        .map(|k| point(t - k * DAY))
        .collect();
    daily.sort_by(f64::total_cmp);
    // Trimmed once there are enough days that dropping the extremes does not bias it.
    let trimmed = match daily.len() {
        0 => return None,
        n if n < 5 => &daily[..],
        n => &daily[1..n - 1],
    };
    let daily_level = trimmed.iter().sum::<f64>() / trimmed.len() as f64;
    let daily_level = daily_level * weekday_factor(counts, t);

    // Same hour of the week in earlier weeks: a weekly chat, or a weekday peak a quiet weekend does
    // not have, is usual too. With one or two points the lower one, so one past surge is not
    // taken for the usual.
    let mut weekly: Vec<f64> = (1..=WEEKS)
        .filter(|k| k * WEEK <= t)
        .map(|k| f64::from(counts[t - k * WEEK]))
        .collect();
    weekly.sort_by(f64::total_cmp);
    let weekly_level = match weekly.len() {
        0 => 0.0,
        1 | 2 => weekly[0],
        n => weekly[n / 2],
    };
    Some(Estimate {
        level: daily_level.max(weekly_level),
        points: trimmed.len(),
        days: daily.len(),
    })
}

/// How much busier hour `t` of the day is than the mean of it and the hours either side of it, over
/// the same hours of the last fourteen days (pooled sums, so one noisy hour does not set it).
fn hour_shape(counts: &[u32], t: usize) -> f64 {
    let (mut own, mut around) = (0.0, 0.0);
    for k in 1..=14 {
        let Some(h) = t.checked_sub(k * DAY).filter(|&h| h >= 1) else {
            break;
        };
        own += f64::from(counts[h]);
        around += f64::from(counts[h - 1] + counts[h] + counts[h + 1]) / 3.0;
    }
    (own + 1.0) / (around + 1.0)
}

/// How busy this day of the week is compared with the whole week, from earlier weeks (1 without a
/// full earlier week): scales the last seven days' level so a Saturday is compared with Saturdays.
/// An exceptional day (a holiday, a day collection was down) is left out: without that, a holiday
/// a week ago would make the whole of today look unusually busy.
fn weekday_factor(counts: &[u32], t: usize) -> f64 {
    let day_total = |end: usize| -> u32 { counts[end + 1 - DAY..=end].iter().sum() };
    // Hours before the topic's first post may be hours before anything was collected: a week
    // reaching into them would look quiet, and every later day busy by comparison.
    let first = counts.iter().position(|&c| c > 0).unwrap_or(counts.len());
    // The same 24 hours in each earlier week (a week's must lie after the first post).
    let ends: Vec<usize> = (1..=WEEKS)
        .map_while(|k| t.checked_sub(k * WEEK))
        .take_while(|&end| end + 1 >= WEEK && end + 1 - WEEK >= first)
        .collect();
    let totals: Vec<u32> = ends.iter().map(|&end| day_total(end)).collect();
    // One ratio a week, each against the seven days' trimmed mean, as the daily level is (a surge
    // or a holiday in that week does not move every other day's ratio); their mean is the factor.
    let mut ratios: Vec<f64> = Vec::new();
    for (i, &end) in ends.iter().enumerate() {
        let day = totals[i];
        // Same day in the other weeks: a day below them all is exceptional, a weekend is not.
        let mut others: Vec<u32> = (0..totals.len())
            .filter(|&j| j != i)
            .map(|j| totals[j])
            .collect();
        others.sort_unstable();
        let usual_day = others.get(others.len() / 2).copied();
        // A holiday only partly inside these 24 hours shows whole in the 24 hours half a day
        // earlier or later.
        let odd = |e: usize| exceptional(day_total(e), day_total(e - DAY), day_total(e + DAY));
        let near_odd = end >= 2 * DAY + DAY / 2 && (odd(end - DAY / 2) || odd(end + DAY / 2));
        if (odd(end) || near_odd)
            && usual_day.is_none_or(|u| f64::from(day) < EXCEPTIONAL_DAY * f64::from(u))
        {
            continue;
        }
        let mut days: Vec<u32> = (0..7).map(|j| day_total(end - j * DAY)).collect();
        days.sort_unstable();
        let week = f64::from(days[1..6].iter().sum::<u32>()) / 5.0;
        if week >= 1.0 {
            ratios.push((f64::from(day) / week).clamp(0.3, 3.0));
        }
    }
    if ratios.is_empty() {
        return 1.0;
    }
    ratios.iter().sum::<f64>() / ratios.len() as f64
}

/// Whether a day's total is well below both of its neighbours': a holiday or a gap in collection,
/// not the rhythm of the week (a weekend day has a quiet neighbour, the other weekend day).
fn exceptional(day: u32, before: u32, after: u32) -> bool {
    f64::from(day) < EXCEPTIONAL_DAY * f64::from(before.min(after))
}

/// The variance, on the square-root scale, of how far the sums of `width` hours ending at the same
/// hour on each of the last `NOISE_DAYS` days stood from their own usual sums (the farthest seventh
/// left out, in case they were surges): how noisy this topic really is, beyond what Poisson counts
/// would be. Taking each day's distance from its own usual, rather than the spread of the raw sums,
/// keeps a weekend, a trend or a day-night swing from passing for noise. `None` with fewer than
/// four days.
fn observed_noise(counts: &[u32], t: usize, width: usize) -> Option<f64> {
    let mut distances: Vec<f64> = (1..=NOISE_DAYS)
        .filter(|k| k * DAY + width - 1 <= t)
        .filter_map(|k| {
            let end = t - k * DAY;
            let (mut sum, mut usual) = (0.0, 0.0);
            for h in end + 1 - width..=end {
                sum += f64::from(counts[h]);
                usual += estimate(counts, h)?.level;
            }
            Some(2.0 * ((sum + 0.375).sqrt() - (usual + 0.375).sqrt()))
        })
        .collect();
    if distances.len() < 4 {
        return None;
    }
    distances.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
    distances.truncate(distances.len() - distances.len().div_ceil(7));
    Some(distances.iter().map(|d| d * d).sum::<f64>() / distances.len() as f64)
}

/// How many times its usual count the topic ran over the day that ended `LEVEL_GAP` hours before
/// the two hours judged (the gap leaves out a surge's own build-up), if more than once: a level
/// shift the usual counts, which look back a week, have not caught up with yet.
fn recent_level(counts: &[u32], t: usize) -> f64 {
    let Some(start) = t.checked_sub(1 + LEVEL_GAP + DAY) else {
        return 1.0;
    };
    let (mut sum, mut usual) = (0.0, 0.0);
    for h in start..start + DAY {
        let Some(e) = estimate(counts, h) else {
            return 1.0;
        };
        sum += f64::from(counts[h]);
        usual += e.level;
    }
    if usual < 1.0 {
        return 1.0;
    }
    (sum / usual).max(1.0)
}

/// Distance of `count` above `usual` on the square-root scale, where Poisson noise has unit
/// variance, divided by the noise to expect: that of a busy topic, or the noise observed at this
/// hour on earlier days if larger, and that of a baseline estimated from `points` days (a usual
/// count from two days of history is itself uncertain).
fn score(count: f64, usual: f64, points: usize, observed: Option<f64>) -> f64 {
    let raw = 2.0 * ((count + 0.375).sqrt() - (usual + 0.375).sqrt());
    let estimate = 1.0 + 1.0 / points.max(1) as f64;
    let noise = (1.0 + OVERDISPERSION * OVERDISPERSION * usual).max(observed.unwrap_or(0.0));
    raw / (estimate * noise).sqrt()
}

/// Judges the last hour of `counts` against `limits`.
pub(super) fn assess(counts: &[u32], limits: Thresholds) -> Option<Assessment> {
    let t = counts.len().checked_sub(1)?;
    let now_estimate = estimate(counts, t)?;
    let before_estimate = estimate(counts, t.checked_sub(1)?)?;
    let (usual_now, usual_before) = (now_estimate.level, before_estimate.level);
    let points = now_estimate.points.min(before_estimate.points);
    let days = now_estimate.days.min(before_estimate.days);
    let (now, before) = (counts[t], counts[t - 1]);
    // With less than a week of history the usual count cannot know the day of the week (a Monday
    // compared with a weekend): a surge must stand out more.
    // With less than four days the usual count rests on one to three days, any of which may have
    // been a weekend or a noisy day, and the noise observed is not known yet: a surge must stand
    // out much more (two more in score: one more let noisy young series alert on ordinary hours).
    let limits = if days < 4 {
        Thresholds {
            ratio: limits.ratio + 2.5,
            score: limits.score + 2.0,
            ..limits
        }
    } else if points < 5 {
        Thresholds {
            ratio: limits.ratio + 0.5,
            score: limits.score + 1.0,
            ..limits
        }
    } else {
        limits
    };
    let count = f64::from(now) + f64::from(before);
    // The observed noise costs fourteen usual counts: only worked out for hours that pass the
    // cheap tests first.
    let noise_two = || observed_noise(counts, t, 2);
    let noise_one = || observed_noise(counts, t, 1);
    let judge = |usual_now: f64, usual_before: f64| -> bool {
        let usual = usual_now + usual_before;
        let two_hours = count >= f64::from(limits.min_authors)
            && count >= limits.ratio * usual.max(1.0)
            // Still going: a surge that ended in the hour before is not in progress.
            && f64::from(now) >= ELEVATED * usual_now.max(1.0)
            // And both hours well above usual: one noisy hour does not carry an ordinary one.
            && f64::from(before) >= ELEVATED * usual_before.max(1.0)
            && now * 2 >= limits.min_authors
            && score(count, usual, points, noise_two()) >= limits.score;
        // One hour far above its usual is not kept waiting for a second one, unless the hour
        // before was below its usual (a lone spike after a lull is noise more often than news).
        let one_hour = f64::from(now) >= f64::from(limits.min_authors)
            && f64::from(before) >= usual_before
            && f64::from(now) >= (limits.ratio + 1.0) * usual_now.max(1.0)
            && score(f64::from(now), usual_now, points, noise_one()) >= limits.score + 2.0;
        two_hours || one_hour
    };
    if !judge(usual_now, usual_before) {
        return None;
    }
    // A topic that has run high for the whole day before (a conference week, a new normal) is
    // judged against that level: only a rise on top of it is a surge.
    let level = recent_level(counts, t);
    if count < ABOVE_LEVEL * level * (usual_now + usual_before) {
        return None;
    }
    let usual = usual_now + usual_before;
    let mut began_hours_ago = 0;
    for back in 1..MAX_SURGE_HOURS.min(t) {
        let h = t - back;
        match usual_count(counts, h) {
            Some(usual) if f64::from(counts[h]) >= ELEVATED * usual.max(1.0) && counts[h] >= 2 => {
                began_hours_ago = back;
            }
            _ => break,
        }
    }
    Some(Assessment {
        now,
        usual: usual_now,
        score: score(count, usual, points, noise_two()).max(score(
            f64::from(now),
            usual_now,
            points,
            noise_one(),
        )),
        began_hours_ago,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holiday_off_the_window_does_not_scale_a_day_down() {
        // Thirty an hour for two weeks, but nothing from noon on day 8 to noon on day 9 (a holiday
        // as the topic's audience keeps it, or a day without collection). A week later every hour
        // of the day is an ordinary one, whichever 24 hours end there.
        let mut counts: Vec<u32> = (0..17 * 24).map(|h| 29 + (h * 7 % 3) as u32).collect();
        for c in &mut counts[8 * 24 + 12..9 * 24 + 12] {
            *c = 0;
        }
        for t in 15 * 24..17 * 24 {
            let factor = weekday_factor(&counts, t);
            assert!(factor > 0.9, "hour {t}: factor {factor:.2}");
        }
    }
}
