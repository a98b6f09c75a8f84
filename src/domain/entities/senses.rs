//! Abbreviations with other senses (`abbreviations.tsv` names them in a fourth column): "MI" is a
//! myocardial infarction and Michigan, "CHF" heart failure and Swiss francs, "TB" tuberculosis and
//! terabytes, "PE" a pulmonary embolism and school sport, "CAD" coronary disease and drawing
//! software. Such a match counts only where the text reads clinical and nothing beside it reads
//! otherwise: the mechanism is the same for every ambiguous abbreviation, the evidence is generic
//! (the word lists in `senses/words.rs`), and the data says which abbreviations need it.
//!
//! Clinical evidence, anywhere near: another drug or disease found, a clinical hashtag
//! (#CardioTwitter, #FOAMed), a clinical word (patient, admitted, troponin, rule out), an age or a
//! dose ("34-year-old", "68M", "40mg"), or the same letters used elsewhere in the post in their
//! other sense ("2 TB storage for the TB contact tracing": the writer draws the pun). Contrary
//! evidence, right beside the abbreviation: an amount ("CHF 1500", "2 TB"), a word of another
//! sense (teacher, drive, drawings, compliance, redirect, backed, exit, deviation), a place
//! written "City, ST", or a role ("As an RA on the trial").

mod cues;
mod neighbours;
mod words;

use cues::OTHER_SENSE_CUES;
use neighbours::{SLANG_HEADS, STATE_CODES};
use words::{
    CLASSIFIERS, CLINICAL_HASHTAG_PARTS, CLINICAL_UNITS, CLINICAL_WORDS, OTHER_SENSE_WORDS,
};

/// How far, in bytes either side, clinical evidence may lie (posts are short; a long article's
/// far paragraphs say nothing about one abbreviation).
const CLINICAL_REACH: usize = 240;
/// How many words either side are read for contrary evidence.
const CONTRARY_WORDS: usize = 2;
/// How many words either side are read for the strongest contrary cues.
const CONTRARY_CUE_WORDS: usize = 6;

/// Whether the ambiguous abbreviation `text[start..end]` means its clinical sense here; `others`
/// are the spans of the other drugs and diseases found in `text`.
pub(super) fn reads_clinical(
    text: &str,
    start: usize,
    end: usize,
    others: &[(usize, usize)],
) -> bool {
    !reads_otherwise(text, start, end)
        && (has_clinical_evidence(text, start, end, others) || contrasted(text, start, end))
}

/// "2 TB storage for the TB contact tracing database": the same letters, used elsewhere in the
/// text in their other sense, are a pun the writer draws; here, with nothing beside them reading
/// otherwise, they are the clinical sense.
fn contrasted(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    text.match_indices(surface).any(|(at, _)| {
        at != start
            && !text[..at].ends_with(char::is_alphanumeric)
            && !text[at + surface.len()..].starts_with(char::is_alphanumeric)
            && reads_otherwise(text, at, at + surface.len())
    })
}

/// Words before an abbreviation that make it someone's role ("As an RA on the trial", "I'm an
/// RA"): one is not "an MI" (a presentation "as an MI" follows a verb, and stays).
const ROLE_HEADS: &[&str] = &[
    "i'm a ",
    "i'm an ",
    "i’m a ",
    "i’m an ",
    "i am a ",
    "i am an ",
    "i was a ",
    "i was an ",
    "work as a ",
    "work as an ",
    "worked as a ",
    "worked as an ",
    "job as a ",
    "job as an ",
];

fn a_role(text: &str, start: usize) -> bool {
    let head = text[floor_boundary(text, start.saturating_sub(24))..start].to_lowercase();
    let opening = head
        .strip_suffix("as a ")
        .or_else(|| head.strip_suffix("as an "))
        .is_some_and(|rest| {
            rest.trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | ';'))
        });
    opening || ROLE_HEADS.iter().any(|h| head.ends_with(h))
}

/// Words of `text`, lower-cased, split at spaces, hyphens and most punctuation ("PE-backed" gives
/// "pe", "backed"); `/` and `&` stay inside words ("r/o", "a&e").
fn words(text: &str) -> impl DoubleEndedIterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '/' | '&' | '%' | '.' | ',')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ',' | '/' | '&')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'k'))
}

