//! How the learned detector sees a text: tokens, and for each token a set of hashed features.
//!
//! A token is a run of characters between spaces with its leading and trailing punctuation split
//! off as tokens of their own ("(555)" is "(", "555", ")"; "02/11/1948" stays whole); Han and kana
//! characters, written without spaces, are a token each. Each token's features are strings (its
//! folded word, its shape, affixes, its script, what the gazetteers and the medical lexicons say
//! of it, and the same for the words around it) hashed with FNV-1a into [`BUCKETS`] slots, so the
//! model is a fixed-size table however many distinct words training saw.

use super::super::{english, gazetteer::GAZETTEER, lexicon};

/// Hashed feature slots; a power of two.
pub const BUCKETS: u32 = 1 << 17;

/// Bumped whenever what a feature means changes, so that weights trained on the old meaning are
/// refused (`learned::Model::from_bytes`).
pub const FEATURE_VERSION: u32 = 2;

/// One token: byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chunk_start = None;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() || is_unspaced(c) {
            if let Some(start) = chunk_start.take() {
                split_chunk(text, start, at, &mut out);
            }
            if !c.is_whitespace() {
                out.push(Token {
                    start: at,
                    end: at + c.len_utf8(),
                });
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(at);
        }
    }
    if let Some(start) = chunk_start {
        split_chunk(text, start, text.len(), &mut out);
    }
    out
}

/// Scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

fn is_edge_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !matches!(c, '@' | '#' | '+')
}

fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    let mut tail = Vec::new();
    while let Some(c) = text[start..end]
        .chars()
        .next()
        .filter(|&c| is_edge_punctuation(c))
    {
        out.push(Token {
            start,
            end: start + c.len_utf8(),
        });
        start += c.len_utf8();
    }
    while let Some(c) = text[start..end]
        .chars()
        .next_back()
        .filter(|&c| is_edge_punctuation(c))
    {
        tail.push(Token {
            start: end - c.len_utf8(),
            end,
        });
        end -= c.len_utf8();
    }
    if start < end {
        out.push(Token { start, end });
    }
    out.extend(tail.into_iter().rev());
}

/// What the word lists say of one token, as bits.
const GIVEN: u16 = 1;
const SURNAME: u16 = 1 << 1;
const PLACE: u16 = 1 << 2;
const KEEP: u16 = 1 << 3;
const ENGLISH: u16 = 1 << 4;
const STOPWORD: u16 = 1 << 5;
const EPONYM: u16 = 1 << 6;
const MEDICAL: u16 = 1 << 7;
const TITLE: u16 = 1 << 8;
const REGION: u16 = 1 << 9;
const PLACE_PAIR: u16 = 1 << 10;
/// A word that shows the next words are a person (`cues.txt`: person, verb, relation).
const CUE: u16 = 1 << 11;
/// A lower-case surname particle ("van", "bin", "de").
const PARTICLE: u16 = 1 << 12;
const FLAG_NAMES: [&str; 13] = [
    "given", "surname", "place", "keep", "english", "stop", "eponym", "medical", "title", "region",
    "place2", "cue", "particle",
];

/// One token as the features read it.
struct Seen {
    key: String,
    shape: String,
    short: String,
    script: &'static str,
    flags: u16,
    capitalised: bool,
    /// How many tokens of the text have the same folded word.
    mentions: u8,
}

