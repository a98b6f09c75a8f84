//! Disease precision and recall (issue #16: trends count only real mentions): idioms, metaphors,
//! organisation names, community hashtags and non-disease lexicon entries are not diseases.
//!
//! - `diseases_tuning.jsonl`: written for the rules and tuned on (so its figures flatter them);
//! - `diseases_heldout.jsonl`: written independently by someone else before the rules were final;
//!   its misses were then read and the rules tuned on it (general mechanisms, not its strings), so
//!   it is now seen data too;
//! - `diseases_heldout2.jsonl`: a second set written independently, measured once when the rules
//!   were final (precision 0.809, recall 0.977), then tuned on too (abbreviations in other senses,
//!   vaccines named after diseases, golf, titles, species): seen data now;
//! - `diseases_heldout3.jsonl`: a third set (350 posts, 202 disease labels) written independently
//!   by someone who did not read the rules; measured once, clean, when the earlier rules were
//!   final: precision 0.800 (200/250), recall 0.990 (200/202), precision target not met. Then
//!   tuned on (everyday senses, homonyms, ill institutions, organisation and product name shapes,
//!   more ambiguous abbreviations): seen data now, its figures flatter the rules;
//! - `diseases_heldout4.jsonl`: a fourth set (404 posts, 298 disease labels, 208 posts with decoys:
//!   idioms, organisations, sport, law, titles, abbreviations in other senses, community hashtags)
//!   written independently while set 3 was being tuned on, by someone who read neither the rules
//!   nor the other sets; measured once, after the rules were final: precision 0.897 (278/310),
//!   recall 0.933 (278/298), the clean figure: precision target 0.95 not met. Then tuned on
//!   (British spellings generated from the lexicon's American ones, "anaemia", "coeliac",
//!   "-aemia"; proper names around a disease word, "Rabbie Burns", "Burns Lake", "Saramago's
//!   Blindness", a band; sport and craft compounds of "stroke"; hyperbole in progress and "a X of
//!   a Y"; AF, MS, RA and SLE as abbreviations weighed for a clinical reading, with embassies,
//!   manuscripts, degrees, research staff, slang "tired AF", trial acronyms and state codes as
//!   other senses; "depression" outside weather, economics and the ECG): seen data now, its
//!   figures flatter the rules;
//! - `diseases_heldout5.jsonl`: a fifth set (490 posts, 306 disease labels, 291 with decoys of
//!   kinds its writer invented: bands, films, beers, sports teams, games, recipes, other senses)
//!   written independently while set 4 was tuned on, by someone who read neither the rules nor
//!   the other sets; measured once, after the rules were final: precision 0.870 (301/346), recall
//!   0.984 (301/306). The clean figure: precision target 0.95 not met. Then tuned on (its false
//!   hits and misses read, general mechanisms added, each unit-tested on other wordings: bands,
//!   teams, works by their author, names said to be a film, a beer or a dish, pets, names given,
//!   drinks, companies, titles after watching or reading; a craze, an economy or a machine ill,
//!   a weather depression, police seizures, engines, paint and oars, a pirate's insult, "man flu",
//!   "figuratively"; HF radio, a car model, an exclaimed abbreviation, AKI a given name) and four
//!   real mentions it had left unlabelled labelled: seen data now, its figures flatter the rules;
//! - `diseases_heldout6.jsonl`: a sixth set (477 posts, 397 disease labels, 271 with decoys of
//!   kinds its writer invented) written independently while set 5 was tuned on, by someone who
//!   read neither the rules nor the other sets; measured once, after the rules were final:
//!   precision 0.859 (383/446), recall 0.965 (383/397), the clean figure: precision target 0.95
//!   not met. Then tuned on (its false hits and misses read, general mechanisms added, each
//!   unit-tested on other wordings: hyperbole blamed on a chore or threatened in the first
//!   person, a diagnosis as a passing moment, dislikes said as allergies, an illness "called" an
//!   abstraction; materials, machines, computers, fire, food, breeds, slang and typography as
//!   other senses; anatomy and physiology holding a disease word; a pandemic's name as a time;
//!   venues, remedies, a work by one surname or after its kind, the star sign's people; an
//!   abbreviation spelt out in another sense, a role, roads, the web and statistics as other
//!   senses, the same letters used in both senses in one post): seen data now, its figures
//!   flatter the rules;
//! - `diseases_heldout7.jsonl`: a seventh set (440 posts, 412 disease labels, 235 with decoys)
//!   written independently while set 5 was tuned on (`diseases_heldout7.md`), measured once after
//!   set 6 was tuned on: precision 0.856 (392/458), recall 0.951 (392/412), the clean figure.
//!   Then tuned on (its false hits and misses read, general mechanisms added, each unit-tested on
//!   other wordings: senses by field told by cue words in the match's own sentence, games and
//!   players' slang, music, astrology, astronomy, sport, bees, horses, linguistics, the gym,
//!   drinks, schedulers; other senses by class named beside the word, attention, freediving, AI,
//!   luggage, graphics, stadium seats, roles named after a disease; a pandemic's era and
//!   aftermath; instructions opening a sentence; bands inside a sentence; event days and
//!   campaigns; species glossed; place words; machines ill behind a place phrase; homonym cues
//!   read in the match's own sentence): 0.980 (394/402) / 0.956 (394/412), seen data now;
//! - `diseases_heldout8.jsonl`: an eighth set (498 posts, 413 disease labels, 264 with decoys)
//!   written independently while set 6 was tuned on (`diseases_heldout8.md`), committed unopened
//!   in `tests/unseen/`, measured once after set 7 was tuned on: precision 0.850 (381/448),
//!   recall 0.923 (381/413), the clean figure; nobody has tuned on it.
//! - `diseases_heldout9.jsonl`: a ninth set (510 posts, 452 disease labels) written independently
//!   while set 7 was tuned on (`diseases_heldout9.md`), committed unopened in `tests/unseen/`,
//!   measured once in session 10 (the rules unchanged since set 7 was tuned on, the veto off):
//!   precision 0.881 (424/481), recall 0.938 (424/452), the clean figure; nobody has tuned on it.
//!
//! Labelling convention, shared by all the sets: a disease named by a longer, more specific name
//! the lexicon knows is labelled with that whole name ("Aspiration pneumonia", "septic arthritis",
//! "Infective endocarditis", "angle-closure glaucoma"), not with its head word; and a disease named
//! inside a vaccine's name is a mention of the disease ("Mpox" in "Mpox vaccine"), beside the
//! vaccine itself as a drug. Most labels already followed the first rule; six did not and were
//! relabelled to it, the same way in every set, before the rules changed: "thunderclap headache",
//! "Paroxysmal atrial fibrillation", "Herpes zoster ophthalmicus" (set 1), "community-acquired
//! pneumonia" as its own disease (set 2, as the original sample labels it), "Infective
//! endocarditis", "angle-closure glaucoma" (set 3). Relabelling alone moved the earlier rules to
//! 0.970 / 0.970 (set 1), 0.963 / 0.992 (set 2) and 0.808 / 1.000 (set 3). When British
//! spellings became findable, three real mentions the labels had left out were labelled:
//! "eosinophilic oesophagitis" (set 2), "apnoeas" (set 3), and the tuning set's "Acute ischaemic
//! stroke" as the whole lexicon name; and set 4's "cancer outreach" (Tata Memorial Hospital's)
//! was labelled a mention, as every set labels "cancer screening".
//!
//! A learned filter (`learned.rs`, `src/domain/entities/learned.rs`): logistic regression over
//! hashed features of each raw disease match, trained on these nine sets, cross-validated by
//! leaving each of sets 3–7 out (threshold chosen on the other eight only). On the left-out sets
//! the model alone scores precision 0.94–0.97 at recall 0.84–0.96 (pooled 0.958 / 0.902), and as
//! a veto on what the rules keep it takes clean set 7 from 0.856 / 0.951 to 0.931 / 0.913 (the
//! shipped configuration: local window only, sentence-initial capitals ignored). But the sets
//! share one brief and one voice. Criteria for turning it on were fixed first: (a) every unit and
//! tagging test passes, (b) set 7 at precision ≥ 0.93 and recall ≥ 0.88, (c) ≤ 3% of real
//! mentions vetoed in `learned/voices.jsonl` (short real-voice posts written for it). Of 140
//! configurations tried, five meet (b) and (c) (the shipped one vetoes 1 of 109 there), but every
//! one vetoes 25–36% of the diseases the rules keep in the entity unit tests' sentences, and with
//! the shipped one on 11 unit tests fail; those that spare the unit sentences are at precision
//! 0.87–0.91 on set 7. So it is off (`learned::VETO`); the figures here are the rules' alone
//! (`tests/measurements.md`, "A learned filter (cross-validated)", "Against the voice shift").
//! Session 10 trained it also on set 8 and on terse clinical notes (`learned/terse.jsonl`), with
//! the clinical shapes of a match's sentence as features and as a cue that spares it: with set 8
//! left out the veto gives 0.920 / 0.896 (rules 0.850 / 0.923), but with it on 7 of 77 entity unit
//! tests fail, so it stays off ("Terse clinical text (session 10)").
//!
//! Only disease labels are compared; a disease counts as found when canonical name and surface
//! text both match. `cargo test --test tagging -- --nocapture` prints the figures and every miss.

