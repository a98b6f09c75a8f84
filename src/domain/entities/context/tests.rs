//! Each kind of non-mention, and real mentions that look like them.

use super::*;

fn filtered(text: &str, word: &str, canonical: &str) -> bool {
    let start = text.find(word).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

#[test]
fn idioms_metaphors_organisations_and_community_hashtags_are_not_diseases() {
    assert!(filtered("What a stroke of luck today", "stroke", "Stroke"));
    assert!(filtered(
        "Moral injury is real",
        "injury",
        "Wounds and Injuries"
    ));
    assert!(filtered(
        "Scored in injury time",
        "injury",
        "Wounds and Injuries"
    ));
    assert!(filtered(
        "Bureaucracy is a cancer on the profession",
        "cancer",
        "Neoplasms"
    ));
    assert!(filtered(
        "Give to the American Cancer Society",
        "Cancer",
        "Neoplasms"
    ));
    assert!(filtered(
        "Cancer Research UK says so",
        "Cancer",
        "Neoplasms"
    ));
    assert!(filtered(
        "The Alzheimer's Association report",
        "Alzheimer's",
        "Alzheimer Disease"
    ));
    assert!(filtered(
        "The Leukemia & Lymphoma Society",
        "Leukemia",
        "Leukemia"
    ));
    assert!(filtered("Great talk #StrokeTwitter", "Stroke", "Stroke"));
    assert!(filtered("Anatomy lab on a cadaver", "cadaver", "Cadaver"));
}

#[test]
fn real_mentions_stay() {
    assert!(!filtered(
        "Acute stroke pathway: thrombolysis within 4.5 h",
        "stroke",
        "Stroke"
    ));
    assert!(!filtered(
        "Head injury with LOC",
        "injury",
        "Wounds and Injuries"
    ));
    assert!(!filtered(
        "She has a cancer of the breast",
        "cancer",
        "Neoplasms"
    ));
    assert!(!filtered(
        "Cancer screening saves lives",
        "Cancer",
        "Neoplasms"
    ));
    assert!(!filtered(
        "Stroke Awareness Month: know the signs",
        "Stroke",
        "Stroke"
    ));
    assert!(!filtered("New #stroke guideline out", "stroke", "Stroke"));
    assert!(!filtered(
        "Lung cancer in never smokers",
        "Lung cancer",
        "Lung Neoplasms"
    ));
}
