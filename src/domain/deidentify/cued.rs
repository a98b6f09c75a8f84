//! Identifiers that a word beside them announces, in shapes the other detectors leave alone:
//! a patient's initials ("AJ (pt initials)", "the chart of RT") and the local subdivisions many
//! countries write with a prefix ("Brgy. Commonwealth", "Purok 3", "Kampung Baru", "Colonia Roma").

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Identifier};

/// Two or three capitals that something says are someone's initials.
static INITIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?P<a>[A-Z]{2,3}|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)\s*\(\s*(?i:(?:pt|patient|her|his|their|the)\s+)?(?i:initials)\s*\)
      | (?i:\binitials\s*:?|\b(?:chart|notes|record|records|file|bed|room)\s+of|\bpatient\s+initials\s*:?)\s+(?P<b>[A-Z]{2,3}|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)\b
        ",
    )
    .expect("initials compile")
});

/// A subdivision prefix, then its name: capitalised words or a number.
static PREFIXED_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?:Brgy\.?|Barangay|Bgy\.?|Purok|Sitio|Poblacion|Kampung|Kg\.|Kelurahan|Desa|Colonia|Col\.|Bairro|Barrio|Favela|Township|Tehsil|Taluk|Mohalla|Mandal)
        \s+(?:[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){0,2}|\d{1,3}[A-Z]?)\b
        ",
    )
    .expect("prefixed place compiles")
});

/// "Joy and Charity (sisters)", "Tolu and Kemi (twins, 5)": two given names, even words, that a
/// bracket says are kin.
static KIN_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>[A-Z][a-z]+)\s+(?:and|&)\s+(?P<b>[A-Z][a-z]+)\s*\(\s*(?i:sisters|brothers|twins|triplets|siblings|cousins|sibs|a\s+couple|husband\s+and\s+wife|mother\s+and\s+(?:son|daughter)|father\s+and\s+(?:son|daughter))\b")
        .expect("kin pair compiles")
});

/// "DELA CRUZ, Juan": a surname particle in capitals before an EHR surname.
static EHR_PARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:DELA|DE\s+LA|DE|DEL|DA|DOS|DAS|DI|VAN|VON|DER|DEN|LA|LE|AL|EL|BIN|BINTI|ABU|MAC|ST\.?)\s+[A-Z]{2,}(?:-[A-Z]+)?,\s+[A-Z][a-z]+")
        .expect("ehr particle compiles")
});

/// "Pt: GUPTA A.", "Name: O'NEILL B.J.": a surname in capitals and initials after a label.
static LABELLED_SURNAME_INITIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:pt|patient|name|re)\s*:\s*)(?P<n>[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)?\s+(?:[A-Z]\.){1,3})")
        .expect("labelled surname compiles")
});

/// A phone number spelt out digit by digit: seven digit words or more in a row.
static SPELT_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)[\s,-]+){6,}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b")
        .expect("spelt number compiles")
});

/// A street without a house number after a preposition, a place as geography names them: "from Castle St", "on Queen St".
static BARE_STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:from|on|in|at|off|near|along)\s+(?P<s>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:St|Rd|Ave|Street|Road|Avenue|Lane|Ln|Drive|Dr|Crescent|Terrace|Boulevard|Blvd)\b\.?)")
        .expect("bare street compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in BARE_STREET.captures_iter(text) {
        if let Some(m) = caps.name("s") {
            let end = m.end() - usize::from(m.as_str().ends_with('.'));
            found.push(
                Candidate::new(Identifier::Place, m.start(), end).by("street after a preposition"),
            );
        }
    }
    for m in SPELT_NUMBER.find_iter(text) {
        found.push(Candidate::new(Identifier::Phone, m.start(), m.end()).by("number in words"));
    }
    for caps in LABELLED_SURNAME_INITIALS.captures_iter(text) {
        if let Some(m) = caps.name("n") {
            found.push(
                Candidate::new(Identifier::Name, m.start(), m.end())
                    .by("labelled surname and initials"),
            );
        }
    }
    let gazetteer = &*super::gazetteer::GAZETTEER;
    for caps in KIN_PAIR.captures_iter(text) {
        for m in [caps.name("a"), caps.name("b")].into_iter().flatten() {
            if gazetteer.given(&super::lexicon::key(m.as_str())).is_some() {
                found.push(Candidate::new(Identifier::Name, m.start(), m.end()).by("names of kin"));
            }
        }
    }
    for m in EHR_PARTICLE.find_iter(text) {
        let end = m
            .as_str()
            .find(',')
            .map_or(m.end(), |comma| m.start() + comma);
        found.push(
            Candidate::new(Identifier::Name, m.start(), end).by("EHR surname with a particle"),
        );
    }
    for caps in INITIALS.captures_iter(text) {
        if let Some(m) = caps.name("a").or(caps.name("b")) {
            found.push(Candidate::new(Identifier::Name, m.start(), m.end()).by("initials"));
        }
    }
    for m in PREFIXED_PLACE.find_iter(text) {
        found.push(
            Candidate::new(Identifier::Place, m.start(), m.end()).by("subdivision after a prefix"),
        );
    }
}

/// The kind of subdivision written after its name: "Kibera estate", "Mathare area".
const SUBDIVISION_NOUNS: [&str; 8] = [
    "estate", "area", "district", "suburb", "village", "township", "town", "ward",
];

