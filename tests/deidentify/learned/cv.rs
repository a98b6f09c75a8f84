//! Leave-one-set-out cross-validation of the learned detector: each of [`FOLDS`] left out in turn,
//! a model trained on every other labelled set, rules + model measured on the set left out at
//! every threshold of a grid; and the operating point chosen from it.

use rounds::domain::deidentify::learned::{
    self, spans, tokens,
    train::{self, Example, Settings},
    Model, CLASSES,
};
use rounds::domain::deidentify::{deidentify_by_rules, Identifier, Redacted};

use super::super::measure::{parse, score, Figures, Question};
use super::{FOLDS, SETS};

/// Thresholds tried.
pub const THRESHOLDS: [f32; 16] = [
    0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
];

/// The operating point (`config/deidentify/learned.md`): every left-out set must keep at least
/// this share of its medical terms with rules and model together (R6 asks 97%).
const MIN_KEPT: f64 = 0.985;

/// One labelled set, ready for training and scoring.
pub struct Set {
    pub name: &'static str,
    questions: Vec<Question>,
    pub examples: Vec<Example>,
    /// The rules' redactions and the tokens, for the sets measured only.
    rules: Vec<Redacted>,
    tokens: Vec<Vec<learned::Token>>,
}

pub fn kind(label: &str) -> Identifier {
    Identifier::ALL
        .into_iter()
        .find(|k| k.as_str() == label)
        .unwrap_or_else(|| panic!("unknown kind {label}"))
}

pub fn load() -> Vec<Set> {
    SETS.iter()
        .map(|&(name, source)| {
            let questions = parse(name, source);
            let examples = questions
                .iter()
                .map(|q| {
                    let marked: Vec<(Identifier, &str)> = q
                        .identifiers
                        .iter()
                        .map(|m| (kind(&m.kind), m.text.as_str()))
                        .collect();
                    let keep: Vec<&str> = q.keep.iter().map(String::as_str).collect();
                    train::example(&q.text, &marked, &keep)
                })
                .collect();
            let measured = FOLDS.contains(&name);
            let rules = questions
                .iter()
                .filter(|_| measured)
                .map(|q| deidentify_by_rules(&q.text))
                .collect();
            let tokens = questions
                .iter()
                .filter(|_| measured)
                .map(|q| tokens(&q.text))
                .collect();
            Set {
                name,
                questions,
                examples,
                rules,
                tokens,
            }
        })
        .collect()
}

fn fit(sets: &[Set], leave_out: &str) -> Model {
    let examples: Vec<Example> = sets
        .iter()
        .filter(|s| s.name != leave_out)
        .flat_map(|s| s.examples.iter().cloned())
        .collect();
    Model::quantise(&train::fit(&examples, Settings::default()), 0.5, 0)
}

/// Model alone and rules + model on `set` at `threshold`.
fn two_ways(
    set: &Set,
    probabilities: &[Vec<[f32; CLASSES.len()]>],
    threshold: f32,
) -> [Figures; 2] {
    let mut alone = Vec::new();
    let mut both = Vec::new();
    for (i, q) in set.questions.iter().enumerate() {
        let found = spans(&q.text, &set.tokens[i], &probabilities[i], threshold);
        let nothing = Redacted {
            text: q.text.clone(),
            ..Redacted::default()
        };
        alone.push(learned::merge(&q.text, nothing, &found));
        both.push(learned::merge(&q.text, set.rules[i].clone(), &found));
    }
    [score(&set.questions, &alone), score(&set.questions, &both)]
}

/// One left-out set: the rules alone, and per threshold the model alone and rules + model.
pub struct Fold {
    pub name: &'static str,
    pub rules: Figures,
    pub at: Vec<[Figures; 2]>,
}

/// Leaves each of [`FOLDS`] out in turn, trains on every other set, and measures the set left out
/// at every threshold.
pub fn cross_validate(sets: &[Set]) -> Vec<Fold> {
    FOLDS
        .iter()
        .map(|&name| {
            let model = fit(sets, name);
            let set = sets.iter().find(|s| s.name == name).expect("a fold");
            let p: Vec<_> = set
                .examples
                .iter()
                .map(|e| model.probabilities(&e.features))
                .collect();
            Fold {
                name,
                rules: score(&set.questions, &set.rules),
                at: THRESHOLDS.iter().map(|&t| two_ways(set, &p, t)).collect(),
            }
        })
        .collect()
}

/// The operating point: the lowest threshold at and above which every fold keeps [`MIN_KEPT`].
pub fn choose(folds: &[Fold]) -> usize {
    let fine = |t: usize| folds.iter().all(|f| f.at[t][1].keep_rate() >= MIN_KEPT);
    (0..THRESHOLDS.len())
        .find(|&t| (t..THRESHOLDS.len()).all(fine))
        .unwrap_or(THRESHOLDS.len() - 1)
}

/// "removed / kept (spans no label covers)", pooled over `figures`.
fn cell<'a>(figures: impl IntoIterator<Item = &'a Figures>) -> String {
    let (mut ids, mut survived, mut terms, mut lost, mut over) = (0, 0, 0, 0, 0);
    for f in figures {
        ids += f.identifiers();
        survived += f.survivors.len() as u32;
        terms += f.keep_terms;
        lost += f.lost_terms.len() as u32;
        over += f.over_redacted.len();
    }
    format!(
        "{:.2}% / {:.2}% ({over})",
        100.0 * (1.0 - f64::from(survived) / f64::from(ids.max(1))),
        100.0 * (1.0 - f64::from(lost) / f64::from(terms.max(1))),
    )
}

/// Prints the cross-validation at the chosen threshold, per fold and pooled, and the pooled curve.
pub fn print_table(folds: &[Fold], chosen: usize) {
    println!("{:?}", Settings::default());
    println!(
        "| left out | rules alone | model alone | rules + model at {} |",
        THRESHOLDS[chosen]
    );
    println!("|---|---|---|---|");
    for f in folds {
        let [alone, both] = &f.at[chosen];
        println!(
            "| {} | {} | {} | {} |",
            f.name,
            cell([&f.rules]),
            cell([alone]),
            cell([both])
        );
    }
    println!(
        "| all six | {} | {} | {} |",
        cell(folds.iter().map(|f| &f.rules)),
        cell(folds.iter().map(|f| &f.at[chosen][0])),
        cell(folds.iter().map(|f| &f.at[chosen][1])),
    );
    for (t, threshold) in THRESHOLDS.iter().enumerate() {
        let worst = folds
            .iter()
            .map(|f| f.at[t][1].keep_rate())
            .fold(1f64, f64::min);
        println!(
            "at {threshold}: model alone {}; rules + model {}; worst fold kept {:.2}%",
            cell(folds.iter().map(|f| &f.at[t][0])),
            cell(folds.iter().map(|f| &f.at[t][1])),
            100.0 * worst
        );
    }
}
