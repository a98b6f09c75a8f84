//! Precision and recall of entity tagging on a labelled sample of clinicians' posts
//! (`tests/tagging/posts.jsonl`: synthetic, written and labelled by hand before the tagger was
//! tuned). An entity counts as found when kind, canonical name and surface text all match.
//!
//! `cargo test --release --test tagging -- --nocapture` also prints the misses, the false hits and a
//! rough single-threaded throughput; the throughput target lives in SPEC.md §5 (P2), not here.

mod diseases;
mod learned;

use std::collections::HashMap;
use std::time::Instant;

use rounds::domain::entities::{EntityKind, Tagger};
use serde::Deserialize;

const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.85;

#[derive(Deserialize)]
struct Post {
    text: String,
    entities: Vec<Label>,
}

#[derive(Deserialize, Clone, PartialEq, Eq, Hash, Debug)]
struct Label {
    kind: EntityKind,
    canonical: String,
    text: String,
}

fn posts() -> Vec<Post> {
    include_str!("posts.jsonl")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("posts.jsonl holds one post per line"))
        .collect()
}

fn predicted(tagger: &Tagger, text: &str) -> Vec<Label> {
    tagger
        .tag(text)
        .into_iter()
        .map(|e| Label {
            kind: e.kind,
            canonical: e.canonical.to_string(),
            text: text[e.start..e.end].to_owned(),
        })
        .collect()
}

/// Counts (true positives, predicted, expected) over the sample, printing each disagreement.
fn score(tagger: &Tagger, posts: &[Post]) -> (usize, usize, usize) {
    let (mut hits, mut predicted_total, mut expected_total) = (0, 0, 0);
    for post in posts {
        let mut expected: HashMap<&Label, usize> = HashMap::new();
        for label in &post.entities {
            *expected.entry(label).or_default() += 1;
        }
        let found = predicted(tagger, &post.text);
        predicted_total += found.len();
        expected_total += post.entities.len();
        for label in &found {
            match expected.get_mut(label) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    hits += 1;
                }
                _ => println!("false hit {label:?} in {:?}", post.text),
            }
        }
        for (label, left) in expected {
            if left > 0 {
                println!("missed    {label:?} in {:?}", post.text);
            }
        }
    }
    (hits, predicted_total, expected_total)
}

#[test]
fn tagging_is_precise_and_finds_most_entities_in_clinicians_posts() {
    let posts = posts();
    assert!(posts.len() >= 150, "the sample has {} posts", posts.len());
    let (hits, predicted, expected) = score(Tagger::bundled(), &posts);
    let precision = hits as f64 / predicted.max(1) as f64;
    let recall = hits as f64 / expected.max(1) as f64;
    let summary = format!(
        "precision {precision:.3} ({hits}/{predicted}), recall {recall:.3} ({hits}/{expected}) \
         over {} posts",
        posts.len()
    );
    println!("{summary}");
    assert!(precision >= MIN_PRECISION, "precision too low: {summary}");
    assert!(recall >= MIN_RECALL, "recall too low: {summary}");
}

#[test]
fn loading_and_throughput_figures() {
    let started = Instant::now();
    let tagger = Tagger::bundled();
    let load = started.elapsed();
    let corpus: String = posts()
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let rounds = if cfg!(debug_assertions) { 5 } else { 200 };
    let started = Instant::now();
    let mut entities = 0;
    for _ in 0..rounds {
        entities += corpus
            .lines()
            .map(|line| tagger.tag(line).len())
            .sum::<usize>();
    }
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = (corpus.len() * rounds) as f64 / 1e6;
    println!(
        "loaded {} variants in {load:?} (or found them already loaded); tagged {megabytes:.1} MB in \
         {seconds:.2} s: {:.1} MB/s, {:.0} posts/s, one thread, {} build, {} cores",
        tagger.variant_count(),
        megabytes / seconds,
        (corpus.lines().count() * rounds) as f64 / seconds,
        if cfg!(debug_assertions) { "debug" } else { "release" },
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
    );
    assert!(
        entities > 0,
        "the sample names entities, so tagging it finds some"
    );
}
