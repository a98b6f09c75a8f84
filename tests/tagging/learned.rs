//! The learned disease filter (`src/domain/entities/learned.rs`): its training data, its trainer
//! and the check that the shipped weights are that trainer's output.
//!
//! Every disease match of every labelled set is a candidate (taken before the hand rules reject
//! any), positive when its (canonical, text) is one of the post's disease labels. A post naming
//! one word twice, once as a disease and once not, has one label for two matches: the label goes
//! to the match the rules keep (these are training labels only; scoring compares multisets, as
//! `diseases.rs` does). Training data: all ten labelled sets, and the training-only files
//! ([`TRAINING_ONLY`]: never a fold's measured set, nor part of a threshold's choice). Retrain with
//! `cargo test --test tagging -- --ignored train_disease_filter` (seconds), which writes
//! `src/domain/entities/learned/weights.bin`: logistic regression (`learned/train.rs`), the
//! threshold the one whose out-of-fold probabilities (leave one set out) give the veto the best
//! precision at recall ≥ 0.94 (`train::VETO_RECALL_FLOOR`), a match whose sentence reads clinical
//! spared (`learned::CUES_SPARE`). `learned/cv.rs` measures whether any of it generalises,
//! `learned/robust.rs` and `learned/terse.rs` whether it survives text of another voice.

mod cv;
mod heldout;
mod robust;
mod style;
mod terse;
mod train;

use std::collections::HashMap;

use rounds::domain::entities::learned::features;
use rounds::domain::entities::learned::{DiseaseFilter, CUES_SPARE};
use rounds::domain::entities::{EntityKind, Tagger};

use super::Post;
pub use heldout::shipped_verdicts;
pub use terse::{variant, OPTIONS};
use train::Sample;

/// The labelled sets, by name.
pub const SETS: &[(&str, &str)] = &[
    ("tuning", include_str!("diseases_tuning.jsonl")),
    ("posts", include_str!("posts.jsonl")),
    ("held-out 1", include_str!("diseases_heldout.jsonl")),
    ("held-out 2", include_str!("diseases_heldout2.jsonl")),
    ("held-out 3", include_str!("diseases_heldout3.jsonl")),
    ("held-out 4", include_str!("diseases_heldout4.jsonl")),
    ("held-out 5", include_str!("diseases_heldout5.jsonl")),
    ("held-out 6", include_str!("diseases_heldout6.jsonl")),
    ("held-out 7", include_str!("diseases_heldout7.jsonl")),
    ("held-out 8", include_str!("diseases_heldout8.jsonl")),
];

/// Labelled text trained on in every fold and never measured: terse clinical notes written for
/// the veto (`learned/terse.jsonl`), and any further training set (one line each).
pub const TRAINING_ONLY: &[(&str, &str)] = &[
    ("terse", include_str!("learned/terse.jsonl")),
    ("train 10", include_str!("diseases_train10.jsonl")),
    ("train 10b", include_str!("diseases_train10b.jsonl")),
];

/// Whether examples of set number `set` are training-only ([`TRAINING_ONLY`]).
pub fn training_only(set: usize) -> bool {
    set >= SETS.len()
}

/// One candidate of one labelled post.
pub struct Example {
    pub set: usize,
    /// The post, numbered across all sets.
    pub post: usize,
    /// (canonical, text), numbered per post.
    pub key: usize,
    pub positive: bool,
    pub rules_keep: bool,
    /// Features without and with the rules' verdict.
    pub alone: Vec<u32>,
    pub with_rules: Vec<u32>,
    /// Features without the rules' verdict, by `Post::with`'s options ([`variant`]).
    pub variants: Vec<Vec<u32>>,
    /// Whether the match's sentence reads clinical (`learned::cues`), which spares it from the
    /// veto when `CUES_SPARE`.
    pub cue: bool,
    /// The matched text, lower-cased, and the canonical name.
    pub surface: String,
    pub canonical: String,
}

/// The candidates of every set, and each post's number of disease labels per key (so that recall
/// counts the labels no candidate found).
pub struct Data {
    pub examples: Vec<Example>,
    /// (set, post, labels) for every post.
    pub posts: Vec<(usize, usize, usize)>,
}

