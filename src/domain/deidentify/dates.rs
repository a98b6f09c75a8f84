//! Dates more precise than a year, in the many ways people write them.
//!
//! A year on its own ("in 2023", "since 2019", "ESC 2020") is allowed by Safe Harbor and stays; so
//! do relative days ("last Tuesday") and durations written the British way ("2/7", "3/52"). Any
//! date that names a day or a month goes.

use std::sync::LazyLock;

use regex::Regex;

use super::{window_after, window_before, Candidate, Identifier};

/// Month names and their abbreviations, each a whole word ("3 febrile seizures", "5 junior
/// doctors", "4 decades" hold no month). "May" and "March" only count capitalised, since in lower
/// case they are a verb far more often than a month.
const MONTH: &str = r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mar)|March|MARCH|May|MAY)\b\.?";
const WEEKDAY: &str =
    r"(?:(?i:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?i:day)?\.?,?\s+)";
const DAY: &str = r"(?:[0-3]?\d(?i:st|nd|rd|th)?)";
const YEAR: &str = r"(?:(?:19|20)\d{2}|'\d{2})";

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{WEEKDAY}?{MONTH}\s+{DAY}\b(?:,?\s+{YEAR}\b)?"))
        .expect("month-first date compiles")
});

static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{WEEKDAY}?(?:(?i:the)\s+)?{DAY}(?:\s+(?i:of)\s+|\s+|-|/){MONTH}(?:,?(?:\s+|-|/){YEAR}\b)?"
    ))
    .expect("day-first date compiles")
});

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{MONTH},?\s+(?:(?i:of)\s+)?(?:19|20)\d{{2}}\b"))
        .expect("month-year date compiles")
});

/// A month on its own, when a preposition says it is a point in time ("in August", "since June").
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:in|since|during|from|until|till|by|early|mid|late|last|next|this|of)\s+(?:-\s*)?)(January|February|March|April|June|July|August|September|October|November|December)\b")
        .expect("month-alone date compiles")
});

/// Numeric dates with a year: day and month in either order, or ISO order.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?P<iso>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})\b
      | \b(?P<a>\d{1,2})(?:/(?P<b1>\d{1,2})/|\.(?P<b2>\d{1,2})\.|-(?P<b3>\d{1,2})-)(?P<y>\d{4}|\d{2})\b
        ",
    )
    .expect("numeric date compiles")
});

/// A numeric day and month without a year, only after a word that introduces a date.
static CUED_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:on|since|from|until|till|dated|dob|d\.o\.b\.?|born|admitted|discharged|seen|reviewed|visit|appt|appointment|booked|due|date|scheduled)
        :?\s+(?:(?:on|for|of)\s+)?(?:the\s+)?
        (?P<date>(?P<a>\d{1,2})/(?P<b>\d{1,2}))\b
        ",
    )
    .expect("cued day-month compiles")
});

/// What joins a date to the next in a list: "2/4, again 9/4", "3/5 and 10/5".
static DATE_LIST_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        ^\s*(?:,|;|&|\band\b|\bor\b|\bthen\b|\bagain\b)\s*
        (?:(?:and|then|again|also|on|and\s+again)\s+)?(?:on\s+)?
        (?P<date>(?P<a>\d{1,2})/(?P<b>\d{1,2}))\b
        ",
    )
    .expect("date list compiles")
});

/// A day of the month listed after a date: "the 7th or 8th", "3rd and 4th".
static ORDINAL_LIST_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:,|&|-|–|\band\b|\bor\b|\bto\b)\s*(?:the\s+)?(?P<d>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\b")
        .expect("ordinal list compiles")
});

/// What follows a fraction that is a dose or a power grade, not a day and month.
static FRACTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:tab|tablet|dose|strength|power|of|mg|ml|units?|x\b)")
        .expect("fraction context compiles")
});

/// A weekday then a day and month: "Wed 12/06".
static WEEKDAY_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{WEEKDAY}(?P<date>(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}}))\b"
    ))
    .expect("weekday day-month compiles")
});

