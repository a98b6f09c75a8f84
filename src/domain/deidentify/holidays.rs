//! Dates written the ways the numeric and month-name rules miss: holidays ("Christmas Eve",
//! "Boxing Day", "Thanksgiving"), EHR stamps ("03MAY2024", "16JUN24"), a bare day of the month
//! ("the 23rd,"), day and month after more of the words that introduce a date ("readmitted 18/3",
//! "operated 12.09"), and birth years ("born in 1929", "DOB 1931").

mod calendars;
pub(super) mod festivals;

use std::sync::LazyLock;

use regex::Regex;

use super::{window_after, Candidate, Identifier};

static HOLIDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?:
            Christmas(?:\s+(?:Eve|Day))? | Xmas(?:\s+(?:Eve|Day))? | Boxing\s+Day
          | New\s+Year(?:['’]s)?\s+(?:Eve|Day) | Hogmanay
          | Easter(?:\s+(?:Sunday|Monday|Day|weekend))? | Good\s+Friday | Shrove\s+Tuesday | Ash\s+Wednesday
          | Thanksgiving | Halloween | Hallowe['’]en | Bonfire\s+[Nn]ight | Guy\s+Fawkes\s+Night
          | (?:St\.?|Saint)\s+(?:Patrick|Valentine|Andrew|David|George)['’]?s\s+Day | Valentine['’]?s\s+Day
          | Mother['’]?s\s+Day | Father['’]?s\s+Day | Mothering\s+Sunday
          | Independence\s+Day | Labou?r\s+Day | Memorial\s+Day | Veterans['’]?\s+Day | Presidents['’]?\s+Day
          | Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day | MLK\s+Day | Juneteenth | Columbus\s+Day
          | Canada\s+Day | Australia\s+Day | (?i:anzac)\s+Day | Waitangi\s+Day | Victoria\s+Day | Bastille\s+Day | Remembrance\s+(?:Day|Sunday) | Armistice\s+Day
          | Burns\s+Night | Diwali | Deepavali | Eid(?:\s+al[- ](?:Fitr|Adha))? | Hanukkah | Chanukah
          | Passover | Yom\s+Kippur | Rosh\s+Hashanah | (?:Lunar|Chinese)\s+New\s+Year | Holi | Vaisakhi
          | (?:Early\s+May|Spring|Summer|August)\s+[Bb]ank\s+[Hh]oliday
          | Holy\s+(?:Week|Thursday|Saturday) | Maundy\s+Thursday | Palm\s+Sunday | Pentecost | Whitsun(?:day)?
          | Ascension\s+Day | All\s+(?:Saints|Souls)['’]?\s+Day | Day\s+of\s+the\s+Dead | D[ií]a\s+de\s+(?:los\s+)?Muertos
          | St\.?\s+Stephen['’]?s\s+Day | Mardi\s+Gras | Carnival\s+(?:Monday|Tuesday) | Purim | Sukkot | Shavuot
          | Ramadan | Eid\s+ul[- ](?:Fitr|Adha) | Hari\s+Raya(?:\s+(?:Puasa|Haji|Aidilfitri|Aidiladha))? | Navratri | Dussehra | Durga\s+Puja | Onam | Pongal
          | Raksha\s+Bandhan | Vesak | Songkran | Chuseok | Golden\s+Week | Obon | T[eế]t | Kwanzaa | Republic\s+Day
          | (?:May|Family|Heritage|Civic|Emancipation|Unification)\s+Day
          | Sallah | Salah | Eid[- ]el[- ](?:Kabir|Fitr|Maulud) | Mawlid | Maulud | Homowo | Odwira | Timkat | Meskel | Enkutatash
          | Matariki | Thaipusam | Ugadi | Lohri | (?:Makar\s+)?Sankranti | Chhath | Karva\s+Chauth | Bakri?d | Muharram | Ashura | Qingming
          | Carnaval | Carnival | Karneval | Fasching | Wigilia | Andrzejki | Do[zż]ynki | Walpurgis(?:nacht)? | Juhannus | Oktoberfest
          | Sinulog | Ati-Atihan | Dinagyang | Pahiyas | Kadayawan | Panagbenga | MassKara | Semana\s+Santa | Noche\s*[Bb]uena
          | R[ée]veillon | Festa\s+Junina | S[ãa]o\s+Jo[ãa]o | Las\s+Posadas | Fiestas\s+Patrias | Hari\s+Merdeka | Nyepi | Galungan
          | Whit\s+Monday | White\s+Sunday | Midsummer(?:['’]s)?\s+(?:Eve|Day)
        )(?:\s+(?:19|20)\d{2})?\b",
    )
    .expect("holiday compiles")
});

/// "Heroes Day", "Jamhuri Day", "World Kidney Day": one to three capitalised words naming
/// a day, as public holidays and observances are named; "Day 3" and "Sick Day Rules" are no date.
static NAMED_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<d>(?:\p{Lu}[\p{Ll}'’]+\s+){1,3}Day)\b(?P<next>\s*\d|\s+Rules?\b|\s+(?:Unit|Case|Surgery|Ward|Centre|Center|Hospital|Care)\b)?")
        .expect("named day compiles")
});

/// "Mid-Autumn Festival", "Dragon Boat Festival": a festival is a date too.
static NAMED_FESTIVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\p{Lu}[\p{Ll}'’-]+\s+){1,2}Festival\b").expect("named festival compiles")
});

/// Words that open a named day without it being a date: "Post-op Day", "Every Day".
const NOT_A_DAY_NAME: [&str; 24] = [
    "post", "op", "sick", "every", "each", "next", "last", "first", "second", "third", "same",
    "one", "whole", "full", "half", "per", "this", "that", "any", "some", "other", "the", "a",
    "training",
];

/// "03MAY2024", "16JUN24", "12mar1930".
static EHR_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d{1,2}(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)(?:\d{4}|\d{2})\b",
    )
    .expect("ehr date compiles")
});

