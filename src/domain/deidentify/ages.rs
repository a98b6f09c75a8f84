//! Ages over 89, which Safe Harbor requires to be hidden (younger ages may stay).
//!
//! Only the number is replaced, so "a 92-year-old woman" reads "a [AGE]-year-old woman". A bare
//! number counts as an age only where the sentence says so: right after a person's name ("Ivan
//! Petrov (91)", "Agnes is 104"), after "he's"/"she's", "aged" or "turned", or after "man,".

use std::sync::LazyLock;

use regex::Regex;

use super::{window_after, window_before, Candidate, Identifier};

mod abroad;

/// 90 to 129.
const OVER_89: &str = r"(?:9\d|1[0-2]\d)";

static WITH_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
        \b(?P<n>{OVER_89})\+?\s*-?\s*
        (?: (?:years?|yrs?|yr|y)\.?\s*-?\s*old
          | yo\b | y/o\b | y\.o\.? | yrs?\b | years?\b(?:\s+of\s+age)?
          | y\s?[MF]\b
        )"
    ))
    .expect("age with unit compiles")
});

static AGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:aged?|ages|age:|age\s+of|turned|turning|turns|he's|she's|he\s+is|she\s+is|now|will\s+be|['’]ll\s+be|reached|reaches)\s*(?P<n>{OVER_89})\b"
    ))
    .expect("aged compiles")
});

/// "95M", "93F", "(96 M)", "92/F", "97-yo-F": age and sex, as clinicians abbreviate them.
static WITH_SEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<n>{OVER_89})\s?(?:[/-]\s?)?(?:M|F|yo\s?[/-]?\s?[MF])\b"
    ))
    .expect("age with sex compiles")
});

/// "an old man, 92," and "resident (95)": a person noun, then the number set off by punctuation.
static AFTER_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:man|woman|male|female|lady|gentleman|gent|patient|pt|resident|grandmother|grandfather|grandma|grandpa|widow|widower|wife|husband|mother|father|mum|mom|dad|sister|brother|aunt|uncle|neighbour|neighbor|friend|partner|carer|centenarian|nonagenarian|supercentenarian)\s*[,(]\s*(?P<n>{OVER_89})\s*[,)]"
    ))
    .expect("age after person compiles")
});

static IN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<n>ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)[- ](?:years?|yrs?)[- ]old\b",
    )
    .expect("age in words compiles")
});

static DECADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?\s*|late\s+)?(?P<n>90s|90's|nineties|100s)\b")
        .expect("decade compiles")
});

/// An age over 89 in words, alone: "Ninety-two and still driving", "a hundred and one".
static WORDS_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<n>ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b",
    )
    .expect("age words alone compiles")
});

/// What turns a number in words into a quantity instead of an age.
static COUNTED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s-]*(?:percent|per\b|%|mg|milligram|microgram|mcg|ml|millilit|minute|min\b|mins|second|sec\b|hour|hr|day|week|month|times|unit|beat|breath|patient|people|person|case|kg|g\b|gram|mmhg|degree|metre|meter|yard|mile|tablet|pill|dose|cc\b|years?\s+ago|of\s|thousand|million|[a-z]+s\b)")
        .expect("counted compiles")
});

/// "woman of 99", "a man of 101".
static PERSON_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:man|woman|lady|gentleman|gent|patient|resident|person|widow|widower)\s+of\s+(?P<n>{OVER_89})\b"
    ))
    .expect("person of compiles")
});

/// "early nineties", "mid-90s": the decade without "in her".
static DECADE_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:early|mid|late)[- ]?(?P<n>nineties|90s|90's)\b")
        .expect("decade alone compiles")
});

/// "F 93", "M/91", "F-97", "F, 92": sex then age, as in a bay list.
static SEX_THEN_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b[MF](?:\s|\s?[/,-]\s?)(?P<n>{OVER_89})\b"))
        .expect("sex then age compiles")
});

/// Words that say an age over 89 by themselves: "a nonagenarian", "centenarians".
static AGE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<n>(?:nonagenarian|centenarian|supercentenarian)s?)\b")
        .expect("age noun compiles")
});

