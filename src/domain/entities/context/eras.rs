//! A pandemic's name used as a time, not a case: "pre-covid levels", "since covid our rates
//! dropped", "love in the time of covid". Someone who has had it is still a mention ("since covid
//! I've had no sense of smell"), and so is a clinical noun after it ("pre-covid vaccination"
//! stays unread as a time only when nothing clinical follows). Hand-made for Rounds.

/// Diseases whose names also name the years they shaped.
const ERA_DISEASES: &[&str] = &[
    "covid",
    "covid-19",
    "covid19",
    "coronavirus",
    "the pandemic",
];

/// Words before the name that make it a time.
const ERA_HEADS: &[&str] = &[
    "pre-",
    "pre ",
    "before ",
    "since ",
    "time of ",
    "times of ",
    "days of ",
    "era of ",
    "age of ",
];

/// Words after the name that make it a time.
/// Not " days": "three covid days off" were days of the illness.
const ERA_TAILS: &[&str] = &["-era", " era", " years", " times", "-times"];

/// What the years after a pandemic shaped: "post-covid travel", "the post-covid economy".
const AFTERMATH: &[&str] = &[
    "travel",
    "prices",
    "price",
    "economy",
    "world",
    "life",
    "normal",
    "boom",
    "market",
    "markets",
    "inflation",
    "rates",
    "levels",
    "office",
    "workplace",
    "era",
    "years",
    "budget",
    "budgets",
    "backlog",
    "backlogs",
    "tourism",
    "demand",
];

/// Words that may follow "since covid" when the speaker has had it: "since covid I've lost my
/// sense of smell", "since covid my lungs".
const SUFFERERS: &[&str] = &[
    "i",
    "i've",
    "i’ve",
    "i'm",
    "i’m",
    "ive",
    "im",
    "my",
    "he",
    "she",
    "he's",
    "she’s",
    "she's",
    "he’s",
    "his",
    "her",
    "they've",
    "they’ve",
];

/// Clinical nouns after the name that make it the disease ("before covid vaccination").
const CLINICAL_TAILS: &[&str] = &[
    "infection",
    "infections",
    "vaccine",
    "vaccines",
    "vaccination",
    "jab",
    "diagnosis",
    "symptoms",
    "test",
    "tests",
    "testing",
    "patient",
    "patients",
    "pneumonia",
    "admission",
    "admissions",
    "case",
    "cases",
    "ward",
    "wards",
    "illness",
    "recovery",
];

/// Whether the lower-cased `surface` (with the lower-cased text `before` and `after` it) names a
/// time rather than a case.
pub(super) fn names_a_time(surface: &str, before: &str, after: &str) -> bool {
    if !ERA_DISEASES.contains(&surface) {
        return false;
    }
    // "covid-era rules", "the covid years": the name qualifies a time.
    if ERA_TAILS.iter().any(|t| {
        after
            .strip_prefix(t)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    }) {
        return true;
    }
    // "post-covid prices": after it, only what the years after it shaped; "post-covid fatigue"
    // is the illness that follows it.
    if before.ends_with("post-") || before.ends_with("post ") {
        let next = after
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .find(|w| !w.is_empty())
            .unwrap_or("");
        return AFTERMATH.contains(&next);
    }
    if !ERA_HEADS.iter().any(|h| before.ends_with(h)) {
        return false;
    }
    let mut words = after
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?'))
        .filter(|w| !w.is_empty());
    let next = words.next().unwrap_or("");
    if CLINICAL_TAILS.contains(&next) {
        return false;
    }
    // "Since covid I've …": the speaker had it; "since covid, our rates …": a time.
    !(before.ends_with("since ") && SUFFERERS.contains(&next))
}