/// "the 23rd" where nothing makes it a noun's ordinal ("the 3rd dose", "the 99th percentile").
static BARE_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthe\s+(?P<d>[0-3]?\d(?:st|nd|rd|th))\b").expect("bare ordinal compiles")
});

/// What may follow a day of the month.
pub(super) static AFTER_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s*(?:[,.;:!?)\]—–]|$)|\s+(?:and|or|but|at|when|with|so|then|until|till|she|he|they|we|i|it|onwards|morning|evening|night|afternoon|was|is|were|will|would|has|had|if|because|as|after|before|of|last|this|next)\b)")
        .expect("after-day compiles")
});

/// Day and month without a year after a word that only dates take.
static CUED_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:adm|admission|doa|dod|d/c|readmitted|re-admitted|operated|op|surgery|collected|reported
            |died|fell|started|stopped|last\s+seen|clinic|letter|scan|bloods|taken|sent|received
            |admitted|discharged|transferred|presented|diagnosed|delivered|extubated|intubated|seen|reviewed|born)
        :?\s+(?:on\s+)?(?:the\s+)?
        (?P<date>(?P<a>\d{1,2})[/.](?P<b>\d{1,2}))\b
        ",
    )
    .expect("cued day-month compiles")
});

/// "started on 2.5 mg": a dose, not a date.
static DOSE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:mg|mcg|micrograms?|g\b|ml|units?|iu\b|%|mmol|kg|tab|tablet|x\b|times|hours?|h\b|days?|weeks?)")
        .expect("dose-after compiles")
});

/// A day and month without a year and without a cue, written so that it can only be a date: a
/// zero-padded part or a day past 12 ("16/11 - admitted", "LP 02/11"), where "14/7 history", "an
/// 18/12 boy" and "24/7" are durations, ages and round-the-clock.
static STRONG_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})\b").expect("strong day-month compiles")
});

/// Words before a day and month that make it a duration or an age.
static DURATION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:a|an|for|x|over|past|last|within|after|aged?|power|grade|score|mrc)\s*$")
        .expect("duration-before compiles")
});