/// A birthday over 89: "her 100th birthday", "his ninety-fifth birthday"; not "the 95th centile".
static BIRTHDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<n>(?:9\d|1[0-2]\d)(?:st|nd|rd|th)|ninetieth|ninety-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?:one\s+)?hundredth)\s+birthday\b")
        .expect("birthday compiles")
});

/// "(parish priest, 96)", "(runner, 97)": who someone is, then their age, in brackets.
static BRACKETED_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\(\s*\p{{L}}[\p{{L}}'’ -]{{1,30}},\s*(?P<n>{OVER_89})\s*\)"
    ))
    .expect("bracketed role compiles")
});

/// Right after a detected name: "Ivan Petrov (91)", "Moana, 92,", "Carter is 99", "Osei - 96 -",
/// "Mrs Dube who is 99".
static AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:'s|’s)?(?:\s*\([^()]{{1,30}}\))?\s*(?:,|\(|\bis\b|\bwas\b|\bwho\s+(?:is|was)\b|,\s*aged?|\(\s*aged?|\s[-–—]|\s)\s*(?:(?:about|around|nearly|almost|approx\.?|~)\s*)?(?P<n>{OVER_89})\b"
    ))
    .expect("age after name compiles")
});

/// "she's 95", "shes 95", "he is now 101", "grandmother is 95": a pronoun or a person states an
/// age, not a measurement.
static PRONOUN_IS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(?:she|he)s|(?:she|he|(?:grand)?(?:mother|father|mum|mom|dad)|gran|granny|nan|nana|grandad|grandpa|grandma|husband|wife|patient|pt|resident|man|woman|lady|gentleman|aunt|uncle|widow|widower)(?:'s|’s|\s+is|\s+was|\s+turns|\s+turned))\s+(?:(?:now|nearly|almost|about|just)\s+)?(?P<n>{OVER_89})\b"
    ))
    .expect("pronoun age compiles")
});

/// ", 92." ending a clause about a named person: a bare number over 89 set off by a comma is
/// their age unless it continues a list of values ("sats 88, 92").
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r",\s*(?:(?:about|around|nearly|almost|approx\.?|~)\s*)?(?P<n>{OVER_89})\s*(?:[,.;?!]|\s[-–—]\s|$)"
    ))
    .expect("clause age compiles")
});

/// "card holder, 96,": a word for a person just before a number set off by commas.
static PERSON_NOUN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:pt|patient|man|woman|lady|gentleman|gent|male|female|holder|veteran|resident|widow|widower|grandmother|grandfather|gran|grandad|granny|nan|mother|father|mum|dad|husband|wife|nun|priest|vicar|farmer|client)\s*$")
        .expect("person noun compiles")
});

/// "Bed 3, Aled, M94, pneumonia": sex and age run together, set off by commas or brackets.
static SEX_AGE_JOINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[,(]\s*)[MF](?P<n>{OVER_89})\s*(?:[,)]|$)"))
        .expect("sex and age joined compiles")
});

/// A correction that restates an age: "no wait 91", "no, exact: 95", "well 96 exactly".
static CORRECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:no,?\s+wait,?|wait,?|exact(?:ly)?\s*:|correction\s*:?|sorry,?|i\s+mean|well,?)\s+(?P<n>{OVER_89})\b|\b(?P<m>{OVER_89})\s+exactly\b"
    ))
    .expect("correction compiles")
});

/// What says a text is about someone's age: "years", "very old", "90+".
static AGE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:years?|yrs?|old|elderly|aged?)\b|\b9\d\+").expect("age hint compiles")
});

/// A dash set off by spaces after a number in words: "Hamish - ninety-one - lives alone" ends the
/// phrase there, so what follows does not count the number.
static DASH_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+[-–—]\s").expect("dash after compiles"));

/// A date of birth in the text: a bare number over 89 beside it is likely the age it implies.
static BIRTH_MENTIONED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:dob|d\.o\.b|date\s+of\s+birth|born)\b").expect("birth compiles")
});

