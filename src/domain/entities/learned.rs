//! A learned filter for disease matches (issue #16, "trends count only real mentions"): logistic
//! regression over hashed features of a match's words and surroundings (`features`), trained on
//! the project's own labelled sets (`tests/tagging/diseases*.jsonl`, `posts.jsonl`) by
//! `cargo test --test tagging -- --ignored train_disease_filter`, which writes `learned/weights.bin`
//! (the header records the feature version and a hash of the training examples; a test retrains
//! and checks the shipped file is that training's output). This module gives the raw candidates
//! with the rules' verdict, and the model's score, so the two can be compared and combined,
//! cross-validated by set in `tests/tagging/learned/` (figures in `tests/measurements.md`, "A
//! learned filter (cross-validated)"). The model can veto what the rules keep ([`VETO`]), except
//! where the match's sentence reads clinical (`cues`, [`CUES_SPARE`]); it is off: the shipped
//! configuration (local window, sentence-initial capitals ignored, the sentence's clinical shapes,
//! trained also on terse clinical notes) beats the rules' precision on a left-out set and spares
//! short real-voice posts, but it still vetoes a sixth of the diseases in the entity unit tests'
//! sentences and, on, fails 7 of those tests; so the hand rules in `context` and `senses` stay the
//! tagger's only filter.

pub mod cues;
pub mod features;

use std::sync::OnceLock;

use super::{Entity, EntityKind, Tagger};

/// A disease the lexicon finds in a text, overlaps resolved, before any rule rejects it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiseaseCandidate {
    pub entity: Entity,
    /// Whether the hand rules keep it (what [`Tagger::tag`] does).
    pub rules_keep: bool,
}

impl Tagger {
    /// Every disease match of `text`, with the hand rules' verdict on each.
    pub fn disease_candidates(&self, text: &str) -> Vec<DiseaseCandidate> {
        self.read(text, true)
            .into_iter()
            .filter(|(e, _)| e.kind == EntityKind::Disease)
            .map(|(entity, rules_keep)| DiseaseCandidate { entity, rules_keep })
            .collect()
    }
}

/// Whether [`Tagger::tag`] lets the model veto the diseases the rules keep (see
/// `tests/measurements.md`, "A learned filter (cross-validated)", for why).
pub const VETO: bool = false;

/// Whether a clinical cue in a match's sentence (a dose, a lab value, a note's verb or shorthand,
/// a clinical word, a drug, another disease: [`cues::Cues`]) spares it from the veto: the model is trusted only
/// where the sentence gives no clinical reading of its own.
pub const CUES_SPARE: bool = true;

/// Drops from `entities` (found in `text`, kept by the rules) the diseases the bundled model
/// vetoes. Costs nothing when no disease was found.
pub(super) fn veto(text: &str, entities: &mut Vec<Entity>) {
    if !VETO || !entities.iter().any(|e| e.kind == EntityKind::Disease) {
        return;
    }
    let keeps = veto_keeps(text, entities);
    let mut verdicts = keeps.into_iter();
    entities.retain(|_| verdicts.next().unwrap_or(true));
}

/// For each of `entities` (found in `text`, the ones the rules keep), whether the bundled model's
/// veto keeps it (anything but a disease always): what [`Tagger::tag`] applies when [`VETO`], and
/// what the measurements apply when it is off.
pub fn veto_keeps(text: &str, entities: &[Entity]) -> Vec<bool> {
    let model = DiseaseFilter::bundled();
    let spans = |kind: EntityKind| -> Vec<(usize, usize)> {
        entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| (e.start, e.end))
            .collect()
    };
    let post = features::Post::new(text)
        .with_entities(spans(EntityKind::Drug), spans(EntityKind::Disease));
    let mut found = Vec::new();
    entities
        .iter()
        .map(|e| e.kind != EntityKind::Disease || model.keeps(&post, e, true, &mut found))
        .collect()
}

/// The shipped weights, written by the trainer in `tests/tagging/learned.rs`.
static BUNDLED_WEIGHTS: &[u8] = include_bytes!("learned/weights.bin");

const MAGIC: &[u8; 4] = b"RDLF";
const HEADER_BYTES: usize = 4 + 4 + 4 + 8 + 4 + 4;

