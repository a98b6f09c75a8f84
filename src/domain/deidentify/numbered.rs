//! Identifiers written with numbers in forms the older rules miss: postcodes of other countries
//! after their label or before their town ("CEP 01310-100", "Postcode 00-950", "4050-262 Porto"),
//! a postcode ending an address line ("…, Bondi 2026", "#05-1127, 560231"), an ID after an
//! acronym in dashed groups ("NHIF 4412-8876-3"), a plate after "reg" ("reg KDA 417B"), a case
//! number with its year ("MLC 447/2024"), ages over 89 in a list after "ages" or set before where
//! the person is from ("Musa 93 from Kano", ") 103, from"), and in words after a person noun
//! ("elderly man ninety-eight").

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{key, LEXICON};
use super::{Candidate, Identifier};

/// Postcode labels in the languages members write in, then the shapes those countries use:
/// Brazil 5-3, Portugal 4-3, Poland 2-3, and four to six digits.
static LABELLED_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:CEP|PLZ|CAP|c[óo]digo\s+postal|kod\s+pocztowy|postnummer|postleitzahl|code\s+postal|postcode|post\s+code|postal\s+code|zip)\s*:?\s*(?P<z>\d{5}-\d{3}|\d{4}-\d{3}|\d{2}-\d{3}|\d{4,6})\b",
    )
    .expect("labelled postcode compiles")
});

/// A hyphenated postcode before a capitalised town: "4050-262 Porto", "00-950 Warszawa".
static POSTCODE_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<z>\d{5}-\d{3}|\d{4}-\d{3}|\d{2}-\d{3})\s+(?P<t>[\p{Lu}][\p{Ll}]{2,}(?:\s+[\p{Lu}][\p{Ll}]+)?)")
        .expect("postcode town compiles")
});

/// What follows an address up to its postcode: units, towns, blocks, each after a comma or space.
static ADDRESS_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[,\s]+(?:#\s?\d{1,3}-\d{1,5}|\d{1,4}|[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,2}))*?[,\s]+(?P<z>\d{4,6})\b(?P<unit>\s*(?:%|mg|ml|units?|g\b|kg))?")
        .expect("address tail compiles")
});

/// An acronym, then digits in two to four dashed groups: an insurance or national ID.
static ACRONYM_DASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>[A-Z]{2,6})\s*(?:no\.?|#|:)?\s*(?P<id>\d{2,}(?:-\d+){1,3})\b")
        .expect("acronym dashed compiles")
});

/// Acronyms before a number that make it a phone or a date, not an ID.
const NOT_ID_ACRONYMS: [&str; 9] = ["TEL", "PH", "MOB", "CELL", "FAX", "WA", "DOB", "DOD", "ADM"];

/// A vehicle registration after "reg", "rego" or "registration": capitals and digits.
static REG_PLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:vehicle\s+)?(?:reg|rego|registration)\b\.?\s*(?:no\.?|number|#)?\s*:?)\s*(?P<id>[A-Z0-9]{1,4}(?:[\s-][A-Z0-9]{1,4}){1,2})\b")
        .expect("reg plate compiles")
});

/// A case, file or register number with its year: "MLC 447/2024", "FIR 112/23"; not a day and
/// month after a test ("LP 02/11").
static NUMBER_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<id>[A-Z]{2,5}\s?(?:no\.?\s?)?(?:\d{1,7}/(?:19|20)\d{2}|\d{3,7}/\d{2}))\b")
        .expect("number of year compiles")
});

/// Ages listed after "ages": "Ages on the board today: 45, 67, 92".
static AGE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bages?\b[^.\n\d]{0,30}?(?P<list>\d{1,3}(?:\s*(?:,|and|&)\s*\d{1,3})+)")
        .expect("age list compiles")
});

/// A bare age over 89 after a name or a bracket, then where the person is from.
static AGE_BEFORE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\b(?P<w>[\p{Lu}][\p{Ll}]+)|\))\s+(?P<n>9\d|1[0-2]\d)\s*,?\s+from\s+[\p{Lu}]")
        .expect("age before from compiles")
});

