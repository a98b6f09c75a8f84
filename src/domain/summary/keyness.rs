//! Key terms of a topic: words and phrases used markedly more in the topic's posts than in the rest
//! of the guild's posts of the same window, scored by log-likelihood (Dunning's G²), which stays
//! honest for rare terms where a plain ratio of frequencies would crown every word seen once.
//!
//! Candidates are single words, two-word phrases within a clause ("bedside teaching"; a stop word
//! or punctuation ends a phrase) and the names of the drugs and diseases the posts mention, whole
//! ("heart failure", "GLP-1"). Conversational filler ("actually", "anyone", "first", "day") is never
//! a term on its own. A phrase outranks its words, and a word found mostly inside a key phrase is
//! left to the phrase.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Maps keyed by words: hashed with foldhash, several times faster than SipHash on short words, and
/// no attacker picks these keys' hashes (the seed is random per process).
pub type WordMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// Words too common to say anything about a topic; short words (under three letters) are dropped
/// before this list is consulted. They also end a phrase.
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

/// Conversational words and the small talk of clinical posts: never a key term alone, though they
/// may be part of a phrase ("clinical reasoning"); a phrase of filler only ("first day") is not one.
const FILLER: &[&str] = &[
    "actually",
    "anybody",
    "anyone",
    "afterwards",
    "always",
    "asked",
    "asking",
    "basically",
    "best",
    "better",
    "clinical",
    "day",
    "days",
    "else",
    "enjoyed",
    "every",
    "everyone",
    "ever",
    "find",
    "first",
    "found",
    "going",
    "good",
    "great",
    "honestly",
    "know",
    "last",
    "later",
    "less",
    "literally",
    "lot",
    "lots",
    "love",
    "loved",
    "luck",
    "make",
    "made",
    "many",
    "maybe",
    "need",
    "never",
    "next",
    "patient",
    "patients",
    "people",
    "please",
    "pretty",
    "question",
    "questions",
    "really",
    "right",
    "said",
    "say",
    "see",
    "seen",
    "someone",
    "something",
    "still",
    "sure",
    "thank",
    "thanks",
    "thing",
    "things",
    "think",
    "thinking",
    "thought",
    "time",
    "times",
    "today",
    "tomorrow",
    "tonight",
    "using",
    "want",
    "week",
    "weeks",
    "well",
    "wish",
    "year",
    "years",
    "yes",
    "yesterday",
];

/// A phrase's G² counts this much more than a word's when ranking: a phrase says more.
const PHRASE_WEIGHT: f64 = 1.5;

/// A word is left to a key phrase holding it when the phrase accounts for at least this share of
/// the word's occurrences.
const ABSORBED_SHARE: f64 = 0.5;

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
        .filter(|word| !is_stop_word(word))
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

/// How often each candidate term occurs in a set of texts, and how many words they hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermCounts {
    pub terms: WordMap<usize>,
    pub words: usize,
}

/// The candidate terms of `texts`: words, two-word phrases and the given entity `names` (matched
/// case-insensitively, whole words only).
pub fn count_terms<'a>(texts: impl IntoIterator<Item = &'a str>, names: &[String]) -> TermCounts {
    // One-word and two-word names are words and phrases counted as such: only longer or other
    // names are looked for in the text.
    let names: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_lowercase())
        .filter(|n| n.chars().count() >= 3 && n.chars().any(char::is_alphabetic))
        .filter(|n| !is_plain_phrase(n))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut counts = TermCounts::default();
    // The phrase being counted, built in place: most are counted already, and a lookup by `&str`
    // allocates nothing.
    let mut phrase = String::new();
    for text in texts {
        let mut previous: Option<String> = None;
        tokens(text, |token| match token {
            Some(word) => {
                counts.words += 1;
                bump(&mut counts.terms, word);
                if let Some(before) = &previous {
                    phrase.clear();
                    phrase.push_str(before);
                    phrase.push(' ');
                    phrase.push_str(word);
                    bump(&mut counts.terms, &phrase);
                }
                match &mut previous {
                    Some(kept) => {
                        kept.clear();
                        kept.push_str(word);
                    }
                    None => previous = Some(word.to_owned()),
                }
            }
            None => previous = None,
        });
        if names.is_empty() {
            continue;
        }
        let lower = text.to_lowercase();
        for name in &names {
            let found = occurrences(&lower, name);
            if found > 0 {
                *counts.terms.entry(name.clone()).or_default() += found;
            }
        }
    }
    counts
}

/// One more occurrence of `term`, allocating only for a term not seen before.
fn bump(terms: &mut WordMap<usize>, term: &str) {
    match terms.get_mut(term) {
        Some(count) => *count += 1,
        None => {
            terms.insert(term.to_owned(), 1);
        }
    }
}