pub fn data() -> Data {
    let tagger = Tagger::bundled();
    let (mut examples, mut posts) = (Vec::new(), Vec::new());
    for (set, (_, text)) in SETS.iter().chain(TRAINING_ONLY).enumerate() {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let post: Post = serde_json::from_str(line).expect("one post per line");
            let number = posts.len();
            let mut keys: Vec<(String, String)> = Vec::new();
            let mut labels: HashMap<usize, usize> = HashMap::new();
            for label in post
                .entities
                .iter()
                .filter(|l| l.kind == EntityKind::Disease)
            {
                *labels
                    .entry(key_of(&mut keys, &label.canonical, &label.text))
                    .or_default() += 1;
            }
            posts.push((set, number, labels.values().sum()));
            let drugs: Vec<(usize, usize)> = tagger
                .tag(&post.text)
                .iter()
                .filter(|e| e.kind == EntityKind::Drug)
                .map(|e| (e.start, e.end))
                .collect();
            let candidates = tagger.disease_candidates(&post.text);
            let diseases: Vec<(usize, usize)> = candidates
                .iter()
                .filter(|c| c.rules_keep)
                .map(|c| (c.entity.start, c.entity.end))
                .collect();
            let shipped =
                features::Post::new(&post.text).with_entities(drugs.clone(), diseases.clone());
            let mut found: Vec<Example> = candidates
                .into_iter()
                .map(|c| {
                    let e = &c.entity;
                    let surface = &post.text[e.start..e.end];
                    let mut alone = Vec::new();
                    let mut with_rules = Vec::new();
                    shipped.extract(e.start, e.end, &e.canonical, None, &mut alone);
                    let variants = OPTIONS
                        .map(|options| {
                            let mut found = Vec::new();
                            features::Post::with(&post.text, options)
                                .with_entities(drugs.clone(), diseases.clone())
                                .extract(e.start, e.end, &e.canonical, None, &mut found);
                            found
                        })
                        .to_vec();
                    let verdict = Some(c.rules_keep);
                    shipped.extract(e.start, e.end, &e.canonical, verdict, &mut with_rules);
                    Example {
                        set,
                        post: number,
                        key: key_of(&mut keys, &e.canonical, surface),
                        positive: false,
                        rules_keep: c.rules_keep,
                        alone,
                        with_rules,
                        variants,
                        cue: shipped.cues(e.start, e.end).any(),
                        surface: surface.to_lowercase(),
                        canonical: e.canonical.to_string(),
                    }
                })
                .collect();
            // Labels go first to the matches the rules keep, then in order of the text.
            let mut order: Vec<usize> = (0..found.len()).collect();
            order.sort_by_key(|&i| !found[i].rules_keep);
            for i in order {
                if let Some(left) = labels.get_mut(&found[i].key).filter(|left| **left > 0) {
                    *left -= 1;
                    found[i].positive = true;
                }
            }
            examples.extend(found);
        }
    }
    Data { examples, posts }
}

fn key_of(keys: &mut Vec<(String, String)>, canonical: &str, text: &str) -> usize {
    let key = (canonical.to_owned(), text.to_owned());
    keys.iter().position(|k| *k == key).unwrap_or_else(|| {
        keys.push(key);
        keys.len() - 1
    })
}

/// (hits, predicted, expected) over the posts of `sets` when the candidates for which `accept`
/// (given each example's index) holds are kept, scored as `diseases.rs` scores: per post, per
/// (canonical, text), the kept matches that a label accounts for.
pub fn counts(
    data: &Data,
    sets: &[usize],
    accept: impl Fn(usize, &Example) -> bool,
) -> (usize, usize, usize) {
    let mut kept: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    let mut predicted = 0usize;
    for (i, e) in data.examples.iter().enumerate() {
        if !sets.contains(&e.set) {
            continue;
        }
        let entry = kept.entry((e.post, e.key)).or_default();
        if e.positive {
            entry.1 += 1;
        }
        if accept(i, e) {
            entry.0 += 1;
            predicted += 1;
        }
    }
    let expected: usize = data
        .posts
        .iter()
        .filter(|(set, _, _)| sets.contains(set))
        .map(|&(_, _, labels)| labels)
        .sum();
    // Positives were given up to the labels' count, so min(kept, positives) is what the labels
    // account for among the kept.
    let hits: usize = kept.values().map(|&(k, p)| k.min(p)).sum();
    (hits, predicted, expected)
}

/// (precision, recall) of [`counts`].
pub fn measure(
    data: &Data,
    sets: &[usize],
    accept: impl Fn(usize, &Example) -> bool,
) -> (f64, f64) {
    let (hits, predicted, expected) = counts(data, sets, accept);
    (
        hits as f64 / predicted.max(1) as f64,
        hits as f64 / expected.max(1) as f64,
    )
}

pub fn features_of(e: &Example, with_rules: bool) -> &[u32] {
    if with_rules {
        &e.with_rules
    } else {
        &e.alone
    }
}

/// The weights trained on the examples of `sets` and of the training-only files, over either
/// feature set.
pub fn fit(data: &Data, sets: &[usize], with_rules: bool) -> Vec<(u32, f32)> {
    let samples: Vec<Sample<'_>> = data
        .examples
        .iter()
        .filter(|e| sets.contains(&e.set) || training_only(e.set))
        .map(|e| Sample {
            features: features_of(e, with_rules),
            positive: e.positive,
            weight: 1.0,
        })
        .collect();
    train::train(&samples)
}

