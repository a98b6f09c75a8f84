//! Homonyms told by a cue in the match's own sentence or right after it, on wordings written for
//! these tests.

use super::super::is_not_a_disease;

/// Whether the `nth` (from 0) occurrence of `word` in `text` is filtered.
fn filtered(text: &str, word: &str, nth: usize, canonical: &str) -> bool {
    let (start, _) = text.match_indices(word).nth(nth).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

#[test]
fn a_cue_in_an_earlier_sentence_does_not_take_the_disease_away() {
    let reef = "Snorkelled over coral all week. Back at work, the scope found three polyps.";
    assert!(!filtered(reef, "polyps", 0, "Polyps"));
    let both = "Coral polyps feed at night. Her colon polyps were benign.";
    assert!(filtered(both, "polyps", 0, "Polyps"));
    assert!(!filtered(both, "polyps", 1, "Polyps"));
}

#[test]
fn a_cue_right_after_makes_a_compound_whoever_has_it() {
    assert!(filtered(
        "Finished the scullery walls with distemper paint today",
        "distemper",
        0,
        "Distemper"
    ));
    assert!(!filtered(
        "The puppy came in with distemper, coughing and twitching",
        "distemper",
        0,
        "Distemper"
    ));
}
