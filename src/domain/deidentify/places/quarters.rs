//! Quarters, districts and sub-cities by how a town is divided, in many countries: a name with a
//! phase, block or sector number ("Bahria phase 4", "Jayanagar 4th block", "Lekki
//! Phase 1"), a name and a Roman numeral ("Nasr II", "Garki III"), a numbered unit set off at
//! the start of a clause ("kebele 12", "District 3", "camp 9"), a name before the word for its
//! kind of place ("Bole sub-city", "Karrada quarter", "al-Mansour neighbourhood", "Nehru
//! Circle"), Cyrillic districts and villages ("Алмалинский район", "село Берёзовка"), a
//! place after the Greek "from" ("από Χαλάνδρι"), and the hospital a patient is sent to
//! ("transfer to Sahlgrenska", "moved to KATH").

use std::sync::LazyLock;

use regex::Regex;

use super::super::asides::{never_a_name, unknown};
use super::super::gazetteer::GAZETTEER;
use super::super::lexicon::key;
use super::super::{Candidate, Identifier};

/// A capitalised word, perhaps after an Arabic article.
const WORD: &str = r"(?:(?:al|el|Al|El)-)?[\p{Lu}][\p{Ll}'’]+(?:-[\p{Lu}]?[\p{Ll}'’]+)*";

const ROMAN: &str = r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII)";

static UNIT_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<w>{WORD})\s+(?P<rest>(?:\d{{1,2}}(?:st|nd|rd|th)\s+)?(?i:phase|block|sector|extension|ext\.)(?:\s+(?:\d{{1,3}}[A-Z]?|{ROMAN}|[A-Z]))?|(?P<r>{ROMAN})(?:\s*[,;:)]|\s+\p{{Lu}}|\s*$))"
    ))
    .expect("unit after name compiles")
});

static NUMBERED_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[,(:;]\s*|—\s*|\b(?:in|from|at|of|to)\s+|\p{Lu}\p{Ll}+\s+)(?P<p>(?i:kebele|woreda|district|sector|camp|kvartal|mikrorayon|microraion|kelurahan|komuna|mkr\.?)\s+\d{1,3}[A-Z]?)\b",
    )
    .expect("numbered unit compiles")
});

static KIND_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<p>{WORD})\s+(?i:sub-?city|quarter|neighbou?rhood|township|suburb|municipality|circle|garden|settlement|kvartal|mahalla|barrio)\b"
    ))
    .expect("kind after compiles")
});

static CYRILLIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<p>\p{Lu}[\p{Cyrillic}-]+\s+(?:район|р-н|округ|микрорайон|мкр|аул|кишлак|махалля))|(?:село|пос\.|посёлок|поселок|деревня|г\.|мкр\.)\s+(?P<q>\p{Lu}[\p{Cyrillic}-]+)|(?:από|στο|στην)\s+(?P<g>\p{Lu}[\p{Greek}]+)")
        .expect("cyrillic compiles")
});

/// Where a patient is sent or seen: "transfer to Sahlgrenska", "moved to KATH", "delivering at
/// RIPAS" — a word no list knows, or an acronym that names no ward or unit.
static SENT_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:transfer(?:red|ring)?|move[ds]?|moving|refer(?:red|ring)?|sen[dt]|fly|flown|airlift(?:ed)?|deliver(?:ing|ed|s)?|retrieved?|admit(?:ted)?|booked)\s+(?:(?:her|him|them|the\s+(?:pt|patient|baby))\s+)?(?:over\s+)?(?:to|at|into)\s+)(?P<p>[A-Z]{3,6}\b|\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)")
        .expect("sent to compiles")
});

/// Wards, units and services written as acronyms, which a patient is sent to everywhere.
const UNITS: [&str; 40] = [
    "ICU", "HDU", "CCU", "ITU", "PICU", "NICU", "SCBU", "MAU", "AMU", "CDU", "SDEC", "EAU", "OT",
    "PACU", "CICU", "CTICU", "NNU", "PAU", "SAU", "ACU", "ASU", "CTU", "HASU", "CRU", "GICU",
    "MICU", "SICU", "TICU", "NSICU", "ECMO", "IR", "CT", "MRI", "OPD", "IPD", "ER", "ED", "OR",
    "GP", "EPAU",
];

