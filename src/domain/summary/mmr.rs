//! Representative posts: maximal marginal relevance over term vectors, so the posts shown are both
//! relevant and unlike each other (five near-copies of one announcement represent nothing).

use super::keyness::WordMap;

/// Weight of relevance against novelty; 0.7 leans to relevance while still refusing near-duplicates.
pub const LAMBDA: f64 = 0.7;

/// A bag of words, unit-normalised so a dot product is the cosine similarity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermVector(WordMap<f64>);

impl TermVector {
    pub fn from_words(words: impl IntoIterator<Item = String>) -> Self {
        let mut counts: WordMap<f64> = WordMap::default();
        for word in words {
            *counts.entry(word).or_default() += 1.0;
        }
        Self(counts).normalised()
    }

    /// The normalised sum of several vectors: what a set of posts talks about overall.
    pub fn centroid<'a>(vectors: impl IntoIterator<Item = &'a TermVector>) -> Self {
        let mut sum: WordMap<f64> = WordMap::default();
        for vector in vectors {
            for (term, weight) in &vector.0 {
                *sum.entry(term.clone()).or_default() += weight;
            }
        }
        Self(sum).normalised()
    }

    fn normalised(mut self) -> Self {
        let norm = self.0.values().map(|w| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for weight in self.0.values_mut() {
                *weight /= norm;
            }
        }
        self
    }

    pub fn cosine(&self, other: &TermVector) -> f64 {
        let (small, large) = if self.0.len() <= other.0.len() {
            (self, other)
        } else {
            (other, self)
        };
        small
            .0
            .iter()
            .filter_map(|(term, w)| large.0.get(term).map(|v| w * v))
            .sum()
    }
}

/// Picks up to `k` indices greedily: each step takes the candidate maximising
/// `λ·relevance − (1−λ)·max similarity to those already picked`. Ties go to the lower index, so the
/// choice is deterministic.
pub fn select(relevance: &[f64], vectors: &[TermVector], lambda: f64, k: usize) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    let mut left: Vec<usize> = (0..relevance.len().min(vectors.len())).collect();
    // Each candidate's greatest similarity to those picked so far, brought up to date with each
    // pick (the same maxima, taken in the same order, as comparing with every pick each step).
    let mut redundancy: Vec<f64> = vec![0.0; left.len()];
    while picked.len() < k && !left.is_empty() {
        if let Some(&newest) = picked.last() {
            for &i in &left {
                redundancy[i] = redundancy[i].max(vectors[i].cosine(&vectors[newest]));
            }
        }
        let (position, _) = left
            .iter()
            .enumerate()
            .map(|(position, &i)| {
                (
                    position,
                    lambda * relevance[i] - (1.0 - lambda) * redundancy[i],
                )
            })
            .fold((0, f64::NEG_INFINITY), |best, (position, s)| {
                if s > best.1 {
                    (position, s)
                } else {
                    best
                }
            });
        picked.push(left.remove(position));
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(text: &str) -> TermVector {
        TermVector::from_words(text.split_whitespace().map(str::to_owned))
    }

    #[test]
    // The values compared exactly are exact by construction (zero for no overlap or no cost).
    #[allow(clippy::float_cmp)]
    fn cosine_of_identical_and_disjoint_texts() {
        let a = vector("apixaban dosing ckd");
        assert!((a.cosine(&a) - 1.0).abs() < 1e-12);
        assert_eq!(a.cosine(&vector("statin myalgia")), 0.0);
    }

    #[test]
    fn a_near_duplicate_gives_way_to_a_different_relevant_post() {
        let vectors = [
            vector("select trial semaglutide cut mace twenty percent"),
            vector("select trial semaglutide cut mace twenty percent wow"),
            vector("semaglutide supply shortage pharmacies rationing"),
            vector("unrelated lunch photo"),
        ];
        let relevance = [1.0, 0.9, 0.8, 0.1];
        assert_eq!(select(&relevance, &vectors, LAMBDA, 2), vec![0, 2]);
        // Relevance alone (λ = 1) would have taken the duplicate.
        assert_eq!(select(&relevance, &vectors, 1.0, 2), vec![0, 1]);
        assert_eq!(select(&relevance, &vectors, LAMBDA, 10).len(), 4);
    }

    /// MMR as it was written before it kept each candidate's redundancy up to date (issue #18, P3):
    /// every pick compared again with every candidate at each step.
    fn select_as_before(relevance: &[f64], vectors: &[TermVector], k: usize) -> Vec<usize> {
        let mut picked: Vec<usize> = Vec::new();
        let mut left: Vec<usize> = (0..relevance.len()).collect();
        while picked.len() < k && !left.is_empty() {
            let score = |i: usize| {
                let redundancy = picked
                    .iter()
                    .map(|&j| vectors[i].cosine(&vectors[j]))
                    .fold(0.0, f64::max);
                LAMBDA * relevance[i] - (1.0 - LAMBDA) * redundancy
            };
            let mut best = (0, f64::NEG_INFINITY);
            for (position, &i) in left.iter().enumerate() {
                if score(i) > best.1 {
                    best = (position, score(i));
                }
            }
            picked.push(left.remove(best.0));
        }
        picked
    }

    #[test]
    fn picks_are_those_of_comparing_every_pick_at_every_step() {
        let words = [
            "trial", "dose", "mace", "supply", "rash", "cost", "renal", "weight",
        ];
        // Overlapping bags of words, some repeated, with relevance in no particular order.
        let texts: Vec<String> = (0..40_usize)
            .map(|i| {
                (0..=i % 5)
                    .map(|j| words[(i * 7 + j * 3) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let vectors: Vec<TermVector> = texts.iter().map(|t| vector(t)).collect();
        let relevance: Vec<f64> = (0..40).map(|i| f64::from((i * 37) % 23) / 23.0).collect();
        for k in [1, 5, 12, 40] {
            assert_eq!(
                select(&relevance, &vectors, LAMBDA, k),
                select_as_before(&relevance, &vectors, k),
                "k = {k}"
            );
        }
    }
}
