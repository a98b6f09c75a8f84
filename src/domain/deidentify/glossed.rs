//! What a note writes beside a person or place already found, read once the detectors have
//! settled: a name glossed in another script in brackets ("Wang Fang (王芳)", "ዮሐንስ ([NAME])",
//! "Ngozi (Ngozi Eze)"), and one more item of an identifying list set off by commas or a colon
//! beside a found place or age ("[PLACE], Ikeja, 70", "Lahore, Samanabad:"), in any script,
//! when no list knows the word as English or medicine, and a postcode beside a found town
//! ("28013 Madrid", "Almaty 050000").

use std::sync::LazyLock;

use regex::Regex;

use super::asides::{listed_given, never_a_name, unknown, STATES_SHORT};
use super::gazetteer::GAZETTEER;
use super::lexicon::{key, LEXICON};
use super::{Candidate, Identifier};

/// A bracket right after a name holding words in a script without capitals, or up to three
/// capitalised words before a comma.
static GLOSS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\(\s*(?P<w>[\p{L}\p{M}'’.-]+(?:[\s་][\p{L}\p{M}'’.-]+){0,2})\s*[,)]")
        .expect("gloss after compiles")
});

/// Up to three words before a bracket that holds a found name.
static GLOSS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[:;,.—–]\s*|\s[-]\s+|\n)(?P<w>[\p{L}\p{M}'’.-]+(?:\s+[\p{L}\p{M}'’.-]+){0,2})\s*\(\s*$")
        .expect("gloss before compiles")
});

/// One or two words set off by a comma after a found span, with more of the list after them (a
/// word ending the sentence is as often the diagnosis: "…, Fraktur.").
static ITEM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s*(?P<w>[\p{L}\p{M}'’-]+(?:\s[\p{L}\p{M}'’-]+)?)\s*(?:[,:;)]|\s[-—–]\s)")
        .expect("item after compiles")
});

/// The same after a name, perhaps after the bracket that holds it.
static ITEM_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\)?,\s*(?P<w>[\p{L}\p{M}'’-]+(?:\s[\p{L}\p{M}'’-]+)?)\s*(?:[,:;)]|\s[-—–]\s)")
        .expect("item after name compiles")
});

/// One or two words set off before a found place, after punctuation or the start.
static ITEM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[,:;(—–]\s*|\n)(?P<w>[\p{L}\p{M}'’-]+(?:\s[\p{L}\p{M}'’-]+)?),\s*$")
        .expect("item before compiles")
});

/// A postcode beside a found town: "28034 [Madrid]", "[Almaty] 050000"; not a year.
static CODE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s,(])(?P<z>\d{4,6})\s$").expect("code before compiles"));
static CODE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s(?P<z>\d{5,6})(?:$|[\s,.;:)])").expect("code after compiles")
});

