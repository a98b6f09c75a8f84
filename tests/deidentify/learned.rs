//! The learned detector (`rounds::domain::deidentify::learned`): its trainer, which writes the
//! shipped weights, its leave-one-set-out cross-validation, and the checks that the shipped
//! weights are the ones the current sets give.

use rounds::domain::deidentify::learned::{
    self, features, spans, tokens,
    train::{self, Example, Settings},
    Model, CLASSES,
};
use rounds::domain::deidentify::{deidentify, deidentify_by_rules, Identifier, Redacted};

use super::measure::{parse, score, Figures, Question};

/// Every labelled set the detector is trained on, in the order they were written: the one list.
/// A training-only set is one more line here (`("train10", include_str!("train10.jsonl"))`); only
/// the sets named in [`FOLDS`] are ever measured.
pub const SETS: &[(&str, &str)] = &[
    ("questions", super::TUNED),
    ("heldout", super::HELD_OUT),
    ("heldout2", super::HELD_OUT_2),
    ("forms", super::FORMS),
    ("heldout3", super::HELD_OUT_3),
    ("heldout4", super::HELD_OUT_4),
    ("heldout5", super::HELD_OUT_5),
    ("heldout6", super::HELD_OUT_6),
    ("heldout7", super::HELD_OUT_7),
    ("heldout8", super::HELD_OUT_8),
    ("heldout9", super::HELD_OUT_9),
];

/// The sets each left out in turn and measured: the ones written independently of the rest.
const FOLDS: [&str; 6] = [
    "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9",
];

/// Thresholds tried.
const THRESHOLDS: [f32; 16] = [
    0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
];

/// The operating point (`config/deidentify/learned.md`): every left-out set must keep at least
/// this share of its medical terms with rules and model together (R6 asks 97%).
const MIN_KEPT: f64 = 0.985;

/// One labelled set, ready for training and scoring.
struct Set {
    name: &'static str,
    questions: Vec<Question>,
    examples: Vec<Example>,
    /// The rules' redactions and the tokens, for the sets measured only.
    rules: Vec<Redacted>,
    tokens: Vec<Vec<learned::Token>>,
}

fn kind(label: &str) -> Identifier {
    Identifier::ALL
        .into_iter()
        .find(|k| k.as_str() == label)
        .unwrap_or_else(|| panic!("unknown kind {label}"))
}