/// The hashed features of every token of `text`; `medical` are the byte ranges the drug and
/// disease lexicons recognise.
pub fn features(text: &str, tokens: &[Token], medical: &[(usize, usize)]) -> Vec<Vec<u32>> {
    let lexicon = &*lexicon::LEXICON;
    let gazetteer = &*GAZETTEER;
    let mut seen: Vec<Seen> = tokens
        .iter()
        .map(|t| {
            let word = &text[t.start..t.end];
            let key = lexicon::key(word);
            let mut flags = 0;
            let mut set = |bit: u16, on: bool| {
                if on {
                    flags |= bit;
                }
            };
            set(
                GIVEN,
                gazetteer.given(&key).is_some() || lexicon.is_given(&key),
            );
            set(
                SURNAME,
                gazetteer.surname(&key).is_some() || lexicon.is_surname(&key),
            );
            set(PLACE, gazetteer.is_place(&key));
            set(KEEP, gazetteer.keeps(&key));
            set(ENGLISH, english::is_word(&key));
            set(STOPWORD, lexicon.is_stopword(&key));
            set(EPONYM, lexicon.eponyms.contains(&key));
            set(
                MEDICAL,
                medical.iter().any(|&(s, e)| s <= t.start && t.end <= e),
            );
            set(TITLE, lexicon.titles.contains(&key));
            set(REGION, gazetteer.regions.contains(&key));
            set(
                CUE,
                lexicon.person_cues.contains(&key)
                    || lexicon.verb_cues.contains(&key)
                    || lexicon.relations.contains(&key),
            );
            set(PARTICLE, lexicon.particles.contains(&key));
            let (shape, short) = shapes(word);
            Seen {
                key,
                shape,
                short,
                script: script(word),
                flags,
                capitalised: word.starts_with(char::is_uppercase),
                mentions: 0,
            }
        })
        .collect();
    let mut counts = std::collections::HashMap::<&str, u8>::new();
    for s in &seen {
        let n = counts.entry(s.key.as_str()).or_default();
        *n = n.saturating_add(1);
    }
    let mentions: Vec<u8> = seen.iter().map(|s| counts[s.key.as_str()]).collect();
    for (s, n) in seen.iter_mut().zip(mentions) {
        s.mentions = n;
    }
    for i in 1..seen.len() {
        let pair = format!("{} {}", seen[i - 1].key, seen[i].key);
        if gazetteer.is_place(&pair) {
            seen[i - 1].flags |= PLACE_PAIR;
            seen[i].flags |= PLACE_PAIR;
        }
    }
    (0..seen.len()).map(|i| token_features(&seen, i)).collect()
}

fn token_features(seen: &[Seen], i: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(64);
    let mut add = |parts: &[&str]| out.push(hash(parts));
    let me = &seen[i];
    let at =
        |offset: isize| -> Option<&Seen> { i.checked_add_signed(offset).and_then(|j| seen.get(j)) };
    let key_at = |offset: isize| at(offset).map_or("<edge>", |s| s.key.as_str());
    let short_at = |offset: isize| at(offset).map_or("<edge>", |s| s.short.as_str());
    let sentence_start = at(-1).is_none_or(|p| {
        matches!(
            p.key.as_str(),
            "." | "!" | "?" | ":" | ";" | "-" | "(" | "\""
        )
    });
    let cap = if me.capitalised { "cap" } else { "low" };
    add(&["bias"]);
    add(&["w", &me.key]);
    add(&["shape", &me.shape]);
    add(&["short", &me.short]);
    add(&["script", me.script]);
    let chars: Vec<char> = me.key.chars().collect();
    for n in 1..=3.min(chars.len()) {
        add(&["pre", &chars[..n].iter().collect::<String>()]);
    }
    for n in 1..=4.min(chars.len()) {
        add(&["suf", &chars[chars.len() - n..].iter().collect::<String>()]);
    }
    add(&["len", &chars.len().min(12).to_string()]);
    add(&["start", cap, if sentence_start { "1" } else { "0" }]);
    let mut flag_words = String::new();
    for (bit, name) in FLAG_NAMES.iter().enumerate() {
        if me.flags & (1 << bit) != 0 {
            add(&["flag", name, cap]);
            flag_words.push_str(name);
            flag_words.push('+');
        }
    }
    add(&["flags", &flag_words, cap]);
    for offset in [-2isize, -1, 1, 2] {
        let o = offset.to_string();
        add(&["w@", &o, key_at(offset)]);
        if offset.abs() == 1 {
            add(&["short@", &o, short_at(offset)]);
            if let Some(near) = at(offset) {
                for (bit, name) in FLAG_NAMES.iter().enumerate() {
                    if near.flags & (1 << bit) != 0 {
                        add(&["flag@", &o, name]);
                    }
                }
                add(&["cap@", &o, if near.capitalised { "1" } else { "0" }]);
            }
        }
    }
    for offset in [-3isize, -2, -1] {
        if let Some(near) = at(offset) {
            add(&["w<", &near.key]);
            if near.flags & CUE != 0 {
                add(&["cue<", &offset.to_string(), cap]);
            }
        }
    }
    for offset in [1isize, 2, 3] {
        if let Some(near) = at(offset) {
            add(&["w>", &near.key]);
        }
    }
    for offset in [-1isize, 1] {
        if let Some(near) = at(offset) {
            let chars: Vec<char> = near.key.chars().collect();
            let from = chars.len().saturating_sub(3);
            add(&[
                "suf3@",
                &offset.to_string(),
                &chars[from..].iter().collect::<String>(),
            ]);
        }
    }
    add(&["mentions", &me.mentions.min(3).to_string(), cap, &me.short]);
    add(&["flags short", &flag_words, &me.short]);
    add(&["at", &i.min(3).to_string(), cap]);
    add(&["w-1 short", key_at(-1), &me.short]);
    add(&["w-2 w-1", key_at(-2), key_at(-1)]);
    add(&[
        "short-1 short short+1",
        short_at(-1),
        &me.short,
        short_at(1),
    ]);
    add(&["short w+1", &me.short, key_at(1)]);
    out
}