fn place(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Place, start, end).by(rule)
}

/// A word no English or medical list knows, or a listed place.
fn placeable(word: &str) -> bool {
    let word = ["al-", "el-", "Al-", "El-"]
        .iter()
        .find_map(|article| word.strip_prefix(article))
        .unwrap_or(word);
    let k = key(word);
    !never_a_name(word) && (unknown(word) || GAZETTEER.is_place(&k))
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in UNIT_AFTER_NAME.captures_iter(text) {
        let (w, rest) = (
            caps.name("w").expect("word"),
            caps.name("rest").expect("rest"),
        );
        let end = caps.name("r").map_or(rest.end(), |r| r.end());
        if placeable(w.as_str()) {
            found.push(place(
                w.start(),
                end,
                "quarter with a phase, block or numeral",
            ));
        }
    }
    for caps in NUMBERED_UNIT.captures_iter(text) {
        let p = caps.name("p").expect("place");
        found.push(place(p.start(), p.end(), "numbered district"));
    }
    for caps in KIND_AFTER.captures_iter(text) {
        let p = caps.name("p").expect("place");
        if placeable(p.as_str()) {
            found.push(place(
                p.start(),
                caps.get(0).expect("whole").end(),
                "name, then its kind of quarter",
            ));
        }
    }
    for caps in SENT_TO.captures_iter(text) {
        let p = caps.name("p").expect("place");
        let w = p.as_str();
        let acronym = w.chars().all(|c| c.is_ascii_uppercase());
        let named = if acronym {
            !UNITS.contains(&w) && !never_a_name(w) && unknown(w)
        } else {
            w.split_whitespace().all(placeable)
        };
        if named {
            found.push(place(p.start(), p.end(), "where a patient is sent"));
        }
    }
    for caps in CYRILLIC.captures_iter(text) {
        if let Some(p) = caps.name("p").or(caps.name("q")).or(caps.name("g")) {
            found.push(place(
                p.start(),
                p.end(),
                "district or village in Cyrillic or Greek",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn quarters_by_how_a_town_is_divided_go() {
        check("lives in Bahria phase 4, dengue", &["Bahria"], &["dengue"]);
        check("Jayanagar 4th block, seizure", &["Jayanagar"], &["seizure"]);
        check(
            "from Garki III, Abuja: sickle crisis",
            &["Garki"],
            &["sickle crisis"],
        );
        check("kebele 12, Hawassa — typhoid", &["kebele 12"], &["typhoid"]);
        check("Bole sub-city, 40F, asthma", &["Bole"], &["asthma"]);
        check("Karrada quarter, burns 20%", &["Karrada"], &["burns 20%"]);
        check("Алмалинский район, ХОБЛ", &["Алмалинский"], &["ХОБЛ"]);
        check(
            "κυρία από Χαλάνδρι, πνευμονία",
            &["Χαλάνδρι"],
            &["πνευμονία"],
        );
    }

    #[test]
    fn hospitals_a_patient_is_sent_to_go() {
        check(
            "transfer to Sahlgrenska tonight? GCS 9",
            &["Sahlgrenska"],
            &["GCS 9"],
        );
        check(
            "family want her moved to KATH, sepsis",
            &["KATH"],
            &["sepsis"],
        );
        check("delivering at Korle Bu, GDM", &["Korle"], &["GDM"]);
        check(
            "transfer to ICU or HDU? moved to CT then to theatre",
            &[],
            &["ICU", "HDU", "CT"],
        );
        check(
            "refer to Cardiology, sent to AMU",
            &[],
            &["Cardiology", "AMU"],
        );
    }

    #[test]
    fn stages_phases_and_classes_stay() {
        check(
            "CKD stage 3, phase 2 trial, Mobitz II, type II DM, heart block, Ann Arbor stage IIB",
            &[],
            &[
                "CKD stage 3",
                "phase 2 trial",
                "Mobitz II",
                "type II DM",
                "heart block",
                "Ann Arbor",
            ],
        );
        check(
            "Forrest III ulcer, Killip II, zone 1 injury",
            &[],
            &["Forrest III", "Killip II", "zone 1 injury"],
        );
    }
}
