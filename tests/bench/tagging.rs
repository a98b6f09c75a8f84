//! P2 (SPEC.md §5): entity tagging throughput and precision against the Python
//! `drug-named-entity-recognition` library, side by side on the same text: the labelled posts of
//! `tests/tagging/posts.jsonl` repeated to about `ROUNDS_BENCH_TAG_MB` (default 5) MB, one call per
//! post, one thread each. The Python side (`tests/bench/tagging_python.py`) runs the library with
//! Rounds' cleaned drug lexicon loaded in place of its own (it allows that), and with its own, for
//! reference. Precision counts drugs only (the library tags nothing else): a found drug is right when
//! its canonical name and surface text equal a labelled drug's, case-insensitively.
//!
//! `cargo bench --bench tagging`

#[path = "common.rs"]
mod common;

use rounds::domain::entities::{EntityKind, Tagger};
use serde::Deserialize;
use std::collections::HashMap;
use std::time::Instant;

#[derive(Deserialize)]
struct Labelled {
    text: String,
    entities: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    kind: EntityKind,
    canonical: String,
    text: String,
}

const POSTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tagging/posts.jsonl");

/// (hits, predicted, expected) over drug entities; `exact` compares case-sensitively (as the
/// tagging test does), otherwise case-insensitively (as for the Python library).
fn drug_precision(tagger: &Tagger, posts: &[Labelled], exact: bool) -> (usize, usize, usize) {
    let key = |canonical: &str, text: &str| {
        if exact {
            (canonical.to_owned(), text.to_owned())
        } else {
            (canonical.to_lowercase(), text.to_lowercase())
        }
    };
    let (mut hits, mut predicted, mut expected) = (0, 0, 0);
    for post in posts {
        let mut labels: HashMap<(String, String), usize> = HashMap::new();
        for label in post.entities.iter().filter(|l| l.kind == EntityKind::Drug) {
            *labels
                .entry(key(&label.canonical, &label.text))
                .or_default() += 1;
            expected += 1;
        }
        for entity in tagger
            .tag(&post.text)
            .iter()
            .filter(|e| e.kind == EntityKind::Drug)
        {
            predicted += 1;
            if let Some(left) = labels
                .get_mut(&key(
                    &entity.canonical,
                    &post.text[entity.start..entity.end],
                ))
                .filter(|n| **n > 0)
            {
                *left -= 1;
                hits += 1;
            }
        }
    }
    (hits, predicted, expected)
}

fn main() {
    let posts: Vec<Labelled> = std::fs::read_to_string(POSTS)
        .expect("posts.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a labelled post"))
        .collect();
    let sample_bytes: usize = posts.iter().map(|p| p.text.len()).sum();
    let megabytes = common::env_usize("ROUNDS_BENCH_TAG_MB", 5);
    let repeat = (megabytes * 1_000_000).div_ceil(sample_bytes);
    let total_bytes = sample_bytes * repeat;
    let started = Instant::now();
    let tagger = Tagger::bundled();
    println!(
        "P2 tagging: {} labelled posts ({sample_bytes} bytes) x {repeat} = {:.2} MB; Rounds tagger loaded {} variants in {:.2} s",
        posts.len(),
        total_bytes as f64 / 1e6,
        tagger.variant_count(),
        started.elapsed().as_secs_f64()
    );

    // Best of three passes, one thread.
    let mut best = f64::INFINITY;
    let mut found = 0;
    for _ in 0..3 {
        let started = Instant::now();
        found = 0;
        for _ in 0..repeat {
            for post in &posts {
                found += std::hint::black_box(tagger.tag(std::hint::black_box(&post.text))).len();
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let ours_mb = total_bytes as f64 / 1e6 / best;
    let ours_posts = (posts.len() * repeat) as f64 / best;
    let (hits, predicted, expected) = drug_precision(tagger, &posts, false);
    let ours_precision = hits as f64 / predicted.max(1) as f64;
    let (exact_hits, exact_predicted, _) = drug_precision(tagger, &posts, true);
    println!(
        "rounds Tagger::tag: {ours_mb:.1} MB/s, {ours_posts:.0} posts/s ({found} entities of all kinds per pass); \
         drug precision {ours_precision:.3} ({hits}/{predicted}), recall {:.3} ({hits}/{expected}); \
         case-sensitive match: {:.3} ({exact_hits}/{exact_predicted})",
        hits as f64 / expected.max(1) as f64,
        exact_hits as f64 / exact_predicted.max(1) as f64,
    );

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bench/tagging_python.py");
    let lexicons = concat!(env!("CARGO_MANIFEST_DIR"), "/config/lexicons");
    let output = std::process::Command::new("python3")
        .args([script, POSTS, &repeat.to_string(), lexicons])
        .output();
    match output {
        Ok(out) if out.status.success() => {
            let report: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("tagging_python.py prints JSON");
            let f = |side: &str, key: &str| report[side][key].as_f64().unwrap_or(f64::NAN);
            for (side, what) in [
                ("rounds_lexicon", "with Rounds' cleaned drug lexicon (drugs.tsv + drug abbreviations)"),
                ("bundled_lexicon", "with its own bundled lexicon, for reference"),
            ] {
                println!(
                    "python {} {what}: {} variants, {:.2} MB/s, {:.0} posts/s; drug precision {:.3} ({}/{}), recall {:.3}",
                    report["library"].as_str().unwrap_or("?"),
                    report[side]["variants"],
                    f(side, "mb_per_s"),
                    f(side, "posts_per_s"),
                    f(side, "precision"),
                    report[side]["hits"],
                    report[side]["predicted"],
                    f(side, "recall"),
                );
            }
            let ratio = ours_mb / f("rounds_lexicon", "mb_per_s");
            let theirs_precision = f("rounds_lexicon", "precision");
            println!(
                "P2 figure: {ratio:.1}x the library's throughput with the same lexicon, drug precision {ours_precision:.3} vs {theirs_precision:.3}; \
                 target >= 50x at equal or better precision: {}",
                common::verdict(ratio >= 50.0 && ours_precision >= theirs_precision)
            );
        }
        Ok(out) => println!(
            "the Python library could not run ({}): {}\nP2 figure without the comparison: {ours_mb:.1} MB/s",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => println!(
            "python3 could not run ({e}); P2 figure without the comparison: {ours_mb:.1} MB/s"
        ),
    }
    println!("{}", common::machine());
}
