//! SPEC R6: at most 1% of identifiers survive de-identification, and the medical content the
//! questions are about survives with them.
//!
//! Labelled sets, one question per line (its text, every identifier in it by kind and exact text,
//! and the medical terms that must come through intact):
//! - `questions.jsonl`, the set the rules were first tuned on;
//! - `heldout.jsonl`, written before the gazetteer rules (issue #13), covering the forms that
//!   slipped through on fresh text: names without cue words, EHR "SURNAME, Given", initials, places
//!   smaller than a state, ages in words, holidays, ordinals, mixed IDs, "at/dot" e-mails and
//!   handles, and over-redaction traps (pill brands that look like given names, eponyms, scores,
//!   doses, lab values);
//! - `heldout2.jsonl`, written after the first revision and held out then (94.31% removed);
//! - `forms.jsonl`, examples written for the failure forms sets 1 and 2 showed, with traps beside
//!   them (place-named scores, drugs opening a sentence);
//! - `heldout3.jsonl`, written independently by someone else and opened only once the rules were
//!   final: measured once clean (89.23% removed, 99.28% kept), then tuned on in the third
//!   revision (shapes: name particles and diacritics, facilities after "at", ZIPs beside a town,
//!   ages ending a clause).
//!
//! - `heldout4.jsonl`, written independently after set 3 and opened only once the third
//!   revision's rules were final: measured once clean (92.88% removed, 98.26% kept), then tuned
//!   on in the fourth revision (an English and clinical word filter for names no list knows,
//!   towns of 5,000+, ages in slash and bracket forms, Eircodes and state postcodes).
//!
//! - `heldout5.jsonl`, 405 questions (586 identifiers, 818 terms to keep) written independently by
//!   someone who read neither the rules nor the other sets' texts, opened once after the fourth
//!   revision's rules were final: measured once clean (89.93% removed, 99.14% kept;
//!   tests/measurements.md, R6), then tuned on in the fifth revision (day/month dates by shape,
//!   holidays, handles after a platform, IDs after "hosp no"/"plate", postcodes, initials, eponym
//!   tails kept).
//!
//! - `heldout6.jsonl`, 358 questions (683 identifiers, 896 terms to keep) written independently
//!   while set 5 was tuned on, by someone who read neither the rules nor the other sets' texts;
//!   opened once after the fifth revision's rules were final: measured once clean (90.04% removed,
//!   99.11% kept; tests/measurements.md, R6), then tuned on in the sixth revision (names by how a
//!   note about a person is built, ages restated or set off by dashes, named days, unknown towns
//!   set off after a name, NI numbers and plates, messenger links).
//!
//! - `heldout7.jsonl`, 400 questions (697 identifiers, 1040 terms to keep) written independently
//!   while set 6 was tuned on, by someone who read neither the rules nor the other sets' texts;
//!   opened once after the sixth revision's rules were final: measured once clean (91.68% removed,
//!   99.90% kept; tests/measurements.md, R6: the sixth revision's held-out figure), then tuned on
//!   in the seventh revision (brackets that explain a name or place, patients after a bed or bay,
//!   terms of respect, patronymics, names and places in Han, Hangul and Vietnamese, ages counted in
//!   other languages, foreign postcodes, dashed and plate IDs, road numbers; greetings and
//!   countries kept). Its figures since are fit, not generalisation.
//!
//! - `heldout8.jsonl`, 486 questions (978 identifiers, 1342 terms to keep) written independently
//!   while set 7 was written, by someone who read neither the rules nor the other sets' texts
//!   (`heldout8.md`); opened once after the seventh revision's rules were final: measured once
//!   clean (82.82% removed, 99.25% kept; tests/measurements.md, R6: the seventh revision's
//!   held-out figure), then tuned on in the eighth revision (names the note states, respect words
//!   and parts beside a found name, quarters beside a town, places, postcodes and IDs written
//!   abroad, festivals and dates in other languages, plain ages over 89, names and places in
//!   Arabic, Persian, Devanagari, Bengali, Japanese and Korean script). Its figures since are fit.
//!
//! - `heldout9.jsonl`, 532 questions (1529 identifiers, 1519 terms to keep, 25 scripts) written
//!   independently while set 8 was measured, by someone who read neither the rules nor the other
//!   sets' texts (`heldout9.md`); committed unopened in `tests/unseen/` and opened once after the
//!   eighth revision's rules were final: 82.54% removed, 99.08% kept (tests/measurements.md, R6:
//!   the eighth revision's held-out figure), then tuned on in the ninth revision (ages in any
//!   script and language, kinship and respect words beside names, dates in other calendars and
//!   scripts, names glossed in brackets, IDs after their name in many languages, plate shapes,
//!   quarters by phase, block, numeral and kind, hospitals a patient is sent to, postcodes beside a
//!   town). Its figures since are fit.
//!
//! Every set here has been tuned on, so their figures show what the rules do on text like it,
//! not on text they have never seen.
//!
//! The learned detector (`rounds::domain::deidentify::learned`, tests in `learned.rs`) is trained on
//! all these sets by the ignored `train_learned_detector`, which writes
//! `config/deidentify/learned.weights`, and cross-validated by the ignored
//! `cross_validate_learned_detector`: each of sets 4–9 left out in turn (set 8 figures below are from the first run, over 4–8), a model trained on the
//! rest with a threshold chosen on the rest, measured on the set left out alone and with the
//! rules. On set 8, the one fold the rules are not fit to, rules + model removed 87.73% against the
//! rules' 82.82% but kept 98.73% of terms against 99.25%; the model alone removed 79–91% of the
//! left-out sets' identifiers at threshold 0.5 (tests/measurements.md, R6). Since 2026-12-08 it is
//! on (`learned::ON`), trained on every set here including set 9, its threshold chosen by leaving
//! each of sets 4–9 out (`config/deidentify/learned.md`), so every floor here measures rules +
//! model on text both were fit to; `shipped_weights_were_trained_on_the_current_sets` fails when a
//! set or a word list changes and the weights were not rebuilt.
//!
//! Run with `--nocapture` to see every set's figures, per kind, with every surviving identifier,
//! lost term and span redacted that no label covers; on failure they are in the assertion message.

