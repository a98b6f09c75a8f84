//! Ages over 89 written the way the rest of the world writes them: in any script's digits
//! ("٩٣ سنة", "৯৪ বছর", "९३ वर्ष"), with the word for years in many languages ("94 lata", "95
//! anys", "93 роки", "96 J.", "93 tuổi", "92 வயது"), in Chinese numerals ("九十四岁"), a bare
//! number set off in a note about someone ("(Bram), 93, from…", "— 95,"), stated with "is"
//! in other languages or before "this spring" or "on Tuesday", asked about ("surgery at 94?"),
//! and a birth year that makes someone over 89 ("ur. 1931", "born 1350 AH").

use std::sync::LazyLock;

use regex::Regex;

use super::super::{window_after, window_before, Candidate, Identifier};
use super::{MEASUREMENT_AFTER, OVER_89, VITALS_BEFORE};

/// The word for "years (old)" after a number, in many languages and scripts.
static YEARS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:^|[^\p{Nd}.,/])(?P<n>\p{Nd}{2,3})\s*-?\s*(?:
            (?i:años|anos|anys|anni|ani|let|lat|lata|roky|rokov|roků|років|роки|лет|года|год|г\.
               |godina|godine|jahre?|j\.|jährig|jarig|jaar|års?|vuotta|vuotias|éves|urte|urteko
               |yaş|yaşında|tahun|thn|tuổi|saal|sala|metų|gadi|aastat|vjeç|години|vite|ετών|χρονών|ára)
          | \s(?i:th)\b\.?
          | ปี|岁|歲|歳|세|살|साल|वर्ष|বছর|வயது|വയസ്|ವರ್ಷ|సంవత్సర|ਸਾਲ|વર્ષ|ବର୍ଷ|سال|ساله|سنة|سنه|عام|کلن|ዓመት|տարեկան|წლის|настай|שנים
        )(?:$|[^\p{L}\p{M}]|[\p{Han}\p{Hangul}\p{Thai}])",
    )
    .expect("years word compiles")
});

/// "九十四岁", "百一歳": an age over 89 in Chinese or Japanese numerals.
static HAN_NUMERALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:九十[一二三四五六七八九]?|一?百[零一二三四五六七八九十]*)[岁歲歳才]")
        .expect("han numerals compile")
});

/// A number standing alone between commas, brackets or dashes, in any script's digits.
static SET_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[,،(:)]|\s[-–—])\s*(?P<n>\p{Nd}{2,3})\s*(?:[,،;)]|\s[-–—]|\s*$)")
        .expect("set off compiles")
});

/// "is 95, lives…", "er 94 -", "is 98 according to": a stated age in English or a Nordic,
/// German, French or Spanish "is".
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:is|er|ist|est|es|är|jest)\s+(?P<n>{OVER_89})(?:\s*[,;]|\s[-–—]|\s+(?:according|per|by|going\s+on))"
    ))
    .expect("stated compiles")
});

/// "96 this spring", "100 next month", "90 on Tuesday": an age someone is about to reach.
static COMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<n>{OVER_89})\s+(?:(?:this|next)\s+(?:spring|summer|autumn|fall|winter|year|month|week|birthday)|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    ))
    .expect("coming compiles")
});

/// "Burr hole at 94?", "Trombectomía a los 93?": a treatment asked about at an age.
static ASKED_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:at|a\s+los|à|mit|con|aos)\s+(?P<n>{OVER_89})\s*\?"
    ))
    .expect("asked at compiles")
});

/// A birth year that makes someone over 89: Gregorian before 1937, Hijri before 1356.
static BIRTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:born|b\.|ur\.|urodzon[ya]|geb\.|geboren|n[ée]e?\s+en|nacid[oa]\s+en|nascid[oa]\s+em|yob|year\s+of\s+birth|birth\s+year|род\.|рожд\.)\s*(?:in\s+)?(?P<n>1[89]\d\d)\b|\b(?P<h>1[23]\d\d)\s*(?:AH|A\.H\.|هـ)",
    )
    .expect("birth year compiles")
});

/// A person or a kin word shortly before: the number set off after it is about them.
static PERSON_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:man|woman|lady|boy|girl|elder|patient|pt|grand\w*|gran|granny|nan|nana|nani|dadi|hajur\w*|abuel\w*|nonn\w|oma|opa|babcia|dziadek|kuia|koro|aunty|auntie|uncle)|\))\s*$")
        .expect("person before compiles")
});

/// The value of a run of decimal digits in any script.
fn value(digits: &str) -> Option<u32> {
    digits.chars().try_fold(0u32, |acc, c| {
        let d = digit(c)?;
        Some(acc * 10 + d)
    })
}

fn digit(c: char) -> Option<u32> {
    const ZEROS: [u32; 20] = [
        0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10,
    ];
    let code = c as u32;
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .map(|zero| code - zero)
}

fn over_89(digits: &str) -> bool {
    value(digits).is_some_and(|v| (90..130).contains(&v))
}

fn age(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Age, start, end).by(rule)
}

