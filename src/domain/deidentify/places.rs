//! Street addresses and postal codes: US ZIP codes, UK postcodes and Canadian postal codes.
//!
//! Safe Harbor allows a state to stay, so "Washington, DC 20500" becomes "Washington, DC [ZIP]".
//! A five-digit number alone is far more often a lab value than a ZIP code, so a ZIP needs a state
//! or a label next to it.

mod abroad;
mod quarters;

use std::sync::LazyLock;

use regex::Regex;

use super::{Candidate, Identifier};

/// A house number, one to four capitalised words, and a street type; then an optional compass
/// direction and an optional flat, suite or apartment.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?:\d{1,4}\s?/\s?)?\d{1,5}[A-Za-z]?,?\s+
        (?:(?:[A-Z][\p{L}'’-]*|\d{1,3}(?:st|nd|rd|th))\.?\s+){1,4}
        (?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Terr
          |Way|Close|Crescent|Cres|Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Trail|Gardens|Grove
          |Row|Mews|Walk|Park|Rise|Green|Vale|Parade|Esplanade|Quay|Wharf|Heights|Hill|View|Crossing)\b\.?
        (?:\s+(?:NW|NE|SW|SE|N|S|E|W|North|South|East|West)\b\.?)?
        (?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|\#)\.?\s*\#?[A-Za-z0-9-]+)?
        ",
    )
    .expect("street pattern compiles")
});

static UNIT_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Flat|Apt|Apartment|Unit|Suite)\.?\s+\d+[A-Za-z]?,\s+").expect("unit compiles")
});

static PO_BOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bp\.?\s?o\.?\s+box\s+\d+\b").expect("po box compiles"));

/// US states, by abbreviation or name: Safe Harbor lets a state stay.
const STATES: &str = r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV
            |NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR
            |Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia
            |Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts
            |Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire
            |New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma
            |Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah
            |Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming)";

/// A US state (abbreviation or name) and a ZIP or ZIP+4.
static STATE_ZIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)\b{STATES},?\s+(?P<zip>\d{{5}}(?:-\d{{4}})?)\b"
    ))
    .expect("state zip compiles")
});

/// A state on its own, to tell "…, Leith" (a town) from "…, Texas".
static STATE_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?x)^{STATES}$")).expect("state compiles"));

/// The town after a street address: "14 Rosebery Gardens, Leith".
static TOWN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s*(?P<town>[A-Z][\p{Ll}'’]+(?:[\s-](?:upon\s+|on\s+)?[A-Z][\p{Ll}'’]+)?)\b")
        .expect("town after compiles")
});

static LABELLED_ZIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:zip|zipcode|zip\s+code|postcode|post\s+code|postal\s+code|eircode|pin\s*code)\s*(?:is|:|\#)?\s*
        (?P<zip>\d{5}(?:-\d{4})?|\d{6}|[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}|[a-z]\d[a-z]\s?\d[a-z]\d
          |(?:[ac-fhknprtv-y]\d{2}|d6w)\s?[0-9ac-fhknprtv-y]{4}|\d{4}|[a-z]{1,2}\d[a-z\d]?)\b
      | \b(?P<zip2>\d{4,6})\s+(?:zip|zipcode|zip\s+code|postcode|post\s+code|postal\s+code|pin\s*code)\b
        ",
    )
    .expect("labelled zip compiles")
});

/// "Bradford BD8", "Hounslow TW3": the outward half of a UK postcode after a town the gazetteer
/// knows.
static OUTWARD_AFTER_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<town>[A-Z][a-z]+)\s+(?P<zip>[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\b")
        .expect("outward code compiles")
});

/// UK postcodes, written in capitals with the usual space (`SW1A 1AA`, `M1 1AE`).
static UK_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)\s\d[ABD-HJLNP-UW-Z]{2}\b")
        .expect("uk postcode compiles")
});

/// Canadian postal codes (`M5H 2M9`), with their space: without it, "E2V2M5" is a GCS.
static CA_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s\d[ABCEGHJ-NPRSTV-Z]\d\b")
        .expect("canadian postcode compiles")
});

/// Irish Eircodes: a routing key (a letter and two digits, or D6W) and a four-character unique
/// identifier from the Eircode alphabet ("D02 X285", "R42 F6X3", "T12AB34").
static EIRCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?P<u>[0-9AC-FHKNPRTV-Y]{4})\b")
        .expect("eircode compiles")
});

/// An Australian state or territory and its four-digit postcode: "NSW 2500", "Vic. 3000".
static AU_STATE_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:NSW|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT|ACT)\.?,?\s+(?P<zip>[0-9]\d{3})\b")
        .expect("australian postcode compiles")
});

/// What makes a number after a state a quantity: "SA 2000mg", "ACT 1200 units".
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[\p{L}%/]|\s*(?:mg|mcg|ml|units?|iu|kg|g|mmol|cells|copies|x)\b)")
        .expect("unit after compiles")
});