/// The token's shape, each run of one character class cut to two marks (four for digits):
/// "Mulcahy" → "Xxx", "02/11/1948" → "dd/dd/dddd"; and its short shape, each run cut to one
/// mark ("Xx", "d/d/d").
fn shapes(word: &str) -> (String, String) {
    let mut shape = String::new();
    let mut short = String::new();
    let mut last = None;
    let mut run = 0;
    for c in word.chars().take(24) {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'o'
        } else {
            c
        };
        if Some(class) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(class);
            short.push(class);
        }
        if run <= 2 || class == 'd' && run <= 4 {
            shape.push(class);
        }
    }
    (shape, short)
}

/// The script a token is written in, by its first letter.
fn script(word: &str) -> &'static str {
    let Some(c) = word.chars().find(|c| c.is_alphabetic()) else {
        return if word.chars().any(|c| c.is_ascii_digit()) {
            "digits"
        } else {
            "punct"
        };
    };
    match c {
        'A'..='Z' | 'a'..='z' => "latin",
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => "latin-ext",
        '\u{0370}'..='\u{03FF}' => "greek",
        '\u{0400}'..='\u{04FF}' => "cyrillic",
        '\u{0590}'..='\u{05FF}' => "hebrew",
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => "arabic",
        '\u{0900}'..='\u{097F}' => "devanagari",
        '\u{0E00}'..='\u{0E7F}' => "thai",
        '\u{3040}'..='\u{30FF}' => "kana",
        '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => "hangul",
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => "han",
        _ => "other",
    }
}

/// FNV-1a over the parts, each ended by a separator, folded into [`BUCKETS`].
fn hash(parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0x1F]) {
            h = (h ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    h % BUCKETS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn punctuation_at_the_edges_is_split_off_and_inner_punctuation_stays() {
        assert_eq!(
            words("HARGREAVES, Derek (DOB 02/11/1948)."),
            [
                "HARGREAVES",
                ",",
                "Derek",
                "(",
                "DOB",
                "02/11/1948",
                ")",
                "."
            ]
        );
        assert_eq!(words("O'Brien's 陈伟说"), ["O'Brien's", "陈", "伟", "说"]);
    }

    #[test]
    fn shapes_keep_the_outline_of_a_word() {
        assert_eq!(shapes("Mulcahy"), ("Xxx".into(), "Xx".into()));
        assert_eq!(shapes("02/11/1948"), ("dd/dd/dddd".into(), "d/d/d".into()));
    }
}