/// Words after a day and month that make it a duration or an age.
static DURATION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:history|hx|hist|ago|old|of\b|post|duration|course|h/o|tabs?|tablets?|mg|ml|x\b)")
        .expect("duration-after compiles")
});

static BIRTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:born(?:\s+in)?|birth\s+year|dob|d\.o\.b\.?|year\s+of\s+birth|yob)|(?:^|[\s(])b\.)\s*:?\s*(?P<y>(?:18|19|20)\d{2})\b")
        .expect("birth year compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    festivals::find(text, found);
    calendars::find(text, found);
    for m in HOLIDAY.find_iter(text) {
        // "Christmas disease", "Easter Island": a holiday naming a term is no date.
        let next = window_after(text, m.end(), 24)
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or_default();
        // A holiday of one word only: "ANZAC Day fall" is a fall on that day.
        // "Songkran fall", "Diwali night": an event on the day, not a term.
        let event = matches!(
            super::lexicon::key(next).as_str(),
            "fall" | "falls" | "night" | "morning" | "evening" | "eve" | "weekend" | "injury"
        );
        let names_a_term = !event
            && !m.as_str().contains(char::is_whitespace)
            && window_after(text, m.end(), 1).starts_with(' ')
            && super::lexicon::LEXICON.is_eponym_noun(&super::lexicon::key(next));
        if !names_a_term {
            found.push(Candidate::new(Identifier::Date, m.start(), m.end()).by("holiday"));
        }
    }
    for caps in NAMED_DAY.captures_iter(text) {
        let Some(day) = caps.name("d") else { continue };
        let words: Vec<String> = day
            .as_str()
            .split_whitespace()
            .map(super::lexicon::key)
            .collect();
        let opening = &words[..words.len() - 1];
        let dated = caps.name("next").is_none()
            && !opening.iter().any(|w| {
                NOT_A_DAY_NAME.contains(&w.as_str())
                    || super::lexicon::LEXICON.titles.contains(w.as_str())
            });
        // "Ward round Monday Day" never occurs; a weekday or month before "Day" is no name.
        if dated && !opening.iter().any(|w| w.ends_with("day")) {
            // Drop a capitalised function word opening a sentence: "On Heroes Day".
            let mut start = day.start();
            for w in day.as_str().split_whitespace() {
                let key = super::lexicon::key(w);
                if super::lexicon::LEXICON.is_stopword(&key) && key != "day" {
                    start += w.len();
                    start += text[start..].len() - text[start..].trim_start().len();
                } else {
                    break;
                }
            }
            if start < day.end() - 3 {
                found.push(Candidate::new(Identifier::Date, start, day.end()).by("named day"));
            }
        }
    }
    for m in NAMED_FESTIVAL.find_iter(text) {
        let first = super::lexicon::key(m.as_str().split_whitespace().next().unwrap_or_default());
        if !super::lexicon::LEXICON.is_stopword(&first) && !NOT_A_DAY_NAME.contains(&first.as_str())
        {
            found.push(Candidate::new(Identifier::Date, m.start(), m.end()).by("named festival"));
        }
    }
    for m in EHR_DATE.find_iter(text) {
        found.push(Candidate::new(Identifier::Date, m.start(), m.end()).by("EHR date"));
    }
    for caps in BARE_ORDINAL.captures_iter(text) {
        let Some(day) = caps.name("d") else { continue };
        let n: u32 = day.as_str()[..day.len() - 2].parse().unwrap_or(0);
        if (1..=31).contains(&n) && AFTER_DAY.is_match(window_after(text, day.end(), 12)) {
            found.push(Candidate::new(Identifier::Date, day.start(), day.end()).by("day of month"));
        }
    }
    for caps in CUED_DAY_MONTH.captures_iter(text) {
        let (Some(date), Some(a), Some(b)) = (caps.name("date"), caps.name("a"), caps.name("b"))
        else {
            continue;
        };
        let (a, b): (u32, u32) = (
            a.as_str().parse().unwrap_or(0),
            b.as_str().parse().unwrap_or(0),
        );
        // "12.09.2024" and "1/2/3" are other rules' business.
        let rest = &text[date.end()..];
        let continues = rest.len() > 1
            && rest.starts_with(['/', '.'])
            && rest[1..].starts_with(|c: char| c.is_ascii_digit());
        let dose = DOSE_AFTER.is_match(window_after(text, date.end(), 10));
        if continues || dose {
            continue;
        }
        let day_month = (1..=31).contains(&a) && (1..=12).contains(&b);
        let month_day = (1..=12).contains(&a) && (1..=31).contains(&b);
        if day_month || month_day {
            found.push(
                Candidate::new(Identifier::Date, date.start(), date.end()).by("cued day and month"),
            );
        }
    }
    strong_day_month(text, found);
    for caps in BIRTH_YEAR.captures_iter(text) {
        if let Some(year) = caps.name("y") {
            found.push(Candidate::new(Identifier::Date, year.start(), year.end()).by("birth year"));
        }
    }
}

