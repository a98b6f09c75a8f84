//! Training the learned detector: labelled texts become per-token classes, and averaged
//! stochastic gradient descent fits a multinomial logistic regression to them. Everything is
//! deterministic: tokens are visited in an order drawn from a fixed-seed generator, so the same
//! sets always give the same weights.

use super::{class_of, features, medical_terms, tokens, Identifier, BUCKETS, CLASSES};

/// One labelled text: its tokens' features and classes, and which tokens are in a medical term
/// the set labels as one to keep.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<Vec<u32>>,
    pub classes: Vec<u8>,
    pub kept: Vec<bool>,
}

/// Labels `text`'s tokens from its identifiers (kind and exact text; every occurrence counts): a
/// token that overlaps an identifier takes its class, every other token is class 0; a class-0
/// token inside one of the `keep` terms is marked as such.
pub fn example(text: &str, identifiers: &[(Identifier, &str)], keep: &[&str]) -> Example {
    let tokens = tokens(text);
    let mut classes = vec![0u8; tokens.len()];
    let mut kept = vec![false; tokens.len()];
    for term in keep.iter().filter(|t| !t.is_empty()) {
        for (at, found) in text.match_indices(term) {
            let end = at + found.len();
            for (token, slot) in tokens.iter().zip(kept.iter_mut()) {
                if token.start < end && at < token.end {
                    *slot = true;
                }
            }
        }
    }
    for &(kind, marked) in identifiers {
        if marked.is_empty() {
            continue;
        }
        let class = u8::try_from(class_of(kind)).expect("few classes");
        for (at, found) in text.match_indices(marked) {
            let end = at + found.len();
            for (token, slot) in tokens.iter().zip(classes.iter_mut()) {
                if token.start < end && at < token.end {
                    *slot = class;
                }
            }
        }
    }
    Example {
        features: features(text, &tokens, &medical_terms(text)),
        kept: kept
            .iter()
            .zip(&classes)
            .map(|(k, c)| *k && *c == 0)
            .collect(),
        classes,
    }
}

/// How training runs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub epochs: u32,
    pub learning_rate: f32,
    pub seed: u64,
    /// How much more a token inside an identifier counts than one outside any.
    pub identifier_weight: f32,
    /// How much more a token of a medical term to keep counts than other words.
    pub keep_weight: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            epochs: 10,
            learning_rate: 0.05,
            seed: 0x005E_ED0F_0D15,
            identifier_weight: 1.0,
            keep_weight: 6.0,
        }
    }
}

/// Fits weights (`BUCKETS * CLASSES.len()`, row-major by bucket) to `examples`, returning the
/// average of the weights over every step, which generalises better than the last step's.
pub fn fit(examples: &[Example], settings: Settings) -> Vec<f32> {
    let n = CLASSES.len();
    let cells = BUCKETS as usize * n;
    let mut weights = vec![0f32; cells];
    // Σ step × update, for the running average (w − Σ/steps).
    let mut weighted = vec![0f32; cells];
    let mut order: Vec<(usize, usize)> = examples
        .iter()
        .enumerate()
        .flat_map(|(e, ex)| (0..ex.classes.len()).map(move |t| (e, t)))
        .collect();
    let mut rng = settings.seed | 1;
    let mut step = 1f32;
    for _ in 0..settings.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &(e, t) in &order {
            let token = &examples[e].features[t];
            let truth = usize::from(examples[e].classes[t]);
            let mut scores = [0f32; CLASSES.len()];
            for &f in token {
                let row = f as usize * n;
                for (c, s) in scores.iter_mut().enumerate() {
                    *s += weights[row + c];
                }
            }
            let p = super::softmax(scores);
            let weight = if truth != 0 {
                settings.identifier_weight
            } else if examples[e].kept[t] {
                settings.keep_weight
            } else {
                1.0
            };
            for (c, &pc) in p.iter().enumerate() {
                let gradient = weight * (pc - if c == truth { 1.0 } else { 0.0 });
                if gradient.abs() < 1e-4 {
                    continue;
                }
                let update = -settings.learning_rate * gradient;
                for &f in token {
                    let cell = f as usize * n + c;
                    weights[cell] += update;
                    weighted[cell] += step * update;
                }
            }
            step += 1.0;
        }
    }
    weights
        .iter()
        .zip(&weighted)
        .map(|(w, u)| w - u / step)
        .collect()
}

/// FNV-1a over the training sets' text: recorded in the weights so a test can tell when the sets
/// changed and the weights were not rebuilt.
pub fn data_hash(sources: &[&str]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for source in sources {
        for &byte in source.as_bytes().iter().chain(&[0]) {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
        }
    }
    h
}
