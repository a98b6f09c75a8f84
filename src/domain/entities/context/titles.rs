//! Disease words inside a title: a journal ("accepted in Stroke", "Diabetes Care"), a book being
//! read ("reading Solzhenitsyn's Cancer Ward") or a star sign ("typical Cancer, said my Gemini
//! registrar") or a species' Latin name ("Cancer pagurus", the edible crab).

mod epithets;
mod signs;

use epithets::NOT_EPITHETS;
use signs::star_sign;

/// Whether the match `text[start..end]` (with the lower-cased text just `before` it) is part of
/// a title rather than a mention of the disease.
pub(super) fn title(text: &str, start: usize, end: usize, before: &str) -> bool {
    let capitalised = text[start..end]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    capitalised
        && (journal(text, start, end, before)
            || book(text, end, before)
            || ends_a_title(text, start)
            || binomial(text, start, end)
            || watched_or_read(text, start, end, before)
            || star_sign(text, start, end))
}

/// Journals named after a disease, as their titles are written. Data, not rules: add a title
/// here when a journal's name is misread as a disease. A title of one word ("Stroke") is also the
/// disease's own name, so it counts as a journal only after a publishing cue; longer titles
/// ("Diabetes Care") are unambiguous wherever they are written, hashtags included.
const JOURNALS: &[&str] = &[
    "Stroke",
    "Hypertension",
    "Diabetes",
    "Cancer",
    "Obesity",
    "Headache",
    "Lupus",
    "Leukemia",
    "Leukaemia",
    "AIDS",
    "Pain",
    "Thrombosis",
    "Tuberculosis",
    "Diabetes Care",
    "Diabetes Spectrum",
    "Diabetic Medicine",
    "Diabetes, Obesity and Metabolism",
    "Cancer Cell",
    "Cancer Discovery",
    "Cancer Medicine",
    "Obesity Reviews",
    "Hypertension Research",
    "Stroke and Vascular Neurology",
    "Circulation: Heart Failure",
    "JACC: Heart Failure",
    "European Journal of Heart Failure",
    "Heart Rhythm",
    "Arthritis & Rheumatology",
    "Arthritis Care & Research",
    "Lancet Oncology",
    "Lancet Diabetes & Endocrinology",
    "Lancet HIV",
    "Lancet Infectious Diseases",
    "Clinical Infectious Diseases",
    "Emerging Infectious Diseases",
    "Journal of Infectious Diseases",
    "Alzheimer's & Dementia",
    "Multiple Sclerosis Journal",
    "Epilepsy & Behavior",
    "Schizophrenia Bulletin",
    "Depression and Anxiety",
    "Osteoporosis International",
    "Malaria Journal",
];

/// What is written just before a journal's name ("published in", "submitted to").
const PUBLISHING_CUES: &[&str] = &[
    "published in ",
    "publish in ",
    "accepted in ",
    "accepted at ",
    "accepted to ",
    "accepted by ",
    "submitted to ",
    "submitting to ",
    "submission to ",
    "rejected from ",
    "rejected by ",
    "rejection from ",
    "out in ",
    "out now in ",
    "paper in ",
    "study in ",
    "article in ",
    "editorial in ",
    "review in ",
    "letter in ",
    "reviewer for ",
    "reviewing for ",
    "editor of ",
    "editor at ",
    "editors of ",
    "editors at ",
    "editorial team at ",
    "editorial team of ",
    "editorial board of ",
    "editor-in-chief of ",
    "issue of ",
    "the journal ",
];

/// What follows a journal's one-word name when the writer says it is one ("Hypertension (the
/// journal)", "Obesity journal's editor"); a journal club is a meeting about the disease.
const FOLLOWING_CUES: &[&str] = &[
    " (the journal",
    " (journal",
    " journal",
    "'s impact factor",
    "’s impact factor",
    " impact factor",
];