mod floors;
mod learned;
mod measure;

use measure::{measure, parse, survives, Marked, Question};
use rounds::domain::deidentify::Identifier;

const TUNED: &str = include_str!("questions.jsonl");
const HELD_OUT: &str = include_str!("heldout.jsonl");
const HELD_OUT_2: &str = include_str!("heldout2.jsonl");
const HELD_OUT_3: &str = include_str!("heldout3.jsonl");
const HELD_OUT_4: &str = include_str!("heldout4.jsonl");
const HELD_OUT_5: &str = include_str!("heldout5.jsonl");
const HELD_OUT_6: &str = include_str!("heldout6.jsonl");
const HELD_OUT_7: &str = include_str!("heldout7.jsonl");
const HELD_OUT_8: &str = include_str!("heldout8.jsonl");
const HELD_OUT_9: &str = include_str!("heldout9.jsonl");
const HELD_OUT_10: &str = include_str!("heldout10.jsonl");
const FORMS: &str = include_str!("forms.jsonl");

/// SPEC R6: at most this share of identifiers may survive.
const R6_MAX_SURVIVING: f64 = 0.01;
/// SPEC R6: redaction that eats the question is no use to moderators either.
const R6_MIN_KEPT: f64 = 0.97;

/// What each held-out set must still reach. Sets 1, 2 and 3 were tuned on and now meet R6; a clean
/// held-out set is held to what was measured on it (tests/measurements.md, R6) rounded a little, so
/// that a regression fails; its floors become R6 itself once it is met.
const HELD_OUT_MAX_SURVIVING: f64 = R6_MAX_SURVIVING;
const HELD_OUT_MIN_KEPT: f64 = 0.99;
const HELD_OUT_2_MAX_SURVIVING: f64 = R6_MAX_SURVIVING;
const HELD_OUT_2_MIN_KEPT: f64 = 0.99;
/// Measured once clean (10.77% survived); tuned on since, it meets R6 (0.96% survive, 99.76% kept).
const HELD_OUT_3_MAX_SURVIVING: f64 = R6_MAX_SURVIVING;
const HELD_OUT_3_MIN_KEPT: f64 = 0.99;
/// Measured once clean: 7.12% survived (26 of 365), 98.26% of medical terms kept (395 of 402).
/// Tuned on in the fourth revision: 0.55% survive (2 of 365), 99.75% kept (401 of 402).
const HELD_OUT_4_MAX_SURVIVING: f64 = R6_MAX_SURVIVING;
const HELD_OUT_4_MIN_KEPT: f64 = 0.99;
/// Measured once, clean: 10.07% survived (59 of 586), 89.93% removed, 99.14% of terms kept (811 of
/// 818). Tuned on in the fifth revision: 3.75% survive (22 of 586), 100% kept (818 of 818); after
/// the sixth: 3.07% (18 of 586), 100% kept; after the seventh: 2.90% (17 of 586), 100% kept. R6
/// is not met on it; the floor is that figure rounded, so a regression fails. With the learned
/// detector on (trained on this set, so a fit): 2.22% survive (13 of 586), 100% kept.
const HELD_OUT_5_MAX_SURVIVING: f64 = 0.023;
const HELD_OUT_5_MIN_KEPT: f64 = 0.99;
/// Measured once, clean: 9.96% survived (68 of 683), 99.11% of terms kept (888 of 896); the
/// fourth revision's rules on it: 11.71% survived. Tuned on in the sixth revision: 0.88% survive
/// (6 of 683), 99.78% kept (894 of 896), which meets R6 only because the rules were fit to it;
/// the floor is that figure rounded, so a regression fails.
const HELD_OUT_6_MAX_SURVIVING: f64 = 0.009;
const HELD_OUT_6_MIN_KEPT: f64 = 0.99;
/// Written independently while set 6 was tuned on (by someone who read neither the rules nor the
/// other sets), measured once after the sixth revision's rules were final: 8.32% survived (58 of
/// 697), 91.68% removed, 99.90% of terms kept (1039 of 1040). R6 is not met on it; the floor is
/// that figure rounded. Tuned on in the seventh revision: 0.43% survive (3 of 697), 100% kept
/// (1040 of 1040), which meets R6 only because the rules were fit to it; the floor is that
/// figure rounded, so a regression fails. With the learned detector on (trained on this set, so a
/// fit): 0.29% survive (2 of 697), 100% kept.
const HELD_OUT_7_MAX_SURVIVING: f64 = 0.003;
const HELD_OUT_7_MIN_KEPT: f64 = 0.999;
/// Written independently while set 7 was written (by someone who read neither the rules nor the
/// other sets' texts; `heldout8.md`), committed unopened, and measured once after the seventh
/// revision's rules were final: 82.82% removed (168 of 978 survive, 17.18%), 99.25% of terms kept
/// (1332 of 1342). Tuned on in the eighth revision: 1.94% survive (19 of 978), 98.06% removed,
/// 99.33% kept (1333 of 1342), which is fit, not generalisation; the floor is that figure rounded
/// down, so a regression fails. With the learned detector on (trained on this set, so a fit):
/// 1.12% survive (11 of 978), 98.88% removed, 99.33% kept.
const HELD_OUT_8_MAX_SURVIVING: f64 = 0.012;
const HELD_OUT_8_MIN_KEPT: f64 = 0.993;
/// Written independently while set 8 was measured (`heldout9.md`), committed unopened, and
/// measured once after the eighth revision's rules were final: 82.54% removed (267 of 1529
/// survive, 17.46%), 99.08% of terms kept (1505 of 1519). Tuned on in the ninth revision: 7.39%
/// survive (113 of 1529), 92.61% removed, 99.14% kept (1506 of 1519), rules alone; the learned
/// detector (on since 2026-12-08) is trained on it too. So rules + model on it is a fit, not
/// generalisation: 96.27% removed (57 of 1529 survive, 3.73%), 99.14% kept (1506 of 1519). The
/// floor is that figure rounded, so a regression fails.
const HELD_OUT_9_MAX_SURVIVING: f64 = 0.038;
const HELD_OUT_9_MIN_KEPT: f64 = 0.991;
/// Written independently while sets 8 and 9 were measured (`heldout10.md`), committed unopened, and
/// measured once in session 10, after the ninth revision's rules were final and with the learned
/// detector on (decided before it was opened, and trained on sets not including it): 88.10%
/// removed (150 of 1261 survive, 11.90%), 97.57% of terms kept (1725 of 1768); the rules alone
/// 80.65% / 99.10%. Its lost terms showed a bug, fixed after: a day before a word starting like a
/// month ("3 febrile seizures", "5 junior doctors") was a date; 97.62% kept since. The floor is that
/// figure rounded, so a regression fails; nobody has tuned on this set.
const HELD_OUT_10_MAX_SURVIVING: f64 = 0.12;
const HELD_OUT_10_MIN_KEPT: f64 = 0.976;

