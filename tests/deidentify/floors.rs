//! Each labelled set holds the figure it was last measured at (the floors in `main.rs`, with how
//! each was obtained), so a regression fails.

use super::*;

#[test]
fn held_out_set_1_holds_its_measured_floor() {
    held_out(
        "held-out set 1 (heldout.jsonl, tuned on in the second revision)",
        HELD_OUT,
        HELD_OUT_MAX_SURVIVING,
        HELD_OUT_MIN_KEPT,
    );
}

#[test]
fn held_out_set_2_holds_its_measured_floor() {
    held_out(
        "held-out set 2 (heldout2.jsonl, tuned on in the second revision)",
        HELD_OUT_2,
        HELD_OUT_2_MAX_SURVIVING,
        HELD_OUT_2_MIN_KEPT,
    );
}

#[test]
fn held_out_set_3_holds_its_measured_floor() {
    held_out(
        "held-out set 3 (heldout3.jsonl, measured once clean, then tuned on in the third revision)",
        HELD_OUT_3,
        HELD_OUT_3_MAX_SURVIVING,
        HELD_OUT_3_MIN_KEPT,
    );
}

#[test]
fn held_out_set_4_holds_its_measured_floor() {
    let questions = parse("heldout4.jsonl", HELD_OUT_4);
    check_labels_small("heldout4.jsonl", &questions);
    assert!(
        questions.len() >= 200,
        "heldout4.jsonl: {}",
        questions.len()
    );
    held_out(
        "held-out set 4 (heldout4.jsonl, measured once clean, then tuned on in the fourth revision)",
        HELD_OUT_4,
        HELD_OUT_4_MAX_SURVIVING,
        HELD_OUT_4_MIN_KEPT,
    );
}

#[test]
fn held_out_set_5_holds_its_measured_floor() {
    let questions = parse("heldout5.jsonl", HELD_OUT_5);
    check_labels("heldout5.jsonl", &questions);
    held_out(
        "held-out set 5 (heldout5.jsonl, measured once clean, then tuned on in the fifth revision)",
        HELD_OUT_5,
        HELD_OUT_5_MAX_SURVIVING,
        HELD_OUT_5_MIN_KEPT,
    );
}

#[test]
fn held_out_set_6_holds_its_measured_floor() {
    let questions = parse("heldout6.jsonl", HELD_OUT_6);
    check_labels("heldout6.jsonl", &questions);
    held_out(
        "held-out set 6 (heldout6.jsonl, measured once clean, then tuned on in the sixth revision)",
        HELD_OUT_6,
        HELD_OUT_6_MAX_SURVIVING,
        HELD_OUT_6_MIN_KEPT,
    );
}

#[test]
fn held_out_set_7_holds_its_measured_floor() {
    let questions = parse("heldout7.jsonl", HELD_OUT_7);
    check_labels("heldout7.jsonl", &questions);
    held_out(
        "held-out set 7 (heldout7.jsonl, measured once clean, then tuned on in the seventh revision)",
        HELD_OUT_7,
        HELD_OUT_7_MAX_SURVIVING,
        HELD_OUT_7_MIN_KEPT,
    );
}

#[test]
fn held_out_set_8_holds_its_measured_floor() {
    let questions = parse("heldout8.jsonl", HELD_OUT_8);
    check_labels("heldout8.jsonl", &questions);
    held_out(
        "held-out set 8 (heldout8.jsonl, measured once clean, then tuned on in the eighth revision)",
        HELD_OUT_8,
        HELD_OUT_8_MAX_SURVIVING,
        HELD_OUT_8_MIN_KEPT,
    );
}

#[test]
fn held_out_set_9_holds_its_measured_floor() {
    let questions = parse("heldout9.jsonl", HELD_OUT_9);
    check_labels("heldout9.jsonl", &questions);
    held_out(
        "held-out set 9 (heldout9.jsonl, measured once clean, then tuned on by the ninth revision and trained on by the learned detector)",
        HELD_OUT_9,
        HELD_OUT_9_MAX_SURVIVING,
        HELD_OUT_9_MIN_KEPT,
    );
}

#[test]
fn held_out_set_10_holds_its_measured_floor() {
    let questions = parse("heldout10.jsonl", HELD_OUT_10);
    check_labels("heldout10.jsonl", &questions);
    held_out(
        "held-out set 10 (heldout10.jsonl, measured once clean: rules + learned detector, as shipped)",
        HELD_OUT_10,
        HELD_OUT_10_MAX_SURVIVING,
        HELD_OUT_10_MIN_KEPT,
    );
}
