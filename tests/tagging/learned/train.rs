//! Logistic regression for the disease filter: AdaGrad steps over the examples in a fixed
//! pseudo-random order, an L2 penalty on the features each step touches, so one set of examples
//! always gives the same weights; and the threshold chosen from out-of-fold probabilities.

use rounds::domain::entities::learned::features::BITS;
use rounds::domain::entities::learned::CUES_SPARE;

const EPOCHS: usize = 12;
const RATE: f32 = 0.2;
const L2: f32 = 1e-4;
const SEED: u64 = 0x5eed_d15e_a5e5;

/// What training needs of one candidate: its features and whether it is a real mention.
pub struct Sample<'a> {
    pub features: &'a [u32],
    pub positive: bool,
    /// How much the example counts (1 for all of them unless the prior is reweighted).
    pub weight: f32,
}

/// The weights of every feature training touched, by feature.
pub fn train(samples: &[Sample<'_>]) -> Vec<(u32, f32)> {
    let slots = 1usize << BITS;
    let mut weights = vec![0.0f32; slots];
    let mut squares = vec![0.0f32; slots];
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut state = SEED;
    for _ in 0..EPOCHS {
        shuffle(&mut order, &mut state);
        for &i in &order {
            let sample = &samples[i];
            let logit: f32 = sample.features.iter().map(|&f| weights[f as usize]).sum();
            let probability = 1.0 / (1.0 + (-logit).exp());
            let error = (probability - if sample.positive { 1.0 } else { 0.0 }) * sample.weight;
            for &f in sample.features {
                let f = f as usize;
                let gradient = error + L2 * weights[f];
                squares[f] += gradient * gradient;
                weights[f] -= RATE * gradient / (squares[f].sqrt() + 1e-6);
            }
        }
    }
    weights
        .iter()
        .enumerate()
        .filter(|(_, w)| w.abs() > 1e-6)
        .map(|(f, &w)| (f as u32, w))
        .collect()
}

/// The hyperparameters, for the training data's hash.
pub fn settings() -> String {
    format!(
        "lr epochs {EPOCHS} rate {RATE} l2 {L2} seed {SEED} bits {BITS} veto floor \
         {VETO_RECALL_FLOOR} cues spare {CUES_SPARE}"
    )
}

/// Fisher–Yates with xorshift64: the same order for the same state.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = (*state % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

/// The grid of thresholds tried.
pub fn thresholds() -> impl Iterator<Item = f32> {
    (1..100).map(|i| i as f32 / 100.0)
}

/// The least recall a chosen threshold must keep on the out-of-fold probabilities.
pub const RECALL_FLOOR: f64 = 0.90;

/// Chooses, among [`thresholds`], the one whose (precision, recall) from `measure` has the best
/// precision with recall at least [`RECALL_FLOOR`] (the lowest such threshold on a tie); when none
/// keeps that recall, the lowest threshold.
pub fn choose(measure: impl Fn(f32) -> (f64, f64)) -> f32 {
    choose_at(RECALL_FLOOR, measure)
}

/// The least recall the shipped veto's threshold must keep on the out-of-fold probabilities
/// (chosen in `robust.rs`: 0.90 vetoed too much of another voice).
pub const VETO_RECALL_FLOOR: f64 = 0.94;

/// [`choose`] at recall floor `floor`.
pub fn choose_at(floor: f64, measure: impl Fn(f32) -> (f64, f64)) -> f32 {
    let mut best: Option<(f64, f32)> = None;
    for t in thresholds() {
        let (precision, recall) = measure(t);
        if recall >= floor && best.is_none_or(|(p, _)| precision > p + 1e-12) {
            best = Some((precision, t));
        }
    }
    best.map_or(0.01, |(_, t)| t)
}