/// An Indian PIN code after its label, a dash or a comma: "PIN 560034", "Bengaluru - 560 034";
/// not after a two-letter marker ("Ca-125 640").
static IN_PIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bpin(?:\s*code)?\s*[:#-]?|[A-Z][a-z]{2,}\s*[-–,])\s*(?P<zip>[1-9]\d{2}\s?\d{3})\b",
    )
    .expect("pin compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in EIRCODE.captures_iter(text) {
        let (Some(whole), Some(unique)) = (caps.get(0), caps.name("u")) else {
            continue;
        };
        // The unique part mixes letters and digits almost always; "F32 2024" is not a place.
        let u = unique.as_str();
        if u.contains(|c: char| c.is_ascii_digit()) && u.contains(|c: char| c.is_ascii_uppercase())
        {
            found.push(Candidate::new(Identifier::Zip, whole.start(), whole.end()).by("Eircode"));
        }
    }
    for pattern in [&*AU_STATE_POSTCODE, &*IN_PIN] {
        for caps in pattern.captures_iter(text) {
            if let Some(zip) = caps.name("zip").or(caps.name("zip2")) {
                let unit_after = UNIT_AFTER.is_match(&text[zip.end()..]);
                if !unit_after {
                    found.push(
                        Candidate::new(Identifier::Zip, zip.start(), zip.end())
                            .by("postcode after a state or town"),
                    );
                }
            }
        }
    }
    for pattern in [&*STREET, &*UNIT_FIRST, &*PO_BOX] {
        for m in pattern.find_iter(text) {
            found.push(Candidate::new(Identifier::Address, m.start(), m.end()));
        }
    }
    for m in STREET.find_iter(text) {
        let Some(town) = TOWN_AFTER
            .captures(&text[m.end()..])
            .and_then(|caps| caps.name("town"))
        else {
            continue;
        };
        let key = super::lexicon::key(town.as_str());
        if !STATE_ONLY.is_match(town.as_str()) && !super::lexicon::LEXICON.is_stopword(&key) {
            let (start, end) = (m.end() + town.start(), m.end() + town.end());
            found.push(Candidate::new(Identifier::Place, start, end).by("town after an address"));
        }
    }
    for pattern in [&*STATE_ZIP, &*LABELLED_ZIP] {
        for caps in pattern.captures_iter(text) {
            if let Some(zip) = caps.name("zip").or(caps.name("zip2")) {
                found.push(Candidate::new(Identifier::Zip, zip.start(), zip.end()));
            }
        }
    }
    for caps in OUTWARD_AFTER_TOWN.captures_iter(text) {
        let (Some(town), Some(zip)) = (caps.name("town"), caps.name("zip")) else {
            continue;
        };
        let complete = text[zip.end()..].starts_with(|c: char| c.is_alphanumeric())
            || text[zip.end()..]
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        let gazetteer = &*super::gazetteer::GAZETTEER;
        let town_key = super::lexicon::key(town.as_str());
        if !complete && gazetteer.is_place(&town_key) && !gazetteer.keeps(&town_key) {
            found.push(
                Candidate::new(Identifier::Zip, zip.start(), zip.end()).by("postcode district"),
            );
        }
    }
    for pattern in [&*UK_POSTCODE, &*CA_POSTCODE] {
        for m in pattern.find_iter(text) {
            found.push(Candidate::new(Identifier::Zip, m.start(), m.end()));
        }
    }
    // Last, so that the rules above keep naming what they find too.
    abroad::find(text, found);
    quarters::find(text, found);
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn street_addresses_are_replaced() {
        for (text, expected) in [
            ("lives at 221B Baker Street now", "lives at [ADDRESS] now"),
            (
                "1600 Pennsylvania Ave NW, Washington",
                "[ADDRESS], Washington",
            ),
            ("visit 12 Oak Rd, Apt 4 today", "visit [ADDRESS] today"),
            ("at 350 Fifth Avenue, Suite 200.", "at [ADDRESS]."),
            ("PO Box 1234 only", "[ADDRESS] only"),
        ] {
            assert_eq!(deidentify(text).text, expected, "{text}");
        }
    }

    #[test]
    fn postal_codes_are_replaced_next_to_a_state_or_label_or_in_their_own_shape() {
        assert_eq!(
            deidentify("Washington, DC 20500").text,
            "Washington, DC [ZIP]"
        );
        assert_eq!(
            deidentify("Springfield, Illinois 62704-1234").text,
            "[PLACE], Illinois [ZIP]"
        );
        assert_eq!(
            deidentify("zip code 94110 area").text,
            "zip code [ZIP] area"
        );
        assert_eq!(
            deidentify("London NW1 6XE and SW1A 1AA").text,
            "London [ZIP] and [ZIP]"
        );
        assert_eq!(
            deidentify("Galway, H91 E2K3, and D02 X285").text,
            "[PLACE], [ZIP], and [ZIP]"
        );
        assert_eq!(deidentify("Wollongong NSW 2500").text, "[PLACE] NSW [ZIP]");
        assert_eq!(deidentify("PIN 560 034").text, "PIN [ZIP]");
        assert_eq!(
            deidentify("Eircode d02x285, 4/22 Smith St").text,
            "Eircode [ZIP], [ADDRESS]"
        );
        // A big city that is also a common word is a place only after "in", "from"…
        assert_eq!(deidentify("Toronto ON M5H 2M9").text, "Toronto ON [ZIP]");
    }

    #[test]
    fn numbers_and_codes_that_are_not_places_survive() {
        for text in [
            "platelets 15000, WBC 12000 and 2 Main drugs",
            "HER2 3+ and BRCA1 status, CD4 200, H5N1 flu",
            "GCS 14, type 2 DM, 3 Diabetes Society guidelines",
            "MI 12 hours ago; PA pressure 45",
        ] {
            assert_eq!(deidentify(text).text, text);
        }
    }
}