/// A weekday then a day of the month: "Saturday 2nd", "Thu the 7th".
static WEEKDAY_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{WEEKDAY}(?:(?i:the)\s+)?[0-3]?\d(?i:st|nd|rd|th)\b"
    ))
    .expect("weekday ordinal compiles")
});

/// "on the 2nd", "by the 14th": a day of the month.
static CUED_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:on|by|from|since|until|till|before|after)\s+the\s+([0-3]?\d(?:st|nd|rd|th))\b",
    )
    .expect("cued ordinal compiles")
});

pub(super) fn find(text: &str, found: &mut Vec<Candidate>) {
    for pattern in [&*MONTH_FIRST, &*DAY_FIRST, &*MONTH_YEAR, &*WEEKDAY_ORDINAL] {
        for m in pattern.find_iter(text) {
            if has_valid_day(m.as_str()) {
                found.push(Candidate::new(Identifier::Date, m.start(), m.end()));
            }
        }
    }
    for caps in MONTH_ALONE.captures_iter(text) {
        if let Some(month) = caps.get(1) {
            found.push(Candidate::new(Identifier::Date, month.start(), month.end()));
        }
    }
    for caps in NUMERIC.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        if inside_longer_number(text, whole.start(), whole.end()) {
            continue;
        }
        let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let valid = match (number("iso"), number("a")) {
            (Some(_), _) => is_month_day(number("im"), number("id")),
            (None, Some(a)) => {
                let b = number("b1").or(number("b2")).or(number("b3"));
                is_month_day(Some(a), b) || is_month_day(b, Some(a))
            }
            (None, None) => false,
        };
        if valid {
            found.push(Candidate::new(Identifier::Date, whole.start(), whole.end()));
        }
    }
    for caps in CUED_DAY_MONTH
        .captures_iter(text)
        .chain(WEEKDAY_DAY_MONTH.captures_iter(text))
    {
        let (Some(date), a, b) = (caps.name("date"), caps.name("a"), caps.name("b")) else {
            continue;
        };
        let a = a.and_then(|m| m.as_str().parse().ok());
        let b = b.and_then(|m| m.as_str().parse().ok());
        let fraction = FRACTION_AFTER.is_match(window_after(text, date.end(), 12));
        if (is_month_day(a, b) || is_month_day(b, a))
            && !fraction
            && !inside_longer_number(text, date.start(), date.end())
        {
            found.push(Candidate::new(Identifier::Date, date.start(), date.end()));
        }
    }
    for caps in CUED_ORDINAL.captures_iter(text) {
        if let Some(day) = caps.get(1) {
            found.push(Candidate::new(Identifier::Date, day.start(), day.end()));
        }
    }
}

/// "fell 2/4, again 9/4 and 16/4": a day and month listed right after a date is a date too.
pub(super) fn listed_after_a_date(text: &str, found: &mut Vec<Candidate>) {
    let mut ends: Vec<usize> = found
        .iter()
        .filter(|c| c.kind == Identifier::Date)
        .map(|c| c.end)
        .collect();
    while let Some(end) = ends.pop() {
        let after = window_after(text, end, 32);
        if let Some(day) = ORDINAL_LIST_NEXT.captures(after).and_then(|c| c.name("d")) {
            let (start, stop) = (end + day.start(), end + day.end());
            let ends_there = super::holidays::AFTER_DAY.is_match(window_after(text, stop, 12));
            if ends_there && !found.iter().any(|c| c.start < stop && start < c.end) {
                found.push(
                    Candidate::new(Identifier::Date, start, stop).by("date listed after a date"),
                );
                ends.push(stop);
            }
        }
        let Some(caps) = DATE_LIST_NEXT.captures(after) else {
            continue;
        };
        let (Some(date), a, b) = (caps.name("date"), caps.name("a"), caps.name("b")) else {
            continue;
        };
        let a = a.and_then(|m| m.as_str().parse().ok());
        let b = b.and_then(|m| m.as_str().parse().ok());
        let (start, stop) = (end + date.start(), end + date.end());
        let fraction = FRACTION_AFTER.is_match(window_after(text, stop, 12));
        let taken = found.iter().any(|c| c.start < stop && start < c.end);
        if (is_month_day(a, b) || is_month_day(b, a))
            && !fraction
            && !taken
            && !inside_longer_number(text, start, stop)
        {
            found
                .push(Candidate::new(Identifier::Date, start, stop).by("date listed after a date"));
            ends.push(stop);
        }
    }
}

