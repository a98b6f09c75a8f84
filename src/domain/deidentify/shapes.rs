//! Identifiers found by their shape and their neighbours rather than by a list: names built with
//! Irish, Welsh or Arabic particles ("Ní Mhurchú", "ap Gruffydd"), written with Māori macrons or
//! Yoruba dots, or with Māori syllables only ("Ngaire Paewai"); hyphenated given names
//! ("Marc-André", "Hyun-woo"); nicknames ("Bazza", `Bartholomew "Bart" Smith`); a name right
//! before an age ("Chidinma 19 y/o"); facilities after "at", "@" or "via" ("at Alder Hey", "via
//! UNTH") and named wards; US ZIP codes beside a town or a name; and registration numbers written
//! with slashes ("IP/2024/88731").
//!
//! Every word these rules take must be unknown to the stop list, the keep list and the eponyms, so
//! "at Glasgow Coma Scale" or "Wells" stay.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::GAZETTEER;
use super::lexicon::{key, LEXICON};
use super::{window_after, window_before, Candidate, Identifier};

/// A word an English or clinical reader would know: never an identifier on its shape alone.
fn known_word(word: &str) -> bool {
    let key = key(word);
    LEXICON.is_stopword(&key) || LEXICON.eponyms.contains(&key) || GAZETTEER.keeps(&key)
}

/// A word known as medicine or plain English, not only as a big city: philter-ucsf's whitelist
/// lists cities, which is no reason to keep one before a ZIP code.
fn known_beside_places(word: &str) -> bool {
    let key = key(word);
    LEXICON.is_stopword(&key) || LEXICON.eponyms.contains(&key) || GAZETTEER.keeps_from_places(&key)
}

/// Surname particles that are written capitalised or lower case and are never English words:
/// Irish "Ó", "Ní", "Nic", "Uí", "Mac" (with "an" and the mutated initial: "Mac an tSaoir", "Ó
/// hÉanna", "Ní nGallchóir"); Welsh "ap", "ab", "ferch"; Arabic "bin", "bint", "ibn".
static PARTICLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b(?P<given>[A-Z][\p{Ll}'’]+)\s+)?(?:\b(?:Ó|Ní|Nic|Uí|Ua|Mhic|Mac|ap|ab|ferch|bin|bint|ibn)|Ó|Ní|Uí)\s+(?:an\s+)?(?:[A-Z]|(?:t|n|h|bh|mb|gc|nd|ng|bp|dt)[A-ZÁÉÍÓÚ])[\p{L}'’-]+",
    )
    .expect("particle name compiles")
});

/// Letters that English and clinical words never carry: Māori macrons, Yoruba and Igbo dots.
static MARKED_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\b[A-Z][\p{Ll}'’]+\s+)?(?:(?:Te|Ngā|Ngāti)\s+)?\b[\p{Lu}][\p{L}-]*[āēīōūĀĒĪŌŪẹọṣẸỌṢịụ][\p{L}-]*")
        .expect("marked word compiles")
});

/// Two capitalised words: candidates for the Māori-syllable rule.
static WORD_PAIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][a-z]{3,}\s+[A-Z][a-z]{3,}\b").expect("pair compiles"));

/// Māori words are open syllables over h k m n p r t w ng wh and five vowels.
static MAORI_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:ng|wh|[hkmnprtw])?[aeiou]{1,2})+$").expect("maori shape compiles")
});

/// "Marc-André Tremblay", "Jean-Baptiste Mukendi", "Hyun-woo Lee": a hyphenated given name and a
/// capitalised surname.
static HYPHEN_GIVEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>[A-Z][\p{Ll}]+)-(?P<b>[\p{L}][\p{Ll}]+)\s+(?P<s>[A-Z][\p{Ll}'’-]+)\b")
        .expect("hyphen given compiles")
});

/// Australian nicknames ("Bazza", "Shazza") and `Given "Nick" Surname`.
static NICKNAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b[A-Z][a-z]{1,3}zza\b|\b[A-Z][\p{Ll}]+\s+(?:["“][A-Z][\p{Ll}]+["”]|['‘’][A-Z][\p{Ll}]+['’])\s+[A-Z][\p{Ll}'’-]+"#,
    )
    .expect("nickname compiles")
});

/// A capitalised word right before an age: "Chidinma 19 y/o", "Kwame, 45M".
static BEFORE_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<w>[A-Z][\p{Ll}]{2,})(?:,\s*|\s+)\d{1,3}\s*(?:y/?o\b|yrs?\b|years?\s+old|[MF]\b)",
    )
    .expect("before age compiles")
});

