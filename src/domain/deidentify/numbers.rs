//! Record, account, licence, device, serial, social security, insurance and other ID numbers.
//!
//! Labelled numbers ("MRN 12345678", "acct #4421") are caught whatever their shape; unlabelled ones
//! only when their shape gives them away: the 3-2-4 social security layout, `#` and five or more
//! digits, a run of seven or more digits, or a few capitals glued to six or more digits. Literature
//! and trial identifiers (PMID, NCT…) are not about a patient and are left alone.

use std::sync::LazyLock;

use regex::Regex;

use super::{window_after, window_before, Candidate, Identifier};

/// A label naming an identifier, then the identifier: letters, digits and hyphens with at least one
/// digit, possibly continued by further groups of digits (`943 476 5919`), of capitals and digits
/// (an Indian plate "MH 12 AB 3456") and a final letter (a UK NI number "AB 12 34 56 C").
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:
            mrn | m\.r\.n\.? | medical\s+record | record | hosp(?:ital)?\.?\s+(?:number|no\b|id\b)
          | (?:licen[cs]e\s+|number\s+|registration\s+)plate | imc | ahpra | mcn | pmdc | nmbi | hcpc | gphc
          | nhs | chi | ur | health\s+card | patient\s+id | pt\s+id | id
          | account | acct\.? | a/c | billing
          | licen[cs]e | lic\.? | dea | npi | gmc | nmc | registration
          | device(?:\s+(?:id|serial))? | serial | s/n | sn | implant | pacemaker\s+id
          | ssn | social\s+security | sin | insurance(?:\s+id)? | policy | member\s+id | subscriber(?:\s+id)?
          | medicare | medicaid | passport | chart | case | claim | ref(?:erence)? | file
          | ihi | urn | uhid | nhi | phn | pps | ppsn | tfn | nin | bsn | aadhaa?r | abha | pan
          | philhealth | plate | reg | vin | health\s+id | ni | national\s+insurance | folder
        )\b
        (?:\s+(?:number|num|no\.?|\#))?
        (?:\s+(?:ending|ends)(?:\s+(?:in|with))?)?
        \.?\s*[:\#]?\s*\#?\s*
        (?P<value>[a-z0-9]+(?:[-/][a-z0-9]+)*(?:(?:\s(?-i:[A-Z]{1,3}))?\s\d+){0,4}(?:\s(?-i:[A-Z])\b)?)
        ",
    )
    .expect("labelled id pattern compiles")
});

static SSN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{3}-\d{2}-\d{4}\b").expect("ssn pattern compiles"));

static HASH_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#[A-Za-z]?-?\d{5,}\b").expect("hash number compiles"));

static LONG_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{7,}\b").expect("long digits compiles"));

static LETTERS_AND_DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{1,4}-?\d{6,}[A-Z]?\b").expect("alphanumeric id compiles")
});

/// Identifiers of papers, trials and books: public, and worth keeping in a question.
static LITERATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:pmid|pmcid|pmc|doi|nct|isrctn|eudract|isbn|issn|actrn|chictr|drks|ctri)[\s:#/]*$",
    )
    .expect("literature prefix compiles")
});

/// Quantities: a long number followed by a unit is a measurement, not an identifier.
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:copies|cells|iu|units?|/|mg|mcg|g\b|ml|cfu|x\s?10|per\b|patients|people|participants|adults|children|cases|deaths|admissions|doses)")
        .expect("unit pattern compiles")
});

/// A value that is really a dose or a duration written without a space: `500mg`, `12h`.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+(?:mg|mcg|ug|g|kg|ml|l|units?|iu|mmol|h|hrs?|d|days?|wks?|weeks?|yrs?|years?|mins?)$")
        .expect("quantity pattern compiles")
});

