//! Disease words used as figures of speech, recognised by their form rather than by a list of
//! phrases: a hyphenated adjective ("a migraine-inducing spreadsheet", "a cholera-level
//! response") and a feeling passing through a crowd ("a tremor went through the room").

mod subjects;

use subjects::{FIGURATIVE_FILLERS, FIGURATIVE_SUBJECTS, PLACE_PREPOSITIONS};

/// Whether the match (lower-cased `surface`, with the lower-cased text just `before` and `after`
/// it) is used figuratively.
pub(super) fn figurative(surface: &str, before: &str, after: &str) -> bool {
    hyphenated_adjective(after)
        || passes_through_a_crowd(surface, before, after)
        || a_noun_of_a(before, after)
        || in_some_form(before, after)
        || FIGURATIVE_MARKERS.iter().any(|m| after.starts_with(m))
        || served(before, after)
        || of_a_feeling(after)
}

/// Feelings and stirs a disease word can be "of": "a fever of excitement", "a tremor of fear".
const FEELINGS: &[&str] = &[
    "excitement",
    "anticipation",
    "speculation",
    "enthusiasm",
    "expectation",
    "impatience",
    "rage",
    "jealousy",
    "passion",
    "fear",
    "dread",
    "doubt",
    "guilt",
    "pessimism",
    "activity",
    "creativity",
    "laughter",
    "giggles",
    "emotion",
    "relief",
    "joy",
    "delight",
    "indignation",
];

fn of_a_feeling(after: &str) -> bool {
    after.strip_prefix(" of ").is_some_and(|rest| {
        let word = rest
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        FEELINGS.contains(&word)
    })
}

/// Vessels food and drink are served in or on: "a heart attack on a plate", "diabetes in a cup".
const SERVINGS: &[&str] = &[
    " on a plate",
    " on a bun",
    " in a bun",
    " on a stick",
    " in a cup",
    " in a glass",
    " in a bowl",
    " in a can",
    " in a bottle",
    " in a box",
    " in a tub",
    " in a wrapper",
    " in a tin",
    " in a jar",
    " in a packet",
];

/// Rich food called the disease it may one day cause, served on or in something.
fn served(before: &str, after: &str) -> bool {
    let said = [
        "is ",
        "was ",
        "'s ",
        "’s ",
        "a ",
        "an ",
        "pure ",
        "basically ",
        "literally ",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || before.trim_end().is_empty()
        || before.trim_end().ends_with(['.', '!', '?', ':', '\n']);
    said && SERVINGS.iter().any(|s| after.starts_with(s))
}

/// What a writer adds right after a disease word used as a figure: "giving me a migraine,
/// figuratively".
const FIGURATIVE_MARKERS: &[&str] = &[
    ", figuratively",
    " figuratively",
    " (figuratively",
    ", metaphorically",
    " metaphorically",
    " (metaphorically",
    ", so to speak",
    " (not literally",
    ", not literally",
];

/// "A heart attack of a first week", "a nightmare of a shift": the disease word qualifies the noun
/// after "of a"; "a cancer of the colon" names a site and stays.
fn a_noun_of_a(before: &str, after: &str) -> bool {
    let article = [
        " a ", " an ", " my ", " our ", " your ", " his ", " her ", " their ",
    ]
    .iter()
    .any(|a| before.ends_with(a) || before == a.trim_start());
    article && (after.starts_with(" of a ") || after.starts_with(" of an "))
}

/// "A migraine in software form", "a headache in human form": the disease as a likeness.
fn in_some_form(before: &str, after: &str) -> bool {
    let article = [" a ", " an "]
        .iter()
        .any(|a| before.ends_with(a) || before == a.trim_start());
    let Some(rest) = after.strip_prefix(" in ") else {
        return false;
    };
    let mut words = rest.split(' ');
    let _kind = words.next();
    article
        && words
            .next()
            .is_some_and(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()) == "form")
}

/// Suffixes that make a disease word into an adjective about something else: a spreadsheet that is
/// "migraine-inducing" gives nobody a migraine. Literal compounds ("flu-like illness",
/// "stroke-related deaths", "cancer-causing") are left out on purpose: they are about the disease.
const ADJECTIVE_SUFFIXES: &[&str] = &["-inducing", "-level", "-worthy", "-esque"];

fn hyphenated_adjective(after: &str) -> bool {
    ADJECTIVE_SUFFIXES.iter().any(|s| {
        after.strip_prefix(s).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() && c != '-')
        })
    })
}

/// Verbs of a feeling spreading through people ("a shiver ran through the audience").
const THROUGH_VERBS: &[&str] = &["went", "ran", "rippled", "shot", "passed", "swept"];

/// Gatherings of people: a tremor through a room is a reaction; a fever sweeping through a ward
/// or a town is an outbreak, so places where patients are are not listed.
const GATHERINGS: &[&str] = &[
    "room",
    "crowd",
    "audience",
    "hall",
    "meeting",
    "auditorium",
    "boardroom",
    "lecture theatre",
    "conference",
    "congregation",
    "chamber",
];

