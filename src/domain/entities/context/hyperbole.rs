//! Hyperbole and casual diagnoses recognised by who or what the illness is blamed on and by the
//! speaker's tense: a chore that "gives me hives" or "is giving me a migraine" (a drug that gives
//! someone hives is an allergy and stays), "I will literally have a stroke" said of an email, a
//! diagnosis as a passing moment ("a total ADHD moment"), a quality addressed in the old style
//! ("Frailty, thy name is woman"). Hand-made for Rounds; each list names a class.

use super::everyday::HYPERBOLE_WORDS;

/// Illnesses a chore is said to give, beside the hyperbole words: hives and a rash.
const CHORE_ILLNESSES: &[&str] = &["hives", "rash", "ulcers", "migraines", "headaches"];

/// Chores, annoyances and mirth that are blamed for an illness in jest: "my inbox gives me hives",
/// "revising gives him a migraine", "laughed so hard I gave myself a hernia".
const CHORES: &[&str] = &[
    "inbox",
    "email",
    "emails",
    "reply-all",
    "spreadsheet",
    "spreadsheets",
    "rota",
    "rotas",
    "meeting",
    "meetings",
    "paperwork",
    "admin",
    "audit",
    "bureaucracy",
    "revising",
    "revision",
    "exams",
    "homework",
    "traffic",
    "commute",
    "colleague",
    "colleagues",
    "boss",
    "manager",
    "management",
    "politics",
    "politicians",
    "news",
    "twitter",
    "tiktok",
    "font",
    "fonts",
    "powerpoint",
    "excel",
    "slides",
    "jargon",
    "music",
    "song",
    // software and machines a clinician fights with
    "epr",
    "ehr",
    "emr",
    "software",
    "app",
    "website",
    "computer",
    "printer",
    "login",
    "form",
    "forms",
    // mirth ("laughing" too, in `given_by_a_chore`, unless it is laughing gas)
    "laughed",
    "talk",
];

/// Those the illness is given to.
const RECIPIENTS: &[&str] = &[
    "me", "him", "her", "us", "them", "you", "myself", "himself", "herself", "yourself",
];

/// The verb of giving, in any tense.
const GIVING: &[&str] = &["give", "gives", "giving", "gave", "given"];

/// Whether the match (lower-cased `surface`, with the lower-cased text `before` and `after` it) is
/// hyperbole or a casual diagnosis.
pub(super) fn hyperbole(surface: &str, before: &str, after: &str) -> bool {
    given_by_a_chore(surface, before)
        || first_person_future(surface, before, after)
        || passing_moment(surface, before, after)
        || addressed(after)
        || averse_to_a_chore(surface, after)
        || called_an_abstraction(before, after)
        || at_the_sight(after)
}

/// An ailment brought on by the mere sight or thought of something: "a headache just looking at
/// this form", "an ulcer just thinking about the audit".
fn at_the_sight(after: &str) -> bool {
    [
        " just looking at",
        " just thinking about",
        " just reading",
        " just watching",
        " just listening to",
        " just hearing",
        " just from looking",
        " just from reading",
    ]
    .iter()
    .any(|t| after.starts_with(t))
}

/// Dislikes said as an allergy or a phobia of a chore or of company: "a severe allergy to small
/// talk", "allergic to mornings". An allergy to a drug, a food or latex stays.
fn averse_to_a_chore(surface: &str, after: &str) -> bool {
    if !matches!(surface, "allergy" | "allergic" | "allergies" | "phobia") {
        return false;
    }
    let Some(rest) = [" to ", " of "].iter().find_map(|p| after.strip_prefix(p)) else {
        return false;
    };
    let words: Vec<&str> = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    let opening = words.join(" ");
    let first = words
        .iter()
        .find(|w| !matches!(**w, "the" | "all" | "my" | "any" | "more" | "so" | "much"));
    SOCIAL_CHORES.iter().any(|c| opening.starts_with(c))
        || first.is_some_and(|w| CHORES.contains(w))
}

/// Company and effort one may be "allergic" to.
const SOCIAL_CHORES: &[&str] = &[
    "small talk",
    "mornings",
    "early mornings",
    "people",
    "networking",
    "hard work",
    "work",
    "exercise",
    "commitment",
    "responsibility",
    "fun",
    "change",
];