/// An age over 89 in words right after a person noun: "elderly man ninety-eight".
static WORDS_AFTER_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:man|woman|lady|gentleman|gent|male|female|patient|pt|widow|widower|granny|grandma|grandpa)\s*,?\s+(?P<n>ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b")
        .expect("words after person compiles")
});

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,3}").expect("number compiles"));

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    let span = |kind: Identifier, m: regex::Match<'_>, rule: &'static str| {
        Candidate::new(kind, m.start(), m.end()).by(rule)
    };
    for caps in LABELLED_POSTCODE.captures_iter(text) {
        let z = caps.name("z").expect("zip");
        found.push(span(Identifier::Zip, z, "postcode after its label"));
    }
    for caps in POSTCODE_TOWN.captures_iter(text) {
        let (z, t) = (caps.name("z").expect("zip"), caps.name("t").expect("town"));
        let town = key(t.as_str());
        if !LEXICON.is_stopword(&town) && !LEXICON.is_eponym_noun(&town) {
            found.push(span(Identifier::Zip, z, "postcode before its town"));
            found.push(span(Identifier::Place, t, "town after its postcode"));
        }
    }
    for caps in ACRONYM_DASHED.captures_iter(text) {
        let (a, id) = (&caps["a"], caps.name("id").expect("id"));
        let date_like = id.as_str().len() == 10 && id.as_str().as_bytes()[4] == b'-';
        if digits(id.as_str()) >= 7 && !NOT_ID_ACRONYMS.contains(&a) && !date_like {
            found.push(span(Identifier::Id, id, "ID after an acronym"));
        }
    }
    for caps in REG_PLATE.captures_iter(text) {
        let id = caps.name("id").expect("plate");
        let plate = id.as_str();
        let compact: String = plate.chars().filter(|c| c.is_alphanumeric()).collect();
        let letters = compact.chars().any(|c| c.is_ascii_uppercase());
        if compact.len() >= 5 && letters && digits(plate) >= 1 {
            found.push(span(Identifier::Id, id, "plate after reg"));
        }
    }
    for caps in NUMBER_OF_YEAR.captures_iter(text) {
        let id = caps.name("id").expect("id");
        let acronym: String = id
            .as_str()
            .chars()
            .take_while(char::is_ascii_uppercase)
            .collect();
        if !["BP", "GCS", "HR", "RR", "NYHA"].contains(&acronym.as_str()) {
            found.push(span(Identifier::Id, id, "case number with its year"));
        }
    }
    for caps in AGE_LIST.captures_iter(text) {
        let list = caps.name("list").expect("list");
        for number in NUMBER.find_iter(list.as_str()) {
            if number
                .as_str()
                .parse::<u32>()
                .is_ok_and(|n| (90..130).contains(&n))
            {
                let start = list.start() + number.start();
                let age = Candidate::new(Identifier::Age, start, start + number.len());
                found.push(age.by("age in a list of ages"));
            }
        }
    }
    for caps in AGE_BEFORE_FROM.captures_iter(text) {
        let n = caps.name("n").expect("age");
        // "Musa 93 from Kano", ") 103, from…"; not "Sats 92 from RA".
        let after_name = caps
            .name("w")
            .is_none_or(|w| !super::english::is_word(&key(w.as_str())));
        if after_name {
            found.push(span(Identifier::Age, n, "age before where from"));
        }
    }
    for caps in WORDS_AFTER_PERSON.captures_iter(text) {
        let n = caps.name("n").expect("age");
        found.push(span(Identifier::Age, n, "age in words after a person"));
    }
}

/// The postcode that ends an address line: "Unit 5/12 Beach Rd, Bondi 2026", "Blk 123 …, #05-1127,
/// 560231"; the town before it goes too.
pub(super) fn postcodes_after_addresses(text: &str, accepted: &mut Vec<Candidate>) {
    let mut more = Vec::new();
    for span in accepted.iter() {
        if span.kind != Identifier::Address {
            continue;
        }
        let Some(caps) = ADDRESS_TAIL.captures(&text[span.end..]) else {
            continue;
        };
        let z = caps.name("z").expect("zip");
        let (start, end) = (span.end + z.start(), span.end + z.end());
        let taken = accepted.iter().any(|c| c.start < end && start < c.end);
        if caps.name("unit").is_none() && !taken {
            more.push(Candidate::new(Identifier::Zip, start, end).by("postcode ending an address"));
        }
    }
    if !more.is_empty() {
        accepted.extend(more);
        accepted.sort_by_key(|c| c.start);
        // A postcode already inside a span the tail walked over stays that span.
        let mut kept: Vec<Candidate> = Vec::with_capacity(accepted.len());
        for c in accepted.drain(..) {
            if kept.last().is_some_and(|p| p.end > c.start) {
                continue;
            }
            kept.push(c);
        }
        *accepted = kept;
    }
}
