//! Entities inside hashtags. A hashtag is one word to the plain matcher, so "#LongCovid" and
//! "#HeartFailureAwareness" would be missed: a body is first looked up whole with separators removed
//! ("longcovid" is "long covid"), and otherwise split where its capitals show word edges
//! ("Heart Failure Awareness") and matched again. Spans cover the body, without the `#`.

use super::fold::starts_word;
use super::matcher::{Candidate, Matcher};

/// Appends the entities found inside the hashtags of `text`.
pub(super) fn collect(matcher: &Matcher, text: &str, out: &mut Vec<Candidate>) {
    for (start, end) in hashtag_bodies(text) {
        let body = &text[start..end];
        if out.iter().any(|c| c.start == start && c.end == end) {
            continue;
        }
        if let Some(entry) = matcher.lookup_squashed(body) {
            out.push(Candidate { start, end, entry });
            continue;
        }
        let (spaced, origin) = split_camel_case(body);
        if spaced.len() == body.len() {
            continue;
        }
        let mut inner = Vec::new();
        matcher.collect(&spaced, &mut inner);
        out.extend(inner.into_iter().map(|c| Candidate {
            start: start + origin[c.start],
            end: start + origin[c.end],
            entry: c.entry,
        }));
    }
}

/// Byte ranges of hashtag bodies: a `#` that starts a word, then letters, digits and underscores.
fn hashtag_bodies(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    text.match_indices('#').filter_map(move |(at, _)| {
        if !starts_word(text, at) {
            return None;
        }
        let start = at + 1;
        let len: usize = text[start..]
            .chars()
            .take_while(|&c| c.is_alphanumeric() || c == '_')
            .map(char::len_utf8)
            .sum();
        (len > 0).then_some((start, start + len))
    })
}

/// Inserts a space at each camel-case word edge and for each underscore; returns the new text and,
/// for each of its byte offsets (and its end), the offset in `body` it came from. An inserted space
/// maps to the character after it, so a match ending there ends where the word does.
fn split_camel_case(body: &str) -> (String, Vec<usize>) {
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut spaced = String::with_capacity(body.len() + 8);
    let mut origin = Vec::with_capacity(body.len() + 9);
    for (i, &(at, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let lower_to_upper = prev.is_some_and(char::is_lowercase) && c.is_uppercase();
        let acronym_to_word = prev.is_some_and(char::is_uppercase)
            && c.is_uppercase()
            && next.is_some_and(char::is_lowercase);
        if c == '_' {
            spaced.push(' ');
            origin.push(at);
            continue;
        }
        if lower_to_upper || acronym_to_word {
            spaced.push(' ');
            origin.push(at);
        }
        spaced.push(c);
        origin.resize(spaced.len(), at);
    }
    origin.push(body.len());
    (spaced, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_splits_at_word_edges_and_keeps_acronyms_whole() {
        assert_eq!(split_camel_case("LongCovid").0, "Long Covid");
        assert_eq!(split_camel_case("ADHDAwareness").0, "ADHD Awareness");
        assert_eq!(split_camel_case("T2DM").0, "T2DM");
        assert_eq!(split_camel_case("heart_failure").0, "heart failure");
    }

    #[test]
    fn offsets_of_the_split_text_point_back_into_the_body() {
        let (spaced, origin) = split_camel_case("HeartFailure");
        let failure = spaced.find("Failure").unwrap();
        assert_eq!(origin[failure], 5);
        assert_eq!(origin[spaced.len()], "HeartFailure".len());
        assert_eq!(
            origin[failure - 1],
            5,
            "the inserted space maps to the next word"
        );
    }

    #[test]
    fn hashtags_inside_words_and_bare_hashes_are_not_bodies() {
        let text = "a#b # #T2DM, #LongCovid's";
        let bodies: Vec<&str> = hashtag_bodies(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(bodies, ["T2DM", "LongCovid"]);
    }
}