use super::{predicted, Label, Post};
use rounds::domain::entities::{EntityKind, Tagger};
use std::collections::HashMap;

const HELD_OUT_PRECISION: f64 = 0.97;
const HELD_OUT_RECALL: f64 = 0.96;
const HELD_OUT_2_PRECISION: f64 = 0.98;
const HELD_OUT_2_RECALL: f64 = 0.99;
const HELD_OUT_3_PRECISION: f64 = 0.99;
const HELD_OUT_3_RECALL: f64 = 0.99;
const HELD_OUT_4_PRECISION: f64 = 0.98;
const HELD_OUT_4_RECALL: f64 = 0.98;
const HELD_OUT_5_PRECISION: f64 = 0.99;
const HELD_OUT_5_RECALL: f64 = 0.98;
const HELD_OUT_6_PRECISION: f64 = 0.98;
const HELD_OUT_6_RECALL: f64 = 0.97;
const HELD_OUT_7_PRECISION: f64 = 0.98;
const HELD_OUT_7_RECALL: f64 = 0.95;
const HELD_OUT_8_PRECISION: f64 = 0.85;
const HELD_OUT_8_RECALL: f64 = 0.92;
const HELD_OUT_9_PRECISION: f64 = 0.88;
const HELD_OUT_9_RECALL: f64 = 0.93;

