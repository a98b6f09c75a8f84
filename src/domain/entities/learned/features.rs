//! The features of a disease match the learned filter weighs, hashed into `1 << BITS` slots: the
//! matched words and the canonical name, their shape (capitals, a hashtag, a mention, quotes),
//! the words on either side (the nearest two by position, five each side as a bag, the nearest
//! paired with the match), every word of the post (when [`POST_WORDS`]), cue words of a clinical
//! reading or of other domains (games, music, sport, horoscopes…), the clinical shapes of the
//! match's sentence (a dose, a lab value, a note's verb, a drug: `cues`; when [`CLINICAL_SHAPES`]),
//! and optionally the hand rules' verdict. Hand-made for Rounds.

use super::cues::{self, Cues, CLINICAL, ELSEWHERE};

/// Bumped whenever what `extract` yields changes, so stale weights are refused.
pub const VERSION: u32 = 3;
/// Whether every word of the post is a feature of each match (version 1 did so; the shipped
/// model uses only the local window, which carries less of the labelled sets' own voice).
pub const POST_WORDS: bool = false;
/// Whether a capital that only begins a sentence is ignored (terse notes begin sentences with
/// the disease: "Massive PE, …").
pub const START_CASE: bool = true;
/// Whether the clinical shapes of the match's sentence are features (version 3: they tell a
/// terse note from a figure of speech without the labelled sets' vocabulary).
pub const CLINICAL_SHAPES: bool = true;
/// What the shipped model sees.
pub const SHIPPED: Options = Options {
    post_words: POST_WORDS,
    start_case: START_CASE,
    clinical_shapes: CLINICAL_SHAPES,
};
/// Features are hashed into `1 << BITS` slots.
pub const BITS: u32 = 20;

const WINDOW: usize = 5;

/// Appends to `out` (after clearing it) the features of the disease match `text[start..end]`
/// with canonical name `canonical`; `rules` is the hand rules' verdict when the model weighs it.
pub fn extract(
    text: &str,
    start: usize,
    end: usize,
    canonical: &str,
    rules: Option<bool>,
    out: &mut Vec<u32>,
) {
    Post::new(text).extract(start, end, canonical, rules, out);
}

/// Which features a post's matches get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Every word of the post, and the cue words anywhere in it (else only the local window).
    pub post_words: bool,
    /// A capital that only begins a sentence says nothing (a title-case match or left word there
    /// counts as lower case).
    pub start_case: bool,
    /// The clinical shapes of the match's sentence.
    pub clinical_shapes: bool,
}

/// What every match of one text shares: its words, and the features of the whole post.
pub struct Post<'a> {
    text: &'a str,
    words: Vec<Word>,
    /// The features of the post's words and of the cue words anywhere in it.
    shared: Vec<u32>,
    options: Options,
    /// The byte ranges of the drugs the tagger found in the text, and of the diseases the rules
    /// keep.
    drugs: Vec<(usize, usize)>,
    diseases: Vec<(usize, usize)>,
}

impl<'a> Post<'a> {
    /// The post as the shipped model sees it ([`SHIPPED`]).
    pub fn new(text: &'a str) -> Self {
        Self::with(text, SHIPPED)
    }

    /// The post, its matches' features chosen by `options`.
    pub fn with(text: &'a str, options: Options) -> Self {
        let words = words(text);
        if !options.post_words {
            return Self {
                text,
                words,
                shared: Vec::new(),
                options,
                drugs: Vec::new(),
                diseases: Vec::new(),
            };
        }
        let mut seen: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        let mut shared: Vec<u32> = seen.iter().map(|word| hash(&["p", word])).collect();
        for (name, list) in [("clinical", CLINICAL), ("elsewhere", ELSEWHERE)] {
            if seen.iter().any(|w| list.contains(w)) {
                shared.push(hash(&["cue-post", name]));
            }
        }
        Self {
            text,
            words,
            shared,
            options,
            drugs: Vec::new(),
            diseases: Vec::new(),
        }
    }

    /// The post, knowing where the tagger found drugs and where the rules keep diseases (byte
    /// ranges): a drug or another disease in a match's sentence is a clinical cue.
    pub fn with_entities(
        mut self,
        drugs: Vec<(usize, usize)>,
        diseases: Vec<(usize, usize)>,
    ) -> Self {
        self.drugs = drugs;
        self.diseases = diseases;
        self
    }

    /// The clinical cues of the sentence holding `text[start..end]`, the match's own words aside.
    pub fn cues(&self, start: usize, end: usize) -> Cues {
        let (from, to) = cues::sentence(self.text, start, end);
        let around = self
            .words
            .iter()
            .filter(|w| w.start >= from && w.end <= to && (w.end <= start || w.start >= end));
        let inside = |&&(s, e): &&(usize, usize)| s >= from && e <= to;
        let drug = self.drugs.iter().any(|r| inside(&r));
        let disease = self
            .diseases
            .iter()
            .any(|r| inside(&r) && (r.1 <= start || r.0 >= end));
        cues::cues(around.map(|w| w.lower.as_str()), (drug, disease))
    }

