//! Senses by field: a disease word that also has a sense in gaming (a "frostbite" status effect,
//! "this champion is cancer"), music (a band's name, a drummer's strokes, a lyric in quotes),
//! astrology ("a cancer sun"), astronomy (a comet's coma), sport (a team's name), beekeeping,
//! horses, linguistics, the gym, bars and computing, told by cue words of that field in the same
//! sentence. The other sentences of a post do not count: posts often hold both senses ("Elden
//! Ring's hemorrhage build is broken. Managed a GI hemorrhage today."). A clinical word in the
//! sentence, or a word right before the match saying someone has it, keeps the disease. The cue
//! lists name a field's vocabulary, not posts. Only a candidate disease match is read.

mod cues;
mod data;

pub(super) use cues::CAPITALISED_DISEASES;
use cues::{CLINICAL, HAVING, QUOTED_MUSIC_CUES};
use data::{Field, FIELDS};

/// How far, in bytes either side, a sentence is read.
const SENTENCE_BYTES: usize = 240;

/// Whether the disease match `text[start..end]` is a word of another field here.
pub(super) fn of_another_field(text: &str, start: usize, end: usize) -> bool {
    let surface = text[start..end].to_lowercase();
    let singular = surface.trim_end_matches('s');
    let (from, to) = sentence(text, start, end);
    let quoted = in_quotes(&text[from..start], &text[end..to]);
    let capitalised = capitalised_name(text, start, end) && !title_case_sentence(&text[from..to]);
    // Most matches are no field's word and no name: nothing more to read.
    let fields: Vec<&Field> = FIELDS
        .iter()
        .filter(|field| {
            (field.names && capitalised)
                || field.words.iter().any(|w| surface == *w || singular == *w)
        })
        .collect();
    if fields.is_empty() && !quoted {
        return false;
    }
    let lower = text[from..to].to_lowercase();
    if quoted && QUOTED_MUSIC_CUES.iter().any(|c| has_word(&lower, c)) {
        return true;
    }
    if CLINICAL.iter().any(|c| has_word(&lower, c)) {
        return false;
    }
    let before = text[from..start].to_lowercase();
    let after = text[end..to].to_lowercase();
    let had = HAVING.iter().any(|h| before.ends_with(h));
    fields
        .iter()
        .any(|field| !(had && field.having_keeps) && cued(field, &lower, &after))
}

fn cued(field: &Field, sentence: &str, after: &str) -> bool {
    let next = after
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    field.tails.contains(&next) || field.cues.iter().any(|c| has_word(sentence, c))
}

/// A name's capitals: the match begins with a capital and is not a whole-capitals abbreviation,
/// and it stands inside a sentence, or another capitalised word follows it ("Cancer Bats opened
/// for them"). A sentence's first word is capitalised whatever it names.
fn capitalised_name(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    // Every word capitalised, and no eponym ("Crohn's", "Lyme disease") or disease written as a
    // proper noun ("Covid", "Ebola"): those are capitalised wherever they stand.
    let every_word = surface
        .split([' ', '-'])
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    if !every_word
        || !surface.chars().any(char::is_lowercase)
        || surface.contains(['\'', '’'])
        || text[end..].starts_with(['\'', '’'])
        || CAPITALISED_DISEASES.contains(&surface.to_lowercase().as_str())
    {
        return false;
    }
    let head = text[..start].trim_end();
    let opens = head
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '"' | '“'));
    let next_capitalised = text[end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase);
    !opens || next_capitalised
}

/// A headline in title case ("Measles Cases Rise as Flu Season Starts") capitalises every word:
/// there, capitals say nothing about names.
fn title_case_sentence(sentence: &str) -> bool {
    let (mut long, mut capitalised) = (0, 0);
    for word in sentence.split_whitespace().filter(|w| w.len() >= 4) {
        long += 1;
        if word.starts_with(char::is_uppercase) {
            capitalised += 1;
        }
    }
    long >= 3 && capitalised * 2 > long
}

/// The sentence around the match, in byte offsets: from after the last `.`, `!`, `?` or line
/// break before it to the next one after it, at most `SENTENCE_BYTES` either way.
fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let floor = super::floor_boundary(text, start.saturating_sub(SENTENCE_BYTES));
    let ceil = super::ceil_boundary(text, end + SENTENCE_BYTES);
    let from = text[floor..start]
        .rfind(ends)
        .map_or(floor, |i| floor + i + 1);
    let to = text[end..ceil].find(ends).map_or(ceil, |i| end + i);
    (from, to)
}

/// Whether the match sits between quotation marks within its sentence.
fn in_quotes(before: &str, after: &str) -> bool {
    let straight = before.matches('"').count() % 2 == 1 && after.contains('"');
    let curly = before
        .rfind('“')
        .is_some_and(|open| !before[open..].contains('”') && after.contains('”'));
    straight || curly
}

/// Whether the lower-cased `sentence` holds `cue` as whole words.
pub(super) fn has_word(sentence: &str, cue: &str) -> bool {
    sentence.match_indices(cue).any(|(at, _)| {
        !sentence[..at].ends_with(char::is_alphanumeric)
            && !sentence[at + cue.len()..].starts_with(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests;