fn journal(text: &str, start: usize, end: usize, before: &str) -> bool {
    let after = text[end..super::ceil_boundary(text, end + 24)].to_lowercase();
    let cued = PUBLISHING_CUES.iter().any(|c| before.ends_with(c))
        || (FOLLOWING_CUES.iter().any(|c| after.starts_with(c))
            && !after.starts_with(" journal club"));
    let in_title = JOURNALS.iter().any(|title| {
        (cued || title.contains(' '))
            && title.len() >= end - start
            // Only a title around the match counts: it starts at most its length before the end.
            && (end.saturating_sub(title.len())..=start).any(|at| {
                text.as_bytes()[at] == title.as_bytes()[0]
                    && text.as_bytes()[at..].starts_with(title.as_bytes())
                    && !text[..at].ends_with(char::is_alphanumeric)
                    && !text[at + title.len()..].starts_with(char::is_alphanumeric)
            })
    });
    in_title || journal_hashtag(text, start)
}

/// "#DiabetesCare": a hashtag that spells a journal's title of several words.
fn journal_hashtag(text: &str, start: usize) -> bool {
    let Some(hash) = text[..start].rfind('#') else {
        return false;
    };
    let body_start = hash + 1;
    if text[body_start..start].contains(|c: char| !c.is_alphanumeric() && c != '_') {
        return false;
    }
    let body: String = text[body_start..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .flat_map(char::to_lowercase)
        .collect();
    JOURNALS.iter().filter(|t| t.contains(' ')).any(|title| {
        let spelt = title
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase);
        body.chars().eq(spelt)
    })
}

/// What is written before a book's title ("reading", "just finished").
const READING_CUES: &[&str] = &[
    "reading ",
    "read ",
    "re-reading ",
    "rereading ",
    "finished ",
    "finishing ",
    "book ",
    "novel ",
];

/// A capitalised title of two or more words after a reading cue, with or without its author's
/// name ("reading Solzhenitsyn's Cancer Ward", "finished The Cancer Journals").
fn book(text: &str, end: usize, before: &str) -> bool {
    let mut before = before.strip_suffix("the ").unwrap_or(before);
    if let Some(owner) = before
        .strip_suffix("'s ")
        .or_else(|| before.strip_suffix("’s "))
    {
        before = owner.trim_end_matches(|c: char| c.is_alphanumeric() || c == '-');
    }
    let next_capitalised = text[end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase);
    next_capitalised && READING_CUES.iter().any(|c| before.ends_with(c))
}

/// What is written just before a single-word title in mid-sentence: watching, reading, playing.
const VIEWING_CUES: &[&str] = &[
    "watched ",
    "watching ",
    "watch ",
    "rewatched ",
    "rewatching ",
    "re-watched ",
    "streamed ",
    "streaming ",
    "binged ",
    "binge-watched ",
    "listening to ",
    "listened to ",
    "playing ",
    "played ",
    "read ",
    "reading ",
    "reread ",
    "re-read ",
    "rereading ",
    "re-reading ",
    // a kind of work named before its title: "the novel Coma", "the film Contagion"
    "novel ",
    "film ",
    "movie ",
    "album ",
    "song ",
    "documentary ",
    "play ",
    "musical ",
];

/// Cues that name the kind of work, after which a title of several words may follow ("the play
/// Hay Fever").
const KIND_CUES: &[&str] = &[
    "novel ",
    "film ",
    "movie ",
    "documentary ",
    "play ",
    "musical ",
];

/// Words that may follow a title just watched or read: when, where, how often, by whom.
const TITLE_FOLLOWERS: &[&str] = &[
    "on",
    "again",
    "last",
    "tonight",
    "yesterday",
    "today",
    "this",
    "over",
    "at",
    "with",
    "by",
    "and",
    "while",
    "for",
    "in",
    "during",
    "after",
    "before",
    "twice",
    "was",
    "is",
];