/// "so technically 94", "why does it say 95?": a number after a word that states, not measures.
static BARE_AFTER_DOB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:technically|say|says|said|makes?|making|so|actually|basically|really|means|meaning|be|being|is|she's|he's|turns?|turning|turned|nearly|almost|over|just|no,?|maybe|probably|think|and|or|at|aged)\s+(?:(?:her|him|them)\s+)?(?P<n>{OVER_89})\b|\b(?P<m>{OVER_89})\s+(?:next|last|this|tomorrow|today|soon|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    ))
    .expect("bare after dob compiles")
});

/// What makes a number a measurement instead of an age.
static MEASUREMENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s*(?:%|/|\.\d|°|mg|mcg|kg|g\b|mmhg|bpm|ms\b|ml|mmol|units?|cm|mm|degrees|percent|x\b|\+|-\s*\d))")
        .expect("measurement compiles")
});

/// Temperatures, saturations and heart rates written like "99F" or "95 M".
static VITALS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:temp|temperature|\bt|fever|febrile|pyrexi\w*|spo2|sats?|o2|hr|rr|pulse|\b[a-z]/[a-z]|ratio|\bpf)\s*:?\s*(?:of\s+|was\s+|is\s+|at\s+)?$")
        .expect("vitals compiles")
});

pub(super) fn find(text: &str, names: &[Candidate], found: &mut Vec<Candidate>) {
    let ages_from = found.len();
    let seen: Vec<Candidate> = names
        .iter()
        .chain(found.iter())
        .filter(|c| matches!(c.kind, Identifier::Name | Identifier::Place))
        .copied()
        .collect();
    abroad::find(text, &seen, found);
    for pattern in [
        &*WITH_UNIT,
        &*AGED,
        &*WITH_SEX,
        &*AFTER_PERSON,
        &*IN_WORDS,
        &*DECADE,
        &*DECADE_ALONE,
        &*SEX_THEN_AGE,
        &*AGE_NOUN,
        &*BIRTHDAY,
        &*BRACKETED_ROLE,
        &*PERSON_OF,
        &*PRONOUN_IS,
    ] {
        for caps in pattern.captures_iter(text) {
            let Some(n) = caps.name("n") else { continue };
            // "100+ year old" carries its own unit; elsewhere a "+" makes a lab value.
            let with_unit = std::ptr::eq(pattern, &raw const *WITH_UNIT);
            // "92/M": the sex after a slash is part of the match, not a ratio.
            let tail = if std::ptr::eq(pattern, &raw const *WITH_SEX) {
                caps.get(0).map_or(n.end(), |m| m.end())
            } else {
                n.end()
            };
            let measurement = !with_unit && MEASUREMENT_AFTER.is_match(window_after(text, tail, 8));
            let vital = VITALS_BEFORE.is_match(window_before(text, n.start(), 16));
            if !measurement && !vital {
                found.push(Candidate::new(Identifier::Age, n.start(), n.end()));
            }
        }
    }
    for caps in WORDS_ALONE.captures_iter(text) {
        let Some(n) = caps.name("n") else { continue };
        let after = window_after(text, n.end(), 16);
        if DASH_AFTER.is_match(after) || !COUNTED_AFTER.is_match(after) {
            found.push(Candidate::new(Identifier::Age, n.start(), n.end()).by("age in words"));
        }
    }
    for caps in CLAUSE_END.captures_iter(text) {
        let (Some(n), Some(whole)) = (caps.name("n"), caps.get(0)) else {
            continue;
        };
        let named_before = names.iter().any(|name| name.end <= whole.start())
            || PERSON_NOUN_BEFORE.is_match(window_before(text, whole.start(), 24));
        // "sats 88, 92" continues a list of values; "CHI 0101234567, 90" follows a record number.
        let digits_before = window_before(text, whole.start(), 8)
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .count();
        let in_a_list = (1..=4).contains(&digits_before);
        let vital = VITALS_BEFORE.is_match(window_before(text, whole.start(), 16));
        if named_before && !in_a_list && !vital {
            found.push(
                Candidate::new(Identifier::Age, n.start(), n.end()).by("age ending a clause"),
            );
        }
    }
    for name in names {
        let after = window_after(text, name.end, 48);
        if let Some(n) = AFTER_NAME.captures(after).and_then(|caps| caps.name("n")) {
            let (start, end) = (name.end + n.start(), name.end + n.end());
            if !MEASUREMENT_AFTER.is_match(window_after(text, end, 8))
                && !VITALS_BEFORE.is_match(window_before(text, start, 16))
            {
                found.push(Candidate::new(Identifier::Age, start, end));
            }
        }
    }
    for caps in SEX_AGE_JOINED.captures_iter(text) {
        if let Some(n) = caps.name("n") {
            found
                .push(Candidate::new(Identifier::Age, n.start(), n.end()).by("sex and age joined"));
        }
    }
    // "no wait 91", "96 exactly": a correction restating an age, once a name or an age
    // cue comes before it.
    for caps in CORRECTION.captures_iter(text) {
        let Some(n) = caps.name("n").or_else(|| caps.name("m")) else {
            continue;
        };
        let before = &text[..n.start()];
        let about_someone = names.iter().any(|name| name.end <= n.start())
            || found[ages_from..].iter().any(|a| a.end <= n.start())
            || AGE_HINT.is_match(before)
            || BIRTH_MENTIONED.is_match(before);
        if about_someone
            && !MEASUREMENT_AFTER.is_match(window_after(text, n.end(), 8))
            && !VITALS_BEFORE.is_match(window_before(text, n.start(), 16))
        {
            found.push(Candidate::new(Identifier::Age, n.start(), n.end()).by("age restated"));
        }
    }
    // Once the text gives a date of birth or an age over 89, a number stated after "say", "no,"…
    // is that age again: "nonagenarian? no, 98 actually", "[AGE]-something? family say 94".
    if BIRTH_MENTIONED.is_match(text) || found.len() > ages_from {
        for caps in BARE_AFTER_DOB.captures_iter(text) {
            let Some(n) = caps.name("n").or_else(|| caps.name("m")) else {
                continue;
            };
            if !MEASUREMENT_AFTER.is_match(window_after(text, n.end(), 8))
                && !VITALS_BEFORE.is_match(window_before(text, n.start(), 16))
            {
                found.push(
                    Candidate::new(Identifier::Age, n.start(), n.end()).by("age beside a DOB"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn ages_over_89_are_replaced_in_many_forms() {
        for (text, expected) in [
            ("a 92-year-old woman", "a [AGE]-year-old woman"),
            ("aged 95 with AF", "aged [AGE] with AF"),
            ("95 yo M", "[AGE] yo M"),
            ("95M with CAP", "[AGE]M with CAP"),
            ("a 101 y/o", "a [AGE] y/o"),
            ("she's 97 and frail", "she's [AGE] and frail"),
            ("old man, 92, fell", "old man, [AGE], fell"),
            ("a ninety-three-year-old", "a [AGE]-year-old"),
            ("a woman in her late 90s", "a woman in her late [AGE]"),
            ("Ivan Petrov (91) has CLL", "[NAME] ([AGE]) has CLL"),
            ("F/92, UTI with ESBL", "F/[AGE], UTI with ESBL"),
            ("92/M with CAP", "[AGE]/M with CAP"),
            ("a centenarian, 101 next month", "a [AGE], [AGE] next month"),
            ("Ages 91 and 93 in bay 4", "Ages [AGE] and [AGE] in bay 4"),
            ("her grandmother is 95", "her grandmother is [AGE]"),
            ("a nonagenarian with AF", "a [AGE] with AF"),
            (
                "Fr. Byrne (parish priest, 96) fell",
                "Fr. [NAME] (parish priest, [AGE]) fell",
            ),
        ] {
            assert_eq!(deidentify(text).text, expected, "{text}");
        }
    }

    #[test]
    fn ages_up_to_89_and_look_alike_numbers_survive() {
        for text in [
            "a 67-year-old man, aged 89, 45F",
            "temp 99F, SpO2 92%, HR 95 bpm, sats 94",
            "aged 90+ is the Safe Harbor bucket",
            "she's 95 kg and 92% on air",
        ] {
            assert_eq!(deidentify(text).text, text);
        }
    }
}
