//! People, places, works and bands around a disease word, and mentions and campaigns that stay.

use super::super::is_not_a_disease;

fn filtered(text: &str, word: &str, canonical: &str) -> bool {
    let start = text.find(word).unwrap();
    is_not_a_disease(text, start, start + word.len(), canonical)
}

#[test]
fn names_of_people_places_venues_works_and_bands_are_not_diseases() {
    for (text, word, canonical) in [
        ("Lovely talk by Prof Mary Gout on uric acid", "Gout", "Gout"),
        ("Supper for Burns Night at the mess", "Burns", "Burns"),
        (
            "Our registrar moved to Burns Harbor last year",
            "Burns",
            "Burns",
        ),
        (
            "The Heart Attack Grill is still open",
            "Heart Attack",
            "Myocardial Infarction",
        ),
        ("Reading Camus's Plague again on nights", "Plague", "Plague"),
        (
            "Listening to an old Anthrax album on the drive in",
            "Anthrax",
            "Anthrax",
        ),
        (
            "Coffee with Dr Cramp before clinic",
            "Cramp",
            "Muscle Cramp",
        ),
        (
            "Tennis elbow? No, my backhand stroke is just bad",
            "stroke",
            "Stroke",
        ),
        (
            "She rowed at stroke for the medics' boat",
            "stroke",
            "Stroke",
        ),
        (
            "The rota was a migraine in human form",
            "migraine",
            "Migraine Disorders",
        ),
        ("That was a stroke of a decision", "stroke", "Stroke"),
        ("These audits are giving me a hernia", "hernia", "Hernia"),
        ("Cancer star sign, apparently", "Cancer", "Neoplasms"),
        ("Search and seizure law for nurses", "seizure", "Seizures"),
    ] {
        assert!(filtered(text, word, canonical), "{text:?}");
    }
}

#[test]
fn capitalised_mentions_and_campaigns_stay_diseases() {
    for (text, word, canonical) in [
        ("Stroke Awareness Month starts today", "Stroke", "Stroke"),
        (
            "Gout flares after a big dinner, colchicine started",
            "Gout",
            "Gout",
        ),
        (
            "Burns to 20% of the body surface: fluids now",
            "Burns",
            "Burns",
        ),
        (
            "My patient's stroke was missed for hours",
            "stroke",
            "Stroke",
        ),
        (
            "Heatstroke risk this week: heat stroke kills",
            "stroke",
            "Stroke",
        ),
        (
            "This antibiotic is giving me a headache",
            "headache",
            "Headache",
        ),
        ("Bowel cancer in a 35yo, referred", "cancer", "Neoplasms"),
        (
            "Read: New Guidance On Asthma, out today",
            "Asthma",
            "Asthma",
        ),
        ("We run the Acute Stroke pathway", "Stroke", "Stroke"),
    ] {
        assert!(!filtered(text, word, canonical), "{text:?}");
    }
}