    /// [`extract`] for a match of this post.
    pub fn extract(
        &self,
        start: usize,
        end: usize,
        canonical: &str,
        rules: Option<bool>,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let text = self.text;
        let raw = &text[start..end];
        let surface = raw.to_lowercase();
        let canonical = canonical.to_lowercase();
        let at_start = sentence_starts_before(&text[..start]);
        let shape = match shape(raw) {
            "title" if self.options.start_case && at_start => "lower",
            shape => shape,
        };
        out.push(hash(&["bias"]));
        out.push(hash(&["c", &canonical]));
        out.push(hash(&["t", &surface]));
        out.push(hash(&["s", shape]));
        out.push(hash(&["ts", &surface, shape]));
        if surface.ends_with('s') && !canonical.ends_with('s') {
            out.push(hash(&["plural"]));
        }
        let mark = match text[..start].chars().next_back() {
            Some('#') => "hashtag",
            Some('@') => "mention",
            Some('"' | '“' | '\'' | '‘') => "quoted",
            Some('-') => "hyphen-before",
            _ => "plain",
        };
        out.push(hash(&["mark", mark]));
        out.push(hash(&["tmark", &surface, mark]));
        if text[end..].starts_with('-') {
            out.push(hash(&["hyphen-after"]));
        }
        let left: Vec<&Word> = self.words.iter().filter(|w| w.end <= start).rev().collect();
        let right: Vec<&Word> = self.words.iter().filter(|w| w.start >= end).collect();
        if at_start {
            out.push(hash(&["sentence-start"]));
        }
        let start_case = self.options.start_case;
        side(out, "l", &left, &surface, start_case);
        side(out, "r", &right, &surface, start_case);
        out.extend_from_slice(&self.shared);
        for (name, list) in [("clinical", CLINICAL), ("elsewhere", ELSEWHERE)] {
            let near = left
                .iter()
                .take(WINDOW)
                .chain(right.iter().take(WINDOW))
                .any(|w| list.contains(&w.lower.as_str()));
            if near {
                out.push(hash(&["cue-near", name]));
            }
        }
        if self.options.clinical_shapes {
            let cues = self.cues(start, end);
            out.extend(cues.names().map(|name| hash(&["cue-sentence", name])));
            if !cues.any() {
                out.push(hash(&["cue-sentence", "none"]));
            }
        }
        if let Some(keep) = rules {
            let verdict = if keep { "keep" } else { "reject" };
            out.push(hash(&["rules", verdict]));
            out.push(hash(&["rules-shape", verdict, shape]));
        }
    }
}

/// One word of a text: its byte range, lower-cased form and whether it begins with a capital.
struct Word {
    start: usize,
    end: usize,
    lower: String,
    capital: bool,
    /// Whether the word begins a sentence.
    sentence_start: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut begun: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (begun, is_word(c)) {
            (None, true) => begun = Some(at),
            (Some(from), false) => {
                let word = text[from..at].trim_matches(|c| c == '\'' || c == '’');
                if !word.is_empty() {
                    out.push(Word {
                        start: from,
                        end: at,
                        lower: word.to_lowercase(),
                        capital: word.chars().next().is_some_and(char::is_uppercase),
                        sentence_start: sentence_starts_before(&text[..from]),
                    });
                }
                begun = None;
            }
            _ => {}
        }
    }
    out
}

/// Features of the words on one side of the match, nearest first.
fn side(out: &mut Vec<u32>, name: &str, nearest_first: &[&Word], surface: &str, start_case: bool) {
    for (distance, word) in nearest_first.iter().take(WINDOW).enumerate() {
        let lower = word.lower.as_str();
        out.push(hash(&[name, lower]));
        if distance < 2 {
            out.push(hash(&[name, ["0", "1"][distance], lower]));
        }
        if distance == 0 {
            out.push(hash(&[name, "match", surface, lower]));
            if word.capital && !(start_case && word.sentence_start) {
                out.push(hash(&[name, "capital"]));
            }
        }
        if lower.chars().all(|c| c.is_ascii_digit()) {
            out.push(hash(&[name, "number"]));
        }
    }
    if let [first, second, ..] = nearest_first {
        out.push(hash(&[name, "pair", &first.lower, &second.lower]));
    }
    if nearest_first.is_empty() {
        out.push(hash(&[name, "edge"]));
    }
}

fn sentence_starts_before(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == '#' || c == '"');
    trimmed.is_empty() || trimmed.ends_with(['.', '!', '?', ':', '\n'])
}

/// "upper", "title", "lower" or "mixed": how the match is written.
fn shape(raw: &str) -> &'static str {
    let letters = || raw.chars().filter(|c| c.is_alphabetic());
    if letters().all(char::is_uppercase) {
        "upper"
    } else if letters().all(char::is_lowercase) {
        "lower"
    } else if raw
        .split([' ', '-'])
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        "title"
    } else {
        "mixed"
    }
}

/// FNV-1a over the parts, separated, folded into `BITS` bits.
pub fn hash(parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    ((h ^ (h >> 32)) as u32) & ((1 << BITS) - 1)
}

#[cfg(test)]
mod tests {
    use super::extract;

    #[test]
    fn the_same_word_in_other_company_gets_other_features() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let text_a = "Admitted with a stroke, CT head booked";
        let text_b = "What a stroke of luck, the band played";
        extract(text_a, 16, 22, "Stroke", None, &mut a);
        extract(text_b, 7, 13, "Stroke", None, &mut b);
        let shared = a.iter().filter(|f| b.contains(f)).count();
        assert!(shared >= 4, "the match's own features are shared: {shared}");
        assert!(
            shared < a.len() / 2,
            "most are not: {shared} of {}",
            a.len()
        );
        extract(text_a, 16, 22, "Stroke", Some(true), &mut b);
        assert_eq!(b.len(), a.len() + 2, "the rules' verdict adds two features");
    }
}