fn passes_through_a_crowd(surface: &str, before: &str, after: &str) -> bool {
    let indefinite = ["a ", "an "].iter().any(|a| {
        before == *a || before.ends_with(&format!(" {a}")) || before.ends_with(&format!("\n{a}"))
    });
    if !indefinite || surface.contains(' ') {
        return false;
    }
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    THROUGH_VERBS.iter().any(|verb| {
        rest.strip_prefix(verb)
            .and_then(|r| r.strip_prefix(" through the "))
            .is_some_and(|place| GATHERINGS.iter().any(|g| place.starts_with(g)))
    })
}

/// Verbs joining such a subject to its figurative illness.
const FIGURATIVE_VERBS: &[&str] = &[
    "is", "was", "are", "were", "'s", "’s", "has", "had", "seems", "looks", "feels", "remains",
    "went", "goes", "gone", "going", "been",
];

/// "The economy is in cardiac arrest": an institution ill, read back from the match over filler
/// words and a verb to the subject, within the sentence.
pub(super) fn ill_institution(before: &str, after: &str) -> bool {
    // "The trust has a stroke unit", "the NHS is in a cancer crisis": the disease word qualifies a
    // noun and the sentence is about that noun.
    let next: String = after
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    if !(next.is_empty() || (after.starts_with(' ') && CLAUSE_WORDS.contains(&next.as_str()))) {
        return false;
    }
    let sentence = before
        .rsplit(['.', '!', '?', '\n', ';', ':'])
        .next()
        .unwrap_or(before);
    let words: Vec<&str> = sentence
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = words.len();
    while i > 0 && FIGURATIVE_FILLERS.contains(&words[i - 1]) {
        i -= 1;
    }
    // "the economy's in a coma": the verb glued to the subject.
    if let Some(subject) = words
        .get(i.wrapping_sub(1))
        .and_then(|w| w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")))
    {
        if i < words.len() && FIGURATIVE_SUBJECTS.contains(&subject) {
            return true;
        }
    }
    let mut verbs = 0;
    while i > 0 && FIGURATIVE_VERBS.contains(&words[i - 1]) && verbs < 2 {
        i -= 1;
        verbs += 1;
    }
    if verbs == 0 || i == 0 {
        return false;
    }
    // "The printer at work has the plague", "the lift on level 2 is in a coma": a short place
    // phrase may stand between the subject and its verb.
    FIGURATIVE_SUBJECTS.contains(&words[i - 1])
        || (2..=4).any(|back| {
            i > back
                && PLACE_PREPOSITIONS.contains(&words[i - back])
                && FIGURATIVE_SUBJECTS.contains(&words[i - back - 1])
        })
}

/// Words that may follow the illness of an institution, ending its phrase ("is in cardiac arrest
/// again", "a heart attack waiting to happen").
const CLAUSE_WORDS: &[&str] = &[
    "on",
    "in",
    "at",
    "over",
    "after",
    "before",
    "when",
    "and",
    "but",
    "or",
    "this",
    "that",
    "last",
    "yesterday",
    "today",
    "now",
    "again",
    "already",
    "for",
    "of",
    "with",
    "since",
    "because",
    "so",
    "then",
    "if",
    "as",
    "by",
    "from",
    "to",
    "waiting",
    "said",
    "says",
    "according",
    "mode",
    "territory",
    "right",
    "while",
    "until",
];

/// Things of working life that no illness can be "of" or "to": "an allergy to spreadsheets", "an
/// overdose of committee meetings", "wilful blindness to staffing levels".
const WORKPLACE_THINGS: &[&str] = &[
    "spreadsheet",
    "spreadsheets",
    "meeting",
    "meetings",
    "committee",
    "committees",
    "email",
    "emails",
    "paperwork",
    "admin",
    "bureaucracy",
    "forms",
    "audit",
    "audits",
    "rota",
    "rotas",
    "policy",
    "policies",
    "politics",
    "management",
    "managers",
    "jargon",
    "acronyms",
    "staffing",
    "targets",
    "deadlines",
    "feedback",
    "criticism",
    "excel",
    "powerpoint",
    "slides",
    "zoom",
    "mondays",
    "budgets",
    "reality",
    "evidence",
    "facts",
    "data",
    "acronym",
    "optimism",
    "nostalgia",
    "box-ticking",
    "appraisal",
    "appraisals",
    "kpis",
    "metrics",
    "memos",
    "buzzwords",
    "hype",
];

/// Words that may come before the thing ("to all the new spreadsheets").
const DETERMINERS: &[&str] = &[
    "the", "my", "our", "your", "his", "her", "their", "all", "this", "these", "those", "new",
    "endless", "more", "so", "many", "any", "every", "another", "a", "an",
];

/// "An allergy to spreadsheets": the illness's object is a thing of working life.
pub(super) fn of_workplace_things(after: &str) -> bool {
    let Some(rest) = [" of ", " to "].iter().find_map(|p| after.strip_prefix(p)) else {
        return false;
    };
    let words = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '!' | '?'))
        .filter(|w| !w.is_empty());
    // Over determiners only: "to all the new spreadsheets", "of committee meetings"; "heart
    // failure of any cause: evidence" is not about the evidence.
    for w in words.take(3) {
        if WORKPLACE_THINGS.contains(&w) {
            return true;
        }
        if !DETERMINERS.contains(&w) {
            return false;
        }
    }
    false
}