/// Kinds a label may have: every placeholder the de-identifier writes.
fn kinds() -> Vec<&'static str> {
    Identifier::ALL.iter().map(|k| k.as_str()).collect()
}

fn check_labels(name: &str, questions: &[Question]) {
    assert!(
        questions.len() >= 300,
        "{name}: only {} questions",
        questions.len()
    );
    let kinds = kinds();
    for q in questions {
        for marked in &q.identifiers {
            assert!(
                kinds.contains(&marked.kind.as_str()),
                "{name}: unknown kind {:?}",
                marked.kind
            );
            assert!(
                q.text.contains(&marked.text),
                "{name}: {:?} is not in {:?}",
                marked.text,
                q.text
            );
        }
        for term in &q.keep {
            assert!(
                q.text.contains(term),
                "{name}: {term:?} is not in {:?}",
                q.text
            );
        }
    }
}

#[test]
fn both_sets_are_large_and_every_label_is_in_its_text() {
    let tuned = parse("questions.jsonl", TUNED);
    check_labels("questions.jsonl", &tuned);
    let with_identifiers = tuned.iter().filter(|q| !q.identifiers.is_empty()).count();
    assert!(
        (tuned.len() / 3..=tuned.len() * 2 / 3).contains(&with_identifiers),
        "about half the questions should carry identifiers; {with_identifiers} of {} do",
        tuned.len()
    );
    for (name, source) in [
        ("heldout.jsonl", HELD_OUT),
        ("heldout2.jsonl", HELD_OUT_2),
        ("heldout3.jsonl", HELD_OUT_3),
    ] {
        let held_out = parse(name, source);
        check_labels(name, &held_out);
        let keep_terms: usize = held_out.iter().map(|q| q.keep.len()).sum();
        assert!(
            keep_terms >= 500,
            "{name} labels {keep_terms} terms to keep"
        );
    }
}

