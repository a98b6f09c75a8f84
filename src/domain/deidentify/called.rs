//! Names a note says are names: what follows "surname", "goes by", "call me", "real name",
//! "pronounced", "that's" or "she's" ("surname Okonjo", "goes by Tex", "just call me Bud"), a
//! term of respect or kinship after a name or before it as part of how the person is called
//! ("Gupta ji", "Rana sahab", "Sato-san", "Nna Obi", "Bu Sari", "meneer Visser"), abbreviated
//! given names ("Thos. Hardcastle", "Mohd. Rafi"), a self-introduction ("Ngozi here"), initials a
//! bracket calls initials, a nickname in quotes or brackets between a given name and a surname,
//! a lower-case name after a lower-case title ("dr ferreira-lund"), "SURNAME Given" without
//! the EHR's comma, and a name set off before an age ("Oleksandr, 31.").

use std::sync::LazyLock;

use regex::Regex;

use super::asides::{listed_given, listed_name, never_a_name, unknown};
use super::gazetteer::GAZETTEER;
use super::lexicon::{key, LEXICON};
use super::{Candidate, Identifier};

/// One capitalised word of a name, with hyphens and apostrophes.
const WORD: &str = r"[\p{Lu}][\p{L}'’-]*[\p{L}]";

/// What says the next words are a person's name.
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?i:\b(?:(?:sur|first|given|family|last|middle|nick|real|maiden|full|christian)\s*name(?:\s+is|\s+was)?
          |surname(?:\s+is|\s+was)?|goes\s+by|known\s+as|call\s+me|calls?\s+(?:her|him|them)(?:self|selves)
          |refers?\s+to\s+(?:her|him|them)(?:self|selves)\s+as|pronounced|a\.?k\.?a\.?))
        \s*[:=]?\s*['‘’\x22“(]?\s*
        (?P<n>{WORD}(?:\s+{WORD}){{0,3}}(?:\s+(?:Jr|Sr|II|III|IV)\b\.?)?)"
    ))
    .expect("stated name compiles")
});

/// "that's Chidi.", "she's Ife, 29": a word no list knows, or a listed given name, after "that's"
/// or "she's"/"he's".
static THATS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?i:that['’]?s|thats|she['’]s|he['’]s|this\s+is|it['’]s)\s+(?P<n>{WORD})(?P<next>\s*(?:[,.;)!?]|$))"
    ))
    .expect("thats compiles")
});

/// A term of respect after a name, in South Asian, Japanese and Korean use: the name and the term.
static RESPECT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<n>{WORD})(?:\s+|-)(?:ji|jee|sahab|sahib|saheb|saab|bhai|bhaiya|didi|behen|bhabhi|amma|appa|akka|anna|chechi|chetta|san|sama|kun|chan|sensei|ssi|nim)\b"
    ))
    .expect("respect after compiles")
});

/// Terms of respect and kinship that are part of how a person is called, before the name:
/// Igbo, Indonesian and Malay, Fijian, Dutch, Scandinavian, Greek, Spanish and Portuguese,
/// French, Arabic, South Asian and English ones.
static RESPECT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:Nne|Nna|Dede|Pak|Bu|Ibu|Bapak|Mbak|Mas|Cik|Encik|Puan|Datuk|Ratu|Adi|[Mm]eneer|[Mm]evrouw|[Mm]evr\.|[Dd]hr\.|Hr\.|Fru|[Kk]yria|[Kk]yrios|[Kk]yrie|Sra\.?|Srta\.?|Sr\.|Sig\.|Sig\.ra|M\.|Mme\.?|Hajja|Hajji|Haji|Hajiya|Umm|Abu|Ammi|Abba|Dadi|Nani|Dada|Nana|Chacha|Mamu|Uncle|Aunty|Auntie|Granny|Grandma|Grandpa|Nonna|Nonno|Oma|Opa|Babcia|Dziadek|Babushka|Dedushka)\s+(?P<n>(?:(?i:de|van|von|der|den|di|da|le|la|du|del)\s+)*{WORD})"
    ))
    .expect("respect before compiles")
});

/// Given names written short with a full stop, as registers and older notes do.
static ABBREVIATED_GIVEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?:Wm|Chas|Thos|Jas|Geo|Robt|Edw|Benj|Saml|Richd|Jno|Mohd|Muhd|Mhd|Md|Fco|Ma|Mª|Jos)\.|Mª)\s*(?P<n>{WORD}(?:\s+{WORD}){{0,2}})"
    ))
    .expect("abbreviated given compiles")
});

/// "Ngozi here (GP)", "hi all, Tomasz here": a writer introducing themselves.
static HERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[,.!:]\s*|\b(?i:hi|hey|hello)\b[^.\n]{{0,12}}?\s)(?P<n>{WORD}(?:\s+{WORD})?)\s+here\b"
    ))
    .expect("here compiles")
});

