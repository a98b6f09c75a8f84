//! The quarter or district set off before or after a town ("Bandra, Mumbai", "Leeds
//! (Harehills)", "Praha 6"), a postcode with a space after a town, and a town after its postcode.

use std::sync::LazyLock;

use regex::Regex;

use super::{
    term_follows, words_open, BRACKET_AFTER, JOINED_AFTER, JOINED_BEFORE, WORD, WORD_AFTER,
};
use crate::domain::deidentify::asides::{never_a_name, unknown};
use crate::domain::deidentify::english;
use crate::domain::deidentify::gazetteer::GAZETTEER;
use crate::domain::deidentify::lexicon::key;
use crate::domain::deidentify::{Candidate, Identifier};

/// A postcode written with a space after a town: "Praha 6, 160 00".
static SPACED_POSTCODE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,\s*(?P<z>\d{3}\s\d{2})\b").expect("spaced postcode compiles"));

/// Capitalised words right before a bracket that holds the span.
static BEFORE_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[\s,:])(?P<w>{WORD}(?:[\s-]{WORD})?)\s*\(\s*$"
    ))
    .expect("before bracket compiles")
});

/// New spans beside a found place or postcode, through `add`.
pub(super) fn beside(
    text: &str,
    span: &Candidate,
    add: &mut dyn FnMut(usize, usize, Identifier, &'static str),
) {
    let kind = span.kind;
    let after = &text[span.end..];
    let before = &text[..span.start];
    match span.kind {
        Identifier::Place => {
            if let Some(caps) = BRACKET_AFTER.captures(after) {
                let w = caps.name("w").expect("words");
                if w.as_str().split_whitespace().all(|p| !never_a_name(p)) {
                    add(
                        span.end + w.start(),
                        span.end + w.end(),
                        kind,
                        "quarter in brackets after a town",
                    );
                }
            }
            if after.trim_start().starts_with(')') {
                if let Some(caps) = BEFORE_BRACKET.captures(before) {
                    let w = caps.name("w").expect("words");
                    if words_open(w.as_str()) {
                        add(
                            w.start(),
                            w.end(),
                            kind,
                            "quarter before its town in brackets",
                        );
                    }
                }
            }
            if let Some(caps) = JOINED_AFTER.captures(after) {
                let w = caps.name("w").expect("words");
                let numbered = caps.name("num").is_some();
                let last = w
                    .as_str()
                    .split_whitespace()
                    .next_back()
                    .unwrap_or_default();
                let ok = (GAZETTEER.is_place(&key(last))
                    || numbered && !english::is_word(&key(last)) && !never_a_name(last))
                    && words_open(w.as_str())
                    && !term_follows(text, span.end + w.end());
                if &caps["j"] == "," && ok {
                    let end = caps.name("num").map_or(w.end(), |n| n.end());
                    add(
                        span.end + w.start(),
                        span.end + end,
                        kind,
                        "quarter or town after a town",
                    );
                }
            }
            if let Some(caps) = JOINED_BEFORE.captures(before) {
                let w = caps.name("w").expect("words");
                let last = w
                    .as_str()
                    .split_whitespace()
                    .rfind(|p| !p.starts_with(|c: char| c.is_ascii_digit()))
                    .unwrap_or_default();
                let last = last.split('-').next().unwrap_or_default();
                if &caps["j"] == ","
                    && (unknown(last) || GAZETTEER.is_place(&key(last)))
                    && words_open(last)
                {
                    add(w.start(), w.end(), kind, "quarter before its town");
                }
            }
            if let Some(caps) = SPACED_POSTCODE_AFTER.captures(after) {
                let z = caps.name("z").expect("postcode");
                add(
                    span.end + z.start(),
                    span.end + z.end(),
                    Identifier::Zip,
                    "postcode after a town",
                );
            }
        }
        Identifier::Zip => {
            if let Some(caps) = WORD_AFTER.captures(after) {
                let w = caps.name("w").expect("word");
                let k = key(w.as_str());
                let titled = w.as_str().chars().nth(1).is_some_and(char::is_lowercase);
                let town = GAZETTEER.is_place(&k)
                    || !english::is_word(&k) && !never_a_name(w.as_str()) && !GAZETTEER.keeps(&k);
                if titled && town {
                    add(
                        span.end + w.start(),
                        span.end + w.end(),
                        Identifier::Place,
                        "town after its postcode",
                    );
                }
            }
        }
        _ => {}
    }
}