#[test]
fn tuned_set_meets_r6() {
    let figures = measure(&parse("questions.jsonl", TUNED));
    let report = figures.report("tuned set (questions.jsonl)");
    println!("{report}\n");
    assert!(figures.survival() <= R6_MAX_SURVIVING, "R6 fails: {report}");
    assert!(
        figures.keep_rate() >= R6_MIN_KEPT,
        "too much medical content lost: {report}"
    );
}

/// Tuning examples written for the forms sets 1 and 2 showed slipping through (names after
/// "and", initials with apostrophes, lower-case names, town-shaped places, dates in lists) and
/// for the traps next to them (place-named scores, eponyms, pill brands). Tuned on, so R6 holds.
#[test]
fn failure_forms_meet_r6() {
    let questions = parse("forms.jsonl", FORMS);
    check_labels_small("forms.jsonl", &questions);
    let figures = measure(&questions);
    let report = figures.report("failure forms (forms.jsonl)");
    println!("{report}\n");
    assert!(figures.survival() <= R6_MAX_SURVIVING, "R6 fails: {report}");
    assert!(
        figures.keep_rate() >= R6_MIN_KEPT,
        "too much medical content lost: {report}"
    );
}

fn check_labels_small(name: &str, questions: &[Question]) {
    for q in questions {
        for marked in &q.identifiers {
            assert!(q.text.contains(&marked.text), "{name}: {:?}", marked.text);
        }
        for term in &q.keep {
            assert!(q.text.contains(term), "{name}: {term:?}");
        }
    }
}

