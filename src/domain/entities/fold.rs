//! Case and punctuation folding shared by the lexicons and the text being tagged, so that a variant
//! and the words of a post are compared in one form: lower case, one kind of apostrophe and hyphen,
//! plain spaces. Folding can change byte lengths (some capitals lower-case to longer sequences), so
//! folded text keeps a map back to the byte offsets of the original.

/// Text in folded form, with the way back to the original's byte offsets.
pub(super) struct Folded {
    pub(super) text: String,
    /// `origin[i]` is the original byte offset of the character that produced folded byte `i`, with
    /// one extra entry for the end. `None` when folding kept every offset (ASCII input).
    origin: Option<Vec<u32>>,
    original_len: usize,
}

impl Folded {
    pub(super) fn new(original: &str) -> Self {
        if original.is_ascii() {
            let bytes = original.bytes().map(fold_ascii).collect();
            let text = String::from_utf8(bytes).expect("ASCII folds to ASCII");
            return Self {
                text,
                origin: None,
                original_len: original.len(),
            };
        }
        let mut text = String::with_capacity(original.len() + 8);
        let mut origin = Vec::with_capacity(original.len() + 9);
        for (at, c) in original.char_indices() {
            let before = text.len();
            push_folded(&mut text, c);
            origin.resize(text.len(), at as u32);
            debug_assert!(text.len() >= before);
        }
        origin.push(original.len() as u32);
        Self {
            text,
            origin: Some(origin),
            original_len: original.len(),
        }
    }

    /// The original byte offset of folded offset `at` (which may be the end of the text).
    pub(super) fn original_offset(&self, at: usize) -> usize {
        match &self.origin {
            None => at,
            Some(origin) => origin.get(at).map_or(self.original_len, |&o| o as usize),
        }
    }
}

const fn fold_ascii(b: u8) -> u8 {
    match b {
        b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => b' ',
        _ => b.to_ascii_lowercase(),
    }
}

/// [`fold_ascii`] of every byte, so that ASCII text is folded on the fly while it is matched. A
/// byte of a multi-byte character is kept, and folded text is its own folding: looking a byte of
/// either up here gives the folded byte.
pub(super) static FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x80 {
            fold_ascii(b as u8)
        } else {
            b as u8
        };
        b += 1;
    }
    table
};

/// Whether an ASCII byte is a letter or a digit ([`is_word_char`] without decoding).
pub(super) static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Appends the folded form of `c`: the one place that decides what counts as the same character.
pub(super) fn push_folded(out: &mut String, c: char) {
    match c {
        // Typographic apostrophes and primes, as phones and word processors insert them.
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' => out.push('\''),
        // Hyphens and dashes of every width, and the minus sign.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
        c if c.is_whitespace() => out.push(' '),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Folds a whole phrase (a lexicon variant): trims it and collapses runs of spaces.
pub(super) fn fold_phrase(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        push_folded(&mut out, c);
        if out.ends_with("  ") {
            out.pop();
        }
    }
    out
}

/// Whether `c` belongs to a word: entity matches must start and end at the edges of words.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a word starts at byte `at` of `text` (nothing word-like just before it).
pub(super) fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

/// Whether a word ends at byte `at` of `text`, the bytes of a `str` (nothing word-like just after
/// it). `at` may fall inside a character, which is never an edge; ASCII, the common case, needs no
/// decoding.
#[inline]
pub(super) fn ends_word_in(text: &[u8], at: usize) -> bool {
    match text.get(at) {
        None => true,
        Some(&b) if b.is_ascii() => !ASCII_WORD[b as usize],
        // A continuation byte.
        Some(&b) if b < 0xc0 => false,
        Some(_) => !char_at(text, at).is_some_and(is_word_char),
    }
}

/// The character that starts at byte `at` of `text`, the bytes of a `str`.
#[inline]
pub(super) fn char_at(text: &[u8], at: usize) -> Option<char> {
    let end = text.len().min(at + 4);
    // A `str`'s bytes: the slice is valid UTF-8 up to the first character it cuts.
    match std::str::from_utf8(&text[at..end]) {
        Ok(s) => s.chars().next(),
        Err(e) => std::str::from_utf8(&text[at..at + e.valid_up_to()])
            .ok()
            .and_then(|s| s.chars().next()),
    }
}
