//! Places the asides find by how they are written: a subdivision before its noun ("Ernakulam
//! district"), a quarter named by direction ("South Side"), a Zulu or Xhosa locative prefix
//! ("KwaMashu"), a road number ("on the A470") and what cities are called besides their names
//! ("Joburg").

use std::sync::LazyLock;

use regex::Regex;

use super::super::gazetteer::GAZETTEER;
use super::super::lexicon::key;
use super::super::{Candidate, Identifier};
use super::{never_a_name, place};

/// A subdivision named with its noun after it: "Ernakulam district", "Thrissur taluk".
static SUBDIVISION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<p>[\p{Lu}][\p{L}'’-]+)\s+(?:district|District|taluk|Taluk|tehsil|Tehsil|municipality|Municipality|prefecture|Prefecture|parish|commune|Commune|oblast|Oblast|ward\s+of)\b")
        .expect("subdivision after compiles")
});

/// Quarters of a city named by direction: "South Side", "the East End", "Northside".
static DIRECTIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:North|South|East|West)(?:[\s-]?[Ss]ide|\s+End)\b")
        .expect("directional compiles")
});

/// Zulu and Xhosa place names with their locative prefix: "KwaMashu", "KwaThema".
static KWA_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bKwa[A-Z][a-z]{2,}\b(?P<natal>-Natal)?").expect("kwa compiles"));

/// Road numbers after a preposition: "on the A470", "off the M4", "the B4560", "I-95",
/// "Highway 401", "Route 9".
static ROAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?i:on|off|along|down|up|via|near|from|onto|crossing|joining|at)\s+the\s+(?P<r>(?:A\d{1,4}|B\d{3,4}|M\d{1,3})(?:\([MT]\))?|N\d{1,3})\b|\b(?P<us>I-\d{1,3}|(?:Interstate|Highway|Hwy|Route|State\s+Highway)\s+\d{1,4})\b",
    )
    .expect("road compiles")
});

/// What cities are called as well as their names: short forms and older names no gazetteer of
/// current names lists. Hand-made for Rounds; in lookup form (`lexicon::key`).
const CITY_NICKNAMES: [&str; 42] = [
    "bangalore",
    "bombay",
    "brissie",
    "brizzy",
    "brum",
    "calcutta",
    "chi-town",
    "chiraq",
    "durbs",
    "frisco",
    "hcmc",
    "jhb",
    "joburg",
    "jozi",
    "madras",
    "melbs",
    "nola",
    "nyc",
    "philly",
    "pmb",
    "poona",
    "saigon",
    "sai gon",
    "sydders",
    "vegas",
    "wellie",
    "ktm",
    "kl",
    "cdmx",
    "kbh",
    "tp.hcm",
    "washington dc",
    "chittagong",
    "dacca",
    "rangoon",
    "peking",
    "benares",
    "cawnpore",
    "trivandrum",
    "baroda",
    "gurgaon",
    "simla",
];

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in SUBDIVISION_AFTER.captures_iter(text) {
        let p = caps.name("p").expect("place");
        if !never_a_name(p.as_str()) && !GAZETTEER.keeps(&key(p.as_str())) {
            found.push(place(
                p.start(),
                p.end(),
                "subdivision named before its noun",
            ));
        }
    }
    for m in DIRECTIONAL.find_iter(text) {
        found.push(place(m.start(), m.end(), "quarter named by direction"));
    }
    for caps in KWA_PLACE.captures_iter(text) {
        if caps.name("natal").is_none() {
            let m = caps.get(0).expect("whole");
            found.push(place(m.start(), m.end(), "locative prefix"));
        }
    }
    for caps in ROAD.captures_iter(text) {
        if let Some(r) = caps.name("r").or_else(|| caps.name("us")) {
            let road = Candidate::new(Identifier::Address, r.start(), r.end());
            found.push(road.by("road number"));
        }
    }
    for (at, word) in text.match_indices(|c: char| c.is_alphabetic() || c == '-') {
        // Only word starts: a capital after something that is not a letter.
        let starts = at == 0 || !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '-');
        if !starts || !word.starts_with(char::is_uppercase) {
            continue;
        }
        let rest = &text[at..];
        for nickname in CITY_NICKNAMES {
            let len = nickname.len();
            let Some(candidate) = rest.get(..len) else {
                continue;
            };
            let bounded = !rest[len..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
            if bounded && key(candidate) == nickname {
                found.push(place(at, at + len, "city nickname"));
            }
        }
    }
}
