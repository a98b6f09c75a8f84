//! Identifiers in the shapes the labelled-number rules miss: codes mixing capitals, digits and
//! dashes (driving licences, device serials, Medicare numbers, lab accessions, VINs), UK number
//! plates, e-mail addresses spelt out with "at" and "dot", and social media handles (`@name`).

use std::sync::LazyLock;

use regex::Regex;

mod abroad;

use super::{window_before, Candidate, Identifier};

/// Groups of capitals and digits joined by dashes: "TNS-0042-8817-B", "24-HM-003381".
static DASHED_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z0-9]+(?:-[A-Z0-9]+){1,4}\b").expect("dashed code compiles")
});

/// One run of capitals and digits: "MORGA753116SM9IJ", "1HGCM82633A004352", "PJN218493S".
static SOLID_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z0-9]{7,17}\b").expect("solid code compiles"));

/// Current UK number plates: "KX19 LPN".
static UK_PLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-HJ-PR-Y][A-HJ-PR-Y]\d{2}\s?[A-HJ-PR-Z]{3}\b").expect("uk plate compiles")
});

/// "peter dot grant at gmail dot com", "kwesi.asante [at] outlook [dot] com".
static SPELT_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b[a-z0-9_+-]+(?:(?:\.|\s*[\[(]dot[\])]\s*|\s+dot\s+)[a-z0-9_+-]+)*
        (?:\s*[\[(]at[\])]\s*|\s+at\s+)
        [a-z0-9-]+(?:(?:\.|\s*[\[(]dot[\])]\s*|\s+dot\s+)[a-z0-9-]+)*
        (?:\.|\s*[\[(]dot[\])]\s*|\s+dot\s+)
        (?:com|org|net|edu|gov|uk|ie|ca|au|nz|io|me|info|us|de|fr|nl|es|it|in|pl|pt|se|no|dk|fi|ch|be|cz|gr|hu|ro|ru|br|mx|za|ng|ke|gh|pk|jp|cn|kr|sg|hk|tr|il|ae|eu|co|ac|biz)\b
        ",
    )
    .expect("spelt email compiles")
});

/// `@name`: a handle starts after a space or an opening bracket, never inside an e-mail.
static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(\[,;:])(?P<h>@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")
        .expect("handle compiles")
});

/// A handle without "@": a Reddit user ("u/sugar_free_dad") or a user name after a platform's
/// name ("Snapchat: kev_the_legend99", "on Insta as jay.k_07"); it must have a digit, an underscore
/// or an inner dot, which words do not.
static PLATFORM_HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:^|[^a-z0-9_/])(?P<u>u/[a-z0-9_-]{3,})
      | \b(?:snapchat|snap|kakao(?:\s?talk)?|line\s+id|zalo|viber|threema|insta(?:gram)?|tik\s?tok|twitter|facebook|fb|telegram|discord|reddit|threads
            |wechat|kik|skype|linkedin|youtube|twitch|bluesky|mastodon|gamertag|psn|xbox)
        (?:\s+(?:handle|name|id|username|user))?
        (?:\s*[:\-–—=]\s*|\s+(?:as|is|handle|username|user|name)\s+)@?
        (?P<h>[a-z0-9_.]{3,}[a-z0-9_])
        ",
    )
    .expect("platform handle compiles")
});

/// A dose just before "u/": "40 u/day" is units, not a Reddit user.
static UNIT_PER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d\s*$").expect("unit per compiles"));

/// Bank sort codes: "sort code 40-47-84".
static SORT_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bsort\s*code\s*:?\s*(?P<c>\d{2}[- ]?\d{2}[- ]?\d{2})\b")
        .expect("sort code compiles")
});

/// Identifiers of papers and trials are public; a code after one of these stays.
static LITERATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:pmid|pmcid|pmc|doi|nct|isrctn|eudract|isbn|issn|hla)[\s:#/-]*$")
        .expect("literature compiles")
});

fn digits(code: &str) -> usize {
    code.chars().filter(char::is_ascii_digit).count()
}

