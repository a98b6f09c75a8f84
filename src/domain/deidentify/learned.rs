//! A learned detector: a multinomial logistic regression over hashed token features
//! ([`features`]), trained on the project's own labelled question sets (`tests/deidentify/`), that
//! labels each token as outside any identifier or inside one of [`CLASSES`].
//!
//! It is a second kind of evidence beside the hand-written rules: where a rule needs a cue word or
//! a list entry, the model weighs every clue at once (shape, affixes, script, gazetteers, the words
//! around). Tokens whose chance of being an identifier reaches the model's threshold are joined into
//! spans ([`spans`]) and added to what the rules found ([`merge`]) unless a rule already covers
//! them, the medical lexicons, the keep lists or a lab-value shape veto them, or they are of a
//! form the rules own (short numbers, everyday words, lower-case words, unspaced scripts).
//!
//! The weights (`config/deidentify/learned.weights`, built by
//! `cargo test --test deidentify -- --ignored train_learned_detector`, see
//! `config/deidentify/learned.md`) are compiled into the binary and copied into a table (2.6 MB) on
//! first use.
//! Whether [`deidentify`](super::deidentify) consults the model is [`ON`]; the measurement that
//! decided it is in tests/measurements.md (R6, "A learned detector (cross-validated)").
//!
//! Operating point, fixed before it was applied: the threshold shipped in the weights is the
//! lowest at which, leaving each of held-out sets 4–9 out in turn and training on every other
//! labelled set, rules + model keep ≥ 98.5% of the left-out set's medical terms on every fold
//! (R6 allows 97%); among feature and training configurations, the one removing the most
//! identifiers pooled over the six folds at its threshold is shipped (`config/deidentify/learned.md`).

pub mod features;
pub mod train;
mod vetoes;

use std::sync::LazyLock;

use vetoes::{in_learned_keep_list, is_placeholder, left_to_the_rules, only_kept_words};

use super::{
    is_lab_shaped, lexicon, medical_terms, render, terms::is_term, Candidate, Identifier, Redacted,
};
pub use features::{features, tokens, Token, BUCKETS, FEATURE_VERSION};

/// Whether [`deidentify`](super::deidentify) adds the shipped model's spans to the rules'.
pub const ON: bool = true;

/// What a token may be: index 0 is "no identifier", the rest are identifier kinds. Faxes are
/// learned as phones; e-mails, URLs and IP addresses as contacts (the rules' patterns take nearly
/// all of them first).
pub const CLASSES: [Option<Identifier>; 10] = [
    None,
    Some(Identifier::Name),
    Some(Identifier::Place),
    Some(Identifier::Date),
    Some(Identifier::Age),
    Some(Identifier::Id),
    Some(Identifier::Address),
    Some(Identifier::Zip),
    Some(Identifier::Phone),
    Some(Identifier::Contact),
];

/// The class a labelled kind is learned as.
pub fn class_of(kind: Identifier) -> usize {
    let learned = match kind {
        Identifier::Fax => Identifier::Phone,
        Identifier::Email | Identifier::Url | Identifier::Ip => Identifier::Contact,
        other => other,
    };
    CLASSES
        .iter()
        .position(|c| *c == Some(learned))
        .expect("every learned kind is a class")
}

const MAGIC: &[u8; 8] = b"RNDLRN01";
const HEADER: usize = 8 + 4 + 4 + 4 + 4 + 4 + 8;

/// Trained weights, quantised to 16 bits, with the threshold chosen for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `weights[bucket * CLASSES.len() + class]`, times `scale`.
    weights: Vec<i16>,
    scale: f32,
    /// The chance of being an identifier at or above which a token is redacted.
    pub threshold: f32,
    /// FNV-1a of the training sets' text, to tell when the weights are stale.
    pub data_hash: u64,
}

/// Why a weights file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a learned-detector weights file")]
    Magic,
    #[error("weights built for feature version {0}, this code reads {FEATURE_VERSION}")]
    Version(u32),
    #[error("weights file has the wrong size for its table")]
    Size,
}

impl Model {
    /// Quantises trained weights (`BUCKETS * CLASSES.len()` floats).
    pub fn quantise(weights: &[f32], threshold: f32, data_hash: u64) -> Self {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let scale = max / f32::from(i16::MAX);
        Self {
            weights: weights
                .iter()
                .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect(),
            scale,
            threshold,
            data_hash,
        }
    }

