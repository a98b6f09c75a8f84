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

/// The counting as it was written before it was made faster (issue #18, P3): each text split into
/// clauses of owned tokens, every name searched for in every text. The faster one must count the
/// same.
fn count_terms_as_before(texts: &[&str], names: &[String]) -> TermCounts {
    let names: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_lowercase())
        .filter(|n| n.chars().count() >= 3 && n.chars().any(char::is_alphabetic))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut counts = TermCounts::default();
    for text in texts {
        let mut clauses: Vec<Vec<Option<String>>> = vec![Vec::new()];
        for token in text.split_whitespace() {
            if token.contains("://") || token.starts_with("www.") {
                clauses.push(Vec::new());
                continue;
            }
            let hashtag = token.starts_with('#');
            let ends = hashtag
                || token
                    .chars()
                    .last()
                    .is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"'));
            if token.starts_with(['(', '"']) || hashtag {
                clauses.push(Vec::new());
            }
            let word = token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            let plain = word.chars().all(|c| c.is_alphanumeric() || c == '-');
            let current = clauses.last_mut().expect("a clause");
            if plain && word.chars().count() >= 3 && word.chars().any(char::is_alphabetic) {
                let word = word.replace('-', if hashtag { "" } else { "-" });
                let stop = STOP_WORDS.contains(&word.as_str());
                current.push((!stop).then_some(word));
            } else {
                current.push(None);
            }
            if ends {
                clauses.push(Vec::new());
            }
        }
        for clause in clauses {
            let mut previous: Option<String> = None;
            for token in clause {
                if let Some(word) = &token {
                    counts.words += 1;
                    *counts.terms.entry(word.clone()).or_default() += 1;
                    if let Some(before) = &previous {
                        *counts.terms.entry(format!("{before} {word}")).or_default() += 1;
                    }
                }
                previous = token;
            }
        }
        let lower = text.to_lowercase();
        for name in &names {
            let found = occurrences(&lower, name);
            if found > 0 && !is_plain_phrase(name) {
                *counts.terms.entry(name.clone()).or_default() += found;
            }
        }
    }
    counts
}

#[test]
fn terms_are_counted_as_the_clause_by_clause_counting_counted_them() {
    let mut texts: Vec<&str> = super::meded_week::MEDED
        .iter()
        .chain(&super::meded_week::REST)
        .copied()
        .collect();
    texts.extend([
        "ÉCOLE Médicale: ΟΔΟΣ teaching (bedside) \"feedback timing\" #Feedback-Timing #MED-ED",
        "Crohn's disease and heart failure with preserved ejection fraction, see https://x.org/a www.y.org",
        "the THE of-the GLP-1 glp-1 through wards. Semaglutide/tirzepatide; 2024 abc123 (ok) end?",
        "",
    ]);
    let names: Vec<String> = [
        "GLP-1",
        "Crohn's disease",
        "heart failure with preserved ejection fraction",
        "heart failure",
        "Semaglutide",
        " ab ",
        "ÉCOLE médicale",
    ]
    .map(str::to_owned)
    .into();
    let faster = count_terms(texts.iter().copied(), &names);
    let before = count_terms_as_before(&texts, &names);
    assert_eq!(faster.words, before.words);
    let sorted = |counts: &TermCounts| {
        let mut terms: Vec<(String, usize)> =
            counts.terms.iter().map(|(t, n)| (t.clone(), *n)).collect();
        terms.sort();
        terms
    };
    assert_eq!(sorted(&faster), sorted(&before));
    assert!(faster.terms.contains_key("crohn's disease"), "{faster:?}");
    assert_eq!(faster.terms.get("feedbacktiming"), Some(&1));
}