/// "16/11 - admitted … 19/11 - deteriorated", "rash 01/11, LP 02/11": see [`STRONG_DAY_MONTH`].
fn strong_day_month(text: &str, found: &mut Vec<Candidate>) {
    for caps in STRONG_DAY_MONTH.captures_iter(text) {
        let (Some(whole), Some(a), Some(b)) = (caps.get(0), caps.name("a"), caps.name("b")) else {
            continue;
        };
        let glued = |c: char| c.is_ascii_digit() || matches!(c, '/' | '.' | ':' | '-');
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        let next = text[whole.end()..].chars().nth(1);
        if before.is_some_and(glued)
            || (after.is_some_and(glued) && next.is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let (day, month): (u32, u32) = (
            a.as_str().parse().unwrap_or(0),
            b.as_str().parse().unwrap_or(0),
        );
        let padded = a.as_str().starts_with('0') || b.as_str().starts_with('0');
        let strong = (1..=31).contains(&day) && (1..=12).contains(&month) && (day > 12 || padded);
        let duration = DURATION_BEFORE.is_match(super::window_before(text, whole.start(), 16))
            || DURATION_AFTER.is_match(window_after(text, whole.end(), 12))
            || (day == 24 && month == 7);
        if strong && !duration {
            found.push(
                Candidate::new(Identifier::Date, whole.start(), whole.end())
                    .by("day and month only a date can be"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn holidays_ehr_stamps_days_and_birth_years_are_replaced() {
        for (text, expected) in [
            (
                "seen on Christmas Eve, back Boxing Day",
                "seen on [DATE], back [DATE]",
            ),
            ("ADMITTED 14FEB2023 to ward", "ADMITTED [DATE] to ward"),
            (
                "surgery is the 12th, so stop it",
                "surgery is the [DATE], so stop it",
            ),
            (
                "readmitted 21/4 with a bleed",
                "readmitted [DATE] with a bleed",
            ),
            ("born in 1928, frail", "born in [DATE], frail"),
            (
                "16/11 - admitted, 19/11 - worse",
                "[DATE] - admitted, [DATE] - worse",
            ),
            (
                "rash 01/11, LP 02/11 showing HSV",
                "rash [DATE], LP [DATE] showing HSV",
            ),
            (
                "Admitted 11.3., discharged 14.3.",
                "Admitted [DATE]., discharged [DATE].",
            ),
            (
                "the 23rd was when she stopped",
                "the [DATE] was when she stopped",
            ),
            (
                "fasting in Holy Week; ANZAC Day fall",
                "fasting in [DATE]; [DATE] fall",
            ),
        ] {
            assert_eq!(deidentify(text).text, expected, "{text}");
        }
    }

    #[test]
    fn ordinals_of_things_and_fractions_stay() {
        for text in [
            "the 3rd dose of rabies vaccine",
            "the 99th percentile cut-off",
            "power 4/5 in the left arm",
            "a 14/7 history of cough, an 18/12 boy, care 24/7",
            "Easterly winds",
        ] {
            assert_eq!(deidentify(text).text, text);
        }
    }
}
