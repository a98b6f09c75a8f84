//! Other mentions of a word already taken for a name or place: wherever else it is written the
//! same way, it goes too.

use super::{gazetteer, is_medical_word, lexicon, Candidate, Identifier};

/// "Bartlett? No, Bartlett's the GP": a word taken for a name or a place in one spot goes
/// everywhere else it is written the same way, whichever rule took it first.
pub(super) fn with_other_mentions(
    text: &str,
    mut accepted: Vec<Candidate>,
    medical: &[(usize, usize)],
) -> Vec<Candidate> {
    let lexicon = &*lexicon::LEXICON;
    let gazetteer = &*gazetteer::GAZETTEER;
    let mut words: Vec<(&str, Identifier)> = Vec::new();
    for span in &accepted {
        if matches!(span.kind, Identifier::Name | Identifier::Place) {
            words.extend(
                text[span.start..span.end]
                    .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .filter(|w| w.chars().count() >= 3 && w.starts_with(char::is_uppercase))
                    .map(|w| (w, span.kind)),
            );
        }
    }
    words.sort_unstable();
    words.dedup_by_key(|(word, _)| *word);
    let mut more = Vec::new();
    for (word, kind) in words {
        let key = lexicon::key(word);
        if lexicon.is_stopword(&key) || lexicon.eponyms.contains(&key) || gazetteer.keeps(&key) {
            continue;
        }
        for (at, _) in text.match_indices(word) {
            let end = at + word.len();
            let bounded = !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '-')
                && !text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
            let covered = accepted.iter().any(|c| c.start < end && at < c.end);
            let mention = Candidate::new(kind, at, end).by("repeated mention");
            if bounded && !covered && !is_medical_word(&mention, medical) {
                more.push(mention);
            }
        }
    }
    if more.is_empty() {
        return accepted;
    }
    accepted.extend(more);
    accepted.sort_by_key(|c| c.start);
    accepted
}