/// Two capitalised words set off by commas or brackets: "Pt with HbSS, Abdullahi Musa, from…".
static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[,(]\s*)(?P<n>[A-Z][\p{Ll}'’]+\s+[A-Z][\p{Ll}'’-]+)\s*[,)]")
        .expect("appositive compiles")
});

/// Honorifics that narrow a person down ("Chief", "Lady", "Baby") go with the name after them.
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\bChief|\bLady|\bLord|\bBaby|\bCharge\s+Nurse|\bbaby)\s+$")
        .expect("honorific compiles")
});

/// "baby Maguire": a surname after "baby" is the family's.
static BABY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Bb]aby\s+(?P<s>[A-Z][\p{Ll}'’-]+)\b").expect("baby compiles"));

/// A facility or place after "at", "@", "via", "from", "in" or "near": "at Alder Hey", "@ Whipps
/// Cross", "via UNTH", "at CHU Sainte-Justine", "from Waikato". Acronyms count only after "at",
/// "@" or "via" and when they end like a hospital's ("…H", "…TH"). Each word ends at a word
/// boundary: "at CrCl 40" is a lab value, not a place called "Cr".
static FACILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<cue>\b(?:at|via|from|in|near)|@)\s+(?P<p>(?:[A-Z]{2,4}\s+)?[A-Z]\p{Ll}+(?:['’]\p{Ll}*)?\b(?:-[A-Z]\p{Ll}+\b)?(?:\s+[A-Z]\p{Ll}+(?:['’]\p{Ll}*)?\b){0,2}|[A-Z]{1,4}H\b)(?P<end>\s*(?:[.?!,;:)]|$))?",
    )
    .expect("facility compiles")
});

/// Hormones and findings written like hospital acronyms.
const NOT_FACILITIES: [&str; 16] = [
    "ACTH", "ADH", "BPH", "FSH", "GH", "LDH", "LH", "LVH", "PPH", "PTH", "RVH", "SAH", "TSH",
    "IIH", "PNH", "NASH",
];

/// A named ward: "Nightingale Ward", "Seacole ward".
static WARD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][\p{Ll}]+\s+[Ww]ard\b").expect("ward compiles"));

/// A five-digit number standing alone: a ZIP code when a town or a name is beside it.
static FIVE_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{5}(?:-\d{4})?\b").expect("five digits compiles"));

/// The capitalised word just before a number: "Hialeah 33012", "Brooklyn, 11215".
static WORD_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<w>[A-Z][\p{Ll}]+|\]),?\s+$").expect("word before compiles"));

/// What makes a five-digit number a count: "15000 cells", "12000/µL".
static COUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:/|%|x\b|cells|copies|iu|units?|mg|mcg|ml|µ|u/|per\b|\.\d)")
        .expect("count after compiles")
});

/// A four-digit postcode (Australia, New Zealand, much of Europe) written beside its town: "Rotorua
/// 3010", "3010 (Rotorua)". Years are not postcodes.
static FOUR_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4}\b").expect("four digits compiles"));

/// An Indian PIN code: six digits, the first not 0, sometimes written 3 + 3.
static SIX_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[1-9]\d{2}\s?\d{3}\b").expect("six digits compiles"));

/// "tomorrow 11/02": a day and month right after a word that names a day.
static DAY_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:tomorrow|today|tonight|yesterday)\s+(?P<d>[0-3]?\d/[01]?\d)\b(?:/\d)?")
        .expect("day named compiles")
});

/// Plot and sector addresses: "Plot 14, Sector 21", "Flat 3, Block B".
static PLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Plot|Sector|Flat)\s+\d+[A-Z]?(?:,\s*(?:Plot|Sector|Block|Flat)\s+(?:\d+[A-Z]?|[A-Z])\b)*")
        .expect("plot compiles")
});

/// "IP/2024/88731", "MRN-2023/0042": letters, a year, a serial.
static SLASHED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{1,6}[/-](?:19|20)\d{2}[/-]\d{3,}\b").expect("slashed id compiles")
});

