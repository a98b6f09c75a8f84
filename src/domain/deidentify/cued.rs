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

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
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
