//! Disease words used as figures of speech, recognised by their form rather than by a list of
//! phrases: a hyphenated adjective ("a migraine-inducing spreadsheet", "a cholera-level
//! response") and a feeling passing through a crowd ("a tremor went through the room").

/// Whether the match (lower-cased `surface`, with the lower-cased text just `before` and `after`
/// it) is used figuratively.
pub(super) fn figurative(surface: &str, before: &str, after: &str) -> bool {
    hyphenated_adjective(after) || passes_through_a_crowd(surface, before, after)
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