/// A logistic model over hashed features: the weights of the features training saw, sorted by
/// feature, and the decision threshold chosen by cross-validation on the training sets.
#[derive(Debug, Clone, PartialEq)]
pub struct DiseaseFilter {
    /// [`features::VERSION`] when it was trained.
    pub feature_version: u32,
    /// Whether the rules' verdict was one of its features.
    pub uses_rules: bool,
    /// A hash of the training examples (features and labels), to tell stale weights.
    pub data_hash: u64,
    /// A match scoring below this probability is rejected.
    pub threshold: f32,
    weights: Vec<(u32, f32)>,
}

/// Why a weights file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("disease filter weights: {0}")]
pub struct WeightsError(&'static str);

impl DiseaseFilter {
    /// A model from its weights by feature (any order; a feature given twice keeps its sum).
    pub fn new(
        uses_rules: bool,
        data_hash: u64,
        threshold: f32,
        mut weights: Vec<(u32, f32)>,
    ) -> Self {
        weights.sort_by_key(|&(feature, _)| feature);
        weights.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        Self {
            feature_version: features::VERSION,
            uses_rules,
            data_hash,
            threshold,
            weights,
        }
    }

    /// The model compiled into the binary.
    pub fn bundled() -> &'static DiseaseFilter {
        static BUNDLED: OnceLock<DiseaseFilter> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Self::from_bytes(BUNDLED_WEIGHTS)
                .unwrap_or_else(|error| panic!("the bundled weights are invalid: {error}"))
        })
    }

    /// How many features carry a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether no feature carries a weight.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The probability that the match whose features are `features` is a real mention.
    pub fn probability(&self, features: &[u32]) -> f32 {
        let logit: f32 = features.iter().map(|&f| self.weight(f)).sum();
        1.0 / (1.0 + (-logit).exp())
    }

    /// The weight of one feature (0 for one training never saw).
    pub fn weight(&self, feature: u32) -> f32 {
        self.weights
            .binary_search_by_key(&feature, |&(f, _)| f)
            .map_or(0.0, |at| self.weights[at].1)
    }

    /// Whether the veto keeps `entity`, a disease of `post` the rules keep (`rules_keep`, weighed
    /// when the model uses the rules' verdict): it scores at least the threshold, or (when
    /// [`CUES_SPARE`]) its sentence reads clinical. `found` is scratch space for the features.
    pub fn keeps(
        &self,
        post: &features::Post<'_>,
        entity: &Entity,
        rules_keep: bool,
        found: &mut Vec<u32>,
    ) -> bool {
        let (start, end) = (entity.start, entity.end);
        if CUES_SPARE && post.cues(start, end).any() {
            return true;
        }
        let rules = self.uses_rules.then_some(rules_keep);
        post.extract(start, end, &entity.canonical, rules, found);
        self.probability(found) >= self.threshold
    }

    /// The probability that the candidate `candidate` of `text` is a real mention.
    pub fn score(&self, text: &str, candidate: &DiseaseCandidate) -> f32 {
        let mut found = Vec::new();
        let rules = self.uses_rules.then_some(candidate.rules_keep);
        let e = &candidate.entity;
        features::extract(text, e.start, e.end, &e.canonical, rules, &mut found);
        self.probability(&found)
    }

    /// The file format: magic, feature version, flags, data hash, threshold, count, then
    /// (feature, weight) pairs, all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_BYTES + 8 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.feature_version.to_le_bytes());
        out.extend_from_slice(&u32::from(self.uses_rules).to_le_bytes());
        out.extend_from_slice(&self.data_hash.to_le_bytes());
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&(self.weights.len() as u32).to_le_bytes());
        for &(feature, weight) in &self.weights {
            out.extend_from_slice(&feature.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out
    }

    /// Reads what [`DiseaseFilter::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, WeightsError> {
        if bytes.len() < HEADER_BYTES || &bytes[..4] != MAGIC {
            return Err(WeightsError("not a weights file"));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
        let f32_at = |at: usize| f32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
        let feature_version = u32_at(4);
        if feature_version != features::VERSION {
            return Err(WeightsError("trained on another feature version"));
        }
        let count = u32_at(24) as usize;
        if bytes.len() != HEADER_BYTES + 8 * count {
            return Err(WeightsError("truncated"));
        }
        let weights: Vec<(u32, f32)> = (0..count)
            .map(|i| HEADER_BYTES + 8 * i)
            .map(|at| (u32_at(at), f32_at(at + 4)))
            .collect();
        if weights.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
            return Err(WeightsError("features out of order"));
        }
        Ok(Self {
            feature_version,
            uses_rules: u32_at(8) != 0,
            data_hash: u64::from_le_bytes(bytes[12..20].try_into().expect("8")),
            threshold: f32_at(20),
            weights,
        })
    }
}
