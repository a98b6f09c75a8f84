//! Names recognised by their shape around a capitalised disease word: an organisation named after
//! the diseases it works on ("Global Fund to Fight AIDS, Tuberculosis and Malaria", "National
//! Institute of Diabetes"), and a brand glued to a disease word ("Fever-Tree").

use super::names::{
    LITERAL_COMPOUNDS, ORGANISATION_CONNECTORS, ORGANISATION_WORDS, PRODUCT_BRANDS,
};

/// How many capitalised names (and their commas, `and`, `&`) may lie between the connector and the
/// match: a list of the diseases an organisation fights.
const LISTED_NAMES: usize = 6;

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// "Global Fund to Fight AIDS, Tuberculosis and Malaria": reading back from a capitalised match
/// over other capitalised names, a connector ("to Fight", "for", "of") right after an
/// organisation word.
pub(super) fn organisation_before(text: &str, start: usize, end: usize) -> bool {
    if !capitalised(&text[start..end]) {
        return false;
    }
    let words: Vec<&str> = text[..start]
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';']))
        .collect();
    let mut i = words.len();
    for _ in 0..=LISTED_NAMES {
        for connector in ORGANISATION_CONNECTORS {
            let n = connector.len();
            // The organisation word inside a name ("the Foundation", "Global Fund"), not a
            // sentence's first word ("Research on Alzheimer disease").
            if i > n + 1
                && words[i - n..i] == **connector
                && ORGANISATION_WORDS.contains(&possessive_stripped(words[i - n - 1]))
                && in_a_name(words[i - n - 2])
            {
                return true;
            }
        }
        match i.checked_sub(1).map(|j| words[j]) {
            Some(w) if capitalised(w) || matches!(w, "and" | "&") => i -= 1,
            _ => return false,
        }
    }
    false
}

/// Whether the word before an organisation word makes it part of a name: an article or another
/// capitalised word ending no sentence.
fn in_a_name(word: &str) -> bool {
    matches!(word, "the" | "The" | "a" | "our" | "Our")
        || (capitalised(word) && !word.ends_with(['.', '!', '?', ':']))
}

fn possessive_stripped(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// "Fever-Tree tonic": a capitalised disease word glued by a hyphen to a capitalised word that is
/// no literal compound ("Cancer-Free", "COVID-Related" stay mentions).
pub(super) fn glued_brand(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if !capitalised(surface) || surface.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    let Some(rest) = text[end..].strip_prefix('-') else {
        return false;
    };
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .collect();
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase)
        && letters.clone().next().is_some()
        && letters.all(char::is_lowercase)
        && !LITERAL_COMPOUNDS.contains(&word.to_lowercase().as_str())
}

/// How many capitalised words may lie between a brand and the indication that ends its product's
/// name ("Nurofen Cold & Flu").
const BRAND_GAP_WORDS: usize = 2;

/// "Excedrin Migraine", "Benadryl Allergy", "Nurofen Cold & Flu": a capitalised disease word that
/// ends a product name begun by a capitalised drug (`drug`, its span), over at most two more
/// capitalised words or `&`.
pub(super) fn brand_indication(text: &str, drug: (usize, usize), start: usize, end: usize) -> bool {
    let (drug_start, drug_end) = drug;
    if drug_end > start || !capitalised(&text[start..end]) || !capitalised(&text[drug_start..]) {
        return false;
    }
    let gap = &text[drug_end..start];
    if !gap.starts_with(' ') || !gap.ends_with(' ') {
        return false;
    }
    let words: Vec<&str> = gap.split_whitespace().collect();
    words.len() <= BRAND_GAP_WORDS
        && words.iter().all(|w| {
            matches!(*w, "&" | "and" | "+")
                || (capitalised(w) && w.chars().all(char::is_alphabetic))
        })
}

/// "Lemsip Cold & Flu": a capitalised disease word after a product brand the drug lexicon does not
/// hold, over at most two more capitalised words or `&`.
pub(super) fn after_a_product_brand(text: &str, start: usize, end: usize) -> bool {
    if !capitalised(&text[start..end]) || !text[..start].ends_with(' ') {
        return false;
    }
    for (i, word) in text[..start].split_whitespace().rev().enumerate() {
        if i > BRAND_GAP_WORDS {
            return false;
        }
        if PRODUCT_BRANDS.contains(&word) {
            return true;
        }
        if !(matches!(word, "&" | "and" | "+")
            || (capitalised(word) && word.chars().all(char::is_alphabetic)))
        {
            return false;
        }
    }
    false
}