fn letters(code: &str) -> usize {
    code.chars().filter(char::is_ascii_uppercase).count()
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    abroad::find(text, found);
    for m in DASHED_CODE.find_iter(text) {
        let code = m.as_str();
        // "CURB-65", "COVID-19" and "IL-6" carry few digits; a date or phone number has no letter.
        if digits(code) >= 4 && letters(code) >= 1 && !public(text, m.start()) {
            found.push(Candidate::new(Identifier::Id, m.start(), m.end()).by("mixed code"));
        }
    }
    for m in SOLID_CODE.find_iter(text) {
        let code = m.as_str();
        if digits(code) >= 4 && letters(code) >= 2 && !public(text, m.start()) {
            found.push(Candidate::new(Identifier::Id, m.start(), m.end()).by("mixed code"));
        }
    }
    for m in UK_PLATE.find_iter(text) {
        let follows = text[m.end()..].chars().next();
        let prefix = &m.as_str()[..2];
        if !matches!(follows, Some('-' | '+')) && !matches!(prefix, "CD" | "IL" | "HT") {
            found.push(Candidate::new(Identifier::Id, m.start(), m.end()).by("number plate"));
        }
    }
    for caps in SORT_CODE.captures_iter(text) {
        if let Some(code) = caps.name("c") {
            found.push(Candidate::new(Identifier::Id, code.start(), code.end()).by("sort code"));
        }
    }
    for m in SPELT_EMAIL.find_iter(text) {
        found.push(Candidate::new(Identifier::Email, m.start(), m.end()).by("spelt-out e-mail"));
    }
    for caps in PLATFORM_HANDLE.captures_iter(text) {
        let handle = caps
            .name("u")
            .or(caps.name("h"))
            .filter(|h| h.as_str().contains(|c: char| c.is_ascii_alphabetic()))
            // "insulin 40 u/day": units per day, kilogram or hour after a dose.
            .filter(|h| !(h.as_str().starts_with("u/") && UNIT_PER.is_match(&text[..h.start()])))
            .filter(|h| {
                h.as_str().starts_with("u/")
                    || h.as_str()
                        .contains(|c: char| c == '_' || c.is_ascii_digit())
                    || h.as_str().trim_matches('.').contains('.')
            });
        if let Some(handle) = handle {
            found.push(
                Candidate::new(Identifier::Contact, handle.start(), handle.end())
                    .by("handle after a platform"),
            );
        }
    }
    for caps in HANDLE.captures_iter(text) {
        // "@everyone" and "@here" are Discord's mass mentions, which the bot neutralises elsewhere.
        let handle = caps
            .name("h")
            .filter(|h| h.len() > 2 && !matches!(h.as_str(), "@everyone" | "@here"));
        if let Some(handle) = handle {
            found.push(
                Candidate::new(Identifier::Contact, handle.start(), handle.end()).by("@handle"),
            );
        }
    }
}

/// Registry numbers of papers and trials, and EHR dates ("03MAY2024"), which the date rules take.
static NOT_AN_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:NCT|PMC|PMCID|ISRCTN|ACTRN|CTRI|DRKS|CHICTR|EUDRACT)[\d-]+|\d{1,2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)\d{2,4})$")
        .expect("not-an-id compiles")
});

fn public(text: &str, start: usize) -> bool {
    let code = text[start..]
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .next()
        .unwrap_or_default();
    LITERATURE.is_match(window_before(text, start, 12)) || NOT_AN_ID.is_match(code)
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn codes_plates_spelt_emails_and_handles_are_replaced() {
        for (text, expected) in [
            ("pump S/N QX-7781-0093 alarmed", "pump S/N [ID] alarmed"),
            ("VIN 2FMDK3GC4BBA12345 in the car", "VIN [ID] in the car"),
            ("reg AB12 CDE parked badly", "reg [ID] parked badly"),
            (
                "mail jo dot bloggs at nhs dot net please",
                "mail [EMAIL] please",
            ),
            ("see @ward9_nurse on Twitter", "see [CONTACT] on Twitter"),
            (
                "Snapchat: kev_the_legend99 added me",
                "Snapchat: [CONTACT] added me",
            ),
            (
                "posts as u/sugar_free_dad on Reddit",
                "posts as [CONTACT] on Reddit",
            ),
            (
                "Hosp no: KN/22/08831, cirrhosis",
                "Hosp no: [ID], cirrhosis",
            ),
            (
                "Licence plate JKX 442 on CCTV",
                "Licence plate [ID] on CCTV",
            ),
        ] {
            assert_eq!(deidentify(text).text, expected, "{text}");
        }
    }

    #[test]
    fn clinical_codes_stay() {
        for text in [
            "CURB-65 of 3, COVID-19, IL-6 and CHA2DS2-VASc",
            "CD19 CAR-T and HbA1c 48",
            "NCT01234567 trial",
            "look at home tonight",
            "met her at 5 pm",
            "j.doe@example.org",
        ] {
            let redacted = deidentify(text).text;
            assert!(
                !redacted.contains("[ID]") && !redacted.contains("[CONTACT]"),
                "{text} → {redacted}"
            );
        }
    }
}
