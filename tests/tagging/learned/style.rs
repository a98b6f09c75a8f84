//! The learned filter on texts of another style: the sentences of the entity unit tests, written
//! by the rules' authors to exercise them (short, terse, clinical or not). The diseases the rules
//! keep there are, by those tests passing, mostly real mentions the tests assert (a few literals
//! are canonical names or other strings); the share the model would veto is roughly the recall a
//! veto would cost on such text. Cross-validation by set
//! cannot show this: the labelled sets share one brief and one voice.
//!
//! `cargo test --test tagging -- --ignored --nocapture learned_veto_on_the_unit_tests_sentences`

use rounds::domain::entities::learned::DiseaseFilter;
use rounds::domain::entities::Tagger;

pub const SOURCES: &[&str] = &[
    include_str!("../../../src/domain/entities/tests.rs"),
    include_str!("../../../src/domain/entities/senses/tests.rs"),
    include_str!("../../../src/domain/entities/context/tests.rs"),
    include_str!("../../../src/domain/entities/context/everyday/tests.rs"),
    include_str!("../../../src/domain/entities/context/hyperbole/tests.rs"),
    include_str!("../../../src/domain/entities/context/works/tests.rs"),
    include_str!("../../../src/domain/entities/context/proper/tests.rs"),
];

/// Fixed thresholds, to show what a more timid veto would cost (the same ones as `cv.rs`).
pub const SWEEP: [f32; 5] = [0.05, 0.1, 0.2, 0.3, 0.5];

/// The string literals of `source` that read as sentences (three words or more, no braces).
pub fn sentences(source: &str) -> impl Iterator<Item = &str> {
    source
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| s.split_whitespace().count() >= 3 && !s.contains(['{', '}', '\\']))
}

#[test]
#[ignore = "a measurement: run with --nocapture"]
fn learned_veto_on_the_unit_tests_sentences() {
    let (tagger, model) = (Tagger::bundled(), DiseaseFilter::bundled());
    let (mut kept, mut vetoed) = (0usize, 0usize);
    let mut below = [0usize; SWEEP.len()];
    for text in SOURCES.iter().flat_map(|s| sentences(s)) {
        for (candidate, veto_keeps) in super::shipped_verdicts(tagger, text) {
            if !candidate.rules_keep {
                continue;
            }
            kept += 1;
            let score = model.score(text, &candidate);
            for (count, t) in below.iter_mut().zip(SWEEP) {
                *count += usize::from(score < t);
            }
            if !veto_keeps {
                vetoed += 1;
                let e = &candidate.entity;
                println!("vetoed {score:.3} {:?} in {text:?}", &text[e.start..e.end]);
            }
        }
    }
    println!(
        "the rules keep {kept} diseases in the unit tests' sentences; the model (threshold {:.2}) \
         would veto {vetoed} ({:.1}%)",
        model.threshold,
        100.0 * vetoed as f64 / kept.max(1) as f64
    );
    for (count, t) in below.iter().zip(SWEEP) {
        println!(
            "below {t:.2}: {count} ({:.1}%)",
            100.0 * *count as f64 / kept.max(1) as f64
        );
    }
    assert!(kept > 100, "the sentences hold diseases: {kept}");
    // The table's last column: a model with the rules' verdict as a feature, trained on all the
    // sets, threshold chosen as the shipped one's (out-of-fold, best precision at recall ≥ 0.90).
    let data = super::data();
    let all: Vec<usize> = (0..super::SETS.len()).collect();
    let joint = super::fit_with_threshold(&data, &all, true, false, 0);
    let rejected = SOURCES
        .iter()
        .flat_map(|s| sentences(s))
        .map(|text| {
            let found = tagger.disease_candidates(text);
            found
                .iter()
                .filter(|c| c.rules_keep && joint.score(text, c) < joint.threshold)
                .count()
        })
        .sum::<usize>();
    println!(
        "the model with the rules' verdict as a feature (threshold {:.2}) would reject {rejected} \
         ({:.1}%) of them",
        joint.threshold,
        100.0 * rejected as f64 / kept.max(1) as f64
    );
}