fn reads_otherwise(text: &str, start: usize, end: usize) -> bool {
    let before: Vec<String> = words(&text[..start]).rev().take(CONTRARY_WORDS).collect();
    let after: Vec<String> = words(&text[end..]).take(CONTRARY_WORDS).collect();
    let plural = text[start..end].ends_with('s');
    // "CHF 1500", "2 TB": an amount right beside it, unless it is a count of events ("2 MIs") or a
    // class ("type 2 MI").
    let amount_before = before.first().is_some_and(|w| is_number(w))
        && !plural
        && !before
            .get(1)
            .is_some_and(|w| CLASSIFIERS.contains(&w.as_str()));
    let amount_after = after.first().is_some_and(|w| is_number(w));
    let near = before.iter().chain(&after);
    let cue_near = words(&text[..start])
        .rev()
        .take(CONTRARY_CUE_WORDS)
        .chain(words(&text[end..]).take(CONTRARY_CUE_WORDS))
        .any(|w| OTHER_SENSE_CUES.contains(&w.as_str()));
    amount_before
        || amount_after
        || cue_near
        || near
            .clone()
            .any(|w| OTHER_SENSE_WORDS.contains(&w.as_str()) && !graded(text, end, w))
        || text[..start].trim_end().ends_with(['$', '€', '£'])
        || text[end..].trim_start().starts_with(['$', '€', '£'])
        || place(text, start, end)
        || before
            .first()
            .is_some_and(|w| SLANG_HEADS.contains(&w.as_str()))
        || beside_a_state(text, start, end)
        || in_an_acronym(text, start, end)
        || exclaimed(text, end)
        || a_role(text, start)
}

/// "The PAH! of disbelief": letters exclaimed in mid-sentence are a sound, not a diagnosis; a
/// sentence that ends there ("Another MI! Cath lab now") starts again with a capital.
fn exclaimed(text: &str, end: usize) -> bool {
    text[end..]
        .strip_prefix('!')
        .map(str::trim_start)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_lowercase)
}

/// "SLE, biopsy class IV": a classifier followed by its grade after the abbreviation is a
/// clinical grade, not a school class.
fn graded(text: &str, end: usize, word: &str) -> bool {
    if !CLASSIFIERS.contains(&word) {
        return false;
    }
    let after: Vec<String> = words(&text[end..]).take(CONTRARY_WORDS + 1).collect();
    after.windows(2).any(|pair| {
        pair[0] == word
            && (is_number(&pair[1])
                || (!pair[1].is_empty() && pair[1].chars().all(|c| matches!(c, 'i' | 'v' | 'x'))))
    })
}

/// "ED waits in MI and OH": a state code within two words either side.
fn beside_a_state(text: &str, start: usize, end: usize) -> bool {
    let raw = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let before = raw(&text[..start]);
    let after = raw(&text[end..]);
    before
        .iter()
        .rev()
        .take(2)
        .chain(after.iter().take(2))
        .any(|w| STATE_CODES.contains(&w.as_str()))
}

/// A trial's or product's acronym with the abbreviation inside it ("EARLY-AF", "STOP AF First"):
/// glued by a hyphen to a capitalised word, or right after a word in capitals of four letters or
/// more.
fn in_an_acronym(text: &str, start: usize, end: usize) -> bool {
    let head = &text[..start];
    let glued = head.ends_with('-') || text[end..].starts_with('-');
    let word = head
        .trim_end_matches(['-', ' '])
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let capitals = word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase());
    (glued && capitals) || (head.ends_with(' ') && capitals && word.len() >= 4)
}

/// "Ann Arbor, MI", "Detroit, MI 48201": two capitals after a comma that follows a capitalised
/// word, the way an address names a state or province.
fn place(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if surface.len() != 2 || !surface.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let Some(head) = text[..start].trim_end_matches(' ').strip_suffix(',') else {
        return false;
    };
    let word = head
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
}

fn has_clinical_evidence(text: &str, start: usize, end: usize, others: &[(usize, usize)]) -> bool {
    let from = floor_boundary(text, start.saturating_sub(CLINICAL_REACH));
    let to = ceil_boundary(text, end + CLINICAL_REACH);
    if others.iter().any(|&(s, e)| s < to && e > from) {
        return true;
    }
    // A class right before it: "type 2 MI", "post-MI", "r/o PE".
    let before: Vec<String> = words(&text[..start]).rev().take(2).collect();
    if before
        .get(1)
        .is_some_and(|w| CLASSIFIERS.contains(&w.as_str()))
        && before.first().is_some_and(|w| is_number(w))
    {
        return true;
    }
    let window = format!("{} {}", &text[from..start], &text[end..to]);
    words(&window).any(|w| clinical_word(&w)) || clinical_hashtag(text)
}

fn clinical_word(word: &str) -> bool {
    if CLINICAL_WORDS.contains(&word) || word.contains("year-old") {
        return true;
    }
    // An age or a dose: "34yo", "68m", "40mg", "120bpm", "95%".
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && CLINICAL_UNITS.contains(&&word[digits..])
}

fn clinical_hashtag(text: &str) -> bool {
    text.split('#').skip(1).any(|rest| {
        let body: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
            .to_lowercase();
        CLINICAL_HASHTAG_PARTS
            .iter()
            .any(|part| body.contains(part))
    })
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests;
