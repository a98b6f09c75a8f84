//! The learned detector (`rounds::domain::deidentify::learned`): its trainer, which writes the
//! shipped weights, its leave-one-set-out cross-validation, and the checks that the shipped
//! weights are the ones the current sets give.

mod cv;

use rounds::domain::deidentify::learned::{
    self, features, tokens,
    train::{self, Example, Settings},
    Model,
};
use rounds::domain::deidentify::{deidentify, deidentify_by_rules, Identifier, Redacted};

use cv::{choose, cross_validate, load, print_table, THRESHOLDS};

use super::measure::{parse, score};

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
    // Training-only sets, written in session 10 for the model (never a fold; their writers' notes
    // are beside them).
    ("train10", include_str!("train10.jsonl")),
    ("train10b", include_str!("train10b.jsonl")),
    ("train10c", include_str!("train10c.jsonl")),
];

/// The sets each left out in turn and measured: the ones written independently of the rest.
const FOLDS: [&str; 6] = [
    "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9",
];

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

/// Every kind a labelled set may use (training-only sets included) is learned as some class.
#[test]
fn every_labelled_kind_is_learned_as_a_class() {
    for label in [
        "NAME", "PLACE", "ADDRESS", "ZIP", "DATE", "AGE", "ID", "PHONE", "FAX", "EMAIL", "URL",
        "IP", "CONTACT",
    ] {
        let class = learned::class_of(cv::kind(label));
        assert!(learned::CLASSES[class].is_some(), "{label}");
    }
    assert_eq!(
        learned::class_of(Identifier::Fax),
        learned::class_of(Identifier::Phone)
    );
    assert_eq!(
        learned::class_of(Identifier::Url),
        learned::class_of(Identifier::Contact)
    );
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
    assert!(THRESHOLDS.contains(&model.threshold), "{}", model.threshold);
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
    rules_and_model("set 9 (trained on)", "heldout9.jsonl", super::HELD_OUT_9);
}

/// Held-out set 10, opened once in session 10 with the detector on: the rules alone beside what
/// ships, with the same checks.
#[test]
fn set_10_with_and_without_the_model() {
    rules_and_model("set 10 (clean)", "heldout10.jsonl", super::HELD_OUT_10);
}

/// Scores `source` with the rules alone and with the shipped model merged in, prints both, and
/// checks that `deidentify` is that merge and that the model only adds redactions.
fn rules_and_model(set: &str, name: &str, source: &str) {
    const { assert!(learned::ON) };
    let questions = parse(name, source);
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
    println!("{}\n", alone.report(&format!("{set}, rules alone")));
    println!(
        "{}",
        with_model.report(&format!(
            "{set}, rules + model (threshold {:.2})",
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