/// Initials a bracket calls initials: "TK (initials only)".
static INITIALS_SAID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<n>[A-Z]{2,3}|(?:[A-Z]\.){2,3})\s*\(\s*(?i:initials?)\b")
        .expect("initials said compiles")
});

/// "Chinonso ('Chi') Eze", "Bartholomew (Bart) Quill": a nickname between two parts of a name.
static NICKNAME_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<a>{WORD})\s+\(\s*['‘’\x22“]?(?P<b>{WORD})['‘’\x22”]?\s*\)\s+(?P<c>{WORD})"
    ))
    .expect("nickname between compiles")
});

/// A lower-case name after a lower-case title: "dr ferreira-lund", "dr f-l".
static LOWER_AFTER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:dr|mr|mrs|ms|prof|sr)\.?\s+(?P<n>[a-z][a-z'’]*(?:-[a-z][a-z'’]*)+|[a-z][a-z'’]{2,})\b")
        .expect("lower after title compiles")
});

/// "OKAFOR Chidi", "PARK Min-jun": a listed surname in capitals, then a given name.
static SURNAME_CAPITALS_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<s>[A-Z]{2,}(?:-[A-Z]{2,})?)\s+(?P<g>[A-Z][a-z]+(?:-[a-z]+)?)\b")
        .expect("surname capitals first compiles")
});

/// "Oleksandr, 31." : a word set off before an age that ends the clause.
static BEFORE_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[.:;!?,]\s+|\s[-–—]\s+)(?P<n>{WORD}(?:\s[A-Z]\b)?),\s*\d{{1,2}}\s*(?:[.;,)]|$)"
    ))
    .expect("before age compiles")
});

fn name(start: usize, end: usize, rule: &'static str) -> Candidate {
    Candidate::new(Identifier::Name, start, end).by(rule)
}

/// A word that could be a person's name here: a name a list holds that is no common word, or a
/// word no list knows.
fn person_word(word: &str) -> bool {
    let k = key(word);
    !never_a_name(word)
        && !GAZETTEER.regions.contains(&k)
        && (unknown(word) || (listed_name(word) && !GAZETTEER.keeps(&k)))
}

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for caps in STATED.captures_iter(text) {
        let n = caps.name("n").expect("name");
        let first = n.as_str().split_whitespace().next().unwrap_or_default();
        if !LEXICON.is_stopword(&key(first)) {
            found.push(name(n.start(), n.end(), "a name the note says is a name"));
        }
    }
    for caps in THATS.captures_iter(text) {
        let n = caps.name("n").expect("name");
        if person_word(n.as_str()) && !GAZETTEER.is_place(&key(n.as_str())) {
            found.push(name(n.start(), n.end(), "that's or she's, then a name"));
        }
    }
    for caps in RESPECT_AFTER.captures_iter(text) {
        let (n, whole) = (caps.name("n").expect("name"), caps.get(0).expect("whole"));
        if !never_a_name(n.as_str()) {
            found.push(name(
                whole.start(),
                whole.end(),
                "name, then a term of respect",
            ));
        }
    }
    for caps in RESPECT_BEFORE.captures_iter(text) {
        let (n, whole) = (caps.name("n").expect("name"), caps.get(0).expect("whole"));
        let k = key(whole.as_str());
        if !never_a_name(n.as_str()) && !GAZETTEER.is_place(&k) && !GAZETTEER.regions.contains(&k) {
            found.push(name(
                whole.start(),
                whole.end(),
                "term of respect, then a name",
            ));
        }
    }
    for m in ABBREVIATED_GIVEN.find_iter(text) {
        found.push(name(m.start(), m.end(), "abbreviated given name"));
    }
    for caps in HERE.captures_iter(text) {
        let n = caps.name("n").expect("name");
        if n.as_str().split_whitespace().all(person_word) {
            found.push(name(n.start(), n.end(), "writer introducing themselves"));
        }
    }
    for caps in INITIALS_SAID.captures_iter(text) {
        let n = caps.name("n").expect("initials");
        found.push(name(
            n.start(),
            n.end(),
            "initials a bracket calls initials",
        ));
    }
    for caps in NICKNAME_BETWEEN.captures_iter(text) {
        let (a, c) = (&caps["a"], &caps["c"]);
        if (listed_given(a) || unknown(a)) && !never_a_name(a) && person_word(c) {
            let whole = caps.get(0).expect("whole");
            found.push(name(
                whole.start(),
                whole.end(),
                "nickname between given name and surname",
            ));
        }
    }
    for caps in LOWER_AFTER_TITLE.captures_iter(text) {
        let n = caps.name("n").expect("name");
        let w = n.as_str();
        let hyphenated = w.contains('-') && !w.split('-').all(|p| english_word(p) && p.len() > 2);
        if hyphenated || (listed_name(w) && !english_word(w) && !never_a_name(w)) {
            found.push(name(n.start(), n.end(), "lower-case name after a title"));
        }
    }
    for caps in SURNAME_CAPITALS_FIRST.captures_iter(text) {
        let (s, g) = (&caps["s"], &caps["g"]);
        let surname = GAZETTEER.surname(&key(s)).is_some() || LEXICON.is_surname(&key(s));
        let hyphenated = g.contains('-') && g.split('-').all(|p| !english_word(p));
        let given =
            ((listed_given(g) || unknown(g)) && !GAZETTEER.keeps(&key(g)) && !english_word(g))
                || hyphenated;
        if surname
            && given
            && !never_a_name(s)
            && !never_a_name(g)
            && (!english_word(s) || hyphenated)
        {
            let whole = caps.get(0).expect("whole");
            found.push(name(whole.start(), whole.end(), "SURNAME then given name"));
        }
    }
    for caps in BEFORE_AGE.captures_iter(text) {
        let n = caps.name("n").expect("name");
        let first = n.as_str().split_whitespace().next().unwrap_or_default();
        if person_word(first) && !GAZETTEER.is_place(&key(first)) {
            found.push(name(n.start(), n.end(), "name set off before an age"));
        }
    }
}