/// A letter of a script that has no capitals (Arabic, Hebrew, Indic, Thai, Han, Hangul…).
fn caseless(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

/// A word that can be part of a name or place here.
fn open(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    if word.chars().all(|c| caseless(c) || !c.is_alphabetic()) {
        return word.chars().any(caseless);
    }
    let k = key(word);
    word.starts_with(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !never_a_name(word)
        && !LEXICON.is_stopword(&k)
        && !GAZETTEER.regions.contains(&k)
        && !STATES_SHORT.contains(&k.as_str())
        && (unknown(word) || GAZETTEER.is_place(&k) || listed_given(word))
}

fn all_open(words: &str) -> bool {
    words.split([' ', '་']).filter(|w| !w.is_empty()).all(open)
}

/// Han, Kana and Hangul run words together without spaces, so a list item in them may be a
/// whole clinical phrase ("股骨颈骨折"); only a bracket marks a name in them.
fn listable(words: &str) -> bool {
    all_open(words)
        && !words.chars().any(|c| {
            matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
        })
}

fn free(accepted: &[Candidate], start: usize, end: usize) -> bool {
    !accepted.iter().any(|c| c.start < end && start < c.end)
}

fn is_medical(start: usize, end: usize, medical: &[(usize, usize)]) -> bool {
    medical.iter().any(|&(a, b)| a < end && start < b)
}

pub(super) fn find(text: &str, accepted: &mut Vec<Candidate>, medical: &[(usize, usize)]) {
    let mut more: Vec<Candidate> = Vec::new();
    for span in accepted.iter() {
        let (before, after) = (&text[..span.start], &text[span.end..]);
        let mut add = |start: usize, end: usize, kind: Identifier, rule: &'static str| {
            if start < end
                && free(accepted, start, end)
                && free(&more, start, end)
                && !is_medical(start, end, medical)
            {
                more.push(Candidate::new(kind, start, end).by(rule));
            }
        };
        match span.kind {
            Identifier::Name => {
                if let Some(w) = GLOSS_AFTER.captures(after).and_then(|c| c.name("w")) {
                    if all_open(w.as_str()) {
                        let (s, e) = (span.end + w.start(), span.end + w.end());
                        add(s, e, Identifier::Name, "name glossed in brackets");
                    }
                }
                if after.trim_start().starts_with(')') {
                    if let Some(w) = GLOSS_BEFORE.captures(before).and_then(|c| c.name("w")) {
                        // "Pt ፀሐይ ገብረመድኅን (": the words that can be a name, after any that cannot.
                        let skip: usize = w
                            .as_str()
                            .split_inclusive(char::is_whitespace)
                            .take_while(|word| !open(word.trim_end()))
                            .map(str::len)
                            .sum();
                        let rest = &w.as_str()[skip..];
                        if !rest.is_empty() && all_open(rest) {
                            add(
                                w.start() + skip,
                                w.end(),
                                Identifier::Name,
                                "name glossing a name",
                            );
                        }
                    }
                }
                // "[NAME] (…), Лозенец, София": a place in another alphabet listed after a person.
                if let Some(w) = ITEM_AFTER_NAME.captures(after).and_then(|c| c.name("w")) {
                    let foreign = w
                        .as_str()
                        .chars()
                        .any(|c| c.is_alphabetic() && !c.is_ascii());
                    let k = key(w.as_str());
                    if listable(w.as_str())
                        && (GAZETTEER.is_place(&k)
                            || foreign && !w.as_str().chars().any(|c| c.is_ascii_alphabetic()))
                    {
                        let (s, e) = (span.end + w.start(), span.end + w.end());
                        add(s, e, Identifier::Place, "place listed after a person");
                    }
                }
            }
            Identifier::Place | Identifier::Age => {
                if let Some(w) = ITEM_AFTER.captures(after).and_then(|c| c.name("w")) {
                    if listable(w.as_str()) {
                        let (s, e) = (span.end + w.start(), span.end + w.end());
                        add(
                            s,
                            e,
                            Identifier::Place,
                            "place listed beside a place or age",
                        );
                    }
                }
                if span.kind == Identifier::Place {
                    let year =
                        |z: &str| z.len() == 4 && (z.starts_with("19") || z.starts_with("20"));
                    if let Some(z) = CODE_BEFORE.captures(before).and_then(|c| c.name("z")) {
                        if !year(z.as_str()) {
                            add(
                                z.start(),
                                z.end(),
                                Identifier::Zip,
                                "postcode before a town",
                            );
                        }
                    }
                    if let Some(z) = CODE_AFTER.captures(after).and_then(|c| c.name("z")) {
                        let (s, e) = (span.end + z.start(), span.end + z.end());
                        add(s, e, Identifier::Zip, "postcode after a town");
                    }
                    if let Some(w) = ITEM_BEFORE.captures(before).and_then(|c| c.name("w")) {
                        if listable(w.as_str()) {
                            add(
                                w.start(),
                                w.end(),
                                Identifier::Place,
                                "place listed before a place",
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !more.is_empty() {
        accepted.extend(more);
        accepted.sort_by_key(|c| c.start);
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn names_glossed_in_another_script_go() {
        check("Mrs Wang Fang (王芳), 70, CAP", &["王芳"], &["CAP"]);
        check(
            "pt: ዮሐንስ ተስፋዬ (Yohannes Tesfaye), 40, TB",
            &["ዮሐንስ", "ተስፋዬ"],
            &["TB"],
        );
        check("Pt: Σοφία (Mrs Sofia Papadaki), 71", &["Σοφία"], &[]);
        check("Pt ወርቅነሽ በቀለ (Worknesh Bekele), 52", &["ወርቅነሽ", "በቀለ"], &[]);
    }

    #[test]
    fn one_more_item_of_a_list_beside_a_place_goes() {
        check(
            "Mrs Aduke Bello, Lagos, Ikeja, 70, HTN",
            &["Ikeja"],
            &["HTN"],
        );
        check(
            "Sr. Iancu, Cluj, Mănăștur, 91 ani, BPOC",
            &["Mănăștur"],
            &["BPOC"],
        );
        check(
            "Ryazan, Kanishchevo, 88, Shortness of breath",
            &["Kanishchevo"],
            &["Shortness of breath"],
        );
        check("Harbin, 王先生, 股骨颈骨折, 81", &[], &["股骨颈骨折"]);
        check(
            "баба Зоя (Зоя Петрова), Люблино, 88, ХСН",
            &["Люблино"],
            &["ХСН"],
        );
        check("pt: Μαρία (Maria Kostaki), Κυψέλη, ΧΑΠ", &["Κυψέλη"], &[]);
    }

    #[test]
    fn postcodes_beside_a_town_go() {
        check("Calle Mayor 12, 28013 Madrid — EPOC", &["28013"], &["EPOC"]);
        check("Almaty 050000, ул. Абая, 80", &["050000"], &[]);
        check("Leeds 2019 audit, Leeds 2020 data", &[], &["2019", "2020"]);
    }

    #[test]
    fn medicine_and_english_in_the_same_lists_stay() {
        check(
            "Mr Okoro, Lagos, Pseudomonas, on meropenem",
            &[],
            &["Pseudomonas", "meropenem"],
        );
        check("from Leeds, Monday, CAP", &[], &["Monday", "CAP"]);
        check(
            "Dr Lee (Cardiology) says amiodarone",
            &[],
            &["Cardiology", "amiodarone"],
        );
    }
}