/// A label followed by a bare year ("case 2019", "policy 2024") is talking about time.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:19|20)\d{2}$").expect("year pattern compiles"));

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in LABELLED.captures_iter(text) {
        let Some(value) = caps.name("value") else {
            continue;
        };
        // "Folder 12-345-67 02/05": a group that starts a date or a dose is not part of the ID.
        let mut value_end = value.end();
        while UNIT_AFTER.is_match(window_after(text, value_end, 12)) {
            match text[value.start()..value_end].rfind(' ') {
                Some(space) => value_end = value.start() + space,
                None => break,
            }
        }
        let value_text = &text[value.start()..value_end];
        let digits = value_text.chars().filter(char::is_ascii_digit).count();
        let quantity =
            QUANTITY.is_match(value_text) || UNIT_AFTER.is_match(window_after(text, value_end, 12));
        // "plate JKX 442": a plate needs fewer digits when letters come with them.
        let alnum = value_text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .count();
        let plate = caps
            .get(0)
            .is_some_and(|m| m.as_str().to_lowercase().contains("plate"))
            && digits >= 2
            && alnum >= 5;
        if (digits >= 4 || plate) && !quantity && !YEAR.is_match(value_text) {
            found.push(Candidate::new(Identifier::Id, value.start(), value_end));
        }
    }
    for m in SSN.find_iter(text) {
        found.push(Candidate::new(Identifier::Id, m.start(), m.end()));
    }
    for m in HASH_NUMBER.find_iter(text) {
        found.push(Candidate::new(Identifier::Id, m.start(), m.end()));
    }
    for m in LONG_DIGITS
        .find_iter(text)
        .chain(LETTERS_AND_DIGITS.find_iter(text))
    {
        let literature = LITERATURE.is_match(window_before(text, m.start(), 12))
            || LITERATURE.is_match(m.as_str().trim_end_matches(|c: char| c.is_ascii_digit()));
        let decimal = window_before(text, m.start(), 1) == "."
            || (window_after(text, m.end(), 1).starts_with(['.', ','])
                && window_after(text, m.end() + 1, 1).starts_with(|c: char| c.is_ascii_digit()));
        if !literature && !decimal && !UNIT_AFTER.is_match(window_after(text, m.end(), 12)) {
            found.push(Candidate::new(Identifier::Id, m.start(), m.end()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn labelled_numbers_are_replaced_whatever_their_shape() {
        for (text, expected) in [
            ("MRN 12345678 today", "MRN [ID] today"),
            ("MRN: 00123 again", "MRN: [ID] again"),
            ("acct #4421 billed", "acct #[ID] billed"),
            ("Licence #MD-204871 expired", "Licence #[ID] expired"),
            ("SSN 123-45-6789", "SSN [ID]"),
            ("NHS number 943 476 5919.", "NHS number [ID]."),
            ("licence no. BW4567821", "licence no. [ID]"),
            (
                "Device serial SN-88231907 alarms",
                "Device serial [ID] alarms",
            ),
            ("Member ID: W283746152.", "Member ID: [ID]."),
            ("SSN ending in 4421?", "SSN ending in [ID]?"),
            (
                "pump serial PMP-2291-88731 alarms",
                "pump serial [ID] alarms",
            ),
            (
                "Medicare number 2953 41872 1 rejected",
                "Medicare number [ID] rejected",
            ),
        ] {
            assert_eq!(deidentify(text).text, expected, "{text}");
        }
    }

    #[test]
    fn unlabelled_numbers_with_a_telling_shape_are_replaced() {
        assert_eq!(deidentify("it was 078-05-1120").text, "it was [ID]");
        assert_eq!(deidentify("see (#883210)").text, "see ([ID])");
        assert_eq!(
            deidentify("ref 48213977 and RX7731092").text,
            "ref [ID] and [ID]"
        );
    }

    #[test]
    fn literature_ids_quantities_and_short_labels_survive() {
        for text in [
            "PMID 31535829 and NCT04435626 and PMC7654321",
            "viral load 1200000 copies/mL",
            "ID consult for Staph aureus, ID 42",
            "Medicaid claims are slow, call NHS 111, case 2019 and ID 500mg",
            "CD4 count 180, platelets 150000",
        ] {
            assert_eq!(deidentify(text).text, text);
        }
    }
}