fn read(text: &str) -> Vec<Post> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("one post per line"))
        .collect()
}

/// (precision, recall, hits, predicted, expected) over the diseases of `posts`.
fn disease_scores(name: &str, posts: &[Post]) -> (f64, f64) {
    let tagger = Tagger::bundled();
    let (mut hits, mut predicted_total, mut expected_total) = (0usize, 0usize, 0usize);
    for post in posts {
        let mut expected: HashMap<&Label, usize> = HashMap::new();
        for label in post
            .entities
            .iter()
            .filter(|l| l.kind == EntityKind::Disease)
        {
            *expected.entry(label).or_default() += 1;
            expected_total += 1;
        }
        for label in predicted(tagger, &post.text)
            .into_iter()
            .filter(|l| l.kind == EntityKind::Disease)
        {
            predicted_total += 1;
            match expected.get_mut(&label) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    hits += 1;
                }
                _ => println!("{name}: false disease {label:?} in {:?}", post.text),
            }
        }
        for (label, left) in expected {
            if left > 0 {
                println!("{name}: missed disease {label:?} in {:?}", post.text);
            }
        }
    }
    let precision = hits as f64 / predicted_total.max(1) as f64;
    let recall = hits as f64 / expected_total.max(1) as f64;
    println!(
        "{name}: disease precision {precision:.3} ({hits}/{predicted_total}), recall {recall:.3} \
         ({hits}/{expected_total}) over {} posts",
        posts.len()
    );
    (precision, recall)
}