/// Names, places, ZIP codes and IDs found by shape; `found` is what other detectors proposed,
/// for the ZIP rule to see the names and towns beside a number.
pub(super) fn find(text: &str, found: &[Candidate]) -> Vec<Candidate> {
    let mut out = Vec::new();
    names(text, &mut out);
    places(text, &mut out);
    for m in FIVE_DIGITS.find_iter(text) {
        if COUNT_AFTER.is_match(window_after(text, m.end(), 8)) {
            continue;
        }
        let before = window_before(text, m.start(), 40);
        let Some(w) = WORD_BEFORE.captures(before).and_then(|c| c.name("w")) else {
            continue;
        };
        let w_start = m.start() - before.len() + w.start();
        let beside_identifier = found
            .iter()
            .any(|c| c.end == m.start() - before.len() + w.end() && c.start <= w_start);
        let town = w.as_str() != "]" && !known_beside_places(w.as_str());
        if beside_identifier || town {
            out.push(Candidate::new(Identifier::Zip, m.start(), m.end()).by("ZIP beside a town"));
            if town && !beside_identifier {
                let end = m.start() - before.len() + w.end();
                out.push(Candidate::new(Identifier::Place, w_start, end).by("town before a ZIP"));
            }
        }
    }
    // "Bengaluru 560034", "Pune 411 001": an Indian PIN code right after a town found already.
    for m in SIX_DIGITS.find_iter(text) {
        let place_before = found.iter().any(|c| {
            c.kind == Identifier::Place && c.end + 1 == m.start() && text[c.end..].starts_with(' ')
        });
        if place_before && !COUNT_AFTER.is_match(window_after(text, m.end(), 8)) {
            out.push(Candidate::new(Identifier::Zip, m.start(), m.end()).by("PIN beside a town"));
        }
    }
    for m in FOUR_DIGITS.find_iter(text) {
        let year = m.as_str().starts_with("19") || m.as_str().starts_with("20");
        let place_after = text[m.end()..]
            .strip_prefix(" (")
            .map(|_| m.end() + 2)
            .is_some_and(|at| {
                found
                    .iter()
                    .any(|c| c.kind == Identifier::Place && c.start == at)
            });
        let place_before = found.iter().any(|c| {
            c.kind == Identifier::Place && c.end + 1 == m.start() && text[c.end..].starts_with(' ')
        });
        // "Ōtāhuhu (1062)": a postcode in brackets after a town or a name.
        let bracketed = text[m.end()..].starts_with(')')
            && found.iter().chain(out.iter()).any(|c| {
                matches!(c.kind, Identifier::Place | Identifier::Name)
                    && c.end + 2 == m.start()
                    && text[c.end..].starts_with(" (")
            });
        if !year && (place_after || place_before || bracketed) {
            out.push(
                Candidate::new(Identifier::Zip, m.start(), m.end()).by("postcode beside a town"),
            );
        }
    }
    for caps in DAY_NAMED.captures_iter(text) {
        let whole = caps.get(0).expect("whole match");
        let d = caps.name("d").expect("day");
        if whole.end() == d.end() {
            out.push(
                Candidate::new(Identifier::Date, d.start(), d.end()).by("date after a day word"),
            );
        }
    }
    for m in PLOT.find_iter(text) {
        out.push(Candidate::new(Identifier::Address, m.start(), m.end()).by("plot address"));
    }
    for m in SLASHED_ID.find_iter(text) {
        out.push(Candidate::new(Identifier::Id, m.start(), m.end()).by("slashed registration"));
    }
    out
}

/// Widens each accepted name over an honorific just before it ("Chief [NAME]" → "[NAME]"), unless
/// another span already holds that text.
pub(super) fn with_honorifics(text: &str, accepted: &mut [Candidate]) {
    let mut previous_end = 0;
    for span in accepted.iter_mut() {
        if span.kind == Identifier::Name {
            let before = window_before(text, span.start, 16);
            if let Some(h) = HONORIFIC.find(before) {
                let start = span.start - before.len() + h.start();
                if start >= previous_end {
                    span.start = start;
                }
            }
        }
        previous_end = span.end;
    }
}

