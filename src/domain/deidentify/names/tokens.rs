//! Words as name detection sees them: where each starts and ends, how it is capitalised, whether
//! it is possessive, and what separates it from the word before.

use super::super::lexicon::key;

/// How a word is written, which is most of what tells a name from a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::domain::deidentify) enum Shape {
    /// `Jane`, `O'Brien`, `McDonald`, `Al-Farsi`: a capital, then at least one lower-case letter.
    Capitalised,
    /// `J` or `J.`: a single capital letter.
    Initial,
    /// `jane`: all lower case.
    Lower,
    /// Acronyms, codes with digits, anything else.
    Other,
}

/// What lies between a word and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::domain::deidentify) enum Gap {
    /// Only white space (and no line break): the two words can belong to one name.
    Space,
    /// A full stop then white space, as after an initial or `Dr.`.
    Dot,
    /// A comma, an opening bracket or a colon, as in "my patient, Jane Doe" or "daughter (Karen)".
    Soft,
    /// Anything else: a sentence end, a line break, other punctuation, or the start of the text.
    Hard,
}

#[derive(Debug, Clone)]
pub(in crate::domain::deidentify) struct Token {
    pub start: usize,
    /// End of the word itself, before any possessive `'s`.
    pub end: usize,
    pub key: String,
    pub shape: Shape,
    pub possessive: bool,
    pub gap: Gap,
    /// Whether the word opens a sentence, where a capital says nothing about being a name.
    pub sentence_start: bool,
}

/// Words written with a full stop that does not end the sentence.
const ABBREVIATIONS: [&str; 14] = [
    "dr", "mr", "mrs", "ms", "mx", "prof", "st", "fr", "rev", "sr", "jr", "vs", "no", "approx",
];

const APOSTROPHES: [char; 3] = ['\'', '’', '‘'];

/// Splits `text` into words: letters and digits, with apostrophes and hyphens inside.
pub(in crate::domain::deidentify) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut previous_end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            let joins = (APOSTROPHES.contains(&next) || next == '-')
                && text[i + next.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if next.is_alphanumeric() || joins {
                end = i + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let (word_end, possessive) = strip_possessive(text, start, end);
        let gap = classify_gap(&text[previous_end..start]);
        // A full stop after an initial or a title ("J. Smith", "Dr. Patel") does not end a sentence.
        let after_abbreviation = gap == Gap::Dot
            && tokens.last().is_some_and(|t: &Token| {
                t.shape == Shape::Initial || ABBREVIATIONS.contains(&t.key.as_str())
            });
        let sentence_start = tokens.is_empty()
            || (!after_abbreviation && opens_sentence(&text[previous_end..start]));
        let text_of_word = &text[start..word_end];
        tokens.push(Token {
            start,
            end: word_end,
            key: key(text_of_word),
            shape: shape_of(text_of_word),
            possessive,
            gap,
            sentence_start,
        });
        previous_end = end;
    }
    tokens
}

/// `Okafor's` → `Okafor` plus a possessive; `Graves'` keeps its name and is possessive too.
fn strip_possessive(text: &str, start: usize, end: usize) -> (usize, bool) {
    let word = &text[start..end];
    for apostrophe in APOSTROPHES {
        for suffix in [format!("{apostrophe}s"), format!("{apostrophe}S")] {
            if let Some(stem) = word.strip_suffix(suffix.as_str()) {
                if !stem.is_empty() {
                    return (start + stem.len(), true);
                }
            }
        }
    }
    let trailing_apostrophe = text[end..].starts_with(APOSTROPHES) && word.ends_with(['s', 'S']);
    (end, trailing_apostrophe)
}

fn shape_of(word: &str) -> Shape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    if word.chars().any(char::is_numeric) {
        return Shape::Other;
    }
    let rest: Vec<char> = chars.collect();
    if first.is_uppercase() && rest.is_empty() {
        Shape::Initial
    } else if first.is_uppercase() && rest.iter().any(|c| c.is_lowercase()) {
        // "McDonald" and "O'Brien" have capitals inside; "HbA" or "eGFR" style mixes are not
        // names, but they start lower case or carry digits and are caught above or below.
        Shape::Capitalised
    } else if word.chars().all(|c| !c.is_alphabetic() || c.is_lowercase()) {
        Shape::Lower
    } else {
        Shape::Other
    }
}

fn classify_gap(between: &str) -> Gap {
    let trimmed = between.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{a0}');
    if between.contains(['\n', '\r']) {
        Gap::Hard
    } else if trimmed.is_empty() && !between.is_empty() {
        Gap::Space
    } else if trimmed == "." && between.ends_with(char::is_whitespace) {
        Gap::Dot
    } else if matches!(trimmed, "," | "(" | ":" | ", (" | "-" | "—" | "–") {
        Gap::Soft
    } else {
        Gap::Hard
    }
}

fn opens_sentence(between: &str) -> bool {
    between.contains(['.', '!', '?', '\n', ':', ';', '—', '•'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_shape_possessive_and_gap() {
        let text = "Dr. O'Brien's pt, jane (Zoë) has HbA1c 7%. Graves' disease";
        let tokens = tokenize(text);
        let summary: Vec<(&str, Shape, bool, Gap, bool)> = tokens
            .iter()
            .map(|t| {
                (
                    &text[t.start..t.end],
                    t.shape,
                    t.possessive,
                    t.gap,
                    t.sentence_start,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("Dr", Shape::Capitalised, false, Gap::Hard, true),
                ("O'Brien", Shape::Capitalised, true, Gap::Dot, false),
                ("pt", Shape::Lower, false, Gap::Space, false),
                ("jane", Shape::Lower, false, Gap::Soft, false),
                ("Zoë", Shape::Capitalised, false, Gap::Soft, false),
                ("has", Shape::Lower, false, Gap::Hard, false),
                ("HbA1c", Shape::Other, false, Gap::Space, false),
                ("7", Shape::Other, false, Gap::Space, false),
                ("Graves", Shape::Capitalised, true, Gap::Hard, true),
                ("disease", Shape::Lower, false, Gap::Hard, false),
            ]
        );
    }
}
