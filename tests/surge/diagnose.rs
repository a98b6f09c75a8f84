//! Per-case diagnostics of the detector on a mix with planted truth (the seventh): for each false
//! alert and each missed target, the series' kind, the counts, the detector's usual counts against
//! the true usual rate, and what the truth says was going on (a gap, a storm, a level that moved, a
//! young series). Printed with `SURGE_DIAG=1 cargo test --test surge sixth -- --nocapture`; it
//! judges nothing and asserts nothing.

use crate::generator::Series;
use rounds::domain::surge::usual_count;

fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// What the truth says about hours `a..=b` of `s`.
fn context(s: &Series, a: usize, b: usize) -> String {
    let Some(truth) = &s.truth else {
        return String::new();
    };
    let mut notes = Vec::new();
    let lo = a.saturating_sub(2);
    if truth.kept[lo..=b].iter().any(|&k| k < 1.0) {
        notes.push("gap".to_owned());
    }
    if (lo..=b).any(|h| s.posts[h] > 3 * s.authors[h] + 10) {
        notes.push("storm".to_owned());
    }
    if let Some(w) = a.checked_sub(168) {
        let ratio = truth.usual[a] / truth.usual[w].max(0.01);
        if !(0.6..=1.6).contains(&ratio) {
            notes.push(format!("moved {ratio:.2}× since a week"));
        }
    }
    if let Some(d) = a.checked_sub(24) {
        let ratio = truth.usual[a] / truth.usual[d].max(0.01);
        if !(0.6..=1.6).contains(&ratio) {
            notes.push(format!("moved {ratio:.2}× since a day"));
        }
    }
    if s.authors.len() < 24 * 7 {
        notes.push(format!("young ({a} h)"));
    }
    let ev = truth.event[lo..=b].iter().copied().fold(1.0, f64::max);
    if ev > 1.0 {
        notes.push(format!("event ×{ev:.1}"));
    }
    notes.join(", ")
}

fn hours(s: &Series, lo: usize, hi: usize) -> String {
    let truth = s.truth.as_ref();
    (lo..=hi.min(s.authors.len() - 1))
        .map(|t| {
            format!(
                "{}/{}/{}",
                s.authors[t],
                usual_count(&s.authors, t).map_or(-1.0, r1),
                truth.map_or(-1.0, |tr| r1(tr.usual[t] * tr.kept[t]))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints every false alert and missed target of `fires` over `series` (count/usual/true usual).
pub fn print(series: &[Series], fires: impl Fn(&Series, usize) -> bool) {
    if std::env::var("SURGE_DIAG").is_err() {
        return;
    }
    for (i, s) in series.iter().enumerate() {
        let firing: Vec<bool> = (0..s.authors.len())
            .map(|t| t >= 24 && fires(s, t))
            .collect();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for t in (0..firing.len()).filter(|&t| firing[t]) {
            match runs.last_mut() {
                Some((_, last)) if t <= *last + 3 => *last = t,
                _ => runs.push((t, t)),
            }
        }
        for &(a, b) in &runs {
            let overlaps = s
                .planted
                .iter()
                .any(|p| a <= p.last() + 2 && b >= p.first());
            if !overlaps {
                eprintln!(
                    "FP #{i} {:?} {a}-{b} (len {}) [{}]: {}",
                    s.kind,
                    s.authors.len(),
                    context(s, a, b),
                    hours(s, a.saturating_sub(3), b + 1)
                );
            }
        }
        for p in s.planted.iter().filter(|p| p.is_target()) {
            let end = (p.last() + 2).min(firing.len() - 1);
            let first = (p.start..=end).find(|&t| firing[t]);
            if first.is_none_or(|f| f > p.start + 1) {
                eprintln!(
                    "MISS #{i} {:?} {}+{} ×{:.1} usual {:.1} lead {} fired {:?} [{}]: {}",
                    s.kind,
                    p.start,
                    p.hours,
                    p.size,
                    p.usual,
                    p.lead_in,
                    first.map(|f| f - p.start + 1),
                    context(s, p.start, p.start + 1),
                    hours(s, p.first().saturating_sub(2), p.start + 2)
                );
            }
        }
    }
}

/// An oracle that knows each hour's true usual rate: how far a rule with a perfect baseline could
/// go on this mix (printed with the diagnostics).
pub fn oracle(series: &[Series]) {
    if std::env::var("SURGE_DIAG").is_err() {
        return;
    }
    for (ratio, z) in [
        (2.5, 4.0),
        (2.5, 5.0),
        (2.8, 4.0),
        (2.8, 5.0),
        (3.0, 4.0),
        (2.5, 6.0),
        (2.2, 6.0),
    ] {
        let t = crate::score::score(series, "oracle", |s, t| {
            let Some(truth) = &s.truth else { return false };
            let u = |h: usize| truth.usual[h] * truth.kept[h];
            let (a, b) = (f64::from(s.authors[t - 1]), f64::from(s.authors[t]));
            let usual = u(t - 1) + u(t);
            let count = a + b;
            // Negative binomial with shape 4: variance mu + mu²/4.
            let sd = (usual + usual * usual / 8.0).sqrt();
            count >= 10.0
                && count >= ratio * usual
                && a >= 1.5 * u(t - 1)
                && b >= 1.5 * u(t)
                && (count - usual) / sd >= z
        });
        eprintln!(
            "oracle ratio {ratio} z {z}: precision {:.3} recall {:.3} false {}",
            t.precision(),
            t.recall(),
            t.false_alerts
        );
    }
}

/// How far the detector's usual counts stand from the true usual rates, over the hours of ordinary
/// series outside events and gaps: the median and 90th percentile of |log(usual / true)|, and the
/// median signed error, for series in their first week and later.
pub fn baseline_error(series: &[Series]) {
    if std::env::var("SURGE_DIAG").is_err() {
        return;
    }
    let (mut young, mut old): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for s in series {
        let Some(truth) = &s.truth else { continue };
        for t in (24..s.authors.len()).step_by(3) {
            let lo = t.saturating_sub(30);
            if truth.usual[t] < 3.0 || truth.event[lo..=t].iter().any(|&e| e > 1.0) {
                continue;
            }
            let Some(est) = usual_count(&s.authors, t) else {
                continue;
            };
            let err = (est.max(0.1) / (truth.usual[t] * truth.kept[t])).ln();
            if t < 24 * 7 {
                young.push(err);
            } else {
                old.push(err);
            }
        }
    }
    for (name, mut v) in [("first week", young), ("later", old)] {
        v.sort_by(f64::total_cmp);
        let signed = v[v.len() / 2];
        let mut abs: Vec<f64> = v.iter().map(|e| e.abs()).collect();
        abs.sort_by(f64::total_cmp);
        eprintln!(
            "baseline {name}: {} hours, median |log err| {:.3}, p90 {:.3}, median signed {:+.3}",
            abs.len(),
            abs[abs.len() / 2],
            abs[abs.len() * 9 / 10],
            signed
        );
    }
}