/// "Our waiting list has a chronic disease called underfunding": a disease "called" by the name of
/// an abstraction (a lower-case word ending as abstract nouns do) is a figure.
fn called_an_abstraction(before: &str, after: &str) -> bool {
    let indefinite = before.ends_with(" a ") || before.ends_with(" an ");
    let Some(rest) = after.strip_prefix(" called ").filter(|_| indefinite) else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    word.len() >= 6
        && word.chars().all(char::is_lowercase)
        && [
            "ing", "ism", "ness", "acy", "ment", "ship", "dom", "ance", "ence",
        ]
        .iter()
        .any(|e| word.ends_with(e))
}

/// "My inbox gives me hives", "this spreadsheet is giving me a migraine": a give-verb, someone,
/// maybe an article, then the illness, in a sentence that names a chore.
fn given_by_a_chore(surface: &str, before: &str) -> bool {
    let singular = surface.trim_end_matches('s');
    if !(HYPERBOLE_WORDS.contains(&surface)
        || HYPERBOLE_WORDS.contains(&singular)
        || CHORE_ILLNESSES.contains(&surface))
    {
        return false;
    }
    let sentence = before
        .rsplit(['.', '!', '?', '\n', ';'])
        .next()
        .unwrap_or(before);
    let words: Vec<&str> = sentence
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = words.len();
    if i > 0 && matches!(words[i - 1], "a" | "an" | "such" | "real") {
        i -= 1;
    }
    let given = i >= 2 && RECIPIENTS.contains(&words[i - 1]) && GIVING.contains(&words[i - 2]);
    // Mirth in progress counts too, but laughing gas is a drug.
    given
        && words[..i - 2].iter().enumerate().any(|(k, w)| {
            CHORES.contains(w) || (*w == "laughing" && words.get(k + 1) != Some(&"gas"))
        })
}

/// What the speaker says they "will have" when annoyed: "I will literally have a stroke".
const FUTURE_HEADS: &[&str] = &[
    "i will have a ",
    "i will literally have a ",
    "i'll have a ",
    "i’ll have a ",
    "i'll literally have a ",
    "i’ll literally have a ",
    "i'm going to have a ",
    "i’m going to have a ",
    "i'm gonna have a ",
    "i’m gonna have a ",
    "i am going to have a ",
    "i'm literally going to have a ",
    "i’m literally going to have a ",
    "gonna literally have a ",
    "i'm about to have a ",
    "i’m about to have a ",
];

/// Words that may follow such a threat: a condition, a time, an end of the clause. A noun after
/// makes a plan ("I'm going to have a hernia repair").
const THREAT_ENDS: &[&str] = &[
    "if",
    "when",
    "at",
    "before",
    "by",
    "from",
    "over",
    "because",
    "and",
    "or",
    "right",
    "soon",
    "one",
    "the",
    "just",
    "i",
    "lol",
    "tbh",
    "honestly",
    "literally",
    "today",
    "tonight",
];

fn first_person_future(surface: &str, before: &str, after: &str) -> bool {
    // The subject may be left out at the start: "Going to have a panic attack if …".
    let elided = ["going to have a ", "gonna have a "].iter().any(|h| {
        before.strip_suffix(h).is_some_and(|head| {
            head.trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'))
        })
    });
    // "I'll have an aneurysm": the heads end in "a ", and "an " before a vowel.
    let threatened = FUTURE_HEADS.iter().any(|h| {
        before.ends_with(h)
            || h.strip_suffix("a ").is_some_and(|head| {
                before
                    .strip_suffix("an ")
                    .is_some_and(|rest| rest.ends_with(head))
            })
    }) || elided;
    if !(HYPERBOLE_WORDS.contains(&surface) || surface == "panic attack") || !threatened {
        return false;
    }
    let next: String = after
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    next.is_empty() || (after.starts_with(' ') && THREAT_ENDS.contains(&next.as_str()))
}

/// Conditions said of a passing moment or mood: "a total ADHD moment", "such OCD vibes".
const CASUAL_CONDITIONS: &[&str] = &["adhd", "add", "ocd", "bipolar", "autistic", "autism"];

/// What makes a diagnosis a moment's mood.
const MOODS: &[&str] = &[
    " moment",
    " moments",
    " vibes",
    " vibe",
    " energy",
    " behaviour",
];

fn passing_moment(surface: &str, before: &str, after: &str) -> bool {
    CASUAL_CONDITIONS.contains(&surface)
        && MOODS.iter().any(|m| {
            after
                .strip_prefix(m)
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
        })
        && !["my ", "his ", "her ", "their ", "your "]
            .iter()
            .any(|p| before.ends_with(p))
}

/// "Frailty, thy name is woman": a quality addressed in the old style is no diagnosis.
fn addressed(after: &str) -> bool {
    after.starts_with(", thy ") || after.starts_with(" thy name")
}

#[cfg(test)]
mod tests;
