//! Disease words that are part of a proper name, recognised by the capitals around them: a person
//! ("Rabbie Burns", "Dr Anne Cramp", the sprinter Gout Gout), a place, event or venue ("Burns
//! Night", "Burns Lake", "Heart Attack Grill"), a work named with its author ("Saramago's
//! Blindness", "Robin Cook's Coma") and a band ("an Anthrax t-shirt: the metal band"). In running
//! text a clinician writes a disease in lower case, or capitalised only at the start of a sentence;
//! a capitalised disease word joined to other capitalised words is a name. Campaigns keep their
//! disease ("Stroke Awareness Month").

/// Words after a capitalised disease that make a campaign about it, not a name.
const CAMPAIGN_WORDS: &[&str] = &[
    "Awareness",
    "Day",
    "Week",
    "Month",
    "Action",
    "Prevention",
    "Screening",
    "Survivor",
    "Survivors",
];

/// Titles before a surname.
const TITLES: &[&str] = &[
    "Dr",
    "Dr.",
    "Prof",
    "Prof.",
    "Professor",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Saint",
    "St",
];

/// Words about music near a capitalised disease word: a band ("an Anthrax t-shirt").
const MUSIC_WORDS: &[&str] = &[
    "band",
    "bands",
    "album",
    "albums",
    "gig",
    "gigs",
    "concert",
    "concerts",
    "song",
    "songs",
    "lyrics",
    "playlist",
    "vinyl",
    "t-shirt",
    "tshirt",
    "guitarist",
    "drummer",
    "singer",
    "metal",
    "punk",
];

/// Whether the disease match `text[start..end]` is part of a proper name.
pub(super) fn proper_name(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if !title_case(surface) {
        return false;
    }
    let opens = opens_sentence(text, start);
    let previous = text[..start].strip_suffix(' ').map(last_word);
    let next = text[end..].strip_prefix(' ').map(first_word);
    // "Burns Night", "Burns Lake", "Heart Attack Grill", "Gout Gout".
    let named_after = next.is_some_and(|w| title_case(w) && !CAMPAIGN_WORDS.contains(&w));
    // "Rabbie Burns", "Dr Anne Cramp": a capitalised word before, in mid-sentence, or a title.
    let named_before = previous.is_some_and(|w| {
        let at = start - 1 - w.len();
        TITLES.contains(&w)
            || (title_case(w) && !opens_sentence(text, at))
            || (title_case(w) && w == surface)
    }) && !opens;
    named_after || named_before || work_by(text, start) || (!opens && band(text, start, end))
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
    owner.chars().next().is_some_and(char::is_uppercase)
        && owner.chars().skip(1).any(char::is_lowercase)
}

fn band(text: &str, start: usize, end: usize) -> bool {
    let from = super::floor_boundary(text, start.saturating_sub(60));
    let to = super::ceil_boundary(text, end + 60);
    text[from..to]
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .any(|w| MUSIC_WORDS.contains(&w))
}

/// A word with a capital first and lower case after ("Burns", "Heart Attack"), not an initialism.
fn title_case(words: &str) -> bool {
    !words.is_empty()
        && words.split(' ').all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().any(char::is_lowercase)
                && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '.')
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
