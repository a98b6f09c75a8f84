//! Does the learned filter generalise? Leave-one-set-out cross-validation over the six most
//! independent sets (held-out 3 to 8): for each, every model is trained on the nine other sets
//! (and the training-only files) and its threshold chosen on those sets only (out-of-fold, leave
//! one of them out), then measured once on the left-out set. Four filters side by side:
//!
//! - rules: the hand rules (`context`, `senses`). They were tuned on held-out 3 to 6 after each
//!   was measured, and on held-out 7 after, so on those folds their figures are fit, not
//!   generalisation; held-out 8 was not tuned on, so its fold is their clean figure;
//! - model: logistic regression over the raw candidates, without the rules' verdict: the clean
//!   measure of whether learning generalises;
//! - veto: the rules, with the model rejecting what it scores below a threshold (without the
//!   shipped veto's sparing of clinical sentences: `terse.rs` measures that);
//! - model+rules: the model with the rules' verdict as a feature.
//!
//! `cargo test --test tagging -- --ignored --nocapture disease_filter_cross_validated` prints the
//! table (a minute or two in a debug build).

use rounds::domain::entities::learned::DiseaseFilter;

use super::{counts, data, fit, fit_with_threshold, out_of_fold, train, Data, SETS};

const FOLDS: std::ops::RangeInclusive<usize> = 4..=9;

#[derive(Default, Clone, Copy)]
struct Tally {
    hits: usize,
    predicted: usize,
    expected: usize,
}

impl Tally {
    fn add(&mut self, (hits, predicted, expected): (usize, usize, usize)) -> (usize, usize, usize) {
        self.hits += hits;
        self.predicted += predicted;
        self.expected += expected;
        (hits, predicted, expected)
    }
}

fn cell((hits, predicted, expected): (usize, usize, usize)) -> String {
    format!(
        "{:.3} / {:.3}",
        hits as f64 / predicted.max(1) as f64,
        hits as f64 / expected.max(1) as f64
    )
}

/// Per fold: the figures of each filter, and the thresholds chosen.
fn fold(data: &Data, held: usize, tallies: &mut [Tally; 4]) -> String {
    let training: Vec<usize> = (0..SETS.len()).filter(|&s| s != held).collect();
    let rules = tallies[0].add(counts(data, &[held], |_, e| e.rules_keep));
    let oof = out_of_fold(data, &training, false);
    let threshold = train::choose(|t| super::measure(data, &training, |i, _| oof[i] >= t));
    let alone = DiseaseFilter::new(false, 0, threshold, fit(data, &training, false));
    let model = tallies[1].add(counts(data, &[held], |_, e| {
        alone.probability(&e.alone) >= alone.threshold
    }));
    let veto_at =
        train::choose(|t| super::measure(data, &training, |i, e| e.rules_keep && oof[i] >= t));
    let veto = tallies[2].add(counts(data, &[held], |_, e| {
        e.rules_keep && alone.probability(&e.alone) >= veto_at
    }));
    let joint = fit_with_threshold(data, &training, true, false, 0);
    let both = tallies[3].add(counts(data, &[held], |_, e| {
        joint.probability(&e.with_rules) >= joint.threshold
    }));
    let sweep: Vec<String> = super::style::SWEEP
        .iter()
        .map(|&t| {
            let at = counts(data, &[held], |_, e| {
                e.rules_keep && alone.probability(&e.alone) >= t
            });
            format!("{t:.2}: {}", cell(at))
        })
        .collect();
    println!(
        "{}, veto at fixed thresholds: {}",
        SETS[held].0,
        sweep.join("; ")
    );
    format!(
        "| {} | {} | {} ({:.2}) | {} ({:.2}) | {} ({:.2}) |",
        SETS[held].0,
        cell(rules),
        cell(model),
        alone.threshold,
        cell(veto),
        veto_at,
        cell(both),
        joint.threshold
    )
}

#[test]
#[ignore = "a measurement (a minute or two in a debug build): run with --nocapture"]
fn disease_filter_cross_validated() {
    let data = data();
    let mut tallies = [Tally::default(); 4];
    println!("| left out | rules P / R | model P / R (threshold) | veto | model+rules |");
    println!("|---|---|---|---|---|");
    for held in FOLDS {
        println!("{}", fold(&data, held, &mut tallies));
    }
    let [rules, model, veto, both] = tallies.map(|t| (t.hits, t.predicted, t.expected));
    println!(
        "| pooled | {} | {} | {} | {} |",
        cell(rules),
        cell(model),
        cell(veto),
        cell(both)
    );
    // The cost at tag time: what the veto adds to `Tagger::tag` on each post (the post's words
    // once, the cues of each disease's sentence, then its features and score when no cue spares
    // it), against the whole of the rules' tagging of the same posts.
    let tagger = rounds::domain::entities::Tagger::bundled();
    let (mut scoring, mut tagging) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let (mut scored, mut kept) = (0usize, 0usize);
    for (_, text) in SETS {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let post: super::Post = serde_json::from_str(line).expect("one post per line");
            let started = std::time::Instant::now();
            let entities = tagger.tag(&post.text);
            tagging += started.elapsed();
            let started = std::time::Instant::now();
            let verdicts = rounds::domain::entities::learned::veto_keeps(&post.text, &entities);
            scoring += started.elapsed();
            for (e, keep) in entities.iter().zip(verdicts) {
                if e.kind == rounds::domain::entities::EntityKind::Disease {
                    scored += 1;
                    kept += usize::from(keep);
                }
            }
        }
    }
    println!("the rules' tagging of the same posts: {tagging:?}");
    println!(
        "the veto over {scored} diseases the rules keep ({kept} kept): {:?}, {:.1} µs each, \
         {} build",
        scoring,
        scoring.as_secs_f64() * 1e6 / scored.max(1) as f64,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    // Candidates are the tagger's own matches: the rules' column is what the tagger gives.
    assert!(rules.0 > 0 && model.1 > 0, "every fold has candidates");
}
