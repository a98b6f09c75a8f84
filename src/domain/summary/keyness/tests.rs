//! Tokens, G², and how terms are found and ranked.

use super::*;

#[test]
fn words_drop_links_stop_words_and_short_tokens() {
    let found: Vec<String> =
        words("The SGLT2i trial https://x.org/a is on #HeartFailure, ok? 42").collect();
    assert_eq!(found, ["sglt2i", "trial", "heartfailure"]);
}

#[test]
// The values compared exactly are exact by construction (zero for no overlap or no cost).
#[allow(clippy::float_cmp)]
fn g2_matches_a_hand_computed_value() {
    // a=10 of c=100 against b=10 of d=1000: E1 = 100*20/1100, E2 = 1000*20/1100.
    let e1: f64 = 100.0 * 20.0 / 1100.0;
    let e2: f64 = 1000.0 * 20.0 / 1100.0;
    let expected = 2.0 * (10.0 * (10.0 / e1).ln() + 10.0 * (10.0 / e2).ln());
    assert!((log_likelihood(10, 10, 100, 1000) - expected).abs() < 1e-9);
    assert!((expected - 22.138).abs() < 0.001, "{expected}");
    assert_eq!(log_likelihood(0, 0, 10, 10), 0.0);
}

#[test]
fn the_topic_specific_terms_outrank_words_everyone_uses() {
    let topic = count_terms(
        [
            "empagliflozin reduced admissions in heart failure",
            "empagliflozin and dapagliflozin for heart failure",
            "heart failure clinic today empagliflozin",
        ],
        &[],
    );
    let rest = count_terms(
        [
            "clinic today was busy",
            "busy clinic today, heart of the matter",
            "teaching rounds today clinic",
            "failure to rescue in surgery today",
        ],
        &[],
    );
    let skip: HashSet<String> = ["heart".to_owned()].into();
    let terms = key_terms(&topic, &rest, &skip, 3);
    let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(names[..2], ["heart failure", "empagliflozin"], "{terms:?}");
    assert!(!names.contains(&"failure"), "left to its phrase: {terms:?}");
    assert!(!names.contains(&"today"), "over-used elsewhere: {terms:?}");
    assert!(!names.contains(&"heart"), "skipped: {terms:?}");
    assert!(!names.contains(&"dapagliflozin"), "seen once: {terms:?}");
}

#[test]
fn entity_names_stay_whole_and_phrases_stop_at_stop_words_and_punctuation() {
    let names = [
        "GLP-1".to_owned(),
        "heart failure with preserved ejection fraction".to_owned(),
    ];
    let counts = count_terms(
        [
            "GLP-1 agonists in heart failure with preserved ejection fraction, again.",
            "Weekly GLP-1 shots: bedside teaching #MedEd rounds",
        ],
        &names,
    );
    let count = |term: &str| counts.terms.get(term).copied().unwrap_or(0);
    assert_eq!(count("glp-1"), 2);
    assert_eq!(count("heart failure with preserved ejection fraction"), 1);
    assert_eq!(count("heart failure"), 1);
    assert_eq!(count("bedside teaching"), 1);
    assert_eq!(count("meded"), 1);
    assert_eq!(count("failure preserved"), 0, "a stop word ends a phrase");
    assert_eq!(count("fraction again"), 0, "a comma ends a phrase");
    assert_eq!(count("teaching meded"), 0, "a hashtag is a word of its own");
    assert_eq!(count("meded rounds"), 0);
}