/// Out-of-fold probabilities, by example index, for the examples of `sets`: each set's from a
/// model trained on the others among `sets` (and the training-only files).
pub fn out_of_fold(data: &Data, sets: &[usize], with_rules: bool) -> Vec<f32> {
    let mut probabilities = vec![f32::NAN; data.examples.len()];
    for &held in sets {
        let others: Vec<usize> = sets.iter().copied().filter(|&s| s != held).collect();
        let model = DiseaseFilter::new(with_rules, 0, 0.5, fit(data, &others, with_rules));
        for (i, e) in data
            .examples
            .iter()
            .enumerate()
            .filter(|(_, e)| e.set == held)
        {
            probabilities[i] = model.probability(features_of(e, with_rules));
        }
    }
    probabilities
}

/// The model trained on all `sets` (and the training-only files), its threshold chosen on the
/// out-of-fold probabilities of `sets`: as a filter on its own, or (`veto`) as a veto on what the
/// rules keep, which spares a match whose sentence reads clinical when `CUES_SPARE`.
pub fn fit_with_threshold(
    data: &Data,
    sets: &[usize],
    with_rules: bool,
    veto: bool,
    hash: u64,
) -> DiseaseFilter {
    let oof = out_of_fold(data, sets, with_rules);
    let floor = if veto {
        train::VETO_RECALL_FLOOR
    } else {
        train::RECALL_FLOOR
    };
    let threshold = train::choose_at(floor, |t| {
        measure(data, sets, |i, e| {
            if veto {
                e.rules_keep && ((CUES_SPARE && e.cue) || oof[i] >= t)
            } else {
                oof[i] >= t
            }
        })
    });
    DiseaseFilter::new(with_rules, hash, threshold, fit(data, sets, with_rules))
}

/// Whether the shipped model weighs the rules' verdict (it does not: it vetoes what they keep).
const SHIPPED_WITH_RULES: bool = false;

/// A hash of what training sees: the feature version, the settings, every example's features
/// and label.
pub fn data_hash(data: &Data, with_rules: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(&features::VERSION.to_le_bytes());
    eat(train::settings().as_bytes());
    for e in &data.examples {
        eat(&[u8::from(e.positive), e.set as u8, u8::from(e.cue)]);
        for f in features_of(e, with_rules) {
            eat(&f.to_le_bytes());
        }
    }
    h
}

fn shipped(data: &Data) -> DiseaseFilter {
    let all: Vec<usize> = (0..SETS.len()).collect();
    let hash = data_hash(data, SHIPPED_WITH_RULES);
    fit_with_threshold(data, &all, SHIPPED_WITH_RULES, true, hash)
}

const WEIGHTS: &str = "src/domain/entities/learned/weights.bin";

#[test]
#[ignore = "writes the shipped weights: run when the sets, features or settings change"]
fn train_disease_filter() {
    let data = data();
    let model = shipped(&data);
    let bytes = model.to_bytes();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(WEIGHTS);
    std::fs::write(&path, &bytes).expect("weights written");
    println!(
        "{} examples, {} weights, threshold {:.2}, {} bytes written to {WEIGHTS}",
        data.examples.len(),
        model.len(),
        model.threshold,
        bytes.len()
    );
}

#[test]
fn the_shipped_disease_filter_is_the_trainers_output_on_the_current_sets() {
    let data = data();
    let bundled = DiseaseFilter::bundled();
    assert_eq!(
        bundled.data_hash,
        data_hash(&data, bundled.uses_rules),
        "the sets, the candidates, the features or the settings changed since the weights were \
         written: run `cargo test --test tagging -- --ignored train_disease_filter`"
    );
    let model = shipped(&data);
    assert_eq!(&model, bundled, "retraining gives the shipped weights");
    assert!(
        bundled.to_bytes().len() <= 1 << 20,
        "the weights fit in 1 MB"
    );
}

#[test]
fn the_shipped_model_tells_a_case_from_an_idiom_and_its_file_reads_back() {
    let model = DiseaseFilter::bundled();
    let score = |text: &str| {
        let found = Tagger::bundled().disease_candidates(text);
        assert_eq!(found.len(), 1, "one disease in {text:?}");
        model.score(text, &found[0])
    };
    let case = score("Patient admitted with pneumonia, started on IV antibiotics.");
    let idiom = score("What a stroke of luck, the band played our song.");
    assert!(case > model.threshold, "a case scores {case:.3}");
    assert!(idiom < model.threshold, "an idiom scores {idiom:.3}");
    let bytes = model.to_bytes();
    assert_eq!(
        &DiseaseFilter::from_bytes(&bytes).expect("reads back"),
        model
    );
    assert!(DiseaseFilter::from_bytes(&bytes[..bytes.len() - 1]).is_err());
}
