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

/// (post, matched word, canonical name) that are not mentions of the disease.
const FIGURES_AND_TITLES: &[(&str, &str, &str)] = &[
    (
        "The Lupus Foundation's new leaflet",
        "Lupus",
        "Lupus Erythematosus, Systemic",
    ),
    (
        "Kidney Research UK’s grant round",
        "Kidney",
        "Kidney Diseases",
    ),
    (
        "Our trial was published in Stroke today",
        "Stroke",
        "Stroke",
    ),
    (
        "Submitted to Hypertension last night",
        "Hypertension",
        "Hypertension",
    ),
    (
        "New review in Diabetes Care on CGM",
        "Diabetes",
        "Diabetes Mellitus",
    ),
    (
        "Great editorial #DiabetesCare",
        "Diabetes",
        "Diabetes Mellitus",
    ),
    (
        "Now reading Roth's Cancer Ward again",
        "Cancer",
        "Neoplasms",
    ),
    (
        "Such a Cancer thing to do, says my Leo flatmate",
        "Cancer",
        "Neoplasms",
    ),
    ("This rota is frankly stroke-inducing", "stroke", "Stroke"),
    (
        "A shudder went through the audience",
        "shudder",
        "Shivering",
    ),
    ("Strategic myopia at board level", "myopia", "Myopia"),
    (
        "It would be rash to extubate him tonight",
        "rash",
        "Exanthema",
    ),
    ("Tumour board moved to Thursday", "Tumour", "Neoplasms"),
    (
        "Guidance at https://www.diabetes.org.uk/guide",
        "diabetes",
        "Diabetes Mellitus",
    ),
];

/// (post, matched word, canonical name) that mention the disease, near the same cues.
const MENTIONS_NEAR_THE_CUES: &[(&str, &str, &str)] = &[
    (
        "Stroke in young adults: published in JAMA",
        "Stroke",
        "Stroke",
    ),
    (
        "Diabetes care in prisons is poor",
        "Diabetes",
        "Diabetes Mellitus",
    ),
    ("#Diabetes clinic today", "Diabetes", "Diabetes Mellitus"),
    ("Reading about cancer survivorship", "cancer", "Neoplasms"),
    (
        "Cancer in a 30-year-old Leo Street resident",
        "Cancer",
        "Neoplasms",
    ),
    ("Stroke-related deaths are falling", "Stroke", "Stroke"),
    ("A fever swept through the ward last week", "fever", "Fever"),
    (
        "A tremor went through his hands at rest",
        "tremor",
        "Tremor",
    ),
    ("Progressive myopia in children", "myopia", "Myopia"),
    ("Non-blanching rash and fever", "rash", "Exanthema"),
    ("Tumour markers were normal", "Tumour", "Neoplasms"),
    (
        "The Lupus clinic is full",
        "Lupus",
        "Lupus Erythematosus, Systemic",
    ),
];

#[test]
fn titles_figures_of_speech_possessive_organisations_and_links_are_not_diseases() {
    for (text, word, canonical) in FIGURES_AND_TITLES {
        assert!(filtered(text, word, canonical), "kept {word:?} in {text:?}");
    }
}

#[test]
fn mentions_next_to_those_cues_stay() {
    for (text, word, canonical) in MENTIONS_NEAR_THE_CUES {
        assert!(
            !filtered(text, word, canonical),
            "dropped {word:?} in {text:?}"
        );
    }
}

#[test]
fn golf_idioms_titles_and_species_are_not_diseases_but_their_look_alikes_are() {
    for (text, word, canonical) in [
        ("Won the stroke play on Sunday", "stroke", "Stroke"),
        (
            "Nearly had a stroke when the Wi-Fi died",
            "stroke",
            "Stroke",
        ),
        (
            "Management keeps bleeding the budget on taxis",
            "bleeding",
            "Hemorrhage",
        ),
        (
            "She's the Typhoid Mary of the rota",
            "Typhoid",
            "Typhoid Fever",
        ),
        ("A trip to the Tropic of Cancer", "Cancer", "Neoplasms"),
        (
            "Paper accepted, Obesity journal said yes",
            "Obesity",
            "Obesity",
        ),
        (
            "We got into Stroke (the journal) at last",
            "Stroke",
            "Stroke",
        ),
        (
            "Finally reading Love in the Time of Cholera",
            "Cholera",
            "Cholera",
        ),
        (
            "My Cancer friend (born June 30) says hi",
            "Cancer",
            "Neoplasms",
        ),
        (
            "The aquarium has a Cancer pagurus now",
            "Cancer",
            "Neoplasms",
        ),
    ] {
        assert!(filtered(text, word, canonical), "{text}");
    }
    for (text, word, canonical) in [
        (
            "Stroke patients play cards on the rehab ward",
            "Stroke",
            "Stroke",
        ),
        (
            "Post-op bleeding the next morning",
            "bleeding",
            "Hemorrhage",
        ),
        (
            "Typhoid in a returning traveller",
            "Typhoid",
            "Typhoid Fever",
        ),
        (
            "Obesity journal club tonight: GLP-1 trials",
            "Obesity",
            "Obesity",
        ),
        ("Reading about stroke outcomes", "stroke", "Stroke"),
        (
            "New Cancer status letters go out today",
            "Cancer",
            "Neoplasms",
        ),
        (
            "Chemo for Cancer patients on the ward",
            "Cancer",
            "Neoplasms",
        ),
    ] {
        assert!(!filtered(text, word, canonical), "{text}");
    }
}

/// A pandemic's years, a campaign's name, an event day, a species, a place, a machine
/// ill with a place phrase, a threat with "an".
#[test]
fn eras_names_days_species_places_machines_and_threats_are_not_diseases() {
    for (text, word, canonical) in [
        ("Rents in the covid years went wild", "covid", "COVID-19"),
        ("post-covid office life is quieter", "covid", "COVID-19"),
        (
            "World Malaria Day falls on a Friday this year",
            "Malaria",
            "Malaria",
        ),
        (
            "The Cholera Never Again Fund campaign raised a million",
            "Cholera",
            "Cholera",
        ),
        (
            "Cancer irroratus (the rock crab) is on the menu",
            "Cancer",
            "Neoplasms",
        ),
        (
            "We camped at Fever Springs for the weekend",
            "Fever",
            "Fever",
        ),
        (
            "The lift in outpatients has the plague again",
            "plague",
            "Plague",
        ),
        (
            "I'll have an ulcer if the rota changes again",
            "ulcer",
            "Ulcer",
        ),
    ] {
        assert!(filtered(text, word, canonical), "kept {word:?} in {text:?}");
    }
    for (text, word, canonical) in [
        (
            "post-covid fatigue clinic opens in March",
            "covid",
            "COVID-19",
        ),
        ("COVID Day 5: still no taste", "COVID", "COVID-19"),
        ("took three covid days off in March", "covid", "COVID-19"),
        (
            "Stroke the second cause of death worldwide, says the WHO",
            "Stroke",
            "Stroke",
        ),
        (
            "Cancer metastasis to bone, on the ward",
            "Cancer",
            "Neoplasms",
        ),
        (
            "I have an ulcer on my shin that won't heal",
            "ulcer",
            "Ulcer",
        ),
    ] {
        assert!(
            !filtered(text, word, canonical),
            "dropped {word:?} in {text:?}"
        );
    }
}
