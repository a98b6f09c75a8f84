//! An abbreviation the writer spells out in another sense right after it: "TIA! Thanks in
//! advance", "IBS? No, I mean the Institute for Basic Science". The words whose initials spell the
//! letters say what they stand for; when none of them is a word of the disease's own name
//! ("TIA (transient ischaemic attack)") the letters are not the disease. Hand-made for Rounds.

/// Small words an expansion may skip ("Institute for Basic Science").
const LINKS: &[&str] = &[
    "of", "for", "the", "and", "in", "on", "to", "a", "an", "&", "de",
];

/// How many words after the abbreviation an expansion may start.
const LEAD_WORDS: usize = 6;

/// Whether the abbreviation `text[start..end]` (the lexicon's `canonical` disease) is spelt out
/// right after it in a sense that is not the disease.
pub(super) fn spelt_otherwise(text: &str, start: usize, end: usize, canonical: &str) -> bool {
    let letters: Vec<char> = text[start..end].chars().collect();
    if letters.len() < 3 || !letters.iter().all(char::is_ascii_uppercase) {
        return false;
    }
    let after = &text[end..super::ceil_boundary(text, end + 96)];
    let words: Vec<&str> = after
        .split(|c: char| !(c.is_alphanumeric() || c == '&' || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let disease: Vec<String> = canonical
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4)
        .map(str::to_lowercase)
        .collect();
    (0..words.len().min(LEAD_WORDS)).any(|from| {
        expansion(&words[from..], &letters).is_some_and(|run| {
            let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
            // At once after the letters, a first capital suffices ("TIA! Thanks in advance");
            // further on, every word that carries a letter is capitalised.
            let shaped = capitalised(&run[0])
                && (from == 0
                    || run
                        .iter()
                        .filter(|w| !LINKS.contains(&w.to_lowercase().as_str()))
                        .all(capitalised));
            shaped && !run.iter().any(|w| of_the_disease(w, &disease))
        })
    })
}

/// The words, from the first, whose initials spell `letters`, skipping small words that do not.
fn expansion<'a>(words: &[&'a str], letters: &[char]) -> Option<Vec<&'a str>> {
    let mut run = Vec::new();
    let mut next = 0;
    for word in words {
        if next == letters.len() {
            break;
        }
        let initial = word.chars().next()?.to_ascii_uppercase();
        if initial == letters[next] {
            next += 1;
        } else if run.is_empty() || !LINKS.contains(&word.to_lowercase().as_str()) {
            return None;
        }
        run.push(*word);
    }
    (next == letters.len()).then_some(run)
}

/// Whether `word` is a word of the disease's name (by its first four letters, so that British
/// and American spellings meet: "ischaemic", "Ischemic").
fn of_the_disease(word: &str, disease: &[String]) -> bool {
    let word = word.to_lowercase();
    word.len() >= 4
        && disease
            .iter()
            .any(|d| d.get(..4).is_some_and(|p| word.starts_with(p)))
}
