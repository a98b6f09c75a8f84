//! What the learned detector may not redact whatever its confidence: forms the rules own, words
//! the keep lists hold, placeholders, and `config/deidentify/learned-keep.txt`.

use std::sync::LazyLock;

use super::super::{
    asides::STATES_SHORT, english, gazetteer::GAZETTEER, lexicon, Candidate, Identifier,
};

/// Spans the model is not trusted with, whatever its confidence: numbers in ASCII digits, alone or
/// with a letter or two ("1/2", "18/12", "2019-2023", "99F", "95th"), which dates, ages, IDs and
/// lab values share and the rules' patterns tell apart by units and context while the model sees
/// a shape; an
/// ID or phone with fewer than three digits, a postcode with fewer than two ("BRCA1"), a span made only of everyday English and stop words
/// ("aged", "Last Tuesday", "Op Day 2"), a name or place written in lower case ("bitten": the rules
/// judge those by context), a place made only of countries and states (which stay by the rules' convention), and anything
/// in a script written without spaces, where the model's tokens are single characters inside
/// words ("高血压患者").
pub(super) fn left_to_the_rules(text: &str, candidate: &Candidate) -> bool {
    let span = &text[candidate.start..candidate.end];
    let lexicon = &*lexicon::LEXICON;
    let count = |f: fn(&char) -> bool| span.chars().filter(f).count();
    let (digits, letters) = (count(char::is_ascii_digit), count(|c| c.is_alphabetic()));
    let numeric = span.is_ascii() && (letters == 0 || digits > 0 && digits <= 4 && letters <= 2);
    let unspaced = span.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
    });
    // A day or dose count beside words ("Day 2") is no identifier by itself.
    let small = |w: &str| digits <= 2 && w.chars().all(|c| c.is_ascii_digit());
    let words: Vec<String> = span
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !small(w))
        .map(lexicon::key)
        .collect();
    let all = |f: &dyn Fn(&str) -> bool| !words.is_empty() && words.iter().all(|w| f(w));
    let plain = |w: &str| english::is_word(w) || lexicon.is_stopword(w);
    let everyday = match candidate.kind {
        Identifier::Name | Identifier::Place => !span.chars().any(char::is_uppercase),
        _ => all(&plain),
    };
    let state = candidate.kind == Identifier::Place
        && all(&|w| GAZETTEER.regions.contains(w) || STATES_SHORT.contains(&w));
    // Literature and trial registry ids ("PMC7654321", "NCT04435626") are references, not people.
    let literature = ["PMC", "NCT"].iter().any(|prefix| {
        span.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
    });
    numeric
        || unspaced
        || literature
        || everyday
        || state
        || matches!(candidate.kind, Identifier::Id | Identifier::Phone) && digits < 3
        || candidate.kind == Identifier::Zip && digits < 2
}

/// Words and phrases the rules keep by special cases the model cannot see
/// (`config/deidentify/learned-keep.txt`): greetings, companies named after people, grades.
static LEARNED_KEEP: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../../../config/deidentify/learned-keep.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
});

/// Whether the span overlaps a whole-word, case-blind occurrence of a [`LEARNED_KEEP`] entry.
pub(super) fn in_learned_keep_list(text: &str, candidate: &Candidate) -> bool {
    let lower = text.to_ascii_lowercase();
    let boundary = |at: usize| {
        lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    let after = |at: usize| {
        lower[at..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    LEARNED_KEEP.iter().any(|entry| {
        lower.match_indices(entry.as_str()).any(|(at, m)| {
            let end = at + m.len();
            boundary(at) && after(end) && at < candidate.end && candidate.start < end
        })
    })
}

/// "[NAME]" in text already redacted: a span touching a placeholder ("NAME]'s" is one token) is
/// never an identifier.
pub(super) fn is_placeholder(text: &str, candidate: &Candidate) -> bool {
    Identifier::ALL.iter().any(|k| {
        text.match_indices(k.placeholder())
            .any(|(at, p)| at < candidate.end && candidate.start < at + p.len())
    })
}

/// A name or place made only of words the keep lists, stop words or eponyms hold.
pub(super) fn only_kept_words(text: &str, candidate: &Candidate) -> bool {
    let lexicon = &*lexicon::LEXICON;
    let gazetteer = &*GAZETTEER;
    let mut words = text[candidate.start..candidate.end]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .peekable();
    matches!(candidate.kind, Identifier::Name | Identifier::Place)
        && words.peek().is_some()
        && words.all(|w| {
            let key = lexicon::key(w);
            lexicon.is_stopword(&key) || lexicon.eponyms.contains(&key) || gazetteer.keeps(&key)
        })
}