fn load() -> Vec<Set> {
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
                    train::example(&q.text, &marked)
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
struct Fold {
    name: &'static str,
    rules: Figures,
    at: Vec<[Figures; 2]>,
}

/// Leaves each of [`FOLDS`] out in turn, trains on every other set, and measures the set left out
/// at every threshold.
fn cross_validate(sets: &[Set]) -> Vec<Fold> {
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
fn choose(folds: &[Fold]) -> usize {
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
fn print_table(folds: &[Fold], chosen: usize) {
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

/// Leave-one-set-out cross-validation over sets 4–9 with the shipped configuration; writes
/// nothing, prints the table for tests/measurements.md.
#[test]
#[ignore = "trains 6 models: minutes; run by hand when the detector or the sets change"]
fn cross_validate_learned_detector() {
    let folds = cross_validate(&load());
    let chosen = choose(&folds);
    print_table(&folds, chosen);
    for f in &folds {
        println!(
            "{}",
            f.at[chosen][1].report(&format!("{}, rules + model", f.name))
        );
    }
}

/// The word lists the features read (a change to one changes what the weights mean).
const WORD_LISTS: [&str; 10] = [
    include_str!("../../src/domain/deidentify/names.txt"),
    include_str!("../../src/domain/deidentify/eponyms.txt"),
    include_str!("../../src/domain/deidentify/stopwords.txt"),
    include_str!("../../src/domain/deidentify/cues.txt"),
    include_str!("../../config/deidentify/given-names.tsv"),
    include_str!("../../config/deidentify/surnames.tsv"),
    include_str!("../../config/deidentify/places.txt"),
    include_str!("../../config/deidentify/keep-words.txt"),
    include_str!("../../config/deidentify/keep-extra.txt"),
    include_str!("../../config/deidentify/regions.txt"),
];

/// What the weights were trained from: every labelled set and every word list the features read.
fn sources() -> Vec<&'static str> {
    SETS.iter()
        .map(|(_, source)| *source)
        .chain(WORD_LISTS)
        .collect()
}

/// Chooses the threshold by the cross-validation above, trains on every set and writes
/// `config/deidentify/learned.weights`.
#[test]
#[ignore = "writes config/deidentify/learned.weights: run by hand after the sets or features change"]
fn train_learned_detector() {
    let sets = load();
    let folds = cross_validate(&sets);
    let chosen = choose(&folds);
    print_table(&folds, chosen);
    let threshold = THRESHOLDS[chosen];
    let examples: Vec<Example> = sets.iter().flat_map(|s| s.examples.clone()).collect();
    let weights = train::fit(&examples, Settings::default());
    let model = Model::quantise(&weights, threshold, train::data_hash(&sources()));
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/config/deidentify/learned.weights"
    );
    std::fs::write(path, model.to_bytes()).expect("write the weights");
    println!("wrote {path} (threshold {threshold})");
}

#[test]
fn shipped_weights_were_trained_on_the_current_sets() {
    let model = learned::shipped();
    assert_eq!(
        model.data_hash,
        train::data_hash(&sources()),
        "a labelled set or a word list changed since config/deidentify/learned.weights was built: \
         run cargo test --test deidentify -- --ignored train_learned_detector"
    );
    assert!((0.3..1.0).contains(&model.threshold));
}

/// The shipped weights find the identifiers of a question they were trained on and leave its
/// medical words alone, so a file of zeros or of another model's weights fails.
#[test]
fn shipped_weights_find_a_trained_on_name_and_place() {
    let text = "Siobhan Mulcahy 58F from Mallow, CRP 212 and RUQ pain, Murphy's sign equivocal.";
    let tokens = tokens(text);
    assert_eq!(features(text, &tokens, &[]).len(), tokens.len());
    let found = learned::shipped().find(text);
    let nothing = Redacted {
        text: text.to_owned(),
        ..Redacted::default()
    };
    let redacted = learned::merge(text, nothing, &found).text;
    assert!(
        redacted.starts_with("[NAME] 58F from [PLACE], CRP 212 and RUQ pain, Murphy's sign"),
        "{redacted}"
    );
}

/// The fuzz target's rule for the model too: redacting the rules' output again with the shipped
/// model never takes a placeholder for an identifier.
#[test]
fn the_shipped_model_never_redacts_a_placeholder() {
    for q in parse("questions", super::TUNED) {
        let first = deidentify_by_rules(&q.text).text;
        let nothing = Redacted {
            text: first.clone(),
            ..Redacted::default()
        };
        let found = learned::shipped().find(&first);
        let again = learned::merge(&first, nothing, &found);
        for span in &again.spans {
            let inside = first[..span.start].ends_with('[') && first[span.end..].starts_with(']');
            assert!(
                !inside,
                "{:?} redacted in {first:?}",
                &first[span.start..span.end]
            );
        }
    }
}

/// What the model proposes goes through the rules' vetoes: a placeholder, a title, a drug the
/// lexicon knows and a span the rules already took stay as they are; a name is redacted.
#[test]
fn merge_keeps_placeholders_titles_and_medicine() {
    let text = "[NAME] saw Mrs Tamsin Quill on metformin in [PLACE]";
    let at = |w: &str| text.find(w).expect("in text");
    let span = |w: &str, kind| learned::Span {
        kind,
        start: at(w),
        end: at(w) + w.len(),
        confidence: 0.99,
    };
    let rules = Redacted {
        text: text.to_owned(),
        ..Redacted::default()
    };
    let proposed = [
        span("NAME", Identifier::Name),
        span("Mrs Tamsin Quill", Identifier::Name),
        span("metformin", Identifier::Name),
        span("PLACE", Identifier::Place),
    ];
    assert_eq!(
        learned::merge(text, rules, &proposed).text,
        "[NAME] saw Mrs [NAME] on metformin in [PLACE]"
    );
}

/// `deidentify` is the rules with the shipped model's spans added (it is on), and the model only
/// adds: on set 9, nothing the rules removed comes back, and the shipped output is rules + model.
#[test]
fn deidentify_is_the_rules_plus_the_shipped_model() {
    let questions = parse("heldout9.jsonl", super::HELD_OUT_9);
    let model = learned::shipped();
    let rules: Vec<Redacted> = questions
        .iter()
        .map(|q| deidentify_by_rules(&q.text))
        .collect();
    let both: Vec<Redacted> = questions
        .iter()
        .zip(&rules)
        .map(|(q, r)| learned::merge(&q.text, r.clone(), &model.find(&q.text)))
        .collect();
    for (q, b) in questions.iter().zip(&both) {
        assert_eq!(deidentify(&q.text).text, b.text);
    }
    let (alone, with_model) = (score(&questions, &rules), score(&questions, &both));
    println!("{}\n", alone.report("set 9, rules alone"));
    println!(
        "{}",
        with_model.report(&format!(
            "set 9 (trained on), rules + model (threshold {:.2})",
            model.threshold
        ))
    );
    // A survivor is reported with the question as redacted: compared by kind and text only.
    let mut left: Vec<&str> = alone.survivors.iter().map(|s| label_of(s)).collect();
    for survivor in &with_model.survivors {
        let at = left.iter().position(|l| *l == label_of(survivor));
        assert!(at.is_some(), "the model brought back {survivor}");
        left.swap_remove(at.unwrap_or_default());
    }
    assert!(with_model.survivors.len() < alone.survivors.len());
}

/// `KIND "text"` of a survivor as `measure` reports it (`KIND "text" in "…"`).
fn label_of(survivor: &str) -> &str {
    survivor.split(" in \"").next().unwrap_or(survivor)
}
