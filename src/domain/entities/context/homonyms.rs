//! Homonyms of disease words, told apart by a cue word near them: shingles on a roof, a song
//! thrush, the cataracts of the Nile, honey from the hives, Noma the restaurant, polyps on a reef,
//! an earthquake's tremor, MUMPS the programming language, a rowing stroke rate. Hand-made for
//! Rounds. A cue is only a hint: the words right around the match can still say it is the disease
//! ("had a stroke while swimming", "cataract surgery on the Nile delta").

mod clinical;
mod data;

use clinical::{CLINICAL_NEXT, SUFFERED};
use data::HOMONYMS;

/// A homonym: the disease word, cue words of its other sense (whole words, anywhere in the few
/// words around), and, where the disease is common enough that a cue alone is too weak, the words
/// that must follow it in the other sense (rowing's "stroke rate", "stroke count").
pub(super) struct Homonym {
    word: &'static str,
    cues: &'static [&'static str],
    tails: &'static [&'static str],
}

const fn homonym_of(
    word: &'static str,
    cues: &'static [&'static str],
    tails: &'static [&'static str],
) -> Homonym {
    Homonym { word, cues, tails }
}

/// Cues so plainly of the other sense that no tail is needed beside them: a painter's or a
/// rower's stroke ("one confident stroke, says my watercolour tutor", "we need a new stroke for
/// the eight, rowing club").
const STRONG_CUES: &[(&str, &[&str])] = &[(
    "stroke",
    &[
        "watercolour",
        "watercolours",
        "watercolor",
        "watercolors",
        "calligraphy",
        "brushwork",
        "canvas",
        "rowing",
        "regatta",
        "oarsman",
        "oarswoman",
        "coxswain",
        "sculling",
    ],
)];

/// Whether the match (lower-cased `surface`, with the lower-cased text `before` and `after` it) is
/// a homonym in its other sense.
pub(super) fn homonym(surface: &str, before: &str, after: &str) -> bool {
    // A cue in an earlier sentence names the other sense there, not here: "Coral polyps spawn on
    // the reef. The colonoscopy found two polyps" holds both. (A cue may still follow: "Lunch at
    // Noma. Thank you, Copenhagen.")
    let before = before
        .rfind(['.', '!', '?', '\n'])
        .map_or(before, |i| &before[i + 1..]);
    let singular = surface.trim_end_matches('s');
    let Some(homonym) = HOMONYMS
        .iter()
        .find(|h| surface == h.word || singular == h.word)
    else {
        return false;
    };
    // The cue as the word right before is a compound of the other sense ("forehand stroke",
    // "brush stroke", "song thrush"): no tail is needed then.
    let previous = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let compound = before.ends_with(' ') && homonym.cues.contains(&previous);
    let strong: &[&str] = STRONG_CUES
        .iter()
        .find(|(word, _)| *word == homonym.word)
        .map_or(&[], |(_, cues)| cues);
    let strongly_cued = !strong.is_empty()
        && before
            .split(|c: char| !c.is_alphanumeric())
            .chain(after.split(|c: char| !c.is_alphanumeric()))
            .any(|w| strong.contains(&w));
    if !compound
        && !strongly_cued
        && !homonym.tails.is_empty()
        && !homonym.tails.iter().any(|t| after.starts_with(t))
    {
        return false;
    }
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    // The cue as the word right after makes a compound too, whoever has it: "walls done with
    // distemper paint". Tails stay required where the data asks for them.
    if after.starts_with(' ') && homonym.tails.is_empty() && homonym.cues.contains(&next) {
        return true;
    }
    let clinical = SUFFERED.iter().any(|h| before.ends_with(h)) || CLINICAL_NEXT.contains(&next);
    !clinical
        && (strongly_cued
            || before
                .split(|c: char| !c.is_alphanumeric())
                .chain(after.split(|c: char| !c.is_alphanumeric()))
                .any(|w| homonym.cues.contains(&w)))
}

#[cfg(test)]
mod tests;
