//! Disease words that are part of a proper name, recognised by the capitals around them: a person
//! ("Rabbie Burns", "Dr Anne Cramp", the sprinter Gout Gout), a place, event or venue ("Burns
//! Night", "Burns Lake", "Heart Attack Grill"), a work named with its author ("Saramago's
//! Blindness", "Robin Cook's Coma") and a band ("an Anthrax t-shirt: the metal band"). In running
//! text a clinician writes a disease in lower case, or capitalised only at the start of a sentence;
//! a capitalised disease word joined to other capitalised words is a name. Campaigns keep their
//! disease ("Stroke Awareness Month").

mod words;

use words::{
    ADJECTIVE_ENDINGS, CAMPAIGN_WORDS, GEOGRAPHY, HEADLINE_WORDS, MUSIC_WORDS, PEOPLE, PLACE_WORDS,
    QUALIFIERS, TITLES,
};

/// Whether the disease match `text[start..end]` is part of a proper name.
pub(super) fn proper_name(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if !title_case(surface) {
        return false;
    }
    let opens = opens_sentence(text, start);
    let previous = text[..start].strip_suffix(' ').map(last_word);
    let next = text[end..].strip_prefix(' ').map(first_word);
    // "Burns Lake", "the Heart Attack Grill" in mid-sentence; opening a sentence, a place, venue
    // or event ("Burns Night", "Heart Attack Grill"), or the name said twice ("Gout Gout"): a
    // heading may capitalise a service ("Stroke Rapid Response team").
    let named_after = next.is_some_and(|w| {
        title_case(w)
            && !CAMPAIGN_WORDS.contains(&w)
            && (!opens || PLACE_WORDS.contains(&w) || w == surface)
    });
    // "Rabbie Burns", "Dr Anne Cramp": a capitalised word before, in mid-sentence, or a title.
    let named_before = previous.is_some_and(|w| {
        let at = start - 1 - w.len();
        TITLES.contains(&w)
            || (title_case(w) && !opens_sentence(text, at) && !HEADLINE_WORDS.contains(&w))
            || (title_case(w) && w == surface)
    }) && !opens;
    // "the Zika forest", "the Ebola river": a place a disease was named after.
    let a_place = !opens && next.is_some_and(|w| GEOGRAPHY.contains(&w));
    named_after
        || named_before
        || a_place
        || named_at_the_start(text, start, end, previous, next)
        || work_by(text, start)
        || ((!opens || names_a_pair(text, end, next))
            && band(text, start, end)
            && !eponym(text, start, end))
}

/// "Indiana Fever on TV … a kid with scarlet fever": a capitalised word opening the sentence, then
/// the capitalised disease word, in a post that writes the disease in lower case elsewhere; the
/// capitals make a name. A heading's words ("Acute Stroke") are no first name.
fn named_at_the_start(
    text: &str,
    start: usize,
    end: usize,
    previous: Option<&str>,
    next: Option<&str>,
) -> bool {
    let Some(word) = previous else {
        return false;
    };
    let surface = &text[start..end];
    let at = start - 1 - word.len();
    title_case(word)
        && opens_sentence(text, at)
        && !HEADLINE_WORDS.contains(&word)
        && !QUALIFIERS.contains(&word)
        && !ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e))
        && !TITLES.contains(&word)
        && !surface.contains(' ')
        && !next.is_some_and(title_case)
        && written_in_lower_case(text, surface)
}

/// Whether `surface` is also written in lower case, as a word of its own, in `text`.
fn written_in_lower_case(text: &str, surface: &str) -> bool {
    let lower = surface.to_lowercase();
    text.match_indices(lower.as_str()).any(|(at, _)| {
        !text[..at].ends_with(char::is_alphanumeric)
            && !text[at + lower.len()..].starts_with(char::is_alphanumeric)
    })
}

/// A band named at the start of a sentence shows it by the words after: another capitalised word
/// ("Fever Ray's new album"), a plural verb after a singular name ("Anthrax are touring") or a
/// second name ("Anthrax and Slayer").
fn names_a_pair(text: &str, end: usize, next: Option<&str>) -> bool {
    let Some(word) = next else {
        return false;
    };
    title_case(word)
        || (matches!(word, "are" | "were") && !text[..end].ends_with('s'))
        || (word == "and"
            && text[end..]
                .strip_prefix(" and ")
                .map(first_word)
                .is_some_and(title_case))
}

/// "Saramago's Blindness", "Robin Cook's Coma": a single capitalised disease word right after a
/// capitalised possessive names a work (an eponymous disease, "Bell's palsy", is matched whole).
fn work_by(text: &str, start: usize) -> bool {
    let Some(head) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let Some(owner) = head.strip_suffix("'s").or_else(|| head.strip_suffix("’s")) else {
        return false;
    };
    let owner = last_word(owner);
    // "my chem romance's Cancer": a lower-case owner will do when it is no person whose illness
    // the capital might mark ("my dad's Cancer").
    // Nor a capitalised person word opening a sentence: "Patient's Migraine diary".
    if PEOPLE.contains(&owner.to_lowercase().as_str()) {
        return false;
    }
    let lower_owner =
        owner.len() >= 3 && owner.chars().all(char::is_lowercase) && !opens_sentence(text, start);
    lower_owner
        || (owner.chars().next().is_some_and(char::is_uppercase)
            && owner.chars().skip(1).any(char::is_lowercase))
}

/// "my Crohn's", "her Parkinson's": an eponym in the possessive names the disease, gig or not;
/// so does a disease written as a proper noun ("despite Covid, the band played").
fn eponym(text: &str, start: usize, end: usize) -> bool {
    text[end..].starts_with(['\'', '’'])
        || super::fields::CAPITALISED_DISEASES.contains(&text[start..end].to_lowercase().as_str())
}

fn band(text: &str, start: usize, end: usize) -> bool {
    let from = super::floor_boundary(text, start.saturating_sub(60));
    let to = super::ceil_boundary(text, end + 60);
    text[from..to]
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .any(|w| MUSIC_WORDS.contains(&w))
}

/// A word with a capital first and lower case after ("Burns", "Heart Attack", "O’Neill"), not an
/// initialism.
pub(super) fn title_case(words: &str) -> bool {
    !words.is_empty()
        && words.split(' ').all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().any(char::is_lowercase)
                && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '.')
        })
}

fn opens_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '\n' | '"' | '(' | '#'))
}

fn last_word(text: &str) -> &str {
    text.rsplit(' ').next().unwrap_or("")
}

fn first_word(text: &str) -> &str {
    let word = text.split(' ').next().unwrap_or("");
    word.trim_end_matches(|c: char| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests;