fn names(text: &str, out: &mut Vec<Candidate>) {
    let name = |start: usize, end: usize, rule: &'static str| {
        Candidate::new(Identifier::Name, start, end).by(rule)
    };
    for caps in PARTICLE_NAME.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        let start = match caps.name("given") {
            Some(g) if known_word(g.as_str()) => m.start() + g.len(),
            _ => m.start(),
        };
        let start = start + text[start..m.end()].len() - text[start..m.end()].trim_start().len();
        out.push(name(start, m.end(), "surname particle"));
    }
    for m in MARKED_WORD.find_iter(text) {
        let mut start = m.start();
        let first = m.as_str().split_whitespace().next().unwrap_or_default();
        let last = m.as_str().split_whitespace().last().unwrap_or_default();
        if known_word(last) {
            continue;
        }
        if m.as_str().contains(char::is_whitespace) && known_word(first) {
            start += first.len();
            start += text[start..m.end()].len() - text[start..m.end()].trim_start().len();
        }
        out.push(name(start, m.end(), "macron or dotted letter"));
    }
    for m in WORD_PAIR.find_iter(text) {
        let maori = m.as_str().split_whitespace().all(|w| {
            MAORI_SHAPE.is_match(&w.to_lowercase())
                && !known_word(w)
                && !GAZETTEER.is_place(&key(w))
        });
        if maori {
            out.push(name(m.start(), m.end(), "Māori syllables"));
        }
    }
    for caps in HYPHEN_GIVEN.captures_iter(text) {
        let (a, b, s) = (&caps["a"], &caps["b"], &caps["s"]);
        let is_given = |w: &str| LEXICON.is_given(&key(w)) || GAZETTEER.given(&key(w)).is_some();
        let is_surname =
            |w: &str| LEXICON.is_surname(&key(w)) || GAZETTEER.surname(&key(w)).is_some();
        let given = b.starts_with(char::is_uppercase) && (is_given(a) || is_given(b));
        let lower_given = b.starts_with(char::is_lowercase) && is_surname(s);
        if (given && (!known_word(s) || is_surname(s))) || lower_given {
            let m = caps.get(0).expect("whole match");
            out.push(name(m.start(), m.end(), "hyphenated given name"));
        }
    }
    for m in NICKNAME.find_iter(text) {
        if !known_word(m.as_str().split_whitespace().next().unwrap_or_default()) {
            out.push(name(m.start(), m.end(), "nickname"));
        }
    }
    for caps in BEFORE_AGE.captures_iter(text) {
        let w = caps.name("w").expect("word");
        if !known_word(w.as_str()) && !GAZETTEER.is_place(&key(w.as_str())) {
            out.push(name(w.start(), w.end(), "word before an age"));
        }
    }
    for caps in APPOSITIVE.captures_iter(text) {
        let n = caps.name("n").expect("pair");
        let words: Vec<&str> = n.as_str().split_whitespace().collect();
        let unknown = words
            .iter()
            .all(|w| !known_word(w) && !GAZETTEER.is_place(&key(w)));
        let named = words.iter().any(|w| {
            LEXICON.is_any_name(&key(w))
                || GAZETTEER.given(&key(w)).is_some()
                || GAZETTEER.surname(&key(w)).is_some()
        });
        if unknown && named {
            out.push(name(n.start(), n.end(), "name set off by commas"));
        }
    }
    for caps in BABY.captures_iter(text) {
        let s = caps.name("s").expect("surname");
        if !known_word(s.as_str()) {
            out.push(name(s.start(), s.end(), "baby's surname"));
        }
    }
}

fn places(text: &str, out: &mut Vec<Candidate>) {
    for caps in FACILITY.captures_iter(text) {
        let (cue, p) = (&caps["cue"], caps.name("p").expect("place"));
        let words: Vec<&str> = p.as_str().split_whitespace().collect();
        let acronym = words.len() == 1 && words[0].chars().all(|c| c.is_ascii_uppercase());
        if acronym && (NOT_FACILITIES.contains(&words[0]) || !matches!(cue, "at" | "via" | "@")) {
            continue;
        }
        let noun = words.iter().any(|w| LEXICON.is_eponym_noun(&key(w)));
        // A run of two or more capitalised words ending a clause is a name of somewhere ("at
        // Alder Hey."); otherwise keep only the leading unknown words ("at Korle Bu on…", not
        // "at Glasgow Coma…").
        let end = if words.len() >= 2 && caps.name("end").is_some() && !noun {
            p.end()
        } else {
            let mut end = p.start();
            for word in &words {
                if !acronym && (known_word(word) || GAZETTEER.is_place(&key(word))) {
                    break;
                }
                end = text[end..].find(word).map_or(end, |i| end + i) + word.len();
            }
            end
        };
        if end > p.start() && !(acronym && known_word(words[0])) {
            out.push(Candidate::new(Identifier::Place, p.start(), end).by("facility after at/via"));
        }
    }
    for m in WARD.find_iter(text) {
        let word = m.as_str().split_whitespace().next().unwrap_or_default();
        if !known_beside_places(word) {
            out.push(Candidate::new(Identifier::Place, m.start(), m.end()).by("named ward"));
        }
    }
}

#[cfg(test)]
mod tests;