/// Reports a held-out set and holds it to its floor.
fn held_out(name: &str, source: &str, max_surviving: f64, min_kept: f64) {
    let figures = measure(&parse(name, source));
    let report = figures.report(name);
    let meets_r6 = figures.survival() <= R6_MAX_SURVIVING && figures.keep_rate() >= R6_MIN_KEPT;
    println!(
        "{report}\n{name} {} R6 (≤ {:.0}% survive, ≥ {:.0}% kept)\n",
        if meets_r6 { "meets" } else { "does NOT meet" },
        100.0 * R6_MAX_SURVIVING,
        100.0 * R6_MIN_KEPT,
    );
    assert!(
        figures.survival() <= max_surviving,
        "{name}: survival above its floor: {report}"
    );
    assert!(
        figures.keep_rate() >= min_kept,
        "{name}: keep rate below its floor: {report}"
    );
}

#[test]
fn the_survival_check_itself_catches_partial_leaks() {
    let name = Marked {
        kind: "NAME".into(),
        text: "Dr. Jane Doe".into(),
    };
    assert!(survives(&name, "Dr. [NAME] Doe said"));
    assert!(!survives(&name, "Dr. [NAME] said, Doesn't matter"));
    let ehr = Marked {
        kind: "NAME".into(),
        text: "KOWALCZYK, Tomasz".into(),
    };
    assert!(survives(&ehr, "PATIENT: [NAME], Tomasz ADM"));
    let phone = Marked {
        kind: "PHONE".into(),
        text: "(555) 123-4567".into(),
    };
    assert!(survives(&phone, "call 555 123 4567"));
    assert!(!survives(&phone, "call [PHONE], K 5.5"));
}

/// The fuzz target's rule, on every labelled question: redacting again never takes a placeholder
/// (or part of one) for an identifier.
#[test]
fn a_second_pass_never_redacts_a_placeholder() {
    use rounds::domain::deidentify::deidentify;
    for source in [
        TUNED, HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, HELD_OUT_5, HELD_OUT_6, HELD_OUT_7,
        HELD_OUT_8, HELD_OUT_9, FORMS,
    ] {
        for q in parse("set", source) {
            let first = deidentify(&q.text);
            let mut placeholders = Vec::new();
            let (mut at, mut cursor) = (0, 0);
            for span in &first.spans {
                at += span.start - cursor;
                placeholders.push(at..at + span.kind.placeholder().len());
                at += span.kind.placeholder().len();
                cursor = span.end;
            }
            for span in &deidentify(&first.text).spans {
                assert!(
                    !placeholders
                        .iter()
                        .any(|p| p.start < span.end && span.start < p.end),
                    "a placeholder was redacted again in {:?}",
                    first.text
                );
            }
        }
    }
}