/// Whether `word` (lower-cased) is a stop word: a binary search of the sorted list.
fn is_stop_word(word: &str) -> bool {
    // The list sorted, and its longest word's length: a longer word is searched for no further.
    static SORTED: LazyLock<(Vec<&'static str>, usize)> = LazyLock::new(|| {
        let mut words = STOP_WORDS.to_vec();
        words.sort_unstable();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        (words, longest)
    });
    let (sorted, longest) = &*SORTED;
    word.len() <= *longest && sorted.binary_search(&word).is_ok()
}

/// The text's tokens in order, handed to `emit`: a candidate word, or `None` for a stop word or
/// a clause's start (punctuation, links and hashtags split clauses), either of which ends a
/// phrase. A hashtag is a word of its own.
fn tokens(text: &str, mut emit: impl FnMut(Option<&str>)) {
    let mut word = String::new();
    for token in text.split_whitespace() {
        if token.contains("://") || token.starts_with("www.") {
            emit(None);
            continue;
        }
        let hashtag = token.starts_with('#');
        let ends_clause = hashtag
            || token
                .chars()
                .last()
                .is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"'));
        let starts_clause = token.starts_with(['(', '"']);
        if starts_clause || hashtag {
            emit(None);
        }
        let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric());
        word.clear();
        if trimmed.is_ascii() {
            word.push_str(trimmed);
            word.make_ascii_lowercase();
        } else {
            word.push_str(&trimmed.to_lowercase());
        }
        // Hyphenated words stay whole ("competency-based", "think-aloud"); other inner punctuation
        // (apostrophes, slashes) makes a token no term.
        let plain = word.chars().all(|c| c.is_alphanumeric() || c == '-');
        if plain && word.chars().count() >= 3 && word.chars().any(char::is_alphabetic) {
            if hashtag && word.contains('-') {
                word.retain(|c| c != '-');
            }
            if is_stop_word(&word) {
                emit(None);
            } else {
                emit(Some(&word));
            }
        } else {
            emit(None);
        }
        if ends_clause {
            emit(None);
        }
    }
}

/// Whether `name` is one or two plain words, which `count_terms` counts as a word or a phrase
/// anyway.
fn is_plain_phrase(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    words.len() <= 2
        && words.iter().all(|w| {
            w.chars().count() >= 3
                && w.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !STOP_WORDS.contains(w)
        })
}

/// Occurrences of `name` in `text` (both lower-cased) that are whole words.
fn occurrences(text: &str, name: &str) -> usize {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(name)
        .filter(|(at, _)| {
            boundary(text[..*at].chars().next_back())
                && boundary(text[at + name.len()..].chars().next())
        })
        .count()
}

/// The `n` terms most characteristic of `topic` against `rest`: over-used in the topic (relative
/// frequency above the rest's), seen at least twice, highest weighted G² first, ties broken
/// alphabetically. Terms made only of words in `skip` (the topic's own words, key by
/// construction) are left out, as are filler words alone and words left to a key phrase.
pub fn key_terms(
    topic: &TermCounts,
    rest: &TermCounts,
    skip: &HashSet<String>,
    n: usize,
) -> Vec<KeyTerm> {
    let (c, d) = (topic.words, rest.words);
    let candidates: Vec<KeyTerm> = topic
        .terms
        .iter()
        .filter(|(term, _)| !term.split(' ').all(|w| skip.contains(w)))
        .filter(|(term, _)| !term.split(' ').all(|w| FILLER.contains(&w)))
        .filter_map(|(term, &a)| {
            let b = rest.terms.get(term).copied().unwrap_or(0);
            // Over-use only: a term the topic uses less than everyone else is not its key term.
            let overused = d == 0 || (a as f64 / c.max(1) as f64) > (b as f64 / d as f64);
            // A term seen once says nothing, however rare elsewhere.
            (overused && a >= 2).then(|| KeyTerm {
                term: term.clone(),
                topic_count: a,
                rest_count: b,
                g2: log_likelihood(a, b, c, d),
            })
        })
        .collect();
    // For each word of a key phrase, the most occurrences of a phrase holding it. A phrase's own
    // words hold no space, so no phrase is ever left to another.
    let mut in_phrases: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
    for phrase in candidates.iter().filter(|t| t.term.contains(' ')) {
        for word in phrase.term.split(' ') {
            let most = in_phrases.entry(word).or_default();
            *most = (*most).max(phrase.topic_count);
        }
    }
    let absorbed = |word: &KeyTerm| {
        !word.term.contains(' ')
            && in_phrases
                .get(word.term.as_str())
                .is_some_and(|&most| most as f64 >= ABSORBED_SHARE * word.topic_count as f64)
    };
    let weight = |t: &KeyTerm| {
        if t.term.contains(' ') {
            t.g2 * PHRASE_WEIGHT
        } else {
            t.g2
        }
    };
    let mut terms: Vec<KeyTerm> = candidates
        .iter()
        .filter(|t| !absorbed(t))
        .cloned()
        .collect();
    terms.sort_by(|x, y| {
        weight(y)
            .total_cmp(&weight(x))
            .then_with(|| x.term.cmp(&y.term))
    });
    terms.truncate(n);
    terms
}

#[cfg(test)]
mod meded_week;

#[cfg(test)]
mod tests;