/// "Watched Concussion again", "read Blindness on holiday": a capitalised single word right after
/// a viewing or reading cue, in mid-sentence, is a film's, a book's or a game's title.
fn watched_or_read(text: &str, start: usize, end: usize, before: &str) -> bool {
    // "Read Diabetes guidance": a lower-case noun after makes a compound, not a title.
    let next = text[end..].strip_prefix(' ').map(|rest| {
        rest.split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
    });
    let title_ends = next.is_none_or(|w| {
        w.is_empty() || w.starts_with(char::is_uppercase) || TITLE_FOLLOWERS.contains(&w)
    });
    let single = !text[start..end].contains(' ');
    title_ends
        && VIEWING_CUES.iter().any(|c| {
            if !single && !KIND_CUES.contains(c) {
                return false;
            }
            // "Listening to The Hives": the title may keep its capitalised "The".
            let before = match text[..start].strip_suffix("The ") {
                Some(_) => before.strip_suffix("the ").unwrap_or(before),
                None => before,
            };
            before
                .strip_suffix(c)
                .is_some_and(|head| head.is_empty() || head.ends_with(char::is_whitespace))
        })
}

/// Small words a title keeps in lower case ("Love in the Time of Cholera").
const TITLE_LINKS: &[&str] = &["of", "in", "the", "a", "an", "and", "on", "to", "for"];

/// The disease ends a title that follows a reading cue: "re-reading Love in the Time of Cholera".
fn ends_a_title(text: &str, start: usize) -> bool {
    let cued = |head: &str| {
        let from = head.char_indices().rev().nth(15).map_or(0, |(at, _)| at);
        let tail = &head[from..];
        if tail.is_ascii() {
            // The common case, without building the lower-cased tail.
            return READING_CUES.iter().any(|c| {
                let word = c.as_bytes().split_last().map_or(&[][..], |(_, w)| w);
                tail.len() >= word.len()
                    && tail.as_bytes()[tail.len() - word.len()..].eq_ignore_ascii_case(word)
            });
        }
        let tail: String = head
            .chars()
            .rev()
            .take(16)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let tail = format!("{} ", tail.to_lowercase());
        READING_CUES.iter().any(|c| tail.ends_with(c))
    };
    let mut head = text[..start].trim_end_matches(' ');
    let mut capitalised = 0;
    for _ in 0..8 {
        if capitalised > 0 && cued(head) {
            return true;
        }
        let word = head.rsplit(' ').next().unwrap_or("");
        if word.starts_with(char::is_uppercase) {
            capitalised += 1;
        } else if word.is_empty() || !TITLE_LINKS.contains(&word) {
            return false;
        }
        head = head[..head.len() - word.len()].trim_end_matches(' ');
    }
    false
}

/// A genus written before its species, as in "Cancer pagurus": the capitalised disease word in
/// mid-sentence, then a lower-case word with a Latin ending.
fn binomial(text: &str, start: usize, end: usize) -> bool {
    let opens_sentence = text[..start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '"'));
    if text[start..end].contains(' ') {
        return false;
    }
    let Some(next) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let word: String = next.chars().take_while(char::is_ascii_alphabetic).collect();
    // Opening a sentence, only a species glossed right after ("Cancer pagurus, the brown crab")
    // with an ending English words rarely have ("Cancer metastasis" stays).
    let glossed = next[word.len()..].starts_with([',', '(', ' ', ')'])
        && next[word.len()..].trim_start().starts_with([',', '(']);
    let endings: &[&str] = if opens_sentence {
        &["us", "um", "ae", "ii", "ensis", "oides"]
    } else {
        &["us", "um", "ae", "ii", "is", "ensis", "oides"]
    };
    (!opens_sentence || glossed)
        && word.len() >= 5
        && word.chars().all(|c| c.is_ascii_lowercase())
        && endings.iter().any(|ending| word.ends_with(ending))
        && !NOT_EPITHETS.contains(&word.as_str())
}