fn is_month_day(month: Option<u32>, day: Option<u32>) -> bool {
    matches!((month, day), (Some(1..=12), Some(1..=31)))
}

/// Rejects "March 45" and the like: the first number in a month-name date must be a day, unless it
/// is the year.
fn has_valid_day(date: &str) -> bool {
    let digits: String = date
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.len() {
        4 => true,
        1 | 2 => matches!(digits.parse::<u32>(), Ok(1..=31)),
        _ => false,
    }
}

/// A version number, an IP address or a decimal has more digits glued on with dots or slashes.
fn inside_longer_number(text: &str, start: usize, end: usize) -> bool {
    let mut before = window_before(text, start, 2).chars().rev();
    let mut after = window_after(text, end, 2).chars();
    let glued_before = matches!(
        (before.next(), before.next()),
        (Some('.' | '/' | '-' | ':'), Some(d)) if d.is_ascii_digit()
    );
    let glued_after = matches!(
        (after.next(), after.next()),
        (Some('.' | '/' | '-' | ':'), Some(d)) if d.is_ascii_digit()
    );
    glued_before || glued_after
}

#[cfg(test)]
mod tests {
    use crate::domain::deidentify::deidentify;

    #[test]
    fn dates_in_common_formats_are_replaced() {
        for date in [
            "2024-03-05",
            "03/05/2024",
            "3/5/24",
            "5.3.2024",
            "March 5th",
            "5 March 2024",
            "Mar 5",
            "the 5th of March",
            "Tuesday 5 March",
            "Monday, 11 March 2024",
            "September 14, 2023",
            "05-Mar-2024",
            "14th Sept",
            "August 2023",
        ] {
            let out = deidentify(&format!("seen {date} in clinic"));
            assert_eq!(out.text, "seen [DATE] in clinic", "{date}");
        }
    }

    #[test]
    fn a_number_before_a_word_that_starts_like_a_month_is_not_a_date() {
        for text in [
            "she's had 3 febrile seizures now",
            "5 junior doctors on nights",
            "4 decades of smoking",
            "2 augmentin courses",
            "1 octreotide dose",
            "12 novices on the course",
        ] {
            assert_eq!(deidentify(text).text, text, "{text}");
        }
        assert_eq!(
            deidentify("seen 3 Feb. and 4 dec").text,
            "seen [DATE] and [DATE]"
        );
    }

    #[test]
    fn a_day_and_month_without_year_needs_a_cue() {
        assert_eq!(
            deidentify("admitted 10/3 with sepsis").text,
            "admitted [DATE] with sepsis"
        );
        assert_eq!(deidentify("M&M on Wed 12/06").text, "M&M on Wed [DATE]");
        assert_eq!(
            deidentify("booked for 14/11, fine").text,
            "booked for [DATE], fine"
        );
        assert_eq!(
            deidentify("confused since Saturday 2nd").text,
            "confused since [DATE]"
        );
        assert_eq!(
            deidentify("BP 150/95 and a 2/7 history, 3/52 cough").text,
            "BP 150/95 and a 2/7 history, 3/52 cough"
        );
        assert_eq!(deidentify("review on the 2nd").text, "review on the [DATE]");
        assert_eq!(deidentify("started in August").text, "started in [DATE]");
    }

    #[test]
    fn years_weekdays_and_look_alikes_survive() {
        for text in [
            "in 2023, since 2019, ESC 2020 and the 2019-2023 cohort",
            "last Tuesday and on Monday",
            "you may 2x the dose; they march 10 miles",
            "IP 10.0.4.17 aside, version 1.2.3.4 and ratio 1:1000",
            "QTc 512 ms, HbA1c 7.2%, pH 7.21",
            "started on 2.5 mg, then on 1/2 tablet",
        ] {
            let out = deidentify(text);
            assert_eq!(
                out.counts.get(&super::Identifier::Date),
                None,
                "{text} -> {}",
                out.text
            );
        }
    }
}