#[test]
fn idioms_metaphors_organisations_and_community_hashtags_are_not_diseases_on_the_tuning_set() {
    let posts = read(include_str!("diseases_tuning.jsonl"));
    assert!(posts.len() >= 50, "{} posts", posts.len());
    let (precision, recall) = disease_scores("tuning", &posts);
    // Measured: precision 1.000, recall 1.000 (tuned on it: these are the rules' own examples).
    assert!(precision >= 0.99, "precision {precision:.3}");
    assert!(recall >= 0.99, "recall {recall:.3}");
}

#[test]
fn diseases_in_the_original_sample_are_still_found() {
    let posts = read(include_str!("posts.jsonl"));
    let (precision, recall) = disease_scores("posts", &posts);
    assert!(precision >= 0.99, "precision {precision:.3}");
    assert!(recall >= 0.95, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_held_out_set() {
    let posts = read(include_str!("diseases_heldout.jsonl"));
    let (precision, recall) = disease_scores("held-out", &posts);
    // First measured at precision 0.814 (153/188), recall 0.922 (153/166); then tuned on (its misses
    // read, general rules added): precision 0.951 (156/164), recall 0.940 (156/166); with vaccines
    // named after diseases: precision 0.952 (158/166), recall 0.952 (158/166); with its three
    // head-word labels relabelled to the shared convention: 0.970 (161/166) / 0.970 (161/166);
    // with the fourth set's rules (a work named with its author): 0.976 (161/165) / 0.970.
    assert!(precision >= HELD_OUT_PRECISION, "precision {precision:.3}");
    assert!(recall >= HELD_OUT_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_second_held_out_set() {
    let posts = read(include_str!("diseases_heldout2.jsonl"));
    let (precision, recall) = disease_scores("held-out 2", &posts);
    // Measured once, when the earlier rules were final: precision 0.809 (127/157), recall 0.977
    // (127/130); a third of the false diseases were curated abbreviations read in another sense
    // ("Ann Arbor, MI", "CHF 1500", "2 TB drive", "CAD drawings", "PE teacher"). Then tuned on
    // (abbreviations with other senses need a clinical reading; golf, titles, species, vaccines):
    // precision 0.955 (128/134), recall 0.985 (128/130); relabelled ("community-acquired
    // pneumonia") and with the third set's rules (ill institutions, workplace objects): 0.977
    // (129/132) / 0.992 (129/130); with British spellings ("eosinophilic oesophagitis" labelled)
    // and the fourth set's rules ("Peggy Lee's Fever"): 0.985 (130/132) / 0.992 (130/131).
    // Targets: precision ≥ 0.95, recall ≥ 0.85.
    assert!(
        precision >= HELD_OUT_2_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_2_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_third_held_out_set() {
    let posts = read(include_str!("diseases_heldout3.jsonl"));
    let (precision, recall) = disease_scores("held-out 3", &posts);
    // Measured once on rules never tuned on this set: 0.800 (200/250) / 0.990 (200/202), precision
    // target 0.95 not met. Relabelled (two head-word labels) and tuned on: 1.000 (202/202) / 1.000
    // (202/202), seen data now; with "apnoeas" labelled once British spellings were found:
    // 1.000 (203/203) / 1.000 (203/203).
    assert!(
        precision >= HELD_OUT_3_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_3_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_fourth_held_out_set() {
    let posts = read(include_str!("diseases_heldout4.jsonl"));
    let (precision, recall) = disease_scores("held-out 4", &posts);
    // Measured once, on rules never tuned on this set: 0.897 (278/310) / 0.933 (278/298),
    // precision target 0.95 not met. Then tuned on (its misses and false hits read, general
    // mechanisms added) and "cancer outreach" labelled a mention: 0.990 (294/297) / 0.983
    // (294/299), seen data now; the floors are that figure rounded down.
    assert!(
        precision >= HELD_OUT_4_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_4_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_fifth_held_out_set() {
    let posts = read(include_str!("diseases_heldout5.jsonl"));
    let (precision, recall) = disease_scores("held-out 5", &posts);
    // Measured once, on rules never tuned on this set: 0.870 (301/346) / 0.984 (301/306),
    // precision target 0.95 not met. Four real mentions the set had left unlabelled were labelled
    // by the sets' conventions (every occurrence: a second "cellulitis"; a disease to rule out:
    // "leukaemia must be ruled out"; a comparison: "similar to MI"; a campaign keeps its disease:
    // #EndTB), which alone moves those rules to 0.882 (305/346) / 0.984 (305/310). Then tuned on
    // (its false hits and misses read, general mechanisms added): 0.994 (306/308) / 0.987
    // (306/310), seen data now; the floors are that figure rounded down.
    assert!(
        precision >= HELD_OUT_5_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_5_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_sixth_held_out_set() {
    let posts = read(include_str!("diseases_heldout6.jsonl"));
    let (precision, recall) = disease_scores("held-out 6", &posts);
    // Written independently while set 5 was tuned on (by someone who read neither the rules nor
    // the other sets; canonical names checked mechanically against the lexicon), measured once
    // after the rules were final: 0.859 (383/446) / 0.965 (383/397), precision target 0.95 not
    // met: the clean figure. Not relabelled: a few of its false hits read as mentions the set
    // left unlabelled ("Hyperkalaemia with kidney failure", "a troponin rise from tachycardia"),
    // and it labels a rowing "stroke rate" a stroke. Then tuned on (its false hits and misses
    // read, general mechanisms added): 0.987 (387/392) / 0.975 (387/397), seen data now; the
    // floors are that figure rounded down, a fit to the set, not a measure of generalisation.
    // With set 7's rules ("World AIDS Day" an event): 0.990 (387/391) / 0.975 (387/397).
    assert!(
        precision >= HELD_OUT_6_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_6_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_seventh_held_out_set() {
    let posts = read(include_str!("diseases_heldout7.jsonl"));
    let (precision, recall) = disease_scores("held-out 7", &posts);
    // Written independently while set 5 was tuned on (its writer's note is beside it), committed
    // unopened, and measured once after set 6 was tuned on and the rules were final: 0.856
    // (392/458) / 0.951 (392/412), precision target 0.95 not met: the clean figure. Its 9 labels
    // spelt in ways the lexicon lacks (UK spellings, typos) count as misses. Then tuned on (its
    // false hits and misses read, general mechanisms added): 0.980 (394/402) / 0.956 (394/412),
    // seen data now; the floors are that figure rounded down, a fit to the set, not a measure of
    // generalisation. Not relabelled: "keloid scar" labels only "keloid", and its awareness
    // hashtags and the tuning set's "Stroke Awareness Month" disagree, so campaigns other than
    // event days stay counted.
    assert!(
        precision >= HELD_OUT_7_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_7_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_eighth_held_out_set() {
    let posts = read(include_str!("diseases_heldout8.jsonl"));
    let (precision, recall) = disease_scores("held-out 8", &posts);
    // Written independently while set 6 was tuned on (its writer's note is beside it), committed
    // unopened in tests/unseen/, and measured once after set 7 was tuned on and the rules were
    // final: 0.850 (381/448) / 0.923 (381/413), precision target 0.95 not met. Its 15 labels spelt
    // in ways the lexicon lacks (UK spellings, typos) count as misses. The floors are that clean
    // figure rounded down; nobody has tuned on this set.
    assert!(
        precision >= HELD_OUT_8_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_8_RECALL, "recall {recall:.3}");
}

#[test]
fn diseases_on_the_ninth_held_out_set() {
    let posts = read(include_str!("diseases_heldout9.jsonl"));
    let (precision, recall) = disease_scores("held-out 9", &posts);
    // Written independently while set 7 was tuned on (its writer's note is beside it), committed
    // unopened in tests/unseen/, and measured once in session 10 with the rules of session 9 and
    // the learned veto off, as shipped (decided before): 0.881 (424/481) / 0.938 (424/452),
    // precision target 0.95 not met. Its 25 labels spelt in ways the lexicon lacks count as misses.
    // The floors are that clean figure rounded down; nobody has tuned on this set.
    assert!(
        precision >= HELD_OUT_9_PRECISION,
        "precision {precision:.3}"
    );
    assert!(recall >= HELD_OUT_9_RECALL, "recall {recall:.3}");
}