fn english_word(word: &str) -> bool {
    super::english::is_word(&key(word))
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::tests::check;

    #[test]
    fn names_the_note_says_are_names_go() {
        check(
            "the boy's surname is Okonjo-Bright; first name Tunde",
            &["Okonjo", "Tunde"],
            &["the boy's surname"],
        );
        check(
            "he goes by Tex, on lisinopril 10 mg",
            &["Tex"],
            &["lisinopril 10 mg"],
        );
        check(
            "'just call me Bud' he says. HbA1c 71",
            &["Bud"],
            &["HbA1c 71"],
        );
        check(
            "real name Horace Algernon Pike Jr. Creat 180",
            &["Horace", "Algernon", "Pike", "Jr"],
            &["Creat 180"],
        );
        check(
            "Featherstone (pronounced 'Fenton') on digoxin",
            &["Fenton"],
            &["digoxin"],
        );
        check(
            "seen her? that's Chidiebube. Na 128",
            &["Chidiebube"],
            &["Na 128"],
        );
    }

    #[test]
    fn terms_of_respect_and_short_given_names_go_with_the_name() {
        check(
            "Gupta ji has gout, on allopurinol",
            &["Gupta"],
            &["gout", "allopurinol"],
        );
        check("Rana sahab, 70, retention", &["Rana"], &["retention"]);
        check("Sato-san fell at home", &["Sato"], &["fell at home"]);
        check(
            "Nna Obiora has sickle cell",
            &["Nna Obiora"],
            &["sickle cell"],
        );
        check("Bu Sari, 45, dengue", &["Sari"], &["dengue"]);
        check("meneer Visser, delier", &["Visser"], &["delier"]);
        check(
            "Thos. Hardcastle, on warfarin",
            &["Hardcastle", "Thos."],
            &["warfarin"],
        );
        check(
            "Mohd. Rafiq Ansari, 50, STEMI",
            &["Rafiq", "Ansari"],
            &["STEMI"],
        );
        check(
            "hi all, Ngozi here (GP). Quick one on PCOS",
            &["Ngozi"],
            &["PCOS"],
        );
    }

    #[test]
    fn initials_nicknames_and_lower_case_names_go() {
        check("TK (initials only) has a STEMI", &["TK"], &["STEMI"]);
        check(
            "Chinonso ('Chi') Eze-Nwosu stopped Keppra",
            &["Chinonso", "Chi", "Eze-Nwosu"],
            &["Keppra"],
        );
        check(
            "seen by dr ferreira-lund today; dr f-l said",
            &["ferreira", "f-l"],
            &["today"],
        );
        check(
            "OKAFOR Chidi - 60M - on apixaban",
            &["OKAFOR", "Chidi"],
            &["apixaban"],
        );
        check(
            "Blast injury. Oleksandr, 31. Amputate?",
            &["Oleksandr"],
            &["Blast injury"],
        );
    }

    #[test]
    fn words_that_only_look_framed_stay() {
        check("that's Crohn's, surely", &[], &["Crohn's"]);
        check("she's Muslim, fasting", &[], &["Muslim"]);
        check(
            "ECG Shows AF; CURB-65 score 2",
            &[],
            &["ECG Shows AF", "CURB-65 score 2"],
        );
        check("Sepsis, 24. Fluids?", &[], &["Sepsis"]);
    }
}