fn reading(text: &str, start: usize, end: usize) -> bool {
    MEASUREMENT_AFTER.is_match(window_after(text, end, 8))
        || VITALS_BEFORE.is_match(window_before(text, start, 16))
}

/// Ages in other languages and scripts; `seen` holds the names and places found so far, which
/// say a bare number set off after them is about a person.
pub(super) fn find(text: &str, seen: &[Candidate], found: &mut Vec<Candidate>) {
    for caps in YEARS_WORD.captures_iter(text) {
        let n = caps.name("n").expect("number");
        if over_89(n.as_str()) && !VITALS_BEFORE.is_match(window_before(text, n.start(), 16)) {
            found.push(age(n.start(), n.end(), "age with a word for years"));
        }
    }
    for m in HAN_NUMERALS.find_iter(text) {
        found.push(age(m.start(), m.end(), "age in Han numerals"));
    }
    for caps in SET_OFF.captures_iter(text) {
        let (n, whole) = (caps.name("n").expect("number"), caps.get(0).expect("whole"));
        if !over_89(n.as_str()) || reading(text, n.start(), n.end()) {
            continue;
        }
        let native = !n.as_str().chars().all(|c| c.is_ascii_digit());
        // "sats 88, 92" continues a list of values; a postcode or record number before does not.
        let digits_before = window_before(text, whole.start(), 8)
            .trim_end()
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        let about_someone = seen
            .iter()
            .any(|c| c.end <= whole.start() && whole.start() - c.end <= 80)
            || PERSON_BEFORE.is_match(window_before(text, whole.start(), 40));
        if native || (about_someone && !(1..=3).contains(&digits_before)) {
            found.push(age(
                n.start(),
                n.end(),
                "age set off in a note about someone",
            ));
        }
    }
    for caps in STATED.captures_iter(text) {
        let n = caps.name("n").expect("number");
        let before = window_before(text, n.start(), 60);
        let about_someone = before.contains(')')
            || seen
                .iter()
                .any(|c| c.end <= n.start() && n.start() - c.end <= 60);
        if about_someone && !reading(text, n.start(), n.end()) {
            found.push(age(n.start(), n.end(), "age stated with is"));
        }
    }
    for pattern in [&*COMING, &*ASKED_AT] {
        for caps in pattern.captures_iter(text) {
            let n = caps.name("n").expect("number");
            if !reading(text, n.start(), n.end()) {
                found.push(age(n.start(), n.end(), "age reached or asked about"));
            }
        }
    }
    for caps in BIRTH_YEAR.captures_iter(text) {
        if let Some(n) = caps.name("n").filter(|n| value(n.as_str()) < Some(1937)) {
            found.push(age(n.start(), n.end(), "birth year over 89"));
        }
        if let Some(h) = caps.name("h").filter(|h| value(h.as_str()) < Some(1356)) {
            found.push(age(h.start(), h.end(), "Hijri birth year over 89"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn ages_with_a_word_for_years_in_any_script_go() {
        check("pani Zofia, 97 lat, upadek", &["97"], &["upadek"]);
        check("Sr. Tomàs, 91 anys, caiguda", &["91"], &["caiguda"]);
        check("дідусь, 99 років, інсульт", &["99"], &["інсульт"]);
        check("مريضة ٩٦ سنة، سكري", &["٩٦"], &["سكري"]);
        check("रोगी ९२ वर्ष, मधुमेह", &["९२"], &["मधुमेह"]);
        check("cụ ông 95 tuổi, viêm phổi", &["95"], &["viêm phổi"]);
        check("老先生九十七岁, 肺炎", &["九十七岁"], &["肺炎"]);
        check("Herr K., 98 J., Sturz", &["98"], &["Sturz"]);
    }

    #[test]
    fn bare_ages_set_off_in_a_note_about_someone_go() {
        check(
            "Old lady (Marguerite), 96, on the bus",
            &["96"],
            &["on the bus"],
        );
        check("farmer from Tromsø — 94, CAP", &["94"], &["CAP"]);
        check("Nani (Sushila) ৯২, ঢাকা", &["৯২"], &[]);
        check(
            "Mr Oduya (my neighbour's dad) is 97, lives alone",
            &["97"],
            &["lives alone"],
        );
        check("Gunnar in Bergen er 93 - AF", &["93"], &["AF"]);
        check("she'll be 101 next month, CKD", &["101"], &["CKD"]);
        check(
            "Hip replacement at 96? frail",
            &["96"],
            &["Hip replacement"],
        );
        check("ur. 1929, zapalenie płuc", &["1929"], &["zapalenie płuc"]);
        check("born 1348 AH per his passport", &["1348"], &["passport"]);
    }

    #[test]
    fn readings_lists_and_younger_ages_stay() {
        check("sats 88, 92, 95 on 2L", &[], &["88, 92, 95"]);
        check("HR is 98, BP 120/80", &[], &["HR is 98"]);
        check("pulse at 96? too fast", &[], &["pulse at 96"]);
        check("Hb 68, 91 after 2 units", &[], &["91 after 2 units"]);
        check("Joanna, 45 lat, 12 roky", &[], &["45 lat", "12 roky"]);
        check("ur. 1962, zawał w 2020", &[], &["1962"]);
    }
}