    /// The weights file: magic, feature version, buckets, classes, scale, threshold, data hash,
    /// then the table as little-endian `i16`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&BUCKETS.to_le_bytes());
        out.extend_from_slice(&(CLASSES.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&self.data_hash.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let word = |at: usize| -> [u8; 4] { bytes[at..at + 4].try_into().expect("four bytes") };
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let version = u32::from_le_bytes(word(8));
        if version != FEATURE_VERSION {
            return Err(ModelError::Version(version));
        }
        let buckets = u32::from_le_bytes(word(12));
        let classes = u32::from_le_bytes(word(16));
        let cells = (buckets as usize) * (classes as usize);
        if buckets != BUCKETS
            || classes as usize != CLASSES.len()
            || bytes.len() != HEADER + cells * 2
        {
            return Err(ModelError::Size);
        }
        Ok(Self {
            scale: f32::from_le_bytes(word(20)),
            threshold: f32::from_le_bytes(word(24)),
            data_hash: u64::from_le_bytes(bytes[28..36].try_into().expect("eight bytes")),
            weights: bytes[HEADER..]
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect(),
        })
    }

    /// Each token's chance of being in each class.
    pub fn probabilities(&self, features: &[Vec<u32>]) -> Vec<[f32; CLASSES.len()]> {
        features
            .iter()
            .map(|token| {
                let mut scores = [0f32; CLASSES.len()];
                for &f in token {
                    let row = f as usize * CLASSES.len();
                    for (class, score) in scores.iter_mut().enumerate() {
                        *score += f32::from(self.weights[row + class]);
                    }
                }
                softmax(scores.map(|s| s * self.scale))
            })
            .collect()
    }

    /// The spans this model finds in `text` at its own threshold.
    pub fn find(&self, text: &str) -> Vec<Span> {
        let tokens = tokens(text);
        let features = features(text, &tokens, &medical_terms(text));
        spans(
            text,
            &tokens,
            &self.probabilities(&features),
            self.threshold,
        )
    }
}

pub fn softmax<const N: usize>(scores: [f32; N]) -> [f32; N] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp = scores.map(|s| (s - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

/// The weights shipped with Rounds.
static SHIPPED: LazyLock<Model> = LazyLock::new(|| {
    Model::from_bytes(include_bytes!("../../../config/deidentify/learned.weights"))
        .expect("the shipped weights match this code's features (rebuild them if not)")
});

pub fn shipped() -> &'static Model {
    &SHIPPED
}

/// A span the model believes is an identifier, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub kind: Identifier,
    pub start: usize,
    pub end: usize,
    /// The least chance of being an identifier among its tokens.
    pub confidence: f32,
}

/// Joins neighbouring tokens whose chance of being an identifier is at least `threshold` into
/// spans of the kind their tokens lean to most; punctuation neither opens nor ends a span.
pub fn spans(
    text: &str,
    tokens: &[Token],
    probabilities: &[[f32; CLASSES.len()]],
    threshold: f32,
) -> Vec<Span> {
    let punctuation = |t: &Token| !text[t.start..t.end].chars().any(char::is_alphanumeric);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if 1.0 - probabilities[i][0] < threshold || punctuation(&tokens[i]) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        while i < tokens.len() && 1.0 - probabilities[i][0] >= threshold {
            if !punctuation(&tokens[i]) {
                last = i;
            }
            i += 1;
        }
        let mut votes = [0f32; CLASSES.len()];
        let mut confidence = 1f32;
        for p in &probabilities[first..=last] {
            for (v, q) in votes.iter_mut().zip(p) {
                *v += q;
            }
            confidence = confidence.min(1.0 - p[0]);
        }
        let class = (1..CLASSES.len())
            .max_by(|&a, &b| votes[a].total_cmp(&votes[b]))
            .expect("there are identifier classes");
        if let Some(kind) = CLASSES[class] {
            out.push(Span {
                kind,
                start: tokens[first].start,
                end: tokens[last].end,
                confidence,
            });
        }
        i = last + 1;
    }
    out
}

/// Adds the model's `spans` to what the rules redacted in `text`. A title opening a span stays
/// ("Mrs [NAME]"); a span is dropped if it overlaps a span the rules redacted, or if the rules'
/// own medical vetoes would drop it: a term the drug and disease lexicons know, an eponym's score
/// or stage ("Alvarado 7", "Weber B"), a lab value's shape, or only words the keep lists, stop
/// words, titles or eponyms hold.
pub fn merge(text: &str, rules: Redacted, spans: &[Span]) -> Redacted {
    if spans.is_empty() {
        return rules;
    }
    let medical = medical_terms(text);
    let mut all: Vec<Candidate> = rules
        .spans
        .iter()
        .map(|s| Candidate::new(s.kind, s.start, s.end).by(s.rule))
        .collect();
    for span in spans {
        let Some(candidate) = without_title(text, span) else {
            continue;
        };
        let overlaps = |a: usize, b: usize| a < candidate.end && candidate.start < b;
        if rules.spans.iter().any(|s| overlaps(s.start, s.end))
            || medical.iter().any(|&(a, b)| overlaps(a, b))
            || is_lab_shaped(text, &candidate)
            || is_term(text, &candidate, &medical)
            || only_kept_words(text, &candidate)
            || is_placeholder(text, &candidate)
            || left_to_the_rules(text, &candidate)
            || in_learned_keep_list(text, &candidate)
        {
            continue;
        }
        all.push(candidate);
    }
    all.sort_by_key(|c| c.start);
    render(text, all)
}

/// The span with the titles that open it left out, or `None` if it is only titles.
fn without_title(text: &str, span: &Span) -> Option<Candidate> {
    let lexicon = &*lexicon::LEXICON;
    let mut start = span.start;
    loop {
        let rest = &text[start..span.end];
        let word_end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        if word_end == 0 || !lexicon.titles.contains(&lexicon::key(&rest[..word_end])) {
            break;
        }
        let next = rest[word_end..]
            .find(char::is_alphanumeric)
            .map(|at| start + word_end + at);
        start = next?;
    }
    Some(Candidate::new(span.kind, start, span.end).by("learned detector"))
}

/// The rules' redaction with the shipped model's spans added, when [`ON`].
pub(super) fn with_shipped(text: &str, rules: Redacted) -> Redacted {
    if !ON {
        return rules;
    }
    merge(text, rules, &shipped().find(text))
}
