//! Key terms of a topic: words used markedly more in the topic's posts than in the rest of the
//! guild's posts of the same window, scored by log-likelihood (Dunning's G²), which stays honest for
//! rare words where a plain ratio of frequencies would crown every word seen once.

use std::collections::{HashMap, HashSet};

/// Words too common to say anything about a topic; short words (under three letters) are dropped
/// before this list is consulted.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "back", "been", "before",
    "being", "but", "can", "could", "did", "does", "doing", "don", "each", "even", "for", "from",
    "get", "got", "had", "has", "have", "her", "here", "him", "his", "how", "into", "its", "just",
    "like", "more", "most", "much", "new", "not", "now", "one", "only", "other", "our", "out",
    "over", "own", "same", "she", "should", "some", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "too", "two", "under", "very",
    "via", "was", "way", "we", "were", "what", "when", "where", "which", "while", "who", "why",
    "will", "with", "would", "you", "your", "amp", "https", "http", "www",
];

/// One key term with its counts and score.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTerm {
    pub term: String,
    /// Occurrences in the topic's posts.
    pub topic_count: usize,
    /// Occurrences in the rest of the corpus.
    pub rest_count: usize,
    /// Log-likelihood G²: above 3.84 is significant at p < 0.05, above 10.83 at p < 0.001.
    pub g2: f64,
}

/// The words of a text as keyness counts them: lower-cased runs of letters and digits with at least
/// one letter, three characters or more, links and stop words removed.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .filter(|token| !token.contains("://") && !token.starts_with("www."))
        .flat_map(|token| token.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 3 && word.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
}

/// Word counts of a set of texts.
pub fn count_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for text in texts {
        for word in words(text) {
            *counts.entry(word).or_default() += 1;
        }
    }
    counts
}

/// G² of a word seen `a` times in a corpus of `c` words and `b` times in one of `d` words.
pub fn log_likelihood(a: usize, b: usize, c: usize, d: usize) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    if c + d == 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let part = |observed: f64, expected: f64| {
        if observed > 0.0 && expected > 0.0 {
            observed * (observed / expected).ln()
        } else {
            0.0
        }
    };
    2.0 * (part(a, e1) + part(b, e2))
}

/// The `n` terms most characteristic of `topic` against `rest`: over-used in the topic (relative
/// frequency above the rest's), highest G² first, ties broken alphabetically. Words in `skip` (the
/// topic's own words, which are key by construction) are left out.
pub fn key_terms(
    topic: &HashMap<String, usize>,
    rest: &HashMap<String, usize>,
    skip: &HashSet<String>,
    n: usize,
) -> Vec<KeyTerm> {
    let c: usize = topic.values().sum();
    let d: usize = rest.values().sum();
    let mut terms: Vec<KeyTerm> = topic
        .iter()
        .filter(|(term, _)| !skip.contains(term.as_str()))
        .filter_map(|(term, &a)| {
            let b = rest.get(term).copied().unwrap_or(0);
            // Over-use only: a word the topic uses less than everyone else is not its key term.
            let overused = d == 0 || (a as f64 / c as f64) > (b as f64 / d as f64);
            // A word seen once says nothing, however rare elsewhere.
            (overused && a >= 2).then(|| KeyTerm {
                term: term.clone(),
                topic_count: a,
                rest_count: b,
                g2: log_likelihood(a, b, c, d),
            })
        })
        .collect();
    terms.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.term.cmp(&y.term)));
    terms.truncate(n);
    terms
}

#[cfg(test)]
mod meded_week;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_links_stop_words_and_short_tokens() {
        let found: Vec<String> =
            words("The SGLT2i trial https://x.org/a is on #HeartFailure, ok? 42").collect();
        assert_eq!(found, ["sglt2i", "trial", "heartfailure"]);
    }

    #[test]
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
    fn the_topic_specific_word_outranks_words_everyone_uses() {
        let topic = count_words([
            "empagliflozin reduced admissions in heart failure",
            "empagliflozin and dapagliflozin for heart failure",
            "heart failure clinic today empagliflozin",
        ]);
        let rest = count_words([
            "clinic today was busy",
            "busy clinic today, heart of the matter",
            "teaching rounds today clinic",
            "failure to rescue in surgery today",
        ]);
        let skip: HashSet<String> = ["heart".to_owned()].into();
        let terms = key_terms(&topic, &rest, &skip, 3);
        let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(names[0], "empagliflozin", "{terms:?}");
        assert!(names.contains(&"failure"), "{terms:?}");
        assert!(!names.contains(&"today"), "over-used elsewhere: {terms:?}");
        assert!(!names.contains(&"heart"), "skipped: {terms:?}");
        assert!(!names.contains(&"dapagliflozin"), "seen once: {terms:?}");
    }
}