/// A word set off after a person or a phone number: ", Chilenje,", " (Mdantsane)", ", 44, Ōtāhuhu,".
static SET_OFF_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,\s*\d{1,3}\s*[MF]?\s*)?(?:,\s*|\s*\(\s*)(?P<w>\p{Lu}[\p{Ll}ʻ'’-]+)\s*(?:[,):;]|\s[-–—]\s)")
        .expect("set-off word compiles")
});

/// "Ms Banda, Chilenje, now febrile", "Mr Nkosi (Mdantsane)", "rang from 021 555 0199
/// (Gqeberha)": a word no list knows (no English or clinical word, name list entry or place), set
/// off by commas or brackets right after a name, a phone number or a place, is where the person
/// lives.
fn unknown_after_spans(text: &str, accepted: &[Candidate], more: &mut Vec<Candidate>) {
    let lexicon = &*super::lexicon::LEXICON;
    let gazetteer = &*super::gazetteer::GAZETTEER;
    for span in accepted {
        if !matches!(
            span.kind,
            Identifier::Name
                | Identifier::Place
                | Identifier::Phone
                | Identifier::Address
                | Identifier::Zip
        ) {
            continue;
        }
        let Some(w) = SET_OFF_AFTER
            .captures(&text[span.end..])
            .and_then(|caps| caps.name("w"))
        else {
            continue;
        };
        let (start, end) = (span.end + w.start(), span.end + w.end());
        let key = super::lexicon::key(w.as_str());
        let unknown = key.chars().count() >= 4
            && !super::english::is_word(&key)
            && !key.split('-').any(super::english::is_word)
            && !lexicon.is_stopword(&key)
            && !lexicon.eponyms.contains(&key)
            && !gazetteer.keeps(&key)
            && !gazetteer.regions.contains(&key)
            && !super::names::drug_shaped(&key);
        let taken = accepted
            .iter()
            .chain(more.iter())
            .any(|c| c.start < end && start < c.end);
        if unknown && !taken {
            more.push(
                Candidate::new(Identifier::Place, start, end)
                    .by("unknown word set off after a name"),
            );
        }
    }
}

/// "Mrs Walsh, Clonmel", "Addr: 12 Rua Nova, Porto", "Pt in Fitzroy, Melbourne": a town the
/// gazetteer knows, right after a comma that follows a name, place or address already found, is
/// where that person lives, even when the town is also a word.
pub(super) fn towns_after_spans(text: &str, mut accepted: Vec<Candidate>) -> Vec<Candidate> {
    let gazetteer = &*super::gazetteer::GAZETTEER;
    let mut more = Vec::new();
    for span in &accepted {
        if !matches!(
            span.kind,
            Identifier::Name | Identifier::Place | Identifier::Address
        ) {
            continue;
        }
        // "from Kibera estate, Nairobi": a subdivision's kind may stand before the comma.
        let after = text[span.end..]
            .strip_prefix(|c: char| c == ' ')
            .and_then(|rest| {
                SUBDIVISION_NOUNS
                    .iter()
                    .find_map(|noun| rest.strip_prefix(noun))
            })
            .unwrap_or(&text[span.end..]);
        let Some(rest) = after.strip_prefix(", ") else {
            continue;
        };
        let span_end = text.len() - after.len();
        let word: &str = rest
            .split(|c: char| !(c.is_alphabetic() || c == '-'))
            .next()
            .unwrap_or_default();
        let start = span_end + 2;
        let end = start + word.len();
        let key = super::lexicon::key(word);
        let taken = accepted.iter().any(|c| c.start < end && start < c.end);
        // "Murphy's sign", "Bishop score", "OSA with…": eponyms and acronyms are medicine.
        let lexicon = &*super::lexicon::LEXICON;
        let next = text[end..]
            .trim_start_matches([' ', ',', '.', '-'].as_slice())
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        let medicine = text[end..].starts_with(['\'', '’'])
            || word.chars().all(|c| c.is_uppercase() || c == '-')
            || lexicon.eponyms.contains(&key)
            || lexicon.is_eponym_noun(&super::lexicon::key(next));
        if word.chars().count() >= 3
            && word.starts_with(char::is_uppercase)
            && gazetteer.is_place(&key)
            && !super::lexicon::LEXICON.is_stopword(&key)
            && !taken
            && !medicine
        {
            more.push(
                Candidate::new(Identifier::Place, start, end).by("town after a name or place"),
            );
        }
    }
    unknown_after_spans(text, &accepted, &mut more);
    if !more.is_empty() {
        accepted.extend(more);
        accepted.sort_by_key(|c| c.start);
    }
    accepted
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn announced_initials_and_prefixed_subdivisions_are_replaced() {
        for (text, expected) in [
            (
                "AJ (pt initials) had a seizure",
                "[NAME] (pt initials) had a seizure",
            ),
            (
                "someone opened the chart of RT at 3am",
                "someone opened the chart of [NAME] at 3am",
            ),
            (
                "lives in Brgy. San Isidro, dengue",
                "lives in [PLACE], dengue",
            ),
            (
                "from Purok 4 with leptospirosis",
                "from [PLACE] with leptospirosis",
            ),
        ] {
            assert_eq!(deidentify(text).text, expected, "{text}");
        }
        assert_eq!(deidentify("ECG (V1 to V3)").text, "ECG (V1 to V3)");
    }
}
